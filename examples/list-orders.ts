/**
 * Reading orders: one page with its cursor, every page as a Stream, and queue positions.
 *
 *   npx tsx examples/list-orders.ts [--live]
 */
import { BigDecimal, Console, Effect, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("no open market")
  const placed = yield* Effect.forEach(
    ["0.02", "0.03", "0.04"],
    (price) =>
      Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
        Orders.createV2({
          ticker: market.ticker,
          client_order_id,
          side: "bid",
          count: FixedPoint.unsafeMake("1"),
          price: FixedPoint.unsafeMake(price),
          time_in_force: "good_till_canceled",
          self_trade_prevention_type: "taker_at_cross"
        }))
  )

  const page = yield* Orders.list({ ticker: market.ticker, status: "resting", limit: 2 })
  yield* Console.log(
    `first page: ${page.orders.length} orders, next cursor ${page.cursor === "" ? "(none)" : page.cursor}`
  )

  yield* Orders.listAll({ ticker: market.ticker, status: "resting", limit: 2 }).pipe(
    Stream.runForEach((order) =>
      Console.log(
        `${order.order_id} ${BigDecimal.format(order.remaining_count_fp)} @ ${
          BigDecimal.format(order.yes_price_dollars)
        }`
      )
    )
  )

  for (const position of yield* Orders.queuePositions({ market_tickers: [market.ticker] })) {
    yield* Console.log(`queue: ${position.order_id} has ${BigDecimal.format(position.queue_position_fp)} ahead`)
  }
  const first = placed[0]
  if (first !== undefined) {
    // A bare BigDecimal, as the endpoint answers.
    yield* Console.log(`ahead of ${first.order_id}: ${BigDecimal.format(yield* Orders.queuePosition(first.order_id))}`)
  }
  yield* Orders.cancelAll()
})

runExample(import.meta, program)
