/**
 * Cancelling: one order (routing as query parameters), the typed NotFoundError of a second cancel, and
 * cancel-all.
 *
 *   npx tsx examples/cancel.ts [--live]
 */
import { BigDecimal, Console, Effect } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("no open market")
  const place = Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
    Orders.createV2({
      ticker: market.ticker,
      client_order_id,
      side: "bid",
      count: FixedPoint.unsafeMake("1"),
      price: FixedPoint.unsafeMake("0.02"),
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross"
    }))

  const first = yield* place
  // exchange_index -1 auto-routes by market ticker, which must then be given.
  const canceled = yield* Orders.cancelV2(first.order_id, { exchange_index: -1, market_ticker: market.ticker })
  yield* Console.log(`canceled ${BigDecimal.format(canceled.reduced_by)} at ${canceled.ts_ms}`)

  // Cancel is not idempotent: the second one is a NotFoundError, which the SDK never swallows.
  yield* Orders.cancelV2(first.order_id).pipe(
    Effect.catchTag("NotFoundError", () => Console.log("already canceled (404)"))
  )

  yield* place
  yield* place
  yield* Orders.cancelAll()
  const { orders } = yield* Orders.list({ status: "resting", ticker: market.ticker })
  yield* Console.log(`after cancelAll: ${orders.length} resting`)
})

runExample(import.meta, program)
