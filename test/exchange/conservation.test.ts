/**
 * Money is conserved: whatever traders do and however markets settle, every deposited dollar is available
 * cash, held by a resting order, paid in fees, or backing an open contract until settlement pays it out.
 */
import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { EmbeddedExchange } from "../../src/testing.js"
import { action, balances, markets, openTraders, run } from "./session.js"
import { str, withExchange } from "./support.js"

const outcome: FastCheck.Arbitrary<EmbeddedExchange.Outcome> = FastCheck.oneof(
  FastCheck.constantFrom({ result: "yes" as const }, { result: "no" as const }),
  FastCheck.integer({ min: 0, max: 100 }).map((cents) => ({
    result: "scalar" as const,
    value: BigDecimal.make(BigInt(cents), 2)
  }))
)

const conserved = Effect.gen(function*() {
  const audit = yield* EmbeddedExchange.EmbeddedExchange.pipe(Effect.flatMap((exchange) => exchange.audit))
  const accounted = [audit.cash, audit.held, audit.fees, audit.openInterest].reduce(BigDecimal.sum)
  expect(str(accounted), JSON.stringify(audit)).toBe(str(audit.deposited))
  expect(BigDecimal.isNegative(audit.held)).toBe(false)
  return audit
})

describe("money", () => {
  it.effect.prop(
    "is conserved across randomized sessions of trades and settlements, apart from fees",
    {
      cents: balances,
      steps: FastCheck.array(action, { minLength: 10, maxLength: 40 }),
      outcomes: FastCheck.array(outcome, { minLength: markets.length, maxLength: markets.length })
    },
    ({ cents, outcomes, steps }) =>
      Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const traders = yield* openTraders(cents)
        for (const step of steps) {
          yield* run(traders, step)
          yield* conserved
        }
        for (const [i, market] of markets.entries()) {
          yield* exchange.settleMarket(market.ticker, outcomes[i]!)
          yield* conserved
        }
        const final = yield* conserved
        // Everything settled: nothing is held or open, and what the traders lost is exactly the fees.
        expect(str(final.held)).toBe("0")
        expect(str(final.openInterest)).toBe("0")
        expect(str(BigDecimal.sum(final.cash, final.fees))).toBe(str(final.deposited))
        for (const trader of traders) {
          expect(BigDecimal.isNegative(yield* exchange.balance(trader.userId))).toBe(false)
        }
      }).pipe(withExchange({ markets })),
    { fastCheck: { numRuns: 25 } }
  )
})
