/**
 * Portfolio: take liquidity with an immediate-or-cancel order, then read fills and the balance.
 *
 *   npx tsx examples/portfolio.ts [--live]
 */
import { BigDecimal, Chunk, Console, Effect, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Portfolio from "../src/generated/Portfolio.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const before = yield* Portfolio.balance()
  yield* Console.log(`balance: $${BigDecimal.format(before.balance_dollars ?? BigDecimal.unsafeFromString("0"))}`)

  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market?.yes_ask_dollars === undefined) return yield* Console.log("no open market with an ask")
  const taken = yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: market.yes_ask_dollars,
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross"
  })
  yield* Console.log(
    `took ${BigDecimal.format(taken.fill_count)} at ${
      BigDecimal.format(taken.average_fill_price ?? market.yes_ask_dollars)
    }`
  )

  const page = yield* Portfolio.fills({ ticker: market.ticker, limit: 10 })
  for (const fill of page.fills) {
    yield* Console.log(
      `fill ${fill.fill_id}: ${fill.book_side} ${BigDecimal.format(fill.count_fp)} @ ${
        BigDecimal.format(fill.yes_price_dollars)
      }${fill.is_taker ? " (taker)" : ""}`
    )
  }
  const all = yield* Portfolio.fillsAll({ ticker: market.ticker }).pipe(Stream.runCollect)
  yield* Console.log(`${Chunk.size(all)} fill(s) in all`)

  const after = yield* Portfolio.balance()
  yield* Console.log(
    `balance: $${
      BigDecimal.format(after.balance_dollars ?? BigDecimal.unsafeFromString("0"))
    }, portfolio value ${after.portfolio_value} cents`
  )
})

runExample(import.meta, program)
