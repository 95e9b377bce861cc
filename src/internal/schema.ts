/**
 * Schema shorthands for Kalshi's wire quirks, shared by the generated models and the hand-written ones.
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

/**
 * A string enum in a response: the documented values are typed, and a value Kalshi adds later still
 * decodes (as a plain string) instead of failing the whole response.
 */
export const openEnum = <const Values extends ReadonlyArray<string>>(
  ..._values: Values
): Schema.Schema<Values[number] | (string & {}), string> => Schema.String

/** A non-negative integer (exchange shards as filters). */
export const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/** A non-empty string (tickers, ids). */
export const NonEmpty = Schema.String.pipe(Schema.minLength(1))

/** A subaccount number: 0 is the primary account, 1–63 the numbered subaccounts. */
export const Subaccount = Schema.Int.pipe(Schema.between(0, 63))

/** An exchange shard: a shard index, or -1 to route by the market's ticker. */
export const ExchangeIndex = Schema.Int.pipe(Schema.greaterThanOrEqualTo(-1))

/** An exchange shard index where routing by ticker is not possible (filters, transfers). */
export const ShardIndex = Schema.Int.pipe(Schema.nonNegative())

/**
 * A parameter Kalshi takes as one comma-separated value: one string, or several (at most `most`), sent
 * joined with commas. None of several values may contain a comma.
 */
export const commaList = (most?: number) => {
  const several = Schema.NonEmptyArray(NonEmpty.pipe(Schema.pattern(/^[^,]*$/)))
  return Schema.transform(
    Schema.String,
    Schema.Union(NonEmpty, most === undefined ? several : several.pipe(Schema.maxItems(most))),
    {
      strict: true,
      decode: (text) => text,
      encode: (value) => typeof value === "string" ? value : value.join(",")
    }
  )
}
