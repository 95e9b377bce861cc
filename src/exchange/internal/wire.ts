/**
 * Kalshi's wire format: request schemas (bodies reject unknown fields; query strings ignore them, as Kalshi
 * does) and response encoders.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Schema from "effect/Schema"
import * as Engine from "./engine.js"
import * as Fixed from "./fixed.js"
import { Body, CommaList, IntParam, NonEmptyText, optional, SubaccountParam, Text } from "./input.js"
import type { BookSide, Fill, Ledger, Market, Order } from "./model.js"

const fixedPoint = (pattern: RegExp, expected: string) =>
  Schema.transform(
    Text.pipe(Schema.filter((s) => pattern.test(s) || `Expected ${expected}, got ${JSON.stringify(s)}`)),
    Schema.BigDecimalFromSelf,
    { strict: true, decode: Fixed.decimal, encode: BigDecimal.format }
  )

const Price = fixedPoint(/^\d+\.\d{2,4}$/, "a fixed-point dollar string with 2 to 4 decimals, like \"0.5600\"")
export const Count = fixedPoint(
  /^\d+(\.\d{1,2})?$/,
  "a fixed-point count string with at most 2 decimals, like \"10.00\""
)
export const PositiveCount = Count.pipe(Schema.filter(Fixed.isCount, { message: () => "Expected a positive count" }))
const Subaccount = Schema.Int.pipe(Schema.between(0, 63))
const Side = Schema.Literal("bid", "ask")

export const CreateOrderV2Request = Body({
  ticker: NonEmptyText,
  client_order_id: optional(Text),
  side: Side,
  count: PositiveCount,
  price: Price,
  expiration_time: optional(Schema.Int),
  time_in_force: Schema.Literal("fill_or_kill", "good_till_canceled", "immediate_or_cancel"),
  post_only: optional(Schema.Boolean),
  self_trade_prevention_type: Schema.Literal("taker_at_cross", "maker"),
  cancel_order_on_pause: optional(Schema.Boolean),
  reduce_only: optional(Schema.Boolean),
  subaccount: optional(Subaccount),
  order_group_id: optional(Text),
  exchange_index: optional(Schema.Int)
})
export type CreateOrderV2Request = typeof CreateOrderV2Request.Type

/** Legs are decoded one by one, so one malformed leg fails alone. */
export const BatchCreateOrdersV2Request = Body({ orders: Schema.Array(Schema.Unknown) })

const CancelTarget = {
  exchange_index: optional(Schema.Int),
  market_ticker: optional(Text)
}

export const BatchCancelOrdersV2Request = Body({
  orders: Schema.Array(Body({ order_id: Text, subaccount: optional(Subaccount), ...CancelTarget }))
})

export const AmendOrderV2Request = Body({
  ticker: NonEmptyText,
  side: Side,
  price: Price,
  count: PositiveCount,
  client_order_id: optional(Text),
  updated_client_order_id: optional(Text),
  exchange_index: optional(Schema.Int)
})
export type AmendOrderV2Request = typeof AmendOrderV2Request.Type

export const DecreaseOrderV2Request = Body({
  reduce_by: optional(PositiveCount),
  reduce_to: optional(Count),
  ...CancelTarget
})
export type DecreaseOrderV2Request = typeof DecreaseOrderV2Request.Type

const Page = (minimumLimit: number) => ({
  limit: Schema.optional(IntParam.pipe(Schema.between(minimumLimit, 1000))),
  cursor: Schema.optional(Text)
})

export const MarketsQuery = Schema.Struct({
  ...Page(0),
  event_ticker: Schema.optional(Text),
  series_ticker: Schema.optional(Text),
  status: Schema.optional(Schema.Literal("unopened", "open", "paused", "closed", "settled")),
  tickers: Schema.optional(CommaList)
})
export type MarketsQuery = typeof MarketsQuery.Type

const TimeWindow = {
  min_ts: Schema.optional(IntParam),
  max_ts: Schema.optional(IntParam)
}
const PortfolioScope = {
  subaccount: Schema.optional(SubaccountParam),
  exchange_index: Schema.optional(IntParam.pipe(Schema.greaterThanOrEqualTo(0)))
}

export const OrdersQuery = Schema.Struct({
  ...Page(1),
  ...TimeWindow,
  ...PortfolioScope,
  ticker: Schema.optional(Text),
  event_ticker: Schema.optional(CommaList),
  status: Schema.optional(Schema.Literal("resting", "canceled", "executed"))
})
export type OrdersQuery = typeof OrdersQuery.Type

export const FillsQuery = Schema.Struct({
  ...Page(1),
  ...TimeWindow,
  ...PortfolioScope,
  ticker: Schema.optional(Text),
  order_id: Schema.optional(Text)
})
export type FillsQuery = typeof FillsQuery.Type

export const QueuePositionsQuery = Schema.Struct({
  market_tickers: Schema.optional(CommaList),
  event_ticker: Schema.optional(Text),
  subaccount: Schema.optional(SubaccountParam)
})
export type QueuePositionsQuery = typeof QueuePositionsQuery.Type

export const BalanceQuery = Schema.Struct(PortfolioScope)

export const CancelQuery = Schema.Struct({
  subaccount: Schema.optional(SubaccountParam),
  exchange_index: Schema.optional(IntParam),
  market_ticker: Schema.optional(Text)
})

export const SubaccountQuery = Schema.Struct({ subaccount: Schema.optional(SubaccountParam) })

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

export const isoTime = (millis: number): string => new Date(millis).toISOString()

export const unixSeconds = (millis: number): number => Math.floor(millis / 1000)

const outcome = (side: BookSide) => (side === "bid" ? "yes" : "no")

const direction = (side: BookSide) => ({
  side: outcome(side),
  action: "buy",
  outcome_side: outcome(side),
  book_side: side
})

const yesNoPrices = (price: BigDecimal.BigDecimal) => ({
  yes_price_dollars: Fixed.formatPrice(price),
  no_price_dollars: Fixed.formatPrice(BigDecimal.subtract(Fixed.one, price))
})

const missingTime = "2026-01-01T00:00:00Z"

export const encodeMarket = (market: Market, openInterest: BigDecimal.BigDecimal) => {
  const { seed } = market
  const bestBid = market.book.bid[0]?.price ?? Fixed.zero
  const bestAsk = market.book.ask[0]?.price ?? Fixed.one
  const topSize = (side: BookSide) => Fixed.formatCount(Engine.levels(market.book, side)[0]?.count ?? Fixed.zero)
  const created = seed.created_time ?? missingTime
  const latestExpiration = seed.latest_expiration_time ?? seed.close_time ?? missingTime
  return {
    ticker: seed.ticker,
    event_ticker: seed.event_ticker,
    market_type: "binary",
    title: seed.title,
    subtitle: seed.subtitle ?? "",
    yes_sub_title: seed.yes_sub_title,
    no_sub_title: seed.no_sub_title,
    created_time: created,
    updated_time: created,
    open_time: seed.open_time ?? created,
    close_time: seed.close_time ?? latestExpiration,
    expected_expiration_time: seed.expected_expiration_time ?? null,
    expiration_time: latestExpiration,
    latest_expiration_time: latestExpiration,
    settlement_timer_seconds: seed.settlement_timer_seconds ?? 1800,
    status: market.status,
    yes_bid_dollars: Fixed.formatPrice(bestBid),
    yes_bid_size_fp: topSize("bid"),
    yes_ask_dollars: Fixed.formatPrice(bestAsk),
    yes_ask_size_fp: topSize("ask"),
    no_bid_dollars: Fixed.formatPrice(BigDecimal.subtract(Fixed.one, bestAsk)),
    no_ask_dollars: Fixed.formatPrice(BigDecimal.subtract(Fixed.one, bestBid)),
    last_price_dollars: Fixed.formatPrice(market.lastPrice ?? Fixed.zero),
    previous_yes_bid_dollars: Fixed.formatPrice(Fixed.zero),
    previous_yes_ask_dollars: Fixed.formatPrice(Fixed.zero),
    previous_price_dollars: Fixed.formatPrice(Fixed.zero),
    volume_fp: Fixed.formatCount(market.volume),
    volume_24h_fp: Fixed.formatCount(market.volume),
    open_interest_fp: Fixed.formatCount(openInterest),
    notional_value_dollars: Fixed.formatPrice(Fixed.one),
    liquidity_dollars: Fixed.formatPrice(Fixed.zero),
    result: market.result?.result ?? "",
    ...(market.result === undefined ? {} : {
      settlement_value_dollars: Fixed.formatPrice(market.result.yesPayout),
      settlement_ts: isoTime(market.result.settledMs)
    }),
    can_close_early: seed.can_close_early ?? false,
    expiration_value: "",
    rules_primary: seed.rules_primary,
    rules_secondary: seed.rules_secondary ?? "",
    ...(seed.strike_type === undefined ? {} : { strike_type: seed.strike_type }),
    ...(seed.floor_strike === undefined ? {} : { floor_strike: seed.floor_strike }),
    ...(seed.cap_strike === undefined ? {} : { cap_strike: seed.cap_strike }),
    price_level_structure: seed.price_level_structure,
    price_ranges: market.ranges.map((range) => ({
      start: Fixed.formatPrice(range.start),
      end: Fixed.formatPrice(range.end),
      step: Fixed.formatPrice(range.step)
    })),
    exchange_index: market.exchangeIndex
  }
}

export const encodeOrder = (order: Order) => ({
  order_id: order.id,
  user_id: order.userId,
  client_order_id: order.clientOrderId,
  ticker: order.ticker,
  ...direction(order.side),
  type: "limit",
  status: order.status,
  ...yesNoPrices(order.price),
  fill_count_fp: Fixed.formatCount(order.filled),
  remaining_count_fp: Fixed.formatCount(order.remaining),
  initial_count_fp: Fixed.formatCount(order.initialCount),
  taker_fees_dollars: Fixed.formatDollars(order.takerFees),
  maker_fees_dollars: Fixed.formatDollars(order.makerFees),
  taker_fill_cost_dollars: Fixed.formatDollars(order.takerCost),
  maker_fill_cost_dollars: Fixed.formatDollars(order.makerCost),
  expiration_time: order.expirationTs === undefined ? null : isoTime(order.expirationTs * 1000),
  created_time: isoTime(order.createdMs),
  last_update_time: isoTime(order.updatedMs),
  self_trade_prevention_type: order.selfTradePrevention,
  order_group_id: order.orderGroupId ?? null,
  cancel_order_on_pause: order.cancelOnPause,
  subaccount_number: order.subaccount,
  exchange_index: order.exchangeIndex
})

export const encodeFill = (fill: Fill) => ({
  fill_id: fill.id,
  trade_id: fill.id,
  exchange_index: fill.exchangeIndex,
  order_id: fill.orderId,
  ticker: fill.ticker,
  market_ticker: fill.ticker,
  ...direction(fill.side),
  count_fp: Fixed.formatCount(fill.count),
  ...yesNoPrices(fill.price),
  is_taker: fill.isTaker,
  created_time: isoTime(fill.createdMs),
  fee_cost: Fixed.formatDollars(fill.fee),
  subaccount_number: fill.subaccount,
  ts: unixSeconds(fill.createdMs)
})

export const encodeBalance = (ledger: Ledger, portfolioValue: BigDecimal.BigDecimal) => ({
  balance: Fixed.toCents(ledger.balance),
  balance_dollars: Fixed.formatDollars(ledger.balance),
  portfolio_value: Fixed.toCents(portfolioValue),
  updated_ts: unixSeconds(ledger.updatedMs),
  balance_breakdown: [{ exchange_index: 0, balance: Fixed.formatDollars(ledger.balance) }]
})

/** Volume-weighted averages of the fills one request made; `undefined` when nothing filled. */
export const fillSummary = (fills: ReadonlyArray<Fill>) => {
  const count = Fixed.sum(fills.map((fill) => fill.count))
  return {
    fill_count: Fixed.formatCount(count),
    averages: BigDecimal.isZero(count)
      ? undefined
      : {
        average_fill_price: Fixed.formatDollars(
          Fixed.ratio(Fixed.sum(fills.map((fill) => BigDecimal.multiply(fill.count, fill.price))), count)
        ),
        average_fee_paid: Fixed.formatDollars(Fixed.ratio(Fixed.sum(fills.map((fill) => fill.fee)), count))
      }
  }
}

export const encodeError = (error: { readonly code: string; readonly message: string; readonly details: string }) => ({
  code: error.code,
  message: error.message,
  details: error.details
})
