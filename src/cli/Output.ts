/**
 * What a command prints on stdout: a table for people, or with `--json` one JSON document for scripts,
 * the response encoded by the SDK's own schema, so that prices and counts are strings exactly as Kalshi
 * writes them (`"0.5600"`, `"10.00"`).
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import * as BigDecimal from "effect/BigDecimal"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as FixedPoint from "../FixedPoint.js"

/**
 * The `--json` flag every trading command takes.
 *
 * @since 0.1.0
 */
export const json = Options.boolean("json").pipe(
  Options.withDescription("print one JSON document (Kalshi's wire form: prices and counts as strings)")
)

const emit = (indent: number | undefined) =>
<A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  asJson: boolean,
  text: (wire: I) => string
): Effect.Effect<void> =>
  Schema.encode(schema)(value).pipe(
    Effect.orDie,
    Effect.flatMap((wire) => Console.log(asJson ? JSON.stringify(wire, null, indent) : text(wire)))
  )

/**
 * Prints a value: encoded to its wire form by `schema`, as JSON when `asJson`, otherwise as `table`
 * renders the wire form. A value the SDK decoded always encodes, so a failure here is a defect.
 *
 * @since 0.1.0
 */
export const print: <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  asJson: boolean,
  table: (wire: I) => string
) => Effect.Effect<void> = emit(2)

/**
 * Prints one item of a live view like {@link print}, but as one JSON line when `asJson` (JSON Lines: a
 * script reads the view line by line).
 *
 * @since 0.1.0
 */
export const printLine: <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  asJson: boolean,
  text: (wire: I) => string
) => Effect.Effect<void> = emit(undefined)

/**
 * A time in milliseconds since the epoch as an RFC 3339 string (`ts_ms` fields).
 *
 * @since 0.1.0
 */
export const millisTime = (millis: number): string => new Date(millis).toISOString()

/**
 * A time in seconds since the epoch as an RFC 3339 string (`*_ts` fields).
 *
 * @since 0.1.0
 */
export const secondsTime = (seconds: number): string => millisTime(seconds * 1000)

/**
 * A whole number of cents as an exact dollar amount (`12345` is `"123.45"`); anything else as it is.
 *
 * @since 0.1.0
 */
export const centsAsDollars = (cents: number): string =>
  Number.isSafeInteger(cents) ? FixedPoint.toFixed(BigDecimal.make(BigInt(cents), 2), 2) : String(cents)
