/**
 * Markets: the public market data the first-order guide starts from. No credentials needed.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as FixedPoint from "./FixedPoint.js"
import type { RequestOptions } from "./internal/endpoint.js"
import { payload, request } from "./internal/endpoint.js"
import { arrayOrNull, NonEmpty, optionalNullable, WellFormed } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"

/**
 * One band of a market's price grid: prices from `start` to `end` in steps of `step` (dollars).
 *
 * @since 0.1.0
 */
export const PriceRange = Schema.Struct({
  start: FixedPoint.Dollars,
  end: FixedPoint.Dollars,
  step: FixedPoint.Dollars
})

/**
 * @since 0.1.0
 */
export interface PriceRange extends Schema.Schema.Type<typeof PriceRange> {}

/**
 * A market: one binary (or scalar) outcome of an event. Quotes are yes prices in dollars; sizes and
 * volumes are contracts. Only the identifying fields are required: Kalshi adds and omits fields over
 * time, and unknown fields are ignored.
 *
 * @since 0.1.0
 */
export const Market = Schema.Struct({
  ticker: Schema.String,
  event_ticker: Schema.String,
  status: Schema.String,
  market_type: optionalNullable(Schema.String),
  title: optionalNullable(Schema.String),
  subtitle: optionalNullable(Schema.String),
  yes_sub_title: optionalNullable(Schema.String),
  no_sub_title: optionalNullable(Schema.String),
  created_time: optionalNullable(Schema.String),
  open_time: optionalNullable(Schema.String),
  close_time: optionalNullable(Schema.String),
  latest_expiration_time: optionalNullable(Schema.String),
  yes_bid_dollars: optionalNullable(FixedPoint.Dollars),
  yes_ask_dollars: optionalNullable(FixedPoint.Dollars),
  no_bid_dollars: optionalNullable(FixedPoint.Dollars),
  no_ask_dollars: optionalNullable(FixedPoint.Dollars),
  yes_bid_size_fp: optionalNullable(FixedPoint.Count),
  yes_ask_size_fp: optionalNullable(FixedPoint.Count),
  last_price_dollars: optionalNullable(FixedPoint.Dollars),
  volume_fp: optionalNullable(FixedPoint.Count),
  volume_24h_fp: optionalNullable(FixedPoint.Count),
  open_interest_fp: optionalNullable(FixedPoint.Count),
  notional_value_dollars: optionalNullable(FixedPoint.Dollars),
  result: optionalNullable(Schema.String),
  can_close_early: optionalNullable(Schema.Boolean),
  rules_primary: optionalNullable(Schema.String),
  rules_secondary: optionalNullable(Schema.String),
  price_level_structure: optionalNullable(Schema.String),
  price_ranges: arrayOrNull(PriceRange),
  exchange_index: optionalNullable(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface Market extends Schema.Schema.Type<typeof Market> {}

/**
 * One page of markets.
 *
 * @since 0.1.0
 */
export const GetMarketsResponse = Schema.Struct({
  markets: arrayOrNull(Market),
  cursor: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface GetMarketsResponse extends Schema.Schema.Type<typeof GetMarketsResponse> {}

const GetMarketResponse = Schema.Struct({ market: Market })

/**
 * Filters of the market list. `status` takes the query vocabulary (`open`, …), while a market's own
 * `status` field uses the lifecycle one (`active`, …). Timestamps are Unix seconds.
 *
 * @since 0.1.0
 */
export const ListMarketsParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  cursor: Schema.optional(WellFormed),
  event_ticker: Schema.optional(NonEmpty),
  series_ticker: Schema.optional(NonEmpty),
  status: Schema.optional(Schema.Literal("unopened", "open", "paused", "closed", "settled")),
  tickers: Schema.optional(Schema.Union(NonEmpty, Schema.NonEmptyArray(NonEmpty))),
  min_created_ts: Schema.optional(Schema.Int),
  max_created_ts: Schema.optional(Schema.Int),
  min_updated_ts: Schema.optional(Schema.Int),
  min_close_ts: Schema.optional(Schema.Int),
  max_close_ts: Schema.optional(Schema.Int),
  min_settled_ts: Schema.optional(Schema.Int),
  max_settled_ts: Schema.optional(Schema.Int),
  mve_filter: Schema.optional(Schema.Literal("only", "exclude"))
})

/**
 * @since 0.1.0
 */
export interface ListMarketsParams extends Schema.Schema.Type<typeof ListMarketsParams> {}

const marketsPath = "/markets"

/**
 * One page of markets (`GET /markets`), without credentials.
 *
 * @since 0.1.0
 */
export const list = Effect.fn("Markets.list")((params: ListMarketsParams = {}, options?: RequestOptions) =>
  request({
    method: "GET",
    path: marketsPath,
    query: payload(ListMarketsParams, params),
    authenticated: false,
    status: 200,
    response: GetMarketsResponse
  }, options)
)

/**
 * Every market matching the filters, walking all pages.
 *
 * @since 0.1.0
 */
export const listAll = Pagination.walk(marketsPath, "markets", list)

/**
 * One market by ticker (`GET /markets/{ticker}`); an unknown ticker is a `NotFoundError`.
 *
 * @since 0.1.0
 */
export const get = Effect.fn("Markets.get")((ticker: string, options?: RequestOptions) =>
  request({
    method: "GET",
    path: `${marketsPath}/{ticker}`,
    pathParams: { ticker },
    authenticated: false,
    status: 200,
    response: GetMarketResponse,
    expect: { notFound: true }
  }, options).pipe(Effect.map((response) => response.market))
)
