/**
 * Your fills as a stream that loses none: `KalshiWebSocket.subscribeFills` delivers each fill exactly once,
 * filling any gap a dropped connection leaves from REST (`GET /portfolio/fills`).
 *
 *   npx tsx examples/fills.ts [--live]
 */
import { BigDecimal, Chunk, Console, Effect, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as KalshiWebSocket from "../src/KalshiWebSocket.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  const ask = market?.yes_ask_dollars
  if (market === undefined || ask === undefined) return yield* Console.log("no open market with an ask")

  // Subscribed when this answers: every fill from now on is in the stream.
  const fills = yield* KalshiWebSocket.subscribeFills({ market_tickers: [market.ticker] })

  for (const count of ["1", "2"]) {
    const taken = yield* Orders.createV2({
      ticker: market.ticker,
      client_order_id: yield* Orders.newClientOrderId,
      side: "bid",
      count: FixedPoint.unsafeMake(count),
      price: ask,
      time_in_force: "immediate_or_cancel",
      self_trade_prevention_type: "taker_at_cross"
    })
    yield* Console.log(`order ${taken.order_id}: filled ${BigDecimal.format(taken.fill_count)}`)
  }

  const received = yield* fills.pipe(Stream.take(2), Stream.runCollect, Effect.timeout("10 seconds"))
  for (const fill of Chunk.toReadonlyArray(received)) {
    yield* Console.log(
      `fill ${fill.trade_id} (${fill.source}): ${fill.book_side} ${BigDecimal.format(fill.count_fp)} @ ${
        BigDecimal.format(fill.yes_price_dollars)
      }, position after: ${fill.post_position_fp === undefined ? "-" : BigDecimal.format(fill.post_position_fp)}`
    )
  }
}).pipe(Effect.scoped)

runExample(import.meta, program)
