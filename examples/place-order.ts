/**
 * Placing an order: a model-only request with a fresh client_order_id, BigDecimal count and price, the
 * legacy "buy no at q" intent mapped to the V2 book, then reading it back and cancelling it.
 *
 *   npx tsx examples/place-order.ts [--live]
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

  // "Buy 2 NO at 5 cents" in the legacy vocabulary is an ask at a yes price of 0.95.
  const intent = Orders.fromLegacyIntent({ action: "buy", side: "no", price: FixedPoint.unsafeMake("0.05") })
  const placed = yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: intent.side,
    price: intent.price,
    count: FixedPoint.unsafeMake("2"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    post_only: true
  })
  yield* Console.log(
    `placed ${placed.order_id}: filled ${BigDecimal.format(placed.fill_count)}, resting ${
      BigDecimal.format(placed.remaining_count)
    }`
  )

  const order = yield* Orders.get(placed.order_id)
  yield* Console.log(
    `${order.status}: ${order.book_side} (${order.outcome_side}) at yes ${
      BigDecimal.format(order.yes_price_dollars)
    } / no ${BigDecimal.format(order.no_price_dollars)}`
  )

  const canceled = yield* Orders.cancelV2(placed.order_id)
  yield* Console.log(`canceled ${BigDecimal.format(canceled.reduced_by)} contracts`)
})

runExample(import.meta, program)
