/**
 * The messages of Kalshi's WebSocket API (AsyncAPI "Kalshi Market Data WebSocket API" 2.0.0), as `Schema`s:
 * every channel's data messages, the commands and their replies, and the error codes.
 *
 * Conventions, as in the REST models: fields keep Kalshi's wire names; prices and money (`*_dollars`,
 * `fee_cost`) and counts (`*_fp`) decode to `BigDecimal`; response enums are open (a value Kalshi adds later
 * decodes as a plain string); fields Kalshi marks deprecated (`ts`, `time`, `is_yes`, `*_time`) are optional,
 * and so are the newer fields the document's own examples leave out (`outcome_side`, `book_side`, the fee
 * fields of `fill` and `user_order`, `ts_ms` of `order_group_updates`).
 *
 * Hand-written for now, one `message(type, fields)` per AsyncAPI message so that the module can be generated
 * from `asyncapi.yaml` like the REST models.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as FixedPoint from "./FixedPoint.js"

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

/**
 * An open enum: the known values for the type checker and the reader, any string on the wire.
 *
 * @since 0.1.0
 */
export const openEnum = <const Known extends ReadonlyArray<string>>(
  ...known: Known
): Schema.Schema<Known[number] | (string & {}), string> =>
  // Any string decodes: the literals only document the values Kalshi sends today.
  Schema.String.annotations({ description: `one of ${known.join(", ")} (or a value added later)` })

/**
 * `yes` or `no`: the outcome side.
 *
 * @since 0.1.0
 */
export const MarketSide = Schema.Literal("yes", "no")

/**
 * `bid` (≡ yes) or `ask` (≡ no): the side on the yes-priced book.
 *
 * @since 0.1.0
 */
export const BookSide = Schema.Literal("bid", "ask")

/**
 * Every channel of the API.
 *
 * @since 0.1.0
 */
export const Channel = Schema.Literal(
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
)

/**
 * @since 0.1.0
 */
export type Channel = typeof Channel.Type

const Sid = Schema.Number
const Seq = Schema.Number

/**
 * The envelope of a data message: `{type, sid, seq?, msg}`.
 *
 * @since 0.1.0
 */
export const message = <const Type extends string, Fields extends Schema.Struct.Fields>(type: Type, fields: Fields) =>
  Schema.Struct({ type: Schema.Literal(type), sid: Sid, msg: Schema.Struct(fields) })

/**
 * The envelope of a data message that carries `seq`.
 *
 * @since 0.1.0
 */
export const sequencedMessage = <const Type extends string, Fields extends Schema.Struct.Fields>(
  type: Type,
  fields: Fields
) => Schema.Struct({ type: Schema.Literal(type), sid: Sid, seq: Seq, msg: Schema.Struct(fields) })

const optional = Schema.optional

// ---------------------------------------------------------------------------------------------------------------
// orderbook_delta
// ---------------------------------------------------------------------------------------------------------------

/**
 * One price level of a snapshot: `[price_dollars, count_fp]`.
 *
 * @since 0.1.0
 */
export const PriceLevel = Schema.Tuple(FixedPoint.Dollars, FixedPoint.Count)

/**
 * The full book of a market, bids only for both sides: `yes_dollars_fp` holds yes bids, `no_dollars_fp` no bids
 * (in no prices, unless subscribed with `use_yes_price`). A side with no orders is absent.
 *
 * @since 0.1.0
 */
export const OrderbookSnapshot = sequencedMessage("orderbook_snapshot", {
  market_ticker: Schema.String,
  market_id: Schema.String,
  yes_dollars_fp: optional(Schema.Array(PriceLevel)),
  no_dollars_fp: optional(Schema.Array(PriceLevel))
})

/**
 * @since 0.1.0
 */
export interface OrderbookSnapshot extends Schema.Schema.Type<typeof OrderbookSnapshot> {}

/**
 * A change of the resting count at one price of one side: add `delta_fp` (signed) to the level.
 * `client_order_id` and `subaccount` are present when your own order caused it.
 *
 * @since 0.1.0
 */
export const OrderbookDelta = sequencedMessage("orderbook_delta", {
  market_ticker: Schema.String,
  market_id: Schema.String,
  price_dollars: FixedPoint.Dollars,
  delta_fp: FixedPoint.Count,
  side: MarketSide,
  client_order_id: optional(Schema.String),
  subaccount: optional(Schema.Number),
  ts: optional(Schema.String),
  ts_ms: optional(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface OrderbookDelta extends Schema.Schema.Type<typeof OrderbookDelta> {}

// ---------------------------------------------------------------------------------------------------------------
// ticker, trade
// ---------------------------------------------------------------------------------------------------------------

/**
 * A market's price line, sent whenever one of its fields changes.
 *
 * @since 0.1.0
 */
export const Ticker = message("ticker", {
  market_ticker: Schema.String,
  market_id: Schema.String,
  price_dollars: FixedPoint.Dollars,
  yes_bid_dollars: FixedPoint.Dollars,
  yes_ask_dollars: FixedPoint.Dollars,
  volume_fp: FixedPoint.Count,
  open_interest_fp: FixedPoint.Count,
  dollar_volume: Schema.Number,
  dollar_open_interest: Schema.Number,
  yes_bid_size_fp: FixedPoint.Count,
  yes_ask_size_fp: FixedPoint.Count,
  last_trade_size_fp: FixedPoint.Count,
  ts_ms: Schema.Number,
  ts: optional(Schema.Number),
  time: optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface Ticker extends Schema.Schema.Type<typeof Ticker> {}

/**
 * A public trade.
 *
 * @since 0.1.0
 */
export const Trade = message("trade", {
  trade_id: Schema.String,
  market_ticker: Schema.String,
  yes_price_dollars: FixedPoint.Dollars,
  no_price_dollars: FixedPoint.Dollars,
  count_fp: FixedPoint.Count,
  taker_side: MarketSide,
  taker_outcome_side: optional(MarketSide),
  taker_book_side: optional(BookSide),
  is_block_trade: Schema.Boolean,
  ts_ms: Schema.Number,
  ts: optional(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface Trade extends Schema.Schema.Type<typeof Trade> {}

// ---------------------------------------------------------------------------------------------------------------
// Private channels
// ---------------------------------------------------------------------------------------------------------------

/**
 * One of your fills. `post_position_fp` is your signed position after it (positive is long yes).
 *
 * @since 0.1.0
 */
export const Fill = message("fill", {
  trade_id: Schema.String,
  order_id: Schema.String,
  market_ticker: Schema.String,
  exchange_index: Schema.Number,
  is_taker: Schema.Boolean,
  side: MarketSide,
  yes_price_dollars: FixedPoint.Dollars,
  count_fp: FixedPoint.Count,
  fee_cost: optional(FixedPoint.Dollars),
  action: Schema.Literal("buy", "sell"),
  ts_ms: Schema.Number,
  post_position_fp: FixedPoint.Count,
  purchased_side: MarketSide,
  outcome_side: optional(MarketSide),
  book_side: optional(BookSide),
  client_order_id: optional(Schema.String),
  subaccount: optional(Schema.Number),
  ts: optional(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface Fill extends Schema.Schema.Type<typeof Fill> {}

/**
 * One of your orders, after it was created or changed.
 *
 * @since 0.1.0
 */
export const UserOrder = message("user_order", {
  order_id: Schema.String,
  user_id: Schema.String,
  ticker: Schema.String,
  status: openEnum("resting", "canceled", "executed"),
  side: MarketSide,
  outcome_side: optional(MarketSide),
  book_side: optional(BookSide),
  yes_price_dollars: FixedPoint.Dollars,
  fill_count_fp: FixedPoint.Count,
  remaining_count_fp: FixedPoint.Count,
  initial_count_fp: FixedPoint.Count,
  taker_fill_cost_dollars: FixedPoint.Dollars,
  maker_fill_cost_dollars: FixedPoint.Dollars,
  taker_fees_dollars: optional(FixedPoint.Dollars),
  maker_fees_dollars: optional(FixedPoint.Dollars),
  client_order_id: Schema.String,
  created_ts_ms: Schema.Number,
  order_group_id: optional(Schema.String),
  self_trade_prevention_type: optional(openEnum("taker_at_cross", "maker")),
  last_updated_ts_ms: optional(Schema.Number),
  expiration_ts_ms: optional(Schema.Number),
  subaccount_number: optional(Schema.Number),
  is_yes: optional(Schema.Boolean),
  created_time: optional(Schema.String),
  last_update_time: optional(Schema.String),
  expiration_time: optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface UserOrder extends Schema.Schema.Type<typeof UserOrder> {}

/**
 * Your position in a market after it changed.
 *
 * @since 0.1.0
 */
export const MarketPosition = message("market_position", {
  user_id: Schema.String,
  market_ticker: Schema.String,
  position_fp: FixedPoint.Count,
  position_cost_dollars: FixedPoint.Dollars,
  realized_pnl_dollars: FixedPoint.Dollars,
  fees_paid_dollars: FixedPoint.Dollars,
  position_fee_cost_dollars: FixedPoint.Dollars,
  volume_fp: FixedPoint.Count,
  subaccount: optional(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface MarketPosition extends Schema.Schema.Type<typeof MarketPosition> {}

/**
 * An order group was created, triggered, reset, deleted or had its limit changed.
 *
 * @since 0.1.0
 */
export const OrderGroupUpdates = sequencedMessage("order_group_updates", {
  event_type: openEnum("created", "triggered", "reset", "deleted", "limit_updated"),
  order_group_id: Schema.String,
  ts_ms: optional(Schema.Number),
  contracts_limit_fp: optional(FixedPoint.Count)
})

/**
 * @since 0.1.0
 */
export interface OrderGroupUpdates extends Schema.Schema.Type<typeof OrderGroupUpdates> {}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------------------

const PriceRange = Schema.Struct({ start: FixedPoint.Dollars, end: FixedPoint.Dollars, step: FixedPoint.Dollars })

const lifecycleFields = {
  market_ticker: Schema.String,
  event_type: openEnum(
    "created",
    "activated",
    "deactivated",
    "close_date_updated",
    "determined",
    "settled",
    "price_level_structure_updated",
    "metadata_updated"
  ),
  exchange_index: optional(Schema.Number),
  open_ts: optional(Schema.Number),
  close_ts: optional(Schema.Number),
  result: optional(Schema.String),
  determination_ts: optional(Schema.Number),
  settlement_value: optional(FixedPoint.Dollars),
  settled_ts: optional(Schema.Number),
  is_deactivated: optional(Schema.Boolean),
  price_level_structure: optional(Schema.String),
  price_ranges: optional(Schema.Array(PriceRange)),
  strike_type: optional(Schema.String),
  floor_strike: optional(Schema.Number),
  cap_strike: optional(Schema.Number),
  custom_strike: optional(Schema.Unknown),
  yes_sub_title: optional(Schema.String),
  additional_metadata: optional(Schema.Struct({
    name: optional(Schema.String),
    title: optional(Schema.String),
    yes_sub_title: optional(Schema.String),
    no_sub_title: optional(Schema.String),
    rules_primary: optional(Schema.String),
    rules_secondary: optional(Schema.String),
    can_close_early: optional(Schema.Boolean),
    event_ticker: optional(Schema.String),
    expected_expiration_ts: optional(Schema.Number),
    strike_type: optional(Schema.String),
    floor_strike: optional(Schema.Number),
    cap_strike: optional(Schema.Number),
    custom_strike: optional(Schema.Unknown)
  }))
}

/**
 * A market was created, (de)activated, had its close date changed, was determined or settled, or had its price
 * grid or metadata changed; only the fields of that event are present.
 *
 * @since 0.1.0
 */
export const MarketLifecycleV2 = message("market_lifecycle_v2", lifecycleFields)

/**
 * @since 0.1.0
 */
export interface MarketLifecycleV2 extends Schema.Schema.Type<typeof MarketLifecycleV2> {}

/**
 * {@link MarketLifecycleV2} for multivariate (combo) markets.
 *
 * @since 0.1.0
 */
export const MultivariateMarketLifecycle = message("multivariate_market_lifecycle", lifecycleFields)

/**
 * @since 0.1.0
 */
export interface MultivariateMarketLifecycle extends Schema.Schema.Type<typeof MultivariateMarketLifecycle> {}

/**
 * An event was created.
 *
 * @since 0.1.0
 */
export const EventLifecycle = message("event_lifecycle", {
  event_ticker: Schema.String,
  exchange_index: Schema.Number,
  title: Schema.String,
  subtitle: Schema.String,
  collateral_return_type: openEnum("MECNET", "DIRECNET", ""),
  series_ticker: Schema.String,
  strike_date: optional(Schema.Number),
  strike_period: optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface EventLifecycle extends Schema.Schema.Type<typeof EventLifecycle> {}

/**
 * An event's fee override was set or (with `null`s) cleared.
 *
 * @since 0.1.0
 */
export const EventFeeUpdate = message("event_fee_update", {
  event_ticker: Schema.String,
  fee_type_override: Schema.NullOr(
    openEnum("quadratic", "quadratic_with_maker_fees", "quadratic_with_combo_maker_fees", "flat")
  ),
  fee_multiplier_override: Schema.NullOr(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface EventFeeUpdate extends Schema.Schema.Type<typeof EventFeeUpdate> {}

// ---------------------------------------------------------------------------------------------------------------
// communications
// ---------------------------------------------------------------------------------------------------------------

const rfqFields = {
  id: Schema.String,
  creator_id: Schema.String,
  market_ticker: Schema.String,
  event_ticker: optional(Schema.String),
  contracts_fp: optional(FixedPoint.Count),
  target_cost_dollars: optional(FixedPoint.Dollars)
}

/**
 * A request for quote was created.
 *
 * @since 0.1.0
 */
export const RfqCreated = message("rfq_created", {
  ...rfqFields,
  created_ts: Schema.String,
  mve_collection_ticker: optional(Schema.String),
  mve_selected_legs: optional(Schema.Array(Schema.Struct({
    event_ticker: optional(Schema.String),
    market_ticker: optional(Schema.String),
    side: optional(Schema.String),
    yes_settlement_value_dollars: optional(FixedPoint.Dollars)
  })))
})

/**
 * @since 0.1.0
 */
export interface RfqCreated extends Schema.Schema.Type<typeof RfqCreated> {}

/**
 * A request for quote was deleted.
 *
 * @since 0.1.0
 */
export const RfqDeleted = message("rfq_deleted", { ...rfqFields, deleted_ts: Schema.String })

/**
 * @since 0.1.0
 */
export interface RfqDeleted extends Schema.Schema.Type<typeof RfqDeleted> {}

const quoteFields = {
  quote_id: Schema.String,
  rfq_id: Schema.String,
  quote_creator_id: Schema.String,
  rfq_creator_id: optional(Schema.String),
  market_ticker: Schema.String,
  event_ticker: optional(Schema.String),
  yes_bid_dollars: FixedPoint.Dollars,
  no_bid_dollars: FixedPoint.Dollars,
  yes_contracts_offered_fp: optional(FixedPoint.Count),
  no_contracts_offered_fp: optional(FixedPoint.Count),
  rfq_target_cost_dollars: optional(FixedPoint.Dollars),
  subaccount: optional(Schema.Number)
}

/**
 * A quote was made on an RFQ (sent to the RFQ's and the quote's creators).
 *
 * @since 0.1.0
 */
export const QuoteCreated = message("quote_created", { ...quoteFields, created_ts: Schema.String })

/**
 * @since 0.1.0
 */
export interface QuoteCreated extends Schema.Schema.Type<typeof QuoteCreated> {}

/**
 * A quote was accepted.
 *
 * @since 0.1.0
 */
export const QuoteAccepted = message("quote_accepted", {
  ...quoteFields,
  accepted_side: optional(MarketSide),
  contracts_accepted_fp: optional(FixedPoint.Count)
})

/**
 * @since 0.1.0
 */
export interface QuoteAccepted extends Schema.Schema.Type<typeof QuoteAccepted> {}

/**
 * A quote was executed; `order_id` / `client_order_id` are yours, to match the `fill`s that follow.
 *
 * @since 0.1.0
 */
export const QuoteExecuted = message("quote_executed", {
  quote_id: Schema.String,
  rfq_id: Schema.String,
  quote_creator_id: Schema.String,
  rfq_creator_id: Schema.String,
  order_id: Schema.String,
  client_order_id: Schema.String,
  market_ticker: Schema.String,
  executed_ts: Schema.String,
  subaccount: optional(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface QuoteExecuted extends Schema.Schema.Type<typeof QuoteExecuted> {}

// ---------------------------------------------------------------------------------------------------------------
// Reference prices
// ---------------------------------------------------------------------------------------------------------------

const WindowAverage = Schema.Struct({
  value: FixedPoint.Dollars,
  window_size: Schema.Number,
  window_start_ts_ms: Schema.Number,
  window_end_ts_exclusive: Schema.Number
})

/**
 * A CF Benchmarks index tick with its trailing averages; `data` is the raw upstream frame.
 *
 * @since 0.1.0
 */
export const CfbenchmarksValue = sequencedMessage("cfbenchmarks_value", {
  index_id: Schema.String,
  received_at: Schema.Number,
  data: Schema.String,
  avg_60s_data: WindowAverage,
  last_60s_windowed_average_15min: optional(WindowAverage)
})

/**
 * @since 0.1.0
 */
export interface CfbenchmarksValue extends Schema.Schema.Type<typeof CfbenchmarksValue> {}

/**
 * The available index ids, in reply to the `indexlist` action.
 *
 * @since 0.1.0
 */
export const CfbenchmarksIndexList = sequencedMessage("cfbenchmarks_value_indexlist", {
  index_ids: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface CfbenchmarksIndexList extends Schema.Schema.Type<typeof CfbenchmarksIndexList> {}

/**
 * A Pyth price of an underlying.
 *
 * @since 0.1.0
 */
export const PythValue = sequencedMessage("pyth_value", {
  underlying_ticker: Schema.String,
  value_usd: FixedPoint.Dollars,
  source_ts_ms: Schema.Number,
  received_at: Schema.Number
})

/**
 * @since 0.1.0
 */
export interface PythValue extends Schema.Schema.Type<typeof PythValue> {}

/**
 * The underlyings streamed in the last two hours, in reply to the `underlying_list` action.
 *
 * @since 0.1.0
 */
export const PythUnderlyingList = sequencedMessage("pyth_value_underlying_list", {
  underlying_tickers: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface PythUnderlyingList extends Schema.Schema.Type<typeof PythUnderlyingList> {}

// ---------------------------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------------------------

/**
 * The data messages of each channel.
 *
 * @since 0.1.0
 */
export const channelMessages = {
  orderbook_delta: Schema.Union(OrderbookSnapshot, OrderbookDelta),
  ticker: Ticker,
  trade: Trade,
  fill: Fill,
  market_positions: MarketPosition,
  market_lifecycle_v2: Schema.Union(MarketLifecycleV2, EventLifecycle, EventFeeUpdate),
  multivariate_market_lifecycle: Schema.Union(MultivariateMarketLifecycle, EventLifecycle),
  communications: Schema.Union(RfqCreated, RfqDeleted, QuoteCreated, QuoteAccepted, QuoteExecuted),
  order_group_updates: OrderGroupUpdates,
  user_orders: UserOrder,
  cfbenchmarks_value: Schema.Union(CfbenchmarksValue, CfbenchmarksIndexList),
  pyth_value: Schema.Union(PythValue, PythUnderlyingList)
} as const satisfies Record<Channel, Schema.Schema.Any>

/**
 * A data message of channel `C`.
 *
 * @since 0.1.0
 */
export type Message<C extends Channel> = Schema.Schema.Type<(typeof channelMessages)[C]>

// ---------------------------------------------------------------------------------------------------------------
// Commands and replies
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `params` of a `subscribe` command.
 *
 * @since 0.1.0
 */
export const SubscribeParams = Schema.Struct({
  channels: Schema.NonEmptyArray(Channel),
  market_ticker: optional(Schema.String),
  market_tickers: optional(Schema.NonEmptyArray(Schema.String)),
  market_id: optional(Schema.String),
  market_ids: optional(Schema.NonEmptyArray(Schema.String)),
  send_initial_snapshot: optional(Schema.Boolean),
  skip_ticker_ack: optional(Schema.Boolean),
  use_yes_price: optional(Schema.Boolean),
  shard_factor: optional(Schema.Int.pipe(Schema.between(1, 100))),
  shard_key: optional(Schema.Int.pipe(Schema.nonNegative())),
  index_ids: optional(Schema.NonEmptyArray(Schema.String)),
  underlying_tickers: optional(Schema.NonEmptyArray(Schema.String))
})

/**
 * @since 0.1.0
 */
export interface SubscribeParams extends Schema.Schema.Type<typeof SubscribeParams> {}

/**
 * The actions of `update_subscription`.
 *
 * @since 0.1.0
 */
export const UpdateAction = Schema.Literal(
  "add_markets",
  "delete_markets",
  "get_snapshot",
  "subscribe_indices",
  "unsubscribe_indices",
  "indexlist",
  "subscribe_underlyings",
  "unsubscribe_underlyings",
  "underlying_list"
)

/**
 * @since 0.1.0
 */
export type UpdateAction = typeof UpdateAction.Type

/**
 * The `params` of an `update_subscription` command: exactly one subscription, by `sid` or as the one entry of
 * `sids`.
 *
 * @since 0.1.0
 */
export const UpdateSubscriptionParams = Schema.Struct({
  sid: optional(Sid),
  sids: optional(Schema.Tuple(Sid)),
  action: UpdateAction,
  market_ticker: optional(Schema.String),
  market_tickers: optional(Schema.Array(Schema.String)),
  market_id: optional(Schema.String),
  market_ids: optional(Schema.Array(Schema.String)),
  send_initial_snapshot: optional(Schema.Boolean),
  index_ids: optional(Schema.Array(Schema.String)),
  underlying_tickers: optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 */
export interface UpdateSubscriptionParams extends Schema.Schema.Type<typeof UpdateSubscriptionParams> {}

/**
 * A command: `{id, cmd, params?}`.
 *
 * @since 0.1.0
 */
export const Command = Schema.Union(
  Schema.Struct({ id: Schema.Number, cmd: Schema.Literal("subscribe"), params: SubscribeParams }),
  Schema.Struct({
    id: Schema.Number,
    cmd: Schema.Literal("unsubscribe"),
    params: Schema.Struct({ sids: Schema.NonEmptyArray(Sid) })
  }),
  Schema.Struct({ id: Schema.Number, cmd: Schema.Literal("update_subscription"), params: UpdateSubscriptionParams }),
  Schema.Struct({ id: Schema.Number, cmd: Schema.Literal("list_subscriptions") })
)

/**
 * @since 0.1.0
 */
export type Command = typeof Command.Type

/**
 * A subscription confirmed: its channel and server-assigned `sid`.
 *
 * @since 0.1.0
 */
export const Subscribed = Schema.Struct({
  id: optional(Schema.Number),
  type: Schema.Literal("subscribed"),
  msg: Schema.Struct({ channel: Schema.String, sid: Sid })
})

/**
 * A subscription ended, one reply per sid.
 *
 * @since 0.1.0
 */
export const Unsubscribed = Schema.Struct({
  id: optional(Schema.Number),
  type: Schema.Literal("unsubscribed"),
  sid: Sid,
  seq: optional(Seq)
})

/**
 * An `update_subscription` applied: the subscription's markets after it.
 *
 * @since 0.1.0
 */
export const Updated = Schema.Struct({
  id: optional(Schema.Number),
  type: Schema.Literal("ok"),
  sid: optional(Sid),
  seq: optional(Seq),
  msg: optional(Schema.Struct({
    market_tickers: optional(Schema.Array(Schema.String)),
    market_ids: optional(Schema.Array(Schema.String))
  }))
})

/**
 * One entry of the `list_subscriptions` reply.
 *
 * @since 0.1.0
 */
export const SubscriptionInfo = Schema.Struct({ channel: Schema.String, sid: Sid })

/**
 * @since 0.1.0
 */
export interface SubscriptionInfo extends Schema.Schema.Type<typeof SubscriptionInfo> {}

/**
 * The `list_subscriptions` reply.
 *
 * @since 0.1.0
 */
export const SubscriptionList = Schema.Struct({
  id: optional(Schema.Number),
  type: Schema.Literal("ok"),
  msg: Schema.Array(SubscriptionInfo)
})

/**
 * A refused command: Kalshi's numeric `code`, its text, and the market concerned when there is one.
 *
 * @since 0.1.0
 */
export const ErrorReply = Schema.Struct({
  id: optional(Schema.Number),
  type: Schema.Literal("error"),
  sid: optional(Sid),
  msg: Schema.Struct({
    code: Schema.Number,
    msg: Schema.String,
    market_ticker: optional(Schema.String),
    market_id: optional(Schema.String)
  })
})

/**
 * @since 0.1.0
 */
export interface ErrorReply extends Schema.Schema.Type<typeof ErrorReply> {}

// ---------------------------------------------------------------------------------------------------------------
// Error codes
// ---------------------------------------------------------------------------------------------------------------

/**
 * Kalshi's WebSocket error codes and their names.
 *
 * @since 0.1.0
 */
export const errorCodes = {
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
} as const

/**
 * Errors after which the subscription is gone and must be made again (channel error, internal error, buffer
 * overflow).
 *
 * @since 0.1.0
 */
export const terminalErrorCodes: ReadonlySet<number> = new Set([10, 17, 25])
