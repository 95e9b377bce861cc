/**
 * Kalshi's WebSocket wire format, as the embedded exchange speaks it: channel names, error codes and the JSON
 * of every message it sends. Prices go out with 4 decimals, counts with 2, as in REST.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Fixed from "../fixed.js"
import type { BookSide, Order } from "../model.js"
import type { BookDelta, FillLine, Levels, PositionLine, StatusChange, TickerLine } from "./feed.js"

/** Every channel of Kalshi's AsyncAPI document. */
export const channels = [
  "orderbook_delta",
  "ticker",
  "trade",
  "fill",
  "market_positions",
  "market_lifecycle_v2",
  "multivariate_market_lifecycle",
  "communications",
  "order_group_updates",
  "user_orders",
  "cfbenchmarks_value",
  "pyth_value"
] as const

export type Channel = (typeof channels)[number]

export const isChannel = (name: unknown): name is Channel =>
  typeof name === "string" && (channels as ReadonlyArray<string>).includes(name)

/** Channels whose messages carry `seq`. */
export const sequenced: ReadonlySet<Channel> = new Set<Channel>([
  "orderbook_delta",
  "order_group_updates",
  "cfbenchmarks_value",
  "pyth_value"
])

/** Channels that accept `add_markets` / `delete_markets`. */
export const marketFiltered: ReadonlySet<Channel> = new Set<Channel>([
  "orderbook_delta",
  "ticker",
  "trade",
  "fill",
  "user_orders",
  "market_positions"
])

/** Kalshi's error texts by code. */
export const errorTexts: Readonly<Record<number, string>> = {
  1: "Unable to process message",
  2: "Params required",
  3: "Channels required",
  4: "Subscription IDs required",
  5: "Unknown command",
  6: "Already subscribed",
  7: "Unknown subscription ID",
  8: "Unknown channel name",
  9: "Authentication required",
  10: "Channel error",
  11: "Invalid parameter",
  12: "Exactly one subscription ID is required",
  13: "Unsupported action",
  14: "Market Ticker required",
  15: "Action required",
  16: "Market not found",
  17: "Internal error",
  18: "Command timeout",
  19: "shard_factor must be > 0",
  20: "shard_factor is required when shard_key is set",
  21: "shard_key must be >= 0 and < shard_factor",
  22: "shard_factor must be <= 100",
  23: "Match IDs required",
  24: "Index IDs required",
  25: "Subscription buffer overflow",
  26: "Subscription market limit exceeded",
  27: "Too many requests",
  28: "Underlying tickers required"
}

/** A refused command: `{id, type: "error", msg: {code, msg, market_ticker?}}`. */
export interface CommandError {
  readonly code: number
  readonly marketTicker?: string | undefined
}

export const error = (id: number | undefined, failure: CommandError) => ({
  ...(id === undefined ? {} : { id }),
  type: "error",
  msg: {
    code: failure.code,
    msg: errorTexts[failure.code] ?? "Error",
    ...(failure.marketTicker === undefined ? {} : { market_ticker: failure.marketTicker })
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Market ids
// ---------------------------------------------------------------------------------------------------------------

const fnv = (text: string, seed: number): string => {
  let hash = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}

const marketIds = new Map<string, string>()

/** A stable UUID-shaped id per ticker: the exchange's markets have no other id, and the messages need one. */
export const marketId = (ticker: string): string => {
  const known = marketIds.get(ticker)
  if (known !== undefined) return known
  const hex = [0x811c9dc5, 0x01234567, 0x89abcdef, 0x5bd1e995].map((seed) => fnv(ticker, seed)).join("")
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  marketIds.set(ticker, id)
  return id
}

// ---------------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------------

const outcome = (side: BookSide) => (side === "bid" ? "yes" : "no")

const isoTime = (millis: number): string => new Date(millis).toISOString()

const seconds = (millis: number): number => Math.floor(millis / 1000)

/** A book side's level as Kalshi shows it: `bid` levels are yes bids, `ask` levels no bids at `1 − price`. */
const bookPrice = (side: BookSide, price: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  side === "bid" ? price : BigDecimal.subtract(Fixed.one, price)

const side = (levels: Levels, bookSide: BookSide): Array<[string, string]> =>
  [...levels[bookSide].values()]
    .map((level) => ({ price: bookPrice(bookSide, level.price), count: level.count }))
    .sort((a, b) => BigDecimal.Order(a.price, b.price))
    .map((level) => [Fixed.formatPrice(level.price), Fixed.formatCount(level.count)])

export const snapshot = (sid: number, seq: number, ticker: string, levels: Levels) => {
  const yes = side(levels, "bid")
  const no = side(levels, "ask")
  return {
    type: "orderbook_snapshot",
    sid,
    seq,
    msg: {
      market_ticker: ticker,
      market_id: marketId(ticker),
      ...(yes.length === 0 ? {} : { yes_dollars_fp: yes }),
      ...(no.length === 0 ? {} : { no_dollars_fp: no })
    }
  }
}

/** A delta; `own` is the recipient's order behind the change, when there is one. */
export const delta = (sid: number, seq: number, change: BookDelta, now: number, own: Order | undefined) => ({
  type: "orderbook_delta",
  sid,
  seq,
  msg: {
    market_ticker: change.ticker,
    market_id: marketId(change.ticker),
    price_dollars: Fixed.formatPrice(bookPrice(change.side, change.price)),
    delta_fp: Fixed.formatCount(change.delta),
    side: outcome(change.side),
    ...(own === undefined ? {} : { client_order_id: own.clientOrderId, subaccount: own.subaccount }),
    ts: isoTime(now),
    ts_ms: now
  }
})

export const ticker = (sid: number, line: TickerLine, now: number) => ({
  type: "ticker",
  sid,
  msg: {
    market_ticker: line.ticker,
    market_id: marketId(line.ticker),
    price_dollars: Fixed.formatPrice(line.lastPrice),
    yes_bid_dollars: Fixed.formatPrice(line.yesBid),
    yes_ask_dollars: Fixed.formatPrice(line.yesAsk),
    volume_fp: Fixed.formatCount(line.volume),
    open_interest_fp: Fixed.formatCount(line.openInterest),
    dollar_volume: line.dollarVolume,
    dollar_open_interest: line.dollarOpenInterest,
    yes_bid_size_fp: Fixed.formatCount(line.yesBidSize),
    yes_ask_size_fp: Fixed.formatCount(line.yesAskSize),
    last_trade_size_fp: Fixed.formatCount(line.lastTradeSize),
    ts: seconds(now),
    ts_ms: now,
    time: isoTime(now)
  }
})

const yesNoPrices = (price: BigDecimal.BigDecimal) => ({
  yes_price_dollars: Fixed.formatPrice(price),
  no_price_dollars: Fixed.formatPrice(BigDecimal.subtract(Fixed.one, price))
})

export const trade = (sid: number, taker: FillLine["fill"]) => ({
  type: "trade",
  sid,
  msg: {
    trade_id: taker.id,
    market_ticker: taker.ticker,
    ...yesNoPrices(taker.price),
    count_fp: Fixed.formatCount(taker.count),
    taker_side: outcome(taker.side),
    taker_outcome_side: outcome(taker.side),
    taker_book_side: taker.side,
    is_block_trade: false,
    ts: seconds(taker.createdMs),
    ts_ms: taker.createdMs
  }
})

export const fill = (sid: number, line: FillLine) => {
  const { fill } = line
  return {
    type: "fill",
    sid,
    msg: {
      trade_id: fill.id,
      order_id: fill.orderId,
      market_ticker: fill.ticker,
      exchange_index: fill.exchangeIndex,
      is_taker: fill.isTaker,
      side: outcome(fill.side),
      yes_price_dollars: Fixed.formatPrice(fill.price),
      count_fp: Fixed.formatCount(fill.count),
      fee_cost: Fixed.formatDollars(fill.fee),
      action: "buy",
      ts: seconds(fill.createdMs),
      ts_ms: fill.createdMs,
      client_order_id: line.clientOrderId,
      post_position_fp: Fixed.formatCount(line.postPosition),
      purchased_side: outcome(fill.side),
      outcome_side: outcome(fill.side),
      book_side: fill.side,
      subaccount: fill.subaccount
    }
  }
}

export const userOrder = (sid: number, order: Order) => ({
  type: "user_order",
  sid,
  msg: {
    order_id: order.id,
    user_id: order.userId,
    ticker: order.ticker,
    status: order.status,
    side: outcome(order.side),
    is_yes: order.side === "bid",
    outcome_side: outcome(order.side),
    book_side: order.side,
    yes_price_dollars: Fixed.formatPrice(order.price),
    fill_count_fp: Fixed.formatCount(order.filled),
    remaining_count_fp: Fixed.formatCount(order.remaining),
    initial_count_fp: Fixed.formatCount(order.initialCount),
    taker_fill_cost_dollars: Fixed.formatDollars(order.takerCost),
    maker_fill_cost_dollars: Fixed.formatDollars(order.makerCost),
    taker_fees_dollars: Fixed.formatDollars(order.takerFees),
    maker_fees_dollars: Fixed.formatDollars(order.makerFees),
    client_order_id: order.clientOrderId,
    self_trade_prevention_type: order.selfTradePrevention,
    created_time: isoTime(order.createdMs),
    created_ts_ms: order.createdMs,
    last_update_time: isoTime(order.updatedMs),
    last_updated_ts_ms: order.updatedMs,
    ...(order.expirationTs === undefined
      ? {}
      : { expiration_time: isoTime(order.expirationTs * 1000), expiration_ts_ms: order.expirationTs * 1000 }),
    subaccount_number: order.subaccount
  }
})

export const marketPosition = (sid: number, line: PositionLine) => ({
  type: "market_position",
  sid,
  msg: {
    user_id: line.userId,
    market_ticker: line.ticker,
    position_fp: Fixed.formatCount(line.position),
    position_cost_dollars: Fixed.formatDollars(line.cost),
    realized_pnl_dollars: Fixed.formatDollars(line.realizedPnl),
    fees_paid_dollars: Fixed.formatDollars(line.feesPaid),
    position_fee_cost_dollars: Fixed.formatDollars(line.positionFeeCost),
    volume_fp: Fixed.formatCount(line.volume),
    subaccount: line.subaccount
  }
})

/** The lifecycle event of a status change: trading resumes, pauses or ends, the result is known, it settles. */
const lifecycleEvent = (to: string): string =>
  to === "active"
    ? "activated"
    : to === "inactive" || to === "closed"
    ? "deactivated"
    : to === "determined"
    ? "determined"
    : to === "finalized"
    ? "settled"
    : "metadata_updated"

export const lifecycle = (sid: number, change: StatusChange, now: number) => {
  const event = lifecycleEvent(change.to)
  return {
    type: "market_lifecycle_v2",
    sid,
    msg: {
      market_ticker: change.market.seed.ticker,
      event_type: event,
      ...(event === "activated" || event === "deactivated" ? { is_deactivated: event === "deactivated" } : {}),
      ...(event === "determined" ? { determination_ts: seconds(now) } : {}),
      ...(event === "settled" ? { settled_ts: seconds(now) } : {})
    }
  }
}
