/**
 * Amend (new price and total size) and decrease (reduce_by or reduce_to) a resting order. Routing as the
 * spec has it: `subaccount` is a query parameter, `exchange_index` travels in the request body.
 *
 *   npx tsx examples/amend-decrease.ts [--live]
 */
import { BigDecimal, Console, Effect } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

const show = (n: BigDecimal.BigDecimal | null | undefined) => (n == null ? "-" : BigDecimal.format(n))

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("no open market")
  const placed = yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("5"),
    price: FixedPoint.unsafeMake("0.03"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  })

  // count is the new total (filled + resting): 8 contracts at 4 cents.
  const amended = yield* Orders.amendV2(
    placed.order_id,
    { ticker: market.ticker, side: "bid", price: FixedPoint.unsafeMake("0.04"), count: FixedPoint.unsafeMake("8") },
    { subaccount: 0 }
  )
  yield* Console.log(`amended: ${show(amended.remaining_count)} resting`)

  const byThree = yield* Orders.decreaseV2(placed.order_id, { reduce_by: FixedPoint.unsafeMake("3") })
  yield* Console.log(`decreased by 3: ${show(byThree.remaining_count)} resting`)

  const toOne = yield* Orders.decreaseV2(placed.order_id, { reduce_to: FixedPoint.unsafeMake("1") }, { subaccount: 0 })
  yield* Console.log(`decreased to 1: ${show(toOne.remaining_count)} resting`)

  // Both reduce_by and reduce_to: refused before anything is sent.
  yield* Orders.decreaseV2(placed.order_id, {
    reduce_by: FixedPoint.unsafeMake("1"),
    reduce_to: FixedPoint.unsafeMake("1")
  }).pipe(
    Effect.catchTag("ValidationError", (error) => Console.log(`refused locally: ${error.message}`))
  )
  yield* Orders.cancelV2(placed.order_id)
})

runExample(import.meta, program)
