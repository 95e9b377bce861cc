/**
 * The one place the WebSocket client calls REST: reading fills (`Portfolio.fillsAll`, `GET /portfolio/fills`)
 * to fill the gaps of the `fill` channel. Kept apart so that the fills model can change without touching the
 * streaming code.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Portfolio from "../generated/Portfolio.js"
import type { KalshiClient } from "../KalshiClient.js"
import type { CommonError, PageLimitError } from "../KalshiError.js"
import type * as KalshiWebSocket from "../KalshiWebSocket.js"

/** A fill as REST reports it: a {@link KalshiWebSocket.LiveFill} without what only the stream carries. */
export type RestFill = Omit<
  KalshiWebSocket.LiveFill,
  "source" | "client_order_id" | "post_position_fp" | "exchange_index"
>

const millisOf = (fill: Portfolio.Fill): number => {
  const parsed = fill.created_time == null ? Number.NaN : Date.parse(fill.created_time)
  return Number.isNaN(parsed) ? (fill.ts ?? 0) * 1000 : parsed
}

/** The direction of a fill from its (open) enums: `book_side` decides, `outcome_side` when it is unknown. */
const directionOf = (fill: Portfolio.Fill): { readonly outcome: "yes" | "no"; readonly book: "bid" | "ask" } =>
  fill.book_side === "bid"
    ? { book: "bid", outcome: "yes" }
    : fill.book_side === "ask"
    ? { book: "ask", outcome: "no" }
    : fill.outcome_side === "no"
    ? { book: "ask", outcome: "no" }
    : { book: "bid", outcome: "yes" }

const fromRest = (fill: Portfolio.Fill): RestFill => {
  const { book, outcome } = directionOf(fill)
  return {
    trade_id: fill.trade_id || fill.fill_id,
    order_id: fill.order_id,
    market_ticker: fill.market_ticker || fill.ticker,
    outcome_side: outcome,
    book_side: book,
    yes_price_dollars: fill.yes_price_dollars,
    count_fp: fill.count_fp,
    fee_cost: fill.fee_cost,
    is_taker: fill.is_taker,
    ts_ms: millisOf(fill),
    subaccount: fill.subaccount_number ?? undefined
  }
}

/** Every fill at or after `minTs` (Unix seconds), oldest first; one market's when `ticker` is given. */
export const fillsSince = (
  minTs: number,
  ticker: string | undefined
): Effect.Effect<ReadonlyArray<RestFill>, CommonError | PageLimitError, KalshiClient> =>
  Portfolio.fillsAll({ min_ts: minTs, limit: 1000, ...(ticker === undefined ? {} : { ticker }) }).pipe(
    Stream.runCollect,
    Effect.map((fills) => Chunk.toReadonlyArray(fills).map(fromRest).sort((a, b) => a.ts_ms - b.ts_ms))
  )

/** The newest fill there is (one market's when `ticker` is given), if any. */
export const newestFill = (
  ticker: string | undefined
): Effect.Effect<RestFill | undefined, CommonError, KalshiClient> =>
  Effect.map(
    Portfolio.fills({ limit: 1, ...(ticker === undefined ? {} : { ticker }) }),
    (page) => (page.fills[0] === undefined ? undefined : fromRest(page.fills[0]))
  )
