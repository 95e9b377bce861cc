/**
 * The Node entry point of effect-kalshi (`effect-kalshi/node`): layers over Node's undici transport, the `ws`
 * package and the file system. Needs `@effect/platform-node` (and `ws` for the WebSocket client).
 *
 * @since 0.1.0
 */

/**
 * The client over undici, configured from options or the standard `KALSHI_*` variables.
 *
 * @since 0.1.0
 */
export * as NodeKalshiClient from "./NodeKalshiClient.js"

/**
 * The WebSocket client over the `ws` package.
 *
 * @since 0.1.0
 */
export * as NodeKalshiWebSocket from "./NodeKalshiWebSocket.js"

/**
 * Signing with `node:crypto` (the Node layers above use it).
 *
 * @since 0.1.0
 */
export * as NodeSigner from "./NodeSigner.js"
