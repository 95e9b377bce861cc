/**
 * Fills that survive reconnects: the `fill` channel's messages, with every gap filled from REST.
 *
 * Before subscribing, the newest fills there already are (those of the newest second) are noted: they are not
 * the stream's. Each time the subscription is live (the first time, after every reconnection, after a buffer
 * overflow) the fills since the last one seen are read from REST; a fill is emitted once, from whichever source
 * brings it first (fills are keyed by `trade_id`). Nothing relies on the local clock.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { KalshiClient } from "../KalshiClient.js"
import type { CommonError, PageLimitError } from "../KalshiError.js"
import type * as KalshiWebSocket from "../KalshiWebSocket.js"
import type * as Messages from "../WebSocketMessages.js"
import * as Backfill from "./wsBackfill.js"

/** Where the stream starts: the REST horizon (Unix seconds) and the fills already there at that second. */
export interface Start {
  readonly horizon: number
  readonly preexisting: ReadonlySet<string>
}

const seconds = (millis: number): number => Math.floor(millis / 1000)

/** The single ticker REST can filter by, when the stream follows exactly one market. */
export const restTicker = (markets: ReadonlyArray<string> | undefined): string | undefined =>
  markets?.length === 1 ? markets[0] : undefined

/** Notes the fills already there: from `since` (Unix ms) if given, else from the newest fill's second. */
export const start = (
  since: number | undefined,
  ticker: string | undefined
): Effect.Effect<Start, CommonError | PageLimitError, KalshiClient> =>
  since !== undefined
    ? Effect.succeed({ horizon: seconds(since), preexisting: new Set() })
    : Effect.gen(function*() {
      const newest = yield* Backfill.newestFill(ticker)
      if (newest === undefined) return { horizon: 0, preexisting: new Set<string>() }
      const horizon = seconds(newest.ts_ms)
      const sameSecond = yield* Backfill.fillsSince(horizon, ticker)
      return { horizon, preexisting: new Set(sameSecond.map((fill) => fill.trade_id)) }
    })

const fromMessage = (fill: Messages.Fill["msg"]): KalshiWebSocket.LiveFill => ({
  source: "stream",
  trade_id: fill.trade_id,
  order_id: fill.order_id,
  market_ticker: fill.market_ticker,
  outcome_side: fill.outcome_side ?? fill.purchased_side,
  book_side: fill.book_side ?? ((fill.outcome_side ?? fill.purchased_side) === "yes" ? "bid" : "ask"),
  yes_price_dollars: fill.yes_price_dollars,
  count_fp: fill.count_fp,
  fee_cost: fill.fee_cost,
  is_taker: fill.is_taker,
  ts_ms: fill.ts_ms,
  client_order_id: fill.client_order_id,
  post_position_fp: fill.post_position_fp,
  subaccount: fill.subaccount,
  exchange_index: fill.exchange_index
})

const fromRest = (fill: Backfill.RestFill): KalshiWebSocket.LiveFill => ({
  ...fill,
  source: "backfill",
  client_order_id: undefined,
  post_position_fp: undefined,
  exchange_index: undefined
})

/** How many ids to remember before forgetting those older than the horizon. */
const remembered = 2048

/** Turns a `fill` subscription's events into fills, each exactly once, the gaps filled from REST. */
export const reconcile = (begin: Start, markets: ReadonlyArray<string> | undefined) =>
<E, R>(
  events: Stream.Stream<KalshiWebSocket.Event<"fill">, E, R>
): Stream.Stream<KalshiWebSocket.LiveFill, E | CommonError | PageLimitError, R | KalshiClient> =>
  Stream.suspend(() => {
    const wanted = markets === undefined ? undefined : new Set(markets)
    const ticker = restTicker(markets)
    let horizon = begin.horizon
    /** Emitted fills' ids, with their second. */
    const emitted = new Map<string, number>()

    const accept = (fill: KalshiWebSocket.LiveFill): boolean => {
      if (emitted.has(fill.trade_id)) return false
      if (fill.source === "backfill" && begin.preexisting.has(fill.trade_id)) return false
      if (wanted !== undefined && !wanted.has(fill.market_ticker)) return false
      const second = seconds(fill.ts_ms)
      emitted.set(fill.trade_id, second)
      horizon = Math.max(horizon, second)
      if (emitted.size > remembered) {
        // Backfills start at the horizon and the channel never repeats a fill: older ids cannot come back.
        for (const [id, at] of emitted) if (at < horizon) emitted.delete(id)
      }
      return true
    }

    return Stream.flatMap(events, (event) => {
      switch (event.type) {
        case "fill": {
          const fill = fromMessage(event.msg)
          return accept(fill) ? Stream.make(fill) : Stream.empty
        }
        case "live":
          return Stream.fromIterableEffect(
            Effect.map(Backfill.fillsSince(horizon, ticker), (fills) => fills.map(fromRest).filter(accept))
          )
        default:
          // A resync: the next `live` fills the gap.
          return Stream.empty
      }
    })
  })
