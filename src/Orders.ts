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
import type { BigDecimal } from "effect"
import { Effect, Schema, Stream } from "effect"
import * as FixedPoint from "./FixedPoint.js"
import type { BookSide } from "./generated/Orders.js"
import type { CreateOrderV2Request } from "./generated/Orders.js"
import * as Portfolio from "./generated/Portfolio.js"
import type { RequestOptions } from "./internal/endpoint.js"
import type * as Pagination from "./Pagination.js"

export * from "./generated/Orders.js"

/**
 * How long an order stays: `fill_or_kill` (all now or nothing), `immediate_or_cancel` (what fills now,
 * the rest canceled), `good_till_canceled` (rests; with `expiration_time` it expires then).
 *
 * @since 0.1.0
 */
export type TimeInForce = CreateOrderV2Request["time_in_force"]

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
