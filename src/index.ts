/**
 * effect-kalshi: a typed, layered Effect SDK for Kalshi's Trade API v2.
 *
 * ```ts
 * import { KalshiClient, Markets, Orders } from "effect-kalshi"
 * ```
 *
 * Each module is a namespace: `Orders.createV2`, `Orders.CreateOrderV2Request`,
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
 * Public market data.
 *
 * @since 0.1.0
 */
export * as Markets from "./Markets.js"

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
 * Cursor pagination as `Stream`.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * Fills and balance.
 *
 * @since 0.1.0
 */
export * as Portfolio from "./Portfolio.js"

/**
 * Request signing (RSA-PSS and Ed25519).
 *
 * @since 0.1.0
 */
export * as Signer from "./Signer.js"

/**
 * The WebSocket API's messages, commands and error codes, as schemas.
 *
 * @since 0.1.0
 */
export * as WebSocketMessages from "./WebSocketMessages.js"
