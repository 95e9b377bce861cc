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
 * The operations and models are generated from Kalshi's spec (`src/generated/Orders.ts`); this module
 * adds what the spec cannot say: a fresh `client_order_id`, the legacy buy/sell vocabulary, and the
 * deprecated fills aliases.
 *
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as FixedPoint from "./FixedPoint.js"
import type {
  BatchCancelOrdersV2Request,
  BookSide,
  CreateOrderV2Response,
  ListOrdersParams,
  Order
} from "./generated/Orders.js"
import { CreateOrderV2Request, createV2, listAll } from "./generated/Orders.js"
import * as Portfolio from "./generated/Portfolio.js"
import type { RequestOptions } from "./internal/endpoint.js"
import { encode } from "./internal/endpoint.js"
import { NonEmpty } from "./internal/schema.js"
import type * as Pagination from "./Pagination.js"
import * as WriteRetry from "./WriteRetry.js"

export * from "./generated/Orders.js"

/**
 * How long an order stays: `fill_or_kill` (all now or nothing), `immediate_or_cancel` (what fills now,
 * the rest canceled), `good_till_canceled` (rests; with `expiration_time` it expires then).
 *
 * @since 0.1.0
 */
export type TimeInForce = CreateOrderV2Request["time_in_force"]

/**
 * One order of a batch cancel, with its own routing.
 *
 * @since 0.1.0
 */
export type BatchCancelOrdersV2RequestOrder = BatchCancelOrdersV2Request["orders"][number]

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
 * A fresh `client_order_id` (a random UUID v4).
 *
 * @since 0.1.0
 */
export const newClientOrderId: Effect.Effect<string> = Effect.sync(() => crypto.randomUUID())

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
  yield* encode(NonEmpty, clientOrderId, "GET", "/portfolio/orders")
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
  yield* encode(CreateOrderV2Request, order, "POST", "/portfolio/events/orders")
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
