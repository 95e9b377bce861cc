/**
 * The exchange's failures. `ExchangeError` becomes Kalshi's `{code, message, details}` body; the other two are
 * signals for the transports.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * A request the embedded exchange refused, with the HTTP status and Kalshi's error body fields.
 *
 * @since 0.1.0
 */
export class ExchangeError extends Schema.TaggedError<ExchangeError>()("ExchangeError", {
  status: Schema.Number,
  code: Schema.String,
  message: Schema.String,
  details: Schema.String
}) {}

/**
 * Raised by the exchange's app when a `DropConnection` fault fires: each transport turns it into a dropped
 * connection (a destroyed socket on the loopback server, a transport `RequestError` in the in-memory client).
 *
 * @since 0.1.0
 */
export class ConnectionDropped extends Schema.TaggedError<ConnectionDropped>()("ConnectionDropped", {}) {}

/**
 * The PEM given to `registerKey` is not an SPKI RSA or Ed25519 public key.
 *
 * @since 0.1.0
 */
export class InvalidPublicKey extends Schema.TaggedError<InvalidPublicKey>()("InvalidPublicKey", {
  message: Schema.String
}) {}

/** @internal The caller's token bucket cannot pay for the request. */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", {}) {}

const failure = (status: number) => (code: string, message: string, details = ""): ExchangeError =>
  new ExchangeError({ status, code, message, details })

export const badRequest = failure(400)
export const unauthorized = (details: string): ExchangeError =>
  failure(401)("unauthorized", "Authentication failed", details)
export const notFound = failure(404)
export const conflict = failure(409)
