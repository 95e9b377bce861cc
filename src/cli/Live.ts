/**
 * What the live views (`markets watch`, `portfolio watch-fills`) share: the WebSocket client they run on,
 * configured by the same `KALSHI_*` variables as the rest of the command line, and the option that stops a
 * view after so many items, so that it can be scripted and tested.
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as NodeKalshiWebSocket from "../NodeKalshiWebSocket.js"

/**
 * How many failed connection attempts in a row a live view sits through (about a minute and a half of the
 * client's backoff) before it gives up with a `WebSocketConnectionError`. A connection that drops and comes
 * back within that continues the view (a book says it is resyncing meanwhile).
 *
 * @since 0.1.0
 */
export const maxReconnectAttempts = 8

/**
 * The WebSocket client of the live views: `KALSHI_WS_URL`, or the URL beside `KALSHI_BASE_URL`, or the
 * environment's, signed with the configured key. Built only when a live view runs.
 *
 * @since 0.1.0
 */
export const webSocket = NodeKalshiWebSocket.layerConfig(undefined, {
  reconnect: { maxAttempts: maxReconnectAttempts }
})

/**
 * An option taking a whole number of at least `min` (`--depth 0`, `--updates 2`): anything else is a bad
 * command line, refused with a line naming the option before anything is sent.
 *
 * @since 0.1.0
 */
export const atLeast = (name: string, min: number, description: string): Options.Options<number> =>
  Options.integer(name).pipe(
    Options.filterMap(
      (n) => n >= min ? Option.some(n) : Option.none(),
      `--${name} must be a whole number of at least ${min}`
    ),
    Options.withDescription(description)
  )

/**
 * How many items a live view prints before it stops (`--updates`, `--count`); absent: until interrupted.
 *
 * @since 0.1.0
 */
export const stopAfter = (name: string, description: string): Options.Options<Option.Option<number>> =>
  Options.optional(atLeast(name, 1, description))

/**
 * The first `count` items of a stream when a count is given, all of them otherwise.
 *
 * @since 0.1.0
 */
export const upTo =
  (count: Option.Option<number>) => <A, E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
    Option.match(count, { onNone: () => stream, onSome: (n) => Stream.take(stream, n) })
