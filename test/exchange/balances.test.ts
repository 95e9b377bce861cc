/**
 * Balances never go negative, whatever a trader does: every order holds its worst case (limit cost, the
 * largest taker fee, the maker fee if it rests) and fees are rounded on each order's total.
 */
import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { EmbeddedExchange } from "../../src/testing.js"
import { action, balances, markets, openTraders, run } from "./session.js"
import {
  balanceOf,
  call,
  dec,
  type FillWire,
  place,
  placeOk,
  plainMarket,
  positionOf,
  str,
  trader,
  withExchange
} from "./support.js"

describe("balances", () => {
  it.effect("maker fees are held while an order rests, so spending the slack cannot overdraw", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader({ algorithm: "ed25519", balance: dec("10") })
      const bob = yield* trader()
      const ticker = plainMarket.ticker
      // 19 × 0.50 needs its taker fee 0.34 available and holds its maker-fee headroom ceil(0.0175·19·0.25) = 0.09.
      yield* placeOk(alice, { ticker, count: "19", price: "0.50" })
      expect(str(yield* balanceOf(alice.userId))).toBe("0.41")
      // Another 0.9 @ 0.50 would need 0.45 + 0.02 + 0.01 and is refused.
      expect((yield* place(alice, { ticker, count: "0.9", price: "0.50" })).body.code).toBe("insufficient_balance")
      yield* placeOk(alice, { ticker, count: "0.7", price: "0.50" })
      // Bob sells through both: Alice's maker fees come out of what she held.
      yield* placeOk(bob, { ticker, side: "ask", count: "19.7", price: "0.50", time_in_force: "immediate_or_cancel" })
      expect(str(yield* positionOf(alice.userId, ticker))).toBe("19.7")
      expect(BigDecimal.isNegative(yield* exchange.balance(alice.userId))).toBe(false)
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("a taker's fees are rounded on the order's total, not once per fill", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const ticker = plainMarket.ticker
      const maker = yield* trader()
      for (let i = 0; i < 10; i++) yield* placeOk(maker, { ticker, side: "ask", count: "0.01", price: "0.50" })
      // 0.10 × 0.50 and a taker fee of ceil(0.07·0.1·0.25) = 0.01, not ten fills of 0.01 each.
      const taker = yield* trader({ algorithm: "ed25519", balance: dec("0.06") })
      const taken = yield* placeOk(taker, {
        ticker,
        count: "0.1",
        price: "0.50",
        time_in_force: "immediate_or_cancel"
      })
      expect(taken.fill_count).toBe("0.10")
      expect(str(yield* exchange.balance(taker.userId))).toBe("0")
      const fills = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(taker, "GET", "/portfolio/fills")
      expect(fills.body.fills.map((fill) => fill.fee_cost).sort()).toEqual([
        ...Array<string>(9).fill("0.0000"),
        "0.0100"
      ])
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect.prop(
    "never go negative across randomized sessions of small fills, amends, decreases and cancels",
    { cents: balances, steps: FastCheck.array(action, { minLength: 20, maxLength: 60 }) },
    ({ cents, steps }) =>
      Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const traders = yield* openTraders(cents)
        for (const step of steps) {
          yield* run(traders, step)
          for (const trader of traders) {
            const balance = yield* exchange.balance(trader.userId)
            expect(BigDecimal.isNegative(balance), JSON.stringify(step)).toBe(false)
          }
        }
      }).pipe(withExchange({ markets })),
    { fastCheck: { numRuns: 30 } }
  )
})
