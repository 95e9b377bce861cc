/**
 * The Node entry point of effect-kalshi (`effect-kalshi/node`): layers over Node's undici transport and
 * file system. Needs `@effect/platform-node`.
 *
 * @since 0.1.0
 */

/**
 * The client over undici, configured from options or the standard `KALSHI_*` variables.
 *
 * @since 0.1.0
 */
export * as NodeKalshiClient from "./NodeKalshiClient.js"
