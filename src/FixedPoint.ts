/**
 * Kalshi's fixed-point numbers.
 *
 * Prices and money travel as dollar strings (`*_dollars`, `price`: `"0.5600"`) and contract counts as
 * count strings (`*_fp`, `count`: `"10.00"`). In the SDK both are `BigDecimal`: a JS float is never
 * accepted, and nothing is rounded silently.
 *
 * - Response schemas ({@link Dollars}, {@link Count}) accept any decimal string and reject `""`, which
 *   `Schema.BigDecimal` would otherwise read as zero.
 * - Request schemas ({@link PriceRequest}, {@link CountRequest}) validate before anything is sent: prices
 *   within [0, 1] with at most 4 decimals, counts positive with at most 2 decimals. They encode to the
 *   fixed scale Kalshi documents (`"0.5600"`, `"10.00"`).
 * - Both refuse absurd values before any arithmetic: decimal text longer than {@link maxDigits} digits on
 *   either side of the point, and `BigDecimal`s whose scale or digits exceed {@link maxDigits} (or that
 *   are not well-formed at all), so that `1e-100000000` is refused at once instead of being expanded.
 *
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { decodeMiss, FastDecoder } from "./internal/fastDecode.js"

/**
 * The most digits a fixed-point value may have before or after the point, and the largest scale a
 * `BigDecimal` may carry. Kalshi's values need at most a dozen or so; the bound keeps hostile input
 * (a megabyte of digits, an exponent of a hundred million) from costing more than a glance.
 *
 * @since 0.1.0
 */
export const maxDigits = 60

/**
 * Parses a decimal string into a `BigDecimal`, or `None` when it is not one (`""`, `"1e3"`, `"abc"`, more
 * than {@link maxDigits} digits on either side of the point).
 *
 * @since 0.1.0
 */
export const parse = (text: string): Option.Option<BigDecimal.BigDecimal> => {
  const n = parseOrUndefined(text)
  return n === undefined ? Option.none() : Option.some(n)
}

/**
 * {@link parse} without the `Option`: one pass over the characters (this runs for every price and count
 * of every response), building what `BigDecimal.fromString` would: the digits without the point, scaled
 * by the number of decimals.
 */
const parseOrUndefined = (text: string): BigDecimal.BigDecimal | undefined => {
  if (typeof text !== "string") return undefined
  const length = text.length
  const start = text.charCodeAt(0) === 45 ? 1 : 0 // a leading "-"
  let point = -1
  let digits = 0
  let value = 0
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      // One point, with digits on both sides.
      if (point !== -1 || i === start || i === length - 1 || i - start > maxDigits) return undefined
      point = i
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      digits++
    } else {
      return undefined
    }
  }
  const scale = point === -1 ? 0 : length - point - 1
  if (digits === 0 || scale > maxDigits || (point === -1 && digits > maxDigits)) return undefined
  // Up to 15 digits are exact in a double; longer values go through BigInt's own parsing.
  const unscaled = digits <= 15
    ? BigInt(start === 1 ? -value : value)
    : BigInt(point === -1 ? text : text.slice(0, point) + text.slice(point + 1))
  return BigDecimal.make(unscaled, scale)
}

const digitBound = 10n ** BigInt(maxDigits * 2)

/**
 * Whether a value is a well-formed `BigDecimal` of sane size: a `bigint` of at most 2 × {@link maxDigits}
 * digits and an integer scale within ±{@link maxDigits}. Anything else (a forged object with a `NaN` or
 * fractional scale, `1e-100000000`) would make arithmetic on it fail or run for seconds.
 *
 * @since 0.1.0
 */
export const isSane = (n: BigDecimal.BigDecimal): boolean =>
  typeof n.value === "bigint" && Number.isSafeInteger(n.scale) && Math.abs(n.scale) <= maxDigits &&
  n.value < digitBound && n.value > -digitBound

const insane = `must be a BigDecimal of sane size (an integer scale within ±${maxDigits}, at most ${
  maxDigits * 2
} digits)`

/**
 * Parses a decimal string literal into a `BigDecimal`, throwing on anything else. Meant for literals in
 * code (`FixedPoint.unsafeMake("0.56")`); parse user input with {@link parse} or the schemas.
 *
 * @since 0.1.0
 */
export const unsafeMake = (text: string): BigDecimal.BigDecimal =>
  Option.getOrThrowWith(parse(text), () => new RangeError(`not a fixed-point decimal: ${JSON.stringify(text)}`))

/**
 * The number of decimals a value needs once trailing zeros are dropped (`0.5600` needs 2).
 *
 * @since 0.1.0
 */
export const decimals = (n: BigDecimal.BigDecimal): number => Math.max(0, BigDecimal.normalize(n).scale)

/**
 * Formats a value with exactly `digits` decimals (`toFixed(0.56, 4)` is `"0.5600"`). Values with more
 * decimals are rounded half-even, so callers validate the scale first when exactness matters.
 *
 * @since 0.1.0
 */
export const toFixed = (n: BigDecimal.BigDecimal, digits: number): string => {
  const scaled = BigDecimal.round(n, { scale: digits, mode: "half-even" })
  const negative = scaled.value < 0n
  const digitsText = (negative ? -scaled.value : scaled.value).toString().padStart(digits + 1, "0")
  const whole = digitsText.slice(0, digitsText.length - digits)
  const fraction = digitsText.slice(digitsText.length - digits)
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`
}

/**
 * The values the fast decoder met lately, by their text. A page repeats the same prices and counts many times
 * over (`"0.5600"`, `"10.00"`), and a `BigDecimal` is immutable, so equal texts share one value instead of
 * each building an object and a bigint. Bounded: emptied when full.
 */
const recent = new Map<string, BigDecimal.BigDecimal>()
const recentLimit = 4096

const decodeFast = (input: unknown): unknown => {
  if (typeof input !== "string") return decodeMiss
  const known = recent.get(input)
  if (known !== undefined) return known
  const n = parseOrUndefined(input)
  if (n === undefined) return decodeMiss
  if (recent.size >= recentLimit) recent.clear()
  recent.set(input, n)
  return n
}

const fromDecimalString = (digitsOnEncode: number | undefined) =>
  Schema.transformOrFail(Schema.String, Schema.BigDecimalFromSelf, {
    strict: true,
    decode: (text, _, ast) => {
      const n = parse(text)
      return Option.isSome(n)
        ? ParseResult.succeed(n.value)
        : ParseResult.fail(
          new ParseResult.Type(ast, text, `expected a fixed-point decimal string, got ${JSON.stringify(text)}`)
        )
    },
    // At least `digitsOnEncode` decimals, more when the value needs them: encoding never rounds.
    encode: (n) =>
      ParseResult.succeed(
        digitsOnEncode === undefined ? BigDecimal.format(n) : toFixed(n, Math.max(digitsOnEncode, decimals(n)))
      )
  }).annotations({ [FastDecoder]: decodeFast })

/**
 * A dollar amount as Kalshi sends it (`"0.5600"`, `"1234.5"`, up to 6 decimals): decodes to `BigDecimal`.
 *
 * @since 0.1.0
 */
export const Dollars = fromDecimalString(4).annotations({ identifier: "Dollars" })

/**
 * A contract count as Kalshi sends it (`"10.00"`): decodes to `BigDecimal`.
 *
 * @since 0.1.0
 */
export const Count = fromDecimalString(2).annotations({ identifier: "Count" })

const ONE = BigDecimal.fromBigInt(1n)

/**
 * A valid order price: a `BigDecimal` in [0, 1] dollars with at most 4 decimals.
 *
 * @since 0.1.0
 */
export const Price = Schema.BigDecimalFromSelf.pipe(
  Schema.filter((n) =>
    !isSane(n)
      ? `price ${insane}`
      : BigDecimal.isNegative(n) || BigDecimal.greaterThan(n, ONE)
      ? `price must be within [0, 1] dollars, got ${BigDecimal.format(n)}`
      : decimals(n) > 4
      ? `price must have at most 4 decimals, got ${BigDecimal.format(n)}`
      : true
  ),
  Schema.annotations({ identifier: "Price" })
)

const quantity = (allowZero: boolean) =>
  Schema.BigDecimalFromSelf.pipe(
    Schema.filter((n) =>
      !isSane(n)
        ? `count ${insane}`
        : BigDecimal.isNegative(n) || (!allowZero && BigDecimal.isZero(n))
        ? `count must be ${allowZero ? "zero or more" : "positive"}, got ${BigDecimal.format(n)}`
        : decimals(n) > 2
        ? `count must have at most 2 decimals, got ${BigDecimal.format(n)}`
        : true
    )
  )

/**
 * A valid order count: a positive `BigDecimal` with at most 2 decimals.
 *
 * @since 0.1.0
 */
export const Quantity = quantity(false).annotations({ identifier: "Quantity" })

/**
 * The complement of a price, `1 − price`: the no price of a yes price and back.
 *
 * @since 0.1.0
 */
export const complement = (price: BigDecimal.BigDecimal): BigDecimal.BigDecimal => BigDecimal.subtract(ONE, price)

/**
 * A price on a request: a {@link Price}, sent as a 4-decimal dollar string (`"0.5600"`). Each market
 * accepts only the prices on its `price_ranges` grid; the exchange checks that.
 *
 * @since 0.1.0
 */
export const PriceRequest = Schema.compose(fromDecimalString(4), Price)

/**
 * A dollar amount on a request that is not a price (a limit, an allocation): a `BigDecimal` of at least
 * zero with at most 4 decimals, sent as a 4-decimal dollar string.
 *
 * @since 0.1.0
 */
export const DollarsRequest = Schema.compose(
  fromDecimalString(4),
  Schema.BigDecimalFromSelf.pipe(
    Schema.filter((n) =>
      BigDecimal.isNegative(n)
        ? `amount must be zero or more, got ${BigDecimal.format(n)}`
        : decimals(n) > 4
        ? `amount must have at most 4 decimals, got ${BigDecimal.format(n)}`
        : true
    ),
    Schema.annotations({ identifier: "Amount" })
  )
)

/**
 * A contract count on a request: a {@link Quantity}, sent as a 2-decimal count string (`"10.00"`).
 *
 * @since 0.1.0
 */
export const CountRequest = Schema.compose(fromDecimalString(2), Quantity)

/**
 * A contract count on a request that may be zero (`reduce_to: 0` cancels), sent as `"0.00"`.
 *
 * @since 0.1.0
 */
export const CountOrZeroRequest = Schema.compose(
  fromDecimalString(2),
  quantity(true).annotations({ identifier: "QuantityOrZero" })
)
