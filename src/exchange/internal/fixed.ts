/**
 * Fixed-point helpers for the embedded exchange: every price, count and dollar amount is a `BigDecimal`.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"

export const zero: BigDecimal.BigDecimal = BigDecimal.fromBigInt(0n)
export const one: BigDecimal.BigDecimal = BigDecimal.fromBigInt(1n)

export const decimal = (value: string): BigDecimal.BigDecimal => BigDecimal.unsafeFromString(value)

/** Formats with exactly `decimals` places (half-even rounding), the way Kalshi's wire strings look. */
export const toFixed = (value: BigDecimal.BigDecimal, decimals: number): string => {
  const scaled = BigDecimal.scale(BigDecimal.round(value, { scale: decimals, mode: "half-even" }), decimals)
  const negative = scaled.value < 0n
  const digits = (negative ? -scaled.value : scaled.value).toString().padStart(decimals + 1, "0")
  const integer = digits.slice(0, digits.length - decimals)
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : ""
  return `${negative ? "-" : ""}${integer}${fraction}`
}

/** Contract counts always go out with 2 decimals: `"10.00"`. */
export const formatCount = (value: BigDecimal.BigDecimal): string => toFixed(value, 2)

/** Prices always go out with 4 decimals: `"0.5600"`. */
export const formatPrice = (value: BigDecimal.BigDecimal): string => toFixed(value, 4)

/** Dollar amounts go out with 4 decimals, or up to 6 when a sub-cent amount needs them. */
export const formatDollars = (value: BigDecimal.BigDecimal): string =>
  toFixed(value, Math.min(6, Math.max(4, BigDecimal.normalize(value).scale)))

/** Whole cents, rounded down: the integer `balance` and `portfolio_value` fields. */
export const toCents = (value: BigDecimal.BigDecimal): number =>
  Number(BigDecimal.scale(BigDecimal.round(value, { scale: 2, mode: "floor" }), 2).value)

export const ceilToCent = (value: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.round(value, { scale: 2, mode: "ceil" })

/** A valid order size: positive, with at most 2 decimals. */
export const isCount = (value: BigDecimal.BigDecimal): boolean =>
  BigDecimal.isPositive(value) && BigDecimal.normalize(value).scale <= 2

export const sum = (values: Iterable<BigDecimal.BigDecimal>): BigDecimal.BigDecimal => {
  let total = zero
  for (const value of values) total = BigDecimal.sum(total, value)
  return total
}

/** `numerator / denominator` rounded to 6 decimals (enough for any wire amount); zero when dividing by zero. */
export const ratio = (numerator: BigDecimal.BigDecimal, denominator: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.isZero(denominator)
    ? zero
    : BigDecimal.round(BigDecimal.unsafeDivide(numerator, denominator), { scale: 6, mode: "half-even" })

/** An integer number of cents as dollars. */
export const fromCents = (cents: number): BigDecimal.BigDecimal => BigDecimal.make(BigInt(cents), 2)
