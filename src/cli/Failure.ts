/**
 * How a failed command reports: one line on stderr, `effect-kalshi: …`, never a stack trace for an error
 * the SDK or the command line types, and never a secret (the SDK's errors and configuration errors carry
 * none: they name variables, not values).
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as KalshiError from "../KalshiError.js"
import * as KalshiWebSocket from "../KalshiWebSocket.js"
import * as Table from "./Table.js"

/** The tags of the SDK's errors, REST and WebSocket. */
const kalshiErrors: ReadonlySet<string> = new Set(
  [
    KalshiError.NotFoundError,
    KalshiError.ValidationError,
    KalshiError.ProtocolError,
    KalshiError.AuthenticationError,
    KalshiError.ConflictError,
    KalshiError.RateLimitError,
    KalshiError.ServerError,
    KalshiError.TransportError,
    KalshiError.PageLimitError,
    KalshiError.InvalidKeyError,
    KalshiWebSocket.CommandError,
    KalshiWebSocket.ConnectionError,
    KalshiWebSocket.HandshakeError,
    KalshiWebSocket.MessageError,
    KalshiWebSocket.OverflowError,
    KalshiWebSocket.TimeoutError
  ].map((error) => error._tag)
)

const field = (error: object, key: string): string | number | undefined => {
  const value = (error as Record<string, unknown>)[key]
  return typeof value === "string" || typeof value === "number" ? value : undefined
}

/**
 * An error of the SDK: its tag, message, Kalshi's status, code and details, and the request (a REST
 * method and path, or a WebSocket command and its market).
 */
const kalshiError = (error: object & { readonly _tag: string }): string => {
  const status = [field(error, "status"), field(error, "code")].filter((part) => part !== undefined).join(" ")
  const request = ["method", "path", "command", "market_ticker"].map((key) => field(error, key))
    .filter((part) => part !== undefined).join(" ")
  const details = field(error, "details")
  return [
    `${error._tag}: ${field(error, "message") ?? ""}`,
    details === undefined || details === "" ? "" : `: ${details}`,
    status === "" ? "" : ` [${status}]`,
    request === "" ? "" : ` (${request})`
  ].join("")
}

/** The messages of a configuration error's leaves (`And`/`Or` join several). */
const configMessages = (error: ConfigError.ConfigError): ReadonlyArray<string> =>
  error._op === "And" || error._op === "Or"
    ? [...configMessages(error.left), ...configMessages(error.right)]
    : [error.message]

/**
 * The line that reports a failure, or `None` when @effect/cli already printed it (a bad command line,
 * with its help).
 *
 * @since 0.1.0
 */
export const describe = (error: unknown): Option.Option<string> => {
  if (ValidationError.isValidationError(error)) return Option.none()
  if (ConfigError.isConfigError(error)) return Option.some(`configuration: ${configMessages(error).join("; ")}`)
  if (Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" && kalshiErrors.has(error._tag)) {
    return Option.some(kalshiError(error as object & { readonly _tag: string }))
  }
  if (Predicate.hasProperty(error, "_tag") && error._tag === "QuitException") return Option.some("aborted")
  if (Predicate.hasProperty(error, "message") && typeof error.message === "string") return Option.some(error.message)
  return Option.some(String(error))
}

/**
 * Prints a failed run's line on stderr (an interruption, as by Ctrl-C, prints nothing).
 *
 * @since 0.1.0
 */
export const report = (cause: Cause.Cause<unknown>): Effect.Effect<void> =>
  Cause.isInterruptedOnly(cause) ? Effect.void : Option.match(describe(Cause.squash(cause)), {
    onNone: () => Effect.void,
    onSome: (line) => Console.error(`effect-kalshi: ${Table.inert(line)}`)
  })
