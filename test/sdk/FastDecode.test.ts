/**
 * The compiled fast decoder of the REST response models agrees with each schema's own decoder: valid
 * pages decode to the same value (keys in the same order), and a page the schema refuses makes the fast
 * path miss (so the schema's decoder runs and reports the error).
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, BigDecimal, Either, FastCheck, Option, Schema } from "effect"
import * as Models from "../../src/generated/models.js"
import { decodeFast } from "../../src/internal/fastDecode.js"
import * as S from "../support/scripted.js"

/** BigDecimals as strings and objects as key/value lists, so that two decodes compare by value and order. */
const canonical = (u: unknown): unknown =>
  BigDecimal.isBigDecimal(u)
    ? `bd:${BigDecimal.format(u)}`
    : Array.isArray(u)
    ? u.map(canonical)
    : typeof u === "object" && u !== null
    ? Object.entries(u).map(([key, value]) => [key, canonical(value)])
    : u

/** Checks one input: the fast path either misses or gives exactly what the schema's decoder gives. */
const agrees = (schema: Schema.Schema.AnyNoContext, input: unknown): boolean => {
  const expected = Schema.decodeUnknownEither(schema)(input)
  const fast = decodeFast(schema, input)
  if (Either.isLeft(expected)) {
    expect(Option.isNone(fast)).toBe(true)
    return false
  }
  if (Option.isSome(fast)) expect(canonical(fast.value)).toEqual(canonical(expected.right))
  return Option.isSome(fast)
}

const anyValue = FastCheck.oneof(
  FastCheck.string(),
  FastCheck.integer(),
  FastCheck.boolean(),
  FastCheck.constant(null),
  FastCheck.constant(undefined),
  FastCheck.constant([]),
  FastCheck.constant({}),
  FastCheck.constantFrom("0.56", "-54.00", "1e3", "", ".5", "1.", "yes", "__proto__")
)

/** A wire object with some fields replaced by anything, some removed, and unknown ones added. */
const mutated = (base: Record<string, unknown>) =>
  FastCheck.tuple(
    FastCheck.subarray(Object.keys(base)),
    FastCheck.subarray(Object.keys(base), { maxLength: 2 }),
    FastCheck.array(anyValue, { minLength: 1, maxLength: 30 }),
    FastCheck.dictionary(FastCheck.string(), anyValue, { maxKeys: 2 })
  ).map(([replaced, removed, values, extra]) => {
    const out: Record<string, unknown> = { ...extra, ...base }
    replaced.forEach((key, n) => (out[key] = values[n % values.length]))
    for (const key of removed) delete out[key]
    return out
  })

describe("the fast decoder of the REST models", () => {
  it("agrees with the schema on mutated order and market pages", () => {
    let fast = 0
    let runs = 0
    const page = (key: string, item: FastCheck.Arbitrary<Record<string, unknown>>) =>
      FastCheck.record({ [key]: FastCheck.oneof(FastCheck.array(item, { maxLength: 3 }), anyValue), cursor: anyValue })
    const cases = [
      [
        Models.GetOrdersResponse,
        page("orders", FastCheck.oneof(FastCheck.constant(S.wireOrder()), mutated(S.wireOrder())))
      ],
      [
        Models.GetMarketsResponse,
        page("markets", FastCheck.oneof(FastCheck.constant(S.wireMarket()), mutated(S.wireMarket())))
      ]
    ] as const
    for (const [schema, arbitrary] of cases) {
      FastCheck.assert(
        FastCheck.property(arbitrary, (input) => {
          runs++
          if (agrees(schema, input)) fast++
        }),
        { numRuns: 1500 }
      )
    }
    // Both paths were exercised.
    expect(fast).toBeGreaterThan(300)
    expect(fast).toBeLessThan(runs)
  })

  const responses = Object.entries(Models).filter(([name, value]) =>
    name.endsWith("Response") && Schema.isSchema(value)
  ) as Array<[string, Schema.Schema.AnyNoContext]>

  it("decodes valid values of every response model exactly as the schema does", () => {
    expect(responses.length).toBeGreaterThan(20)
    let valid = 0
    let fast = 0
    for (const [, schema] of responses) {
      const encode = Schema.encodeUnknownEither(schema)
      FastCheck.assert(
        FastCheck.property(Arbitrary.make(schema), (value) => {
          const wire = encode(value)
          // Values the arbitrary builds but the wire cannot carry (odd BigDecimals) are not inputs.
          if (Either.isLeft(wire)) return
          const input = JSON.parse(JSON.stringify(wire.right))
          if (Either.isRight(Schema.decodeUnknownEither(schema)(input))) valid++
          if (agrees(schema, input)) fast++
        }),
        { numRuns: 30 }
      )
    }
    // Every valid value took the fast path.
    expect(valid).toBeGreaterThan(500)
    expect(fast).toBe(valid)
  })
})

describe("fixed-point values on the fast path", () => {
  const page = (prices: ReadonlyArray<string>) => ({
    orders: prices.map((price) => S.wireOrder({ yes_price_dollars: price })),
    cursor: ""
  })
  const decodedPrices = (prices: ReadonlyArray<string>) => {
    const decoded = decodeFast(Models.GetOrdersResponse, page(prices))
    if (Option.isNone(decoded)) throw new Error("the fast path missed a valid page")
    return (decoded.value as Models.GetOrdersResponse).orders.map((order) => order.yes_price_dollars)
  }

  it("equal texts share one BigDecimal (immutable), different texts do not", () => {
    const [a, b, c] = decodedPrices(["0.5600", "0.5600", "0.4400"])
    expect(a).toBe(b)
    expect(a).not.toBe(c)
    expect(BigDecimal.format(a!)).toBe("0.56")
    expect(BigDecimal.format(c!)).toBe("0.44")
  })

  it("stay exact when far more distinct values pass than are remembered", () => {
    const prices = Array.from({ length: 10_000 }, (_, i) => (i / 10_000).toFixed(4))
    for (const round of [0, 1]) {
      const decoded = decodedPrices(prices)
      decoded.forEach((value, i) =>
        expect(BigDecimal.format(value), `round ${round}, ${prices[i]}`).toBe(
          BigDecimal.format(BigDecimal.unsafeFromString(prices[i]!))
        )
      )
    }
  })
})
