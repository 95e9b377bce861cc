/**
 * A seeded background participant: on every tick of the `Clock` it quotes inside the spread, takes the best
 * price, or withdraws a quote, on a market drawn at random, so that a strategy sees a moving book. The same
 * seed and the same clock give the same activity, under `TestClock` included.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Accounts from "./accounts.js"
import * as Engine from "./engine.js"
import * as Fixed from "./fixed.js"
import type { BookSide, Market } from "./model.js"
import { type State, update } from "./state.js"
import * as Trading from "./trading.js"

export const participantUserId = "73696d75-0000-4000-8000-000000000002"

const participantBalance = Fixed.decimal("1000000")

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
const generator = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every valid price of a market, ascending. */
const grid = (market: Market): ReadonlyArray<BigDecimal.BigDecimal> => {
  const prices = new Map<string, BigDecimal.BigDecimal>()
  for (const range of market.ranges) {
    for (let p = range.start; BigDecimal.lessThanOrEqualTo(p, range.end); p = BigDecimal.sum(p, range.step)) {
      if (BigDecimal.isPositive(p) && BigDecimal.lessThan(p, Fixed.one)) prices.set(BigDecimal.format(p), p)
    }
  }
  return [...prices.values()].sort(BigDecimal.Order)
}

const tick = (state: State, random: () => number, grids: Map<string, ReadonlyArray<BigDecimal.BigDecimal>>) =>
  update(state, (exchange, now) => {
    if (!exchange.tradingActive) return
    const markets = [...exchange.markets.values()].filter((market) => market.status === "active")
    const market = markets[Math.floor(random() * markets.length)]
    if (market === undefined) return
    const prices = grids.get(market.seed.ticker) ?? grid(market)
    grids.set(market.seed.ticker, prices)
    const side: BookSide = random() < 0.5 ? "bid" : "ask"
    const roll = random()
    const count = BigDecimal.fromBigInt(BigInt(1 + Math.floor(random() * 20)))
    const place = (price: BigDecimal.BigDecimal, timeInForce: "good_till_canceled" | "immediate_or_cancel") =>
      Trading.createOrder(exchange, participantUserId, {
        ticker: market.seed.ticker,
        client_order_id: crypto.randomUUID(),
        side,
        price,
        count,
        time_in_force: timeInForce,
        self_trade_prevention_type: "maker",
        post_only: timeInForce === "good_till_canceled"
      }, now)
    // A refused action (a post-only quote that would cross, a taker with nothing to take) is simply skipped.
    const opposite = market.book[Engine.opposite(side)][0]?.price
    if (roll < 0.6) {
      // Quote up to three ticks behind the opposite best (or around the middle of an empty book).
      const anchor = opposite ?? Fixed.decimal("0.5")
      const index = prices.findIndex((p) => BigDecimal.greaterThanOrEqualTo(p, anchor))
      const ticks = 1 + Math.floor(random() * 3)
      const price = prices[Math.min(prices.length - 1, Math.max(0, side === "bid" ? index - ticks : index + ticks))]
      if (price !== undefined) void (place(price, "good_till_canceled"))
    } else if (roll < 0.85) {
      if (opposite !== undefined) void (place(opposite, "immediate_or_cancel"))
    } else {
      const oldest = [...market.book.bid, ...market.book.ask]
        .filter((order) => order.userId === participantUserId)
        .sort((a, b) => a.priority - b.priority)[0]
      if (oldest !== undefined) {
        void (Trading.cancelOrder(exchange, participantUserId, {
          orderId: oldest.id,
          subaccount: oldest.subaccount,
          market_ticker: oldest.ticker
        }, now))
      }
    }
  })

/** Funds the participant, then acts every `intervalMillis` of the `Clock`, forever. */
export const run = (state: State, options: { readonly seed: number; readonly intervalMillis: number }) =>
  Effect.gen(function*() {
    yield* update(
      state,
      (exchange, now) =>
        Trading.deposit(exchange, Accounts.ledger(exchange.accounts, participantUserId, 0), participantBalance, now)
    )
    const random = generator(options.seed)
    const grids = new Map<string, ReadonlyArray<BigDecimal.BigDecimal>>()
    return yield* Effect.forever(Effect.zipRight(Effect.sleep(options.intervalMillis), tick(state, random, grids)))
  })
