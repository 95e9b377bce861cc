/**
 * The typed errors of effect-kalshi.
 *
 * Every endpoint names in its error channel exactly which of these it can raise, so
 * `Effect.catchTag("NotFoundError", …)` recovers from one kind and leaves the rest. Each error carries
 * the HTTP status, Kalshi's `code` / `message` / `details` when the exchange sent them, and the method
 * and path of the request: never headers, keys or request bodies.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const fields = {
  /** What went wrong, in a sentence. */
  message: Schema.String,
  /** The HTTP status of the response, when there was one. */
  status: Schema.optional(Schema.Number),
  /** Kalshi's error code (`"order_already_exists"`, …), when the exchange sent one. */
  code: Schema.optional(Schema.String),
  /** Kalshi's error details, when the exchange sent them. */
  details: Schema.optional(Schema.String),
  /** The HTTP method of the request (`"POST"`). */
  method: Schema.optional(Schema.String),
  /** The path of the request under the API root (`"/portfolio/events/orders"`), without the query. */
  path: Schema.optional(Schema.String)
}

/**
 * The resource does not exist (HTTP 404): an unknown market or order, or an order that is already
 * canceled or fully filled when cancelling. The SDK never swallows it.
 *
 * @since 0.1.0
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", fields) {}

/**
 * The request is invalid: rejected by the SDK before anything was sent (schema and rule failures), or
 * by the exchange (HTTP 400 / 422).
 *
 * @since 0.1.0
 */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", fields) {}

/**
 * The exchange answered something the API does not promise: an unexpected status (such as 204 where a
 * body is due), an undecodable or mis-shaped body, or a success body that carries an `error`.
 *
 * @since 0.1.0
 */
export class ProtocolError extends Schema.TaggedError<ProtocolError>()("ProtocolError", fields) {}

/**
 * The request was not authenticated or not allowed (HTTP 401 / 403), or it needs credentials and none
 * are configured (raised before sending).
 *
 * @since 0.1.0
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()("AuthenticationError", fields) {}

/**
 * The request conflicts with the exchange's state (HTTP 409), for example a reused `client_order_id`.
 *
 * @since 0.1.0
 */
export class ConflictError extends Schema.TaggedError<ConflictError>()("ConflictError", fields) {}

/**
 * The rate limit was hit: the exchange answered HTTP 429 (reads retry it with backoff before it reaches you;
 * writes never do), or, with `local: true`, the client's own rate limiter refused to send the request (it
 * would have waited longer than allowed, or it can never fit its bucket). A local refusal sent nothing and
 * is not retried.
 *
 * @since 0.1.0
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>()("RateLimitError", {
  ...fields,
  /** `true` when the client's rate limiter refused the request before sending it. */
  local: Schema.optional(Schema.Boolean)
}) {}

/**
 * The exchange failed (HTTP 5xx). Reads retry it with backoff before it reaches you; writes never do.
 *
 * @since 0.1.0
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", fields) {}

/**
 * The request did not complete: the connection failed or dropped, or the per-request timeout passed.
 * For a write, the order may or may not have reached the exchange: look it up by `client_order_id`.
 *
 * @since 0.1.0
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", fields) {}

/**
 * A private key could not be used for signing: not PEM, encrypted, or of an unsupported type.
 *
 * @since 0.1.0
 */
export class InvalidKeyError extends Schema.TaggedError<InvalidKeyError>()("InvalidKeyError", {
  message: Schema.String
}) {}

/**
 * The errors every API call can raise.
 *
 * @since 0.1.0
 */
export type CommonError =
  | ValidationError
  | ProtocolError
  | AuthenticationError
  | RateLimitError
  | ServerError
  | TransportError

/**
 * Any error an API call can raise.
 *
 * @since 0.1.0
 */
export type KalshiError = CommonError | NotFoundError | ConflictError

/**
 * The errors a read retries before giving up: the exchange's rate limits (not the client's own refusals),
 * server failures and transport failures.
 *
 * @since 0.1.0
 */
export const isTransient = (error: KalshiError): error is RateLimitError | ServerError | TransportError =>
  (error._tag === "RateLimitError" && error.local !== true) || error._tag === "ServerError" ||
  error._tag === "TransportError"
