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
import * as Schema from "effect/Schema"

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
 * Why a response broke the protocol:
 *
 * - `unexpected_status`: a status the endpoint does not document (a 404 or 409 where none is declared, a
 *   1xx, another 2xx than the one promised);
 * - `no_content`: no body (a 204, or an empty 2xx) where the endpoint promises one;
 * - `undecodable`: the body is not JSON, or not of the documented shape;
 * - `error_in_success`: a success status whose body carries an `error`;
 * - `redirect`: a 3xx (or a browser's opaque redirect): the SDK never follows one, since the signing
 *   headers would go with it;
 * - `body_too_large`: the body is longer than the client's `maxResponseBytes` (announced by
 *   `Content-Length` or found while reading; the rest is never read);
 * - `cursor_cycle`: a paginated list handed back a cursor it had already given.
 *
 * @since 0.1.0
 */
export const ProtocolReason = Schema.Literal(
  "unexpected_status",
  "no_content",
  "undecodable",
  "error_in_success",
  "redirect",
  "body_too_large",
  "cursor_cycle"
)

/**
 * @since 0.1.0
 */
export type ProtocolReason = typeof ProtocolReason.Type

/**
 * The exchange answered something the API does not promise; `reason` says what (see
 * {@link ProtocolReason}). The message quotes at most a short excerpt of what was received.
 *
 * @since 0.1.0
 */
export class ProtocolError extends Schema.TaggedError<ProtocolError>()("ProtocolError", {
  ...fields,
  reason: ProtocolReason
}) {}

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
 * What went wrong below HTTP, as far as the transport's error tells:
 *
 * - `timeout`: the client's per-attempt timeout passed, or the transport's own connect / header / body
 *   timeout fired;
 * - `connection_refused`: nothing listens at the address (`ECONNREFUSED`);
 * - `dns`: the host name did not resolve (`ENOTFOUND`, `EAI_AGAIN`);
 * - `connection_reset`: the connection was closed or reset mid-request (`ECONNRESET`, `EPIPE`, a socket
 *   closed by the peer);
 * - `tls`: the TLS handshake or the certificate check failed;
 * - `invalid_request`: the transport could not build the request (an unusable URL or body);
 * - `other`: anything else, a bug in a transport included; the message names the error's class and code.
 *
 * @since 0.1.0
 */
export const TransportReason = Schema.Literal(
  "timeout",
  "connection_refused",
  "dns",
  "connection_reset",
  "tls",
  "invalid_request",
  "other"
)

/**
 * @since 0.1.0
 */
export type TransportReason = typeof TransportReason.Type

/**
 * The request did not complete: the connection failed or dropped, or the per-request timeout passed;
 * `reason` tells which (see {@link TransportReason}), and the message carries the transport's error code
 * and a short excerpt of its message. For a write, the order may or may not have reached the exchange:
 * look it up by `client_order_id` (`Orders.findByClientOrderId`), or place it with
 * `Orders.createV2Safely`.
 *
 * @since 0.1.0
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  ...fields,
  reason: TransportReason
}) {}

/**
 * A `…All` stream reached its page cap (`maxPages`) while the exchange still had more pages: the items
 * streamed so far are not the whole list. Raise the cap, or narrow the filters.
 *
 * @since 0.1.0
 */
export class PageLimitError extends Schema.TaggedError<PageLimitError>()("PageLimitError", {
  message: Schema.String,
  /** The cap that was reached. */
  maxPages: Schema.Number,
  /** The path of the list (`"/portfolio/orders"`). */
  path: Schema.String
}) {}

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
