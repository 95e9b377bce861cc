/**
 * The WebSocket client's errors (re-exported by `KalshiWebSocket`).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { errorCodes, terminalErrorCodes } from "../WebSocketMessages.js"

/**
 * Kalshi refused a command (`{"type": "error", "msg": {"code": …}}`): `code` is Kalshi's number, `error` its
 * name (`"Market not found"`), `market_ticker` the market concerned when Kalshi says. The codes are in
 * `WebSocketMessages.errorCodes`.
 *
 * @since 0.1.0
 */
export class CommandError extends Schema.TaggedError<CommandError>()("WebSocketCommandError", {
  message: Schema.String,
  /** Kalshi's error code (1–28). */
  code: Schema.Number,
  /** The name of the code, as Kalshi documents it. */
  error: Schema.String,
  /** The command that was refused (`subscribe`, `update_subscription`, …). */
  command: Schema.String,
  market_ticker: Schema.optional(Schema.String),
  market_id: Schema.optional(Schema.String)
}) {
  /** Whether Kalshi ended the subscription (codes 10, 17, 25): it must be made again. */
  get terminal(): boolean {
    return terminalErrorCodes.has(this.code)
  }
}

/** The typed error of a refusal. */
export const commandError = (
  command: string,
  reply: {
    readonly code: number
    readonly msg: string
    readonly market_ticker?: string | undefined
    readonly market_id?: string | undefined
  }
): CommandError =>
  new CommandError({
    message: reply.msg === "" ? `the ${command} command was refused (code ${reply.code})` : reply.msg,
    code: reply.code,
    error: (errorCodes as Record<number, string>)[reply.code] ?? "Unknown error",
    command,
    ...(reply.market_ticker === undefined ? {} : { market_ticker: reply.market_ticker }),
    ...(reply.market_id === undefined ? {} : { market_id: reply.market_id })
  })

/**
 * The connection could not be (re)established within the reconnect policy's attempts, or the client was
 * closed. For a handshake refused with 401 / 403 the error is `KalshiError.AuthenticationError` instead.
 *
 * @since 0.1.0
 */
export class ConnectionError extends Schema.TaggedError<ConnectionError>()("WebSocketConnectionError", {
  message: Schema.String,
  /** The HTTP status of a refused handshake, when there was one. */
  status: Schema.optional(Schema.Number)
}) {}

/**
 * A command got no reply within the command timeout.
 *
 * @since 0.1.0
 */
export class TimeoutError extends Schema.TaggedError<TimeoutError>()("WebSocketTimeoutError", {
  message: Schema.String,
  command: Schema.String
}) {}

/**
 * A data message did not match its channel's schema.
 *
 * @since 0.1.0
 */
export class MessageError extends Schema.TaggedError<MessageError>()("WebSocketMessageError", {
  message: Schema.String,
  /** The message's `type`. */
  type: Schema.String
}) {}

/**
 * A subscription's buffer filled up under the `"fail"` policy: the consumer fell behind.
 *
 * @since 0.1.0
 */
export class OverflowError extends Schema.TaggedError<OverflowError>()("WebSocketOverflowError", {
  message: Schema.String,
  channel: Schema.String
}) {}

/**
 * What opening a WebSocket can fail with: the handshake was refused (`status`) or the connection failed.
 *
 * @since 0.1.0
 */
export class HandshakeError extends Schema.TaggedError<HandshakeError>()("WebSocketHandshakeError", {
  message: Schema.String,
  status: Schema.optional(Schema.Number)
}) {}
