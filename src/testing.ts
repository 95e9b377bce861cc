/**
 * Test support for effect-kalshi: an embedded Kalshi exchange to run trading code against, in memory
 * (`EmbeddedExchange.layerInMemory`), with `effect` and `@effect/platform` only. The loopback HTTP server
 * (`EmbeddedExchangeServer`) needs Node and lives in `effect-kalshi/testing/node`.
 *
 * @since 0.1.0
 */

/**
 * The in-process Kalshi exchange: service, layers, in-memory `HttpClient`, credentials, faults, inspection.
 *
 * @since 0.1.0
 */
export * as EmbeddedExchange from "./exchange/EmbeddedExchange.js"

/**
 * The embedded exchange's WebSocket endpoint: in-memory connector, trader layers, streaming faults.
 *
 * @since 0.1.0
 */
export * as EmbeddedExchangeWebSocket from "./exchange/EmbeddedExchangeWebSocket.js"
