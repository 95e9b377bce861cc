/**
 * Batches: several orders in one request, each leg succeeding or failing on its own, then one batch
 * cancel with per-order routing.
 *
 *   npx tsx examples/batch-orders.ts [--live]
 */
import { Array as Arr, BigDecimal, Console, Effect } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 2 })
  const legs = yield* Effect.forEach(
    markets,
    (market, i) =>
      Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
        ticker: market.ticker,
        client_order_id,
        side: "bid",
        count: FixedPoint.unsafeMake("1"),
        // The second leg asks for a price below the market's grid: that leg alone fails.
        price: i === 0 ? FixedPoint.unsafeMake("0.02") : FixedPoint.unsafeMake("0.0001"),
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "taker_at_cross"
      }))
  )
  if (!Arr.isNonEmptyArray(legs)) return yield* Console.log("no open market")

  const created = yield* Orders.batchCreateV2({ orders: legs })
  const placed: Array<Orders.BatchCancelOrdersV2RequestOrder> = []
  for (const entry of created.orders) {
    if (entry.error) {
      yield* Console.log(`leg failed: ${entry.error.code} - ${entry.error.message}`)
    } else if (entry.order_id != null) {
      const resting = entry.remaining_count == null ? "-" : BigDecimal.format(entry.remaining_count)
      yield* Console.log(`leg placed: ${entry.order_id}, resting ${resting}`)
      placed.push({ order_id: entry.order_id, subaccount: 0 })
    }
  }

  if (Arr.isNonEmptyArray(placed)) {
    const canceled = yield* Orders.batchCancelV2({ orders: placed })
    for (const entry of canceled.orders) {
      yield* Console.log(
        entry.error
          ? `cancel failed: ${entry.error.message}`
          : `canceled ${entry.order_id}: ${BigDecimal.format(entry.reduced_by)}`
      )
    }
  }
})

runExample(import.meta, program)
