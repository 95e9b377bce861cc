/**
 * Node test support for effect-kalshi (`effect-kalshi/testing/node`): the embedded exchange served over
 * real HTTP on 127.0.0.1. Needs `@effect/platform-node`.
 *
 * @since 0.1.0
 */

/**
 * The embedded exchange served on a real HTTP server at 127.0.0.1 (Node).
 *
 * @since 0.1.0
 */
export * as EmbeddedExchangeServer from "../exchange/EmbeddedExchangeServer.js"
