/**
 * Schema shorthands for Kalshi's response quirks.
 *
 * @internal
 */
import { Schema } from "effect"

/** A field the spec marks nullable or that real responses omit: `null` and absence both read as absent. */
export const optionalNullable = <S extends Schema.Schema.All>(schema: S) =>
  Schema.optionalWith(schema, { nullable: true })

/** An array the exchange may send as `null` or leave out: read as empty. */
export const arrayOrNull = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [], nullable: true })

/** A non-negative integer (subaccount numbers, exchange shards as filters). */
export const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/** A non-empty string (tickers, ids). */
export const NonEmpty = Schema.String.pipe(Schema.minLength(1))
