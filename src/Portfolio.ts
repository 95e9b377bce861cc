/**
 * Portfolio: fills and balance.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as FixedPoint from "./FixedPoint.js"
import type { RequestOptions } from "./internal/endpoint.js"
import { payload, request } from "./internal/endpoint.js"
import { arrayOrNull, NonEmpty, optionalNullable, ShardIndex, Subaccount, WellFormed } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"

/**
 * One execution of one of your orders. `count_fp` contracts at `yes_price_dollars` (the no side paid
 * `no_price_dollars`). `side` / `action` are Kalshi's deprecated direction fields; use `book_side` /
 * `outcome_side`.
 *
 * @since 0.1.0
 */
export const Fill = Schema.Struct({
  fill_id: Schema.String,
  trade_id: optionalNullable(Schema.String),
  order_id: Schema.String,
  ticker: Schema.String,
  market_ticker: optionalNullable(Schema.String),
  outcome_side: optionalNullable(Schema.Literal("yes", "no")),
  book_side: optionalNullable(Schema.Literal("bid", "ask")),
  side: optionalNullable(Schema.Literal("yes", "no")),
  action: optionalNullable(Schema.Literal("buy", "sell")),
  count_fp: FixedPoint.Count,
  yes_price_dollars: FixedPoint.Dollars,
  no_price_dollars: FixedPoint.Dollars,
  is_taker: Schema.Boolean,
  fee_cost: optionalNullable(FixedPoint.Dollars),
  created_time: optionalNullable(Schema.String),
  ts: optionalNullable(Schema.Number),
  subaccount_number: optionalNullable(Schema.Number),
  exchange_index: optionalNullable(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface Fill extends Schema.Schema.Type<typeof Fill> {}

/**
 * One page of fills.
 *
 * @since 0.1.0
 */
export const GetFillsResponse = Schema.Struct({
  fills: arrayOrNull(Fill),
  cursor: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface GetFillsResponse extends Schema.Schema.Type<typeof GetFillsResponse> {}

/**
 * Filters of the fill list. `min_ts` / `max_ts` are Unix seconds.
 *
 * @since 0.1.0
 */
export const FillsParams = Schema.Struct({
  ticker: Schema.optional(NonEmpty),
  order_id: Schema.optional(NonEmpty),
  min_ts: Schema.optional(Schema.Int),
  max_ts: Schema.optional(Schema.Int),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  cursor: Schema.optional(WellFormed),
  subaccount: Schema.optional(Subaccount),
  exchange_index: Schema.optional(ShardIndex)
})

/**
 * @since 0.1.0
 */
export interface FillsParams extends Schema.Schema.Type<typeof FillsParams> {}

/**
 * The balance of one exchange shard.
 *
 * @since 0.1.0
 */
export const IndexedBalance = Schema.Struct({
  exchange_index: Schema.Number,
  balance: FixedPoint.Dollars
})

/**
 * Your available balance and portfolio value. `balance` and `portfolio_value` are integer cents as
 * Kalshi sends them; `balance_dollars` is the same balance in dollars.
 *
 * @since 0.1.0
 */
export const GetBalanceResponse = Schema.Struct({
  balance: Schema.Int,
  balance_dollars: optionalNullable(FixedPoint.Dollars),
  portfolio_value: Schema.Int,
  updated_ts: Schema.Int,
  balance_breakdown: optionalNullable(Schema.Array(IndexedBalance))
})

/**
 * @since 0.1.0
 */
export interface GetBalanceResponse extends Schema.Schema.Type<typeof GetBalanceResponse> {}

/**
 * Which account and shard a balance is for: the primary account and every shard by default.
 *
 * @since 0.1.0
 */
export const BalanceParams = Schema.Struct({
  subaccount: Schema.optional(Subaccount),
  exchange_index: Schema.optional(ShardIndex)
})

/**
 * @since 0.1.0
 */
export interface BalanceParams extends Schema.Schema.Type<typeof BalanceParams> {}

const fillsPath = "/portfolio/fills"

/**
 * One page of your fills (`GET /portfolio/fills`).
 *
 * @since 0.1.0
 */
export const fills = Effect.fn("Portfolio.fills")((params: FillsParams = {}, options?: RequestOptions) =>
  request({
    method: "GET",
    path: fillsPath,
    query: payload(FillsParams, params),
    authenticated: true,
    status: 200,
    response: GetFillsResponse
  }, options)
)

/**
 * Every fill matching the filters, walking all pages.
 *
 * @since 0.1.0
 */
export const fillsAll = Pagination.walk(fillsPath, "fills", fills)

/**
 * Your balance (`GET /portfolio/balance`).
 *
 * @since 0.1.0
 */
export const balance = Effect.fn("Portfolio.balance")((params: BalanceParams = {}, options?: RequestOptions) =>
  request({
    method: "GET",
    path: "/portfolio/balance",
    query: payload(BalanceParams, params),
    authenticated: true,
    status: 200,
    response: GetBalanceResponse
  }, options)
)
