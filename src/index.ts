/**
 * effect-kalshi: a typed, layered Effect SDK for Kalshi's Trade API v2.
 *
 * ```ts
 * import { KalshiClient, Markets, Orders } from "effect-kalshi"
 * ```
 *
 * Each module is a namespace, one per resource of Kalshi's spec: `Orders.createV2`, `Orders.CreateOrderV2Request`,
 * `KalshiClient.layerConfig()`. The embedded exchange for tests lives in `effect-kalshi/testing`, and the
 * Node conveniences in `effect-kalshi/node`.
 *
 * @since 0.1.0
 */

/**
 * Kalshi's fixed-point prices and counts as `BigDecimal`.
 *
 * @since 0.1.0
 */
export * as FixedPoint from "./FixedPoint.js"

/**
 * The client service: configuration, signing, retries, typed errors.
 *
 * @since 0.1.0
 */
export * as KalshiClient from "./KalshiClient.js"

/**
 * Configuration from `Config` and the standard `KALSHI_*` variables.
 *
 * @since 0.1.0
 */
export * as KalshiConfig from "./KalshiConfig.js"

/**
 * The typed errors.
 *
 * @since 0.1.0
 */
export * as KalshiError from "./KalshiError.js"

/**
 * Kalshi's WebSocket API as `Stream`s: subscriptions, reconnects, `seq` checks, fills that survive drops.
 *
 * @since 0.1.0
 */
export * as KalshiWebSocket from "./KalshiWebSocket.js"

/**
 * A local order book from `orderbook_delta`, as a `Stream` of book states.
 *
 * @since 0.1.0
 */
export * as OrderBook from "./OrderBook.js"

/**
 * Orders: create, batch, cancel, amend, decrease, read, queue positions.
 *
 * @since 0.1.0
 */
export * as Orders from "./Orders.js"

/**
 * Your account's API limits, endpoint costs and usage level.
 *
 * @since 0.1.0
 */
export * as Account from "./generated/Account.js"

/**
 * Your API keys: list, create, generate, delete.
 *
 * @since 0.1.0
 */
export * as ApiKeys from "./generated/ApiKeys.js"

/**
 * Requests for quote, quotes and block trades.
 *
 * @since 0.1.0
 */
export * as Communications from "./generated/Communications.js"

/**
 * Events (groups of markets), their metadata, fee changes and candlesticks.
 *
 * @since 0.1.0
 */
export * as Events from "./generated/Events.js"

/**
 * The exchange's status, schedule and user-data timestamp.
 *
 * @since 0.1.0
 */
export * as Exchange from "./generated/Exchange.js"

/**
 * Endpoints for FCM members: subtraders, their orders, positions and caps.
 *
 * @since 0.1.0
 */
export * as Fcm from "./generated/Fcm.js"

/**
 * Archived markets, trades, orders, fills and positions past the historical cutoff.
 *
 * @since 0.1.0
 */
export * as Historical from "./generated/Historical.js"

/**
 * Incentive programs.
 *
 * @since 0.1.0
 */
export * as IncentivePrograms from "./generated/IncentivePrograms.js"

/**
 * Live data of milestones and events (scores, weather indexes).
 *
 * @since 0.1.0
 */
export * as LiveData from "./generated/LiveData.js"

/**
 * Public market data: markets, order books, trades, candlesticks.
 *
 * @since 0.1.0
 */
export * as Markets from "./generated/Markets.js"

/**
 * Milestones (the real-world happenings markets follow).
 *
 * @since 0.1.0
 */
export * as Milestones from "./generated/Milestones.js"

/**
 * Multivariate event collections (combos).
 *
 * @since 0.1.0
 */
export * as Multivariate from "./generated/Multivariate.js"

/**
 * Order groups: a contracts limit shared by several orders.
 *
 * @since 0.1.0
 */
export * as OrderGroups from "./generated/OrderGroups.js"

/**
 * Balance, positions, fills, settlements, subaccounts and transfers.
 *
 * @since 0.1.0
 */
export * as Portfolio from "./generated/Portfolio.js"

/**
 * Search filters by sport and tags by category.
 *
 * @since 0.1.0
 */
export * as Search from "./generated/Search.js"

/**
 * Series (templates of recurring events) and their fee changes.
 *
 * @since 0.1.0
 */
export * as Series from "./generated/Series.js"

/**
 * Structured targets (teams, players, places markets refer to).
 *
 * @since 0.1.0
 */
export * as StructuredTargets from "./generated/StructuredTargets.js"

/**
 * Cursor pagination as `Stream`.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * Client-side rate limiting on Kalshi's token buckets.
 *
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.js"

/**
 * Request signing (RSA-PSS and Ed25519).
 *
 * @since 0.1.0
 */
export * as Signer from "./Signer.js"

/**
 * Safe retries of creates keyed by `client_order_id` (`Orders.createV2Safely`): placed or found, never
 * twice.
 *
 * @since 0.1.0
 */
export * as WriteRetry from "./WriteRetry.js"

/**
 * The WebSocket API's messages, commands and error codes, as schemas.
 *
 * @since 0.1.0
 */
export * as WebSocketMessages from "./WebSocketMessages.js"
