/**
 * Market tickers over the WebSocket: a `ticker` subscription with an initial snapshot, and the update a trade
 * causes. Tickers are buffered latest-wins: a slow reader gets each market's newest line.
 *
 *   npx tsx examples/ticker.ts [--live]
 */
import { BigDecimal, Chunk, Console, Effect, Option, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as KalshiWebSocket from "../src/KalshiWebSocket.js"
import * as Orders from "../src/Orders.js"
import type * as WebSocketMessages from "../src/WebSocketMessages.js"
import { runExample } from "./harness.js"

const line = (ticker: WebSocketMessages.Ticker) => {
  const { msg } = ticker
  const f = BigDecimal.format
  return `${msg.market_ticker}: last ${f(msg.price_dollars)}, bid ${f(msg.yes_bid_dollars)} x ${
    f(msg.yes_bid_size_fp)
  }` +
    `, ask ${f(msg.yes_ask_dollars)} x ${f(msg.yes_ask_size_fp)}, volume ${f(msg.volume_fp)}`
}

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  const ask = market?.yes_ask_dollars
  if (market === undefined || ask === undefined) return yield* Console.log("no open market with an ask")

  const subscription = yield* KalshiWebSocket.subscribe({
    channel: "ticker",
    market_tickers: [market.ticker],
    send_initial_snapshot: true
  })
  const tickers = yield* subscription.events.pipe(
    Stream.filter((event): event is WebSocketMessages.Ticker => event.type === "ticker"),
    Stream.toPull
  )
  const next = tickers.pipe(
    Effect.catchAll(Option.match({ onNone: () => Effect.dieMessage("the stream ended"), onSome: Effect.fail })),
    Effect.map(Chunk.toReadonlyArray),
    Effect.timeout("10 seconds")
  )

  for (const ticker of yield* next) yield* Console.log(`snapshot  ${line(ticker)}`)
  yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("3"),
    price: ask,
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross"
  })
  for (const ticker of yield* next) yield* Console.log(`update    ${line(ticker)}`)
}).pipe(Effect.scoped)

runExample(import.meta, program)
