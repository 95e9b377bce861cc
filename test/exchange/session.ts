/**
 * Randomized trading sessions for property tests: a few poor traders placing, amending, decreasing and
 * canceling orders on plain markets, many small fills at fee-heavy prices.
 */
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import type { EmbeddedExchange } from "../../src/testing.js"
import { call, dec, order, plainMarket, type Trader, trader } from "./support.js"

export const markets: ReadonlyArray<EmbeddedExchange.MarketSeed> = [
  plainMarket,
  { ...plainMarket, ticker: "KXTEST-26DEC31-T2", event_ticker: "KXTEST-26DEC31" }
]

export type Action =
  | {
    readonly _tag: "place"
    readonly who: number
    readonly market: number
    readonly side: "bid" | "ask"
    readonly cents: number
    readonly hundredths: number
    readonly tif: "good_till_canceled" | "immediate_or_cancel" | "fill_or_kill"
  }
  | { readonly _tag: "cancel"; readonly who: number; readonly pick: number }
  | { readonly _tag: "amend"; readonly who: number; readonly pick: number; readonly cents: number }
  | { readonly _tag: "decrease"; readonly who: number; readonly pick: number; readonly hundredths: number }

const who = FastCheck.integer({ min: 0, max: 2 })
const pick = FastCheck.nat(1000)
// Prices near 0.5 pay the most fee; small counts make many small fills whose fees round up.
const cents = FastCheck.oneof(FastCheck.integer({ min: 40, max: 60 }), FastCheck.integer({ min: 1, max: 99 }))
const hundredths = FastCheck.oneof(FastCheck.integer({ min: 1, max: 300 }), FastCheck.integer({ min: 1, max: 2000 }))

export const action: FastCheck.Arbitrary<Action> = FastCheck.oneof(
  {
    arbitrary: FastCheck.record({
      _tag: FastCheck.constant("place" as const),
      who,
      market: FastCheck.integer({ min: 0, max: markets.length - 1 }),
      side: FastCheck.constantFrom("bid" as const, "ask" as const),
      cents,
      hundredths,
      tif: FastCheck.constantFrom(
        "good_till_canceled" as const,
        "good_till_canceled" as const,
        "immediate_or_cancel" as const,
        "fill_or_kill" as const
      )
    }),
    weight: 6
  },
  { arbitrary: FastCheck.record({ _tag: FastCheck.constant("cancel" as const), who, pick }), weight: 1 },
  { arbitrary: FastCheck.record({ _tag: FastCheck.constant("amend" as const), who, pick, cents }), weight: 1 },
  { arbitrary: FastCheck.record({ _tag: FastCheck.constant("decrease" as const), who, pick, hundredths }), weight: 1 }
)

/** Balances small enough that collateral checks bind: $1 to $10. */
export const balances = FastCheck.array(FastCheck.integer({ min: 100, max: 1000 }), { minLength: 3, maxLength: 3 })

const price = (value: number) => (value / 100).toFixed(2)
const count = (value: number) => (value / 100).toFixed(2)

export const openTraders = (cents: ReadonlyArray<number>) =>
  Effect.forEach(cents, (balance) => trader({ algorithm: "ed25519", balance: dec(price(balance)) }))

/** The trader's resting orders, oldest first. */
const resting = (who: Trader) =>
  Effect.map(
    call<
      {
        readonly orders: ReadonlyArray<
          {
            readonly order_id: string
            readonly ticker: string
            readonly book_side: string
            readonly fill_count_fp: string
          }
        >
      }
    >(
      who,
      "GET",
      "/portfolio/orders?status=resting&limit=1000"
    ),
    (reply) => [...reply.body.orders].reverse()
  )

/** Runs one action; refusals (insufficient balance, nothing to cancel) are part of the game. */
export const run = (traders: ReadonlyArray<Trader>, step: Action) =>
  Effect.gen(function*() {
    const me = traders[step.who]!
    if (step._tag === "place") {
      yield* call(
        me,
        "POST",
        "/portfolio/events/orders",
        order({
          ticker: markets[step.market]!.ticker,
          side: step.side,
          price: price(step.cents),
          count: count(step.hundredths),
          time_in_force: step.tif
        })
      )
      return
    }
    const orders = yield* resting(me)
    const target = orders[step.pick % Math.max(1, orders.length)]
    if (target === undefined) return
    if (step._tag === "cancel") {
      yield* call(me, "DELETE", `/portfolio/events/orders/${target.order_id}`)
    } else if (step._tag === "amend") {
      yield* call(me, "POST", `/portfolio/events/orders/${target.order_id}/amend`, {
        ticker: target.ticker,
        side: target.book_side,
        price: price(step.cents),
        count: (Number(target.fill_count_fp) + 1).toFixed(2)
      })
    } else {
      yield* call(me, "POST", `/portfolio/events/orders/${target.order_id}/decrease`, {
        reduce_by: count(step.hundredths)
      })
    }
  })
