/**
 * Orders: place, amend, decrease, cancel and inspect them.
 *
 * Writes use Kalshi's V2 event-market family (`/portfolio/events/orders*`): one yes-priced book, a
 * `side` of `bid` (long yes) or `ask` (long no) and one `price` in dollars. Reads stay on
 * `/portfolio/orders*`. Every write takes a request model (a value of the schema of the same name),
 * validated before sending: unknown keys, floats, out-of-range prices and broken rules fail with a
 * `ValidationError` and the exchange sees nothing. Writes are never retried automatically: set a fresh
 * `client_order_id` ({@link newClientOrderId}) so that your application can retry safely.
 *
 * Routing follows the spec exactly (do not normalise it): cancel takes `subaccount`, `exchange_index`
 * and `market_ticker` as query parameters; amend and decrease take `subaccount` as a query parameter
 * and `exchange_index` in the body; create and the batch endpoints carry both in the body.
 *
 * @since 0.1.0
 */
import { BigDecimal, Clock, Duration, Effect, Schema, Stream } from "effect"
import * as FixedPoint from "./FixedPoint.js"
import type { RequestOptions } from "./internal/endpoint.js"
import { encode, payload, request } from "./internal/endpoint.js"
import {
  arrayOrNull,
  ExchangeIndex,
  NonEmpty,
  optionalNullable,
  ShardIndex,
  Subaccount,
  WellFormed
} from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import * as Portfolio from "./Portfolio.js"
import * as WriteRetry from "./WriteRetry.js"

export type { RequestOptions } from "./internal/endpoint.js"

// ---------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------

/**
 * The side of the single yes-priced book: `bid` buys yes, `ask` sells yes (≡ buys no at 1 − price).
 *
 * @since 0.1.0
 */
export const BookSide = Schema.Literal("bid", "ask")

/**
 * @since 0.1.0
 */
export type BookSide = typeof BookSide.Type

/**
 * The outcome an order or fill is long: `yes` for a bid, `no` for an ask.
 *
 * @since 0.1.0
 */
export const OutcomeSide = Schema.Literal("yes", "no")

/**
 * @since 0.1.0
 */
export type OutcomeSide = typeof OutcomeSide.Type

/**
 * How long an order stays: `fill_or_kill` (all now or nothing), `immediate_or_cancel` (what fills now,
 * the rest canceled), `good_till_canceled` (rests; with `expiration_time` it expires then).
 *
 * @since 0.1.0
 */
export const TimeInForce = Schema.Literal("fill_or_kill", "good_till_canceled", "immediate_or_cancel")

/**
 * @since 0.1.0
 */
export type TimeInForce = typeof TimeInForce.Type

/**
 * Self-trade prevention: `taker_at_cross` cancels your incoming order when it would cross your own
 * resting order; `maker` cancels your resting order and keeps matching.
 *
 * @since 0.1.0
 */
export const SelfTradePreventionType = Schema.Literal("taker_at_cross", "maker")

/**
 * @since 0.1.0
 */
export type SelfTradePreventionType = typeof SelfTradePreventionType.Type

/**
 * An order's status.
 *
 * @since 0.1.0
 */
export const OrderStatus = Schema.Literal("resting", "canceled", "executed")

/**
 * @since 0.1.0
 */
export type OrderStatus = typeof OrderStatus.Type

/**
 * Kalshi's error object, as batch entries carry it.
 *
 * @since 0.1.0
 */
export const ErrorBody = Schema.Struct({
  code: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  details: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface ErrorBody extends Schema.Schema.Type<typeof ErrorBody> {}

/** `exchange_index: -1` asks the exchange to route by market ticker, so the ticker must be there. */
const autoRouteNeedsTicker = <
  T extends { readonly exchange_index?: number | undefined; readonly market_ticker?: string | undefined }
>(
  value: T
) =>
  value.exchange_index !== -1 || (value.market_ticker ?? "") !== "" ||
  "exchange_index -1 (auto-route) needs market_ticker"

// ---------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------

/**
 * A new V2 order. `client_order_id` is required: it is Kalshi's idempotency key for creates.
 *
 * @since 0.1.0
 */
export const CreateOrderV2Request = Schema.Struct({
  ticker: NonEmpty,
  client_order_id: NonEmpty,
  side: BookSide,
  count: FixedPoint.CountRequest,
  price: FixedPoint.PriceRequest,
  time_in_force: TimeInForce,
  self_trade_prevention_type: SelfTradePreventionType,
  expiration_time: Schema.optional(Schema.Int),
  post_only: Schema.optional(Schema.Boolean),
  cancel_order_on_pause: Schema.optional(Schema.Boolean),
  reduce_only: Schema.optional(Schema.Boolean),
  subaccount: Schema.optional(Subaccount),
  order_group_id: Schema.optional(NonEmpty),
  exchange_index: Schema.optional(ExchangeIndex)
}).pipe(
  Schema.filter((order) =>
    order.time_in_force === "immediate_or_cancel" && order.expiration_time !== undefined
      ? "immediate_or_cancel cannot be combined with expiration_time"
      : true
  ),
  Schema.annotations({ identifier: "CreateOrderV2Request" })
)

/**
 * @since 0.1.0
 */
export interface CreateOrderV2Request extends Schema.Schema.Type<typeof CreateOrderV2Request> {}

/**
 * The result of a create: what filled at once and what rests.
 *
 * @since 0.1.0
 */
export const CreateOrderV2Response = Schema.Struct({
  order_id: Schema.String,
  client_order_id: optionalNullable(Schema.String),
  fill_count: FixedPoint.Count,
  remaining_count: FixedPoint.Count,
  average_fill_price: optionalNullable(FixedPoint.Dollars),
  average_fee_paid: optionalNullable(FixedPoint.Dollars),
  ts_ms: Schema.Number
})

/**
 * @since 0.1.0
 */
export interface CreateOrderV2Response extends Schema.Schema.Type<typeof CreateOrderV2Response> {}

/**
 * Several new orders in one request; each leg is a full {@link CreateOrderV2Request}.
 *
 * @since 0.1.0
 */
export const BatchCreateOrdersV2Request = Schema.Struct({
  orders: Schema.NonEmptyArray(CreateOrderV2Request)
})

/**
 * @since 0.1.0
 */
export interface BatchCreateOrdersV2Request extends Schema.Schema.Type<typeof BatchCreateOrdersV2Request> {}

/**
 * A batch leg the exchange refused: its `error`, the other fields absent.
 *
 * @since 0.1.0
 */
export const BatchEntryFailure = Schema.Struct({
  order_id: optionalNullable(Schema.String),
  client_order_id: optionalNullable(Schema.String),
  error: ErrorBody
})

/**
 * @since 0.1.0
 */
export interface BatchEntryFailure extends Schema.Schema.Type<typeof BatchEntryFailure> {}

/** A batch entry that succeeded: the single-order result, with no `error` (absent or `null` on the wire). */
const batchSuccess = <Fields extends Schema.Struct.Fields>(result: Schema.Struct<Fields>) =>
  Schema.Struct({ ...result.fields, error: optionalNullable(Schema.Never) })

/** A batch response: one entry per input, the failure tried first since only it carries an `error`. */
const batchResponse = <Failure extends Schema.Schema.Any, Success extends Schema.Schema.Any>(
  failure: Failure,
  success: Success
) => Schema.Struct({ orders: arrayOrNull(Schema.Union(failure, success)) })

/**
 * A batch-create leg that was placed.
 *
 * @since 0.1.0
 */
export const BatchCreateOrderV2Success = batchSuccess(CreateOrderV2Response)

/**
 * One entry per leg, in order: a success, or a failure whose `error` is set. Test `entry.error`.
 *
 * @since 0.1.0
 */
export const BatchCreateOrdersV2Response = batchResponse(BatchEntryFailure, BatchCreateOrderV2Success)

/**
 * @since 0.1.0
 */
export interface BatchCreateOrdersV2Response extends Schema.Schema.Type<typeof BatchCreateOrdersV2Response> {}

/**
 * Routing of a single cancel, sent as query parameters.
 *
 * @since 0.1.0
 */
export const CancelOrderV2Params = Schema.Struct({
  subaccount: Schema.optional(Subaccount),
  exchange_index: Schema.optional(ExchangeIndex),
  market_ticker: Schema.optional(NonEmpty)
}).pipe(Schema.filter(autoRouteNeedsTicker))

/**
 * @since 0.1.0
 */
export interface CancelOrderV2Params extends Schema.Schema.Type<typeof CancelOrderV2Params> {}

/**
 * The result of a cancel: how many contracts were canceled.
 *
 * @since 0.1.0
 */
export const CancelOrderV2Response = Schema.Struct({
  order_id: Schema.String,
  client_order_id: optionalNullable(Schema.String),
  reduced_by: FixedPoint.Count,
  ts_ms: Schema.Number
})

/**
 * @since 0.1.0
 */
export interface CancelOrderV2Response extends Schema.Schema.Type<typeof CancelOrderV2Response> {}

/**
 * One order of a batch cancel, with its own routing.
 *
 * @since 0.1.0
 */
export const BatchCancelOrdersV2RequestOrder = Schema.Struct({
  order_id: NonEmpty,
  subaccount: Schema.optional(Subaccount),
  exchange_index: Schema.optional(ExchangeIndex),
  market_ticker: Schema.optional(NonEmpty)
}).pipe(Schema.filter(autoRouteNeedsTicker))

/**
 * @since 0.1.0
 */
export interface BatchCancelOrdersV2RequestOrder extends Schema.Schema.Type<typeof BatchCancelOrdersV2RequestOrder> {}

/**
 * Several cancels in one request (sent as the body of a DELETE).
 *
 * @since 0.1.0
 */
export const BatchCancelOrdersV2Request = Schema.Struct({
  orders: Schema.NonEmptyArray(BatchCancelOrdersV2RequestOrder)
})

/**
 * @since 0.1.0
 */
export interface BatchCancelOrdersV2Request extends Schema.Schema.Type<typeof BatchCancelOrdersV2Request> {}

/**
 * A batch-cancel entry that failed: its `error`, `reduced_by` zero.
 *
 * @since 0.1.0
 */
export const BatchCancelOrderV2Failure = Schema.Struct({
  ...BatchEntryFailure.fields,
  reduced_by: Schema.optional(FixedPoint.Count)
})

/**
 * A batch-cancel entry that canceled its order.
 *
 * @since 0.1.0
 */
export const BatchCancelOrderV2Success = batchSuccess(CancelOrderV2Response)

/**
 * One entry per order, in order: a success, or a failure whose `error` is set. Test `entry.error`.
 *
 * @since 0.1.0
 */
export const BatchCancelOrdersV2Response = batchResponse(BatchCancelOrderV2Failure, BatchCancelOrderV2Success)

/**
 * @since 0.1.0
 */
export interface BatchCancelOrdersV2Response extends Schema.Schema.Type<typeof BatchCancelOrdersV2Response> {}

/**
 * A new price and/or size for a resting order. `count` is the new total: already filled plus the
 * resting remainder wanted. `exchange_index` travels in the body (the spec's routing).
 *
 * @since 0.1.0
 */
export const AmendOrderV2Request = Schema.Struct({
  ticker: NonEmpty,
  side: BookSide,
  price: FixedPoint.PriceRequest,
  count: FixedPoint.CountRequest,
  client_order_id: Schema.optional(NonEmpty),
  updated_client_order_id: Schema.optional(NonEmpty),
  exchange_index: Schema.optional(ExchangeIndex)
})

/**
 * @since 0.1.0
 */
export interface AmendOrderV2Request extends Schema.Schema.Type<typeof AmendOrderV2Request> {}

/**
 * The result of an amend.
 *
 * @since 0.1.0
 */
export const AmendOrderV2Response = Schema.Struct({
  order_id: Schema.String,
  client_order_id: optionalNullable(Schema.String),
  remaining_count: optionalNullable(FixedPoint.Count),
  fill_count: optionalNullable(FixedPoint.Count),
  average_fill_price: optionalNullable(FixedPoint.Dollars),
  average_fee_paid: optionalNullable(FixedPoint.Dollars),
  ts_ms: Schema.Number
})

/**
 * @since 0.1.0
 */
export interface AmendOrderV2Response extends Schema.Schema.Type<typeof AmendOrderV2Response> {}

/**
 * Shrinks a resting order: exactly one of `reduce_by` or `reduce_to`. `exchange_index` travels in the
 * body; `-1` needs `market_ticker`.
 *
 * @since 0.1.0
 */
export const DecreaseOrderV2Request = Schema.Struct({
  reduce_by: Schema.optional(FixedPoint.CountRequest),
  reduce_to: Schema.optional(FixedPoint.CountOrZeroRequest),
  exchange_index: Schema.optional(ExchangeIndex),
  market_ticker: Schema.optional(NonEmpty)
}).pipe(
  Schema.filter((request) =>
    (request.reduce_by === undefined) === (request.reduce_to === undefined)
      ? "exactly one of reduce_by or reduce_to must be set"
      : autoRouteNeedsTicker(request)
  ),
  Schema.annotations({ identifier: "DecreaseOrderV2Request" })
)

/**
 * @since 0.1.0
 */
export interface DecreaseOrderV2Request extends Schema.Schema.Type<typeof DecreaseOrderV2Request> {}

/**
 * The result of a decrease.
 *
 * @since 0.1.0
 */
export const DecreaseOrderV2Response = Schema.Struct({
  order_id: Schema.String,
  client_order_id: optionalNullable(Schema.String),
  remaining_count: FixedPoint.Count,
  ts_ms: Schema.Number
})

/**
 * @since 0.1.0
 */
export interface DecreaseOrderV2Response extends Schema.Schema.Type<typeof DecreaseOrderV2Response> {}

/**
 * An order as the read endpoints return it. Prices are dollars, counts contracts, all `BigDecimal`.
 * `side` / `action` are Kalshi's deprecated direction fields; use `book_side` / `outcome_side`.
 *
 * @since 0.1.0
 */
export const Order = Schema.Struct({
  order_id: Schema.String,
  user_id: optionalNullable(Schema.String),
  client_order_id: optionalNullable(Schema.String),
  ticker: Schema.String,
  outcome_side: optionalNullable(OutcomeSide),
  book_side: optionalNullable(BookSide),
  side: optionalNullable(OutcomeSide),
  action: optionalNullable(Schema.Literal("buy", "sell")),
  type: optionalNullable(Schema.Literal("limit", "market")),
  status: OrderStatus,
  yes_price_dollars: FixedPoint.Dollars,
  no_price_dollars: FixedPoint.Dollars,
  fill_count_fp: FixedPoint.Count,
  remaining_count_fp: FixedPoint.Count,
  initial_count_fp: FixedPoint.Count,
  taker_fees_dollars: optionalNullable(FixedPoint.Dollars),
  maker_fees_dollars: optionalNullable(FixedPoint.Dollars),
  taker_fill_cost_dollars: optionalNullable(FixedPoint.Dollars),
  maker_fill_cost_dollars: optionalNullable(FixedPoint.Dollars),
  expiration_time: optionalNullable(Schema.String),
  created_time: optionalNullable(Schema.String),
  last_update_time: optionalNullable(Schema.String),
  self_trade_prevention_type: optionalNullable(SelfTradePreventionType),
  order_group_id: optionalNullable(Schema.String),
  cancel_order_on_pause: optionalNullable(Schema.Boolean),
  subaccount_number: optionalNullable(Schema.Number),
  exchange_index: optionalNullable(Schema.Number)
})

/**
 * @since 0.1.0
 */
export interface Order extends Schema.Schema.Type<typeof Order> {}

/**
 * One page of orders.
 *
 * @since 0.1.0
 */
export const GetOrdersResponse = Schema.Struct({
  orders: arrayOrNull(Order),
  cursor: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 */
export interface GetOrdersResponse extends Schema.Schema.Type<typeof GetOrdersResponse> {}

const GetOrderResponse = Schema.Struct({ order: Order })

/**
 * Filters of the order list. `min_ts` / `max_ts` bound the creation time in Unix seconds.
 *
 * @since 0.1.0
 */
export const ListOrdersParams = Schema.Struct({
  ticker: Schema.optional(NonEmpty),
  event_ticker: Schema.optional(Schema.Union(NonEmpty, Schema.NonEmptyArray(NonEmpty).pipe(Schema.maxItems(10)))),
  min_ts: Schema.optional(Schema.Int),
  max_ts: Schema.optional(Schema.Int),
  status: Schema.optional(OrderStatus),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  cursor: Schema.optional(WellFormed),
  subaccount: Schema.optional(Subaccount),
  exchange_index: Schema.optional(ShardIndex)
})

/**
 * @since 0.1.0
 */
export interface ListOrdersParams extends Schema.Schema.Type<typeof ListOrdersParams> {}

/**
 * How many contracts rest ahead of an order at its price.
 *
 * @since 0.1.0
 */
export const OrderQueuePosition = Schema.Struct({
  order_id: Schema.String,
  market_ticker: Schema.String,
  queue_position_fp: FixedPoint.Count
})

/**
 * @since 0.1.0
 */
export interface OrderQueuePosition extends Schema.Schema.Type<typeof OrderQueuePosition> {}

const GetOrderQueuePositionsResponse = Schema.Struct({ queue_positions: arrayOrNull(OrderQueuePosition) })
const GetOrderQueuePositionResponse = Schema.Struct({ queue_position_fp: FixedPoint.Count })

/**
 * Filters of the queue positions of resting orders.
 *
 * @since 0.1.0
 */
export const QueuePositionsParams = Schema.Struct({
  market_tickers: Schema.optional(Schema.Union(NonEmpty, Schema.NonEmptyArray(NonEmpty))),
  event_ticker: Schema.optional(NonEmpty),
  subaccount: Schema.optional(Subaccount)
})

/**
 * @since 0.1.0
 */
export interface QueuePositionsParams extends Schema.Schema.Type<typeof QueuePositionsParams> {}

/**
 * Filters of cancel-all: only `subaccount`'s orders when given, every subaccount's otherwise.
 *
 * @since 0.1.0
 */
export const CancelAllParams = Schema.Struct({ subaccount: Schema.optional(Subaccount) })

/**
 * @since 0.1.0
 */
export interface CancelAllParams extends Schema.Schema.Type<typeof CancelAllParams> {}

/**
 * Subaccount routing of amend and decrease: a query parameter (0, the primary account, by default).
 *
 * @since 0.1.0
 */
export const SubaccountParams = Schema.Struct({ subaccount: Schema.optional(Subaccount) })

/**
 * @since 0.1.0
 */
export interface SubaccountParams extends Schema.Schema.Type<typeof SubaccountParams> {}

// ---------------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------------

const eventOrders = "/portfolio/events/orders"
const eventOrder = `${eventOrders}/{order_id}`
const eventOrdersBatched = `${eventOrders}/batched`
const orders = "/portfolio/orders"
const order = `${orders}/{order_id}`

/**
 * A fresh `client_order_id` (a random UUID v4).
 *
 * @since 0.1.0
 */
export const newClientOrderId: Effect.Effect<string> = Effect.sync(() => crypto.randomUUID())

/**
 * Places an order (`POST /portfolio/events/orders`, answers 201). Never retried: on a
 * `TransportError`, look the order up by its `client_order_id` before placing it again. A reused
 * `client_order_id` is a `ConflictError`.
 *
 * @since 0.1.0
 */
export const createV2 = Effect.fn("Orders.createV2")((order: CreateOrderV2Request, options?: RequestOptions) =>
  request({
    method: "POST",
    path: eventOrders,
    body: payload(CreateOrderV2Request, order),
    authenticated: true,
    status: 201,
    response: CreateOrderV2Response,
    expect: { conflict: true }
  }, options)
)

/**
 * Places several orders at once (`POST /portfolio/events/orders/batched`). The call succeeds when the
 * batch was processed; each entry of the result is that leg's success or `error`.
 *
 * @since 0.1.0
 */
export const batchCreateV2 = Effect.fn("Orders.batchCreateV2")((
  batch: BatchCreateOrdersV2Request,
  options?: RequestOptions
) =>
  request({
    method: "POST",
    path: eventOrdersBatched,
    body: payload(BatchCreateOrdersV2Request, batch),
    authenticated: true,
    status: 201,
    response: BatchCreateOrdersV2Response
  }, options)
)

/**
 * Cancels an order (`DELETE /portfolio/events/orders/{order_id}`; routing as query parameters). An
 * unknown, already canceled or filled order is a `NotFoundError`, which the SDK does not swallow. A 204
 * answer (no body) is a `ProtocolError`: the canceled count is part of the contract.
 *
 * @since 0.1.0
 */
export const cancelV2 = Effect.fn("Orders.cancelV2")((
  orderId: string,
  params: CancelOrderV2Params = {},
  options?: RequestOptions
) =>
  request({
    method: "DELETE",
    path: eventOrder,
    pathParams: { order_id: orderId },
    query: payload(CancelOrderV2Params, params),
    authenticated: true,
    status: 200,
    response: CancelOrderV2Response,
    expect: { notFound: true }
  }, options)
)

/**
 * Cancels several orders at once (`DELETE /portfolio/events/orders/batched` with a JSON body). Each
 * entry of the result is that order's success or `error`.
 *
 * @since 0.1.0
 */
export const batchCancelV2 = Effect.fn("Orders.batchCancelV2")((
  batch: BatchCancelOrdersV2Request,
  options?: RequestOptions
) =>
  request({
    method: "DELETE",
    path: eventOrdersBatched,
    body: payload(BatchCancelOrdersV2Request, batch),
    authenticated: true,
    status: 200,
    response: BatchCancelOrdersV2Response
  }, options)
)

/**
 * Cancels every resting order (`DELETE /portfolio/events/orders`, answers 204), of one subaccount when
 * `subaccount` is given. Orders placed in the minute after may be canceled too.
 *
 * @since 0.1.0
 */
export const cancelAll = Effect.fn("Orders.cancelAll")((params: CancelAllParams = {}, options?: RequestOptions) =>
  request({
    method: "DELETE",
    path: eventOrders,
    query: payload(CancelAllParams, params),
    authenticated: true,
    status: 204,
    response: Schema.Void
  }, options)
)

/**
 * Amends an order's price and/or size (`POST /portfolio/events/orders/{order_id}/amend`);
 * `subaccount` is a query parameter, `exchange_index` is in the request.
 *
 * @since 0.1.0
 */
export const amendV2 = Effect.fn("Orders.amendV2")((
  orderId: string,
  amendment: AmendOrderV2Request,
  params: SubaccountParams = {},
  options?: RequestOptions
) =>
  request({
    method: "POST",
    path: `${eventOrder}/amend`,
    pathParams: { order_id: orderId },
    query: payload(SubaccountParams, params),
    body: payload(AmendOrderV2Request, amendment),
    authenticated: true,
    status: 200,
    response: AmendOrderV2Response,
    expect: { notFound: true, conflict: true }
  }, options)
)

/**
 * Decreases a resting order without canceling it (`POST /portfolio/events/orders/{order_id}/decrease`);
 * `subaccount` is a query parameter, `exchange_index` is in the request.
 *
 * @since 0.1.0
 */
export const decreaseV2 = Effect.fn("Orders.decreaseV2")((
  orderId: string,
  decrease: DecreaseOrderV2Request,
  params: SubaccountParams = {},
  options?: RequestOptions
) =>
  request({
    method: "POST",
    path: `${eventOrder}/decrease`,
    pathParams: { order_id: orderId },
    query: payload(SubaccountParams, params),
    body: payload(DecreaseOrderV2Request, decrease),
    authenticated: true,
    status: 200,
    response: DecreaseOrderV2Response,
    expect: { notFound: true }
  }, options)
)

/**
 * One order (`GET /portfolio/orders/{order_id}`). Retries transient failures.
 *
 * @since 0.1.0
 */
export const get = Effect.fn("Orders.get")((orderId: string, options?: RequestOptions) =>
  request({
    method: "GET",
    path: order,
    pathParams: { order_id: orderId },
    authenticated: true,
    status: 200,
    response: GetOrderResponse,
    expect: { notFound: true }
  }, options).pipe(Effect.map((response) => response.order))
)

/**
 * One page of orders (`GET /portfolio/orders`). Pass the returned `cursor` to get the next page.
 *
 * @since 0.1.0
 */
export const list = Effect.fn("Orders.list")((params: ListOrdersParams = {}, options?: RequestOptions) =>
  request({
    method: "GET",
    path: orders,
    query: payload(ListOrdersParams, params),
    authenticated: true,
    status: 200,
    response: GetOrdersResponse
  }, options)
)

/**
 * Every order matching the filters, walking all pages.
 *
 * @since 0.1.0
 */
export const listAll = Pagination.walk(orders, "orders", list)

/**
 * The queue positions of your resting orders (`GET /portfolio/orders/queue_positions`).
 *
 * @since 0.1.0
 */
export const queuePositions = Effect.fn("Orders.queuePositions")((
  params: QueuePositionsParams = {},
  options?: RequestOptions
) =>
  request({
    method: "GET",
    path: `${orders}/queue_positions`,
    query: payload(QueuePositionsParams, params),
    authenticated: true,
    status: 200,
    response: GetOrderQueuePositionsResponse
  }, options).pipe(Effect.map((response) => response.queue_positions))
)

/**
 * How many contracts rest ahead of one order (`GET /portfolio/orders/{order_id}/queue_position`): a
 * bare `BigDecimal`, as the endpoint answers.
 *
 * @since 0.1.0
 */
export const queuePosition = Effect.fn("Orders.queuePosition")((orderId: string, options?: RequestOptions) =>
  request({
    method: "GET",
    path: `${order}/queue_position`,
    pathParams: { order_id: orderId },
    authenticated: true,
    status: 200,
    response: GetOrderQueuePositionResponse,
    expect: { notFound: true }
  }, options).pipe(Effect.map((response) => response.queue_position_fp))
)

/**
 * @deprecated Moved to {@link Portfolio.fills}; this alias logs a warning and will be removed.
 * @since 0.1.0
 */
export const fills = (params?: Portfolio.FillsParams, options?: RequestOptions) =>
  Effect.zipRight(
    Effect.logWarning("Orders.fills is deprecated: use Portfolio.fills"),
    Portfolio.fills(params, options)
  )

/**
 * @deprecated Moved to {@link Portfolio.fillsAll}; this alias logs a warning and will be removed.
 * @since 0.1.0
 */
export const fillsAll = (
  params?: Omit<Portfolio.FillsParams, "cursor">,
  options?: RequestOptions & Pagination.StreamOptions
) =>
  Stream.unwrap(
    Effect.as(
      Effect.logWarning("Orders.fillsAll is deprecated: use Portfolio.fillsAll"),
      Portfolio.fillsAll(params, options)
    )
  )

// ---------------------------------------------------------------------------------------------------
// Legacy intent
// ---------------------------------------------------------------------------------------------------

/**
 * An order intent in the legacy vocabulary of Kalshi's guides: buy or sell, yes or no, and the price
 * of that side in dollars.
 *
 * @since 0.1.0
 */
export interface LegacyIntent {
  readonly action: "buy" | "sell"
  readonly side: "yes" | "no"
  /** The price of `side` in dollars (a no price for `side: "no"`). */
  readonly price: BigDecimal.BigDecimal
}

/**
 * Maps a legacy intent to the V2 book side and yes price: buy yes @ p → bid @ p; sell yes @ p →
 * ask @ p; buy no @ q → ask @ (1 − q); sell no @ q → bid @ (1 − q).
 *
 * @since 0.1.0
 */
export const fromLegacyIntent = (
  intent: LegacyIntent
): { readonly side: BookSide; readonly price: BigDecimal.BigDecimal } => {
  const long = (intent.action === "buy") === (intent.side === "yes")
  const price = intent.side === "yes" ? intent.price : FixedPoint.complement(intent.price)
  return { side: long ? "bid" : "ask", price }
}

// ---------------------------------------------------------------------------------------------------
// Safe write retries (see WriteRetry): find an order by client_order_id; create with safe retries.
// Hand-written: kept apart from the generated endpoints above.
// ---------------------------------------------------------------------------------------------------

/**
 * Filters of {@link findByClientOrderId}: those of {@link list}, without `cursor` and `limit`.
 *
 * @since 0.1.0
 */
export type FindFilters = Omit<ListOrdersParams, "cursor" | "limit">

/**
 * The order with a `client_order_id`, if there is one (`GET /portfolio/orders` cannot filter by it: this
 * walks the pages, 1,000 orders each, and stops at the first match). Narrow the walk with `ticker`
 * and a recent `min_ts`. Orders canceled or executed before Kalshi's historical cutoff are only in
 * `GET /historical/orders` and are not found here. A walk cut short by `maxPages` fails with
 * `PageLimitError`: `None` always means "not in the list".
 *
 * @since 0.1.0
 */
export const findByClientOrderId = Effect.fn("Orders.findByClientOrderId")(function*(
  clientOrderId: string,
  filters: FindFilters = {},
  options?: RequestOptions & Pagination.StreamOptions
) {
  yield* encode(NonEmpty, clientOrderId, "GET", orders)
  return yield* listAll({ ...filters, limit: 1000 }, options).pipe(
    Stream.filter((found) => found.client_order_id === clientOrderId),
    Stream.runHead
  )
})

/**
 * What {@link createV2Safely} did: `Placed` with the create's answer, or `Found` with the order that
 * already had the `client_order_id`.
 *
 * @since 0.1.0
 */
export type CreateV2Outcome = WriteRetry.Outcome<CreateOrderV2Response, Order>

/** Whether a found order is the one a create asked for (same ticker, side, price and count). */
const isSameOrder = (asked: CreateOrderV2Request, found: Order): boolean =>
  found.ticker === asked.ticker &&
  (found.book_side ?? asked.side) === asked.side &&
  BigDecimal.equals(found.yes_price_dollars, asked.price) &&
  BigDecimal.equals(found.initial_count_fp, asked.count)

/**
 * Places an order with safe retries (opt-in; `createV2` itself is never retried). On a transient failure
 * (timeout, dropped connection, 429, 5xx) the same request, with the same `client_order_id`, is sent
 * again; a `409` then means an earlier attempt was accepted, and the order is looked up
 * ({@link findByClientOrderId}, by ticker, created since the call began minus `lookback`) and returned
 * as `Found`. At most one order exists for the `client_order_id`, whatever happens; see
 * {@link WriteRetry} for the exact guarantee.
 *
 * @since 0.1.0
 */
export const createV2Safely = Effect.fn("Orders.createV2Safely")(function*(
  order: CreateOrderV2Request,
  safety: WriteRetry.Options = {},
  options?: RequestOptions
) {
  // Validate first: the lookup below reads the request's fields.
  yield* encode(CreateOrderV2Request, order, "POST", eventOrders)
  const since = yield* Clock.currentTimeMillis
  const lookback = Duration.toMillis(safety.lookback ?? WriteRetry.defaults.lookback)
  return yield* WriteRetry.createSafely({
    create: createV2(order, options),
    find: findByClientOrderId(order.client_order_id, {
      ticker: order.ticker,
      min_ts: Math.max(0, Math.floor((since - lookback) / 1000))
    }, options),
    isSameOrder: (found: Order) => isSameOrder(order, found)
  }, safety)
})
