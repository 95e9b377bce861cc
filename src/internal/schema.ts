/**
 * Schema shorthands for Kalshi's wire quirks, shared by the generated models and the hand-written ones,
 * and the named request rules every endpoint shares (strings that can be sent, subaccounts, exchange
 * shards, comma-joined lists). The request rules are plain refinements,
 * so that the first broken rule is a `ValidationError` naming the field, before anything is sent.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

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

/** A UTF-16 surrogate without its pair: such a string has no UTF-8 form, so it cannot be sent as it is. */
const loneSurrogate = /\p{Cs}/u

/** Whether a string is well-formed UTF-16 (has a UTF-8 form: no lone surrogate). */
export const isWellFormed = (text: string): boolean => !loneSurrogate.test(text)

/**
 * A string that can be sent: well-formed UTF-16. A lone surrogate would be replaced by U+FFFD on the
 * wire (a different ticker or cursor than the one given) or make URI encoding throw.
 */
export const WellFormed = Schema.String.pipe(
  Schema.filter((text) => isWellFormed(text) || "must be well-formed text (it holds a lone UTF-16 surrogate)"),
  Schema.annotations({ identifier: "WellFormed" })
)

/** A non-empty, well-formed string (tickers, ids). */
export const NonEmpty = WellFormed.pipe(Schema.minLength(1), Schema.annotations({ identifier: "NonEmpty" }))

/** The highest subaccount number: 0 is the primary account, 1–63 the numbered subaccounts (the spec's range). */
export const maxSubaccount = 63

/** A subaccount number, 0–63. */
export const Subaccount = Schema.Int.pipe(
  Schema.filter((n) => (n >= 0 && n <= maxSubaccount) || `subaccount must be within [0, ${maxSubaccount}], got ${n}`),
  Schema.annotations({ identifier: "Subaccount" })
)

/**
 * The highest exchange shard index the SDK sends. The spec types shards as bare integers; Kalshi runs a
 * handful of them (`GET /exchange/status` lists each). 255 leaves ample room for new shards while
 * refusing the garbage (2^31, a timestamp, a negative number) that would otherwise reach the wire.
 */
export const maxShardIndex = 255

const inShardRange = (n: number) => n >= 0 && n <= maxShardIndex

/** An exchange shard, as a filter of the read endpoints: 0–255. */
export const ShardIndex = Schema.Int.pipe(
  Schema.filter((n) =>
    inShardRange(n) || `exchange_index must be a shard index within [0, ${maxShardIndex}], got ${n}`
  ),
  Schema.annotations({ identifier: "ShardIndex" })
)

/** Where a write goes: a shard index (0–255), or -1 to let the exchange route by market ticker. */
export const ExchangeIndex = Schema.Int.pipe(
  Schema.filter((n) =>
    n === -1 || inShardRange(n) ||
    `exchange_index must be -1 (route by ticker) or a shard index within [0, ${maxShardIndex}], got ${n}`
  ),
  Schema.annotations({ identifier: "ExchangeIndex" })
)

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
