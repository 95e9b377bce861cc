/**
 * Recovering from errors by type: each endpoint names what it can raise, and `Effect.catchTag` /
 * `catchTags` handle one kind while the compiler tracks the rest.
 *
 *   npx tsx examples/error-recovery.ts [--live]
 */
import { BigDecimal, Console, Effect } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

/** Cancel, treating "already gone" (404) as zero contracts canceled. */
const cancelIfResting = (orderId: string) =>
  Orders.cancelV2(orderId).pipe(
    Effect.map((canceled) => canceled.reduced_by),
    Effect.catchTag("NotFoundError", () => Effect.succeed(BigDecimal.fromBigInt(0n)))
  )

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("no open market")
  const request: Orders.CreateOrderV2Request = {
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: FixedPoint.unsafeMake("0.02"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  }

  // A price above $1 never leaves the process.
  yield* Orders.createV2({ ...request, price: FixedPoint.unsafeMake("1.20") }).pipe(
    Effect.catchTag("ValidationError", (error) => Console.log(`ValidationError before sending: ${error.message}`))
  )

  const placed = yield* Orders.createV2(request)
  // Placing the same client_order_id again: a ConflictError, never a second order.
  yield* Orders.createV2(request).pipe(
    Effect.catchTags({
      ConflictError: (error) => Console.log(`ConflictError (${error.status} ${error.code ?? ""}): already placed`),
      RateLimitError: () => Console.log("rate limited: slow down")
    })
  )

  yield* Console.log(`canceled ${BigDecimal.format(yield* cancelIfResting(placed.order_id))}`)
  yield* Console.log(`canceled ${BigDecimal.format(yield* cancelIfResting(placed.order_id))} (already gone)`)
})

runExample(import.meta, program)
