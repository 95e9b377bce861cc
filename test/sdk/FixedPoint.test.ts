/**
 * Fixed-point helpers and schemas, and the mapping of legacy order intents to V2 book sides.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Either, Option, Schema } from "effect"
import { FixedPoint, Orders } from "../../src/index.js"
import * as S from "../support/scripted.js"

const d = S.dec
const show = (n: BigDecimal.BigDecimal) => BigDecimal.format(BigDecimal.normalize(n))

describe("FixedPoint.parse / unsafeMake", () => {
  it("parses decimal strings exactly", () => {
    for (const text of ["0", "0.56", "0.5600", "10.00", "-0.01", "1234.123456", "007"]) {
      const parsed = FixedPoint.parse(text)
      expect(Option.isSome(parsed), text).toBe(true)
      expect(Option.map(parsed, (n) => BigDecimal.equals(n, BigDecimal.unsafeFromString(text)))).toEqual(
        Option.some(true)
      )
    }
  })

  it("refuses what is not a plain decimal", () => {
    for (const text of ["", " ", "1e3", "abc", ".5", "5.", "+1", "0x10", "1,5", " 0.5", "0.5 ", "NaN", "Infinity"]) {
      expect(Option.isNone(FixedPoint.parse(text)), JSON.stringify(text)).toBe(true)
    }
  })

  it("unsafeMake throws a RangeError on a bad literal", () => {
    expect(show(FixedPoint.unsafeMake("0.56"))).toBe("0.56")
    expect(() => FixedPoint.unsafeMake("")).toThrow(RangeError)
    expect(() => FixedPoint.unsafeMake("1e2")).toThrow(RangeError)
  })
})

describe("FixedPoint.decimals / toFixed / complement", () => {
  it("decimals counts the digits needed once trailing zeros are dropped", () => {
    expect(FixedPoint.decimals(d("0.5600"))).toBe(2)
    expect(FixedPoint.decimals(d("0.0001"))).toBe(4)
    expect(FixedPoint.decimals(d("10.00"))).toBe(0)
    expect(FixedPoint.decimals(d("100"))).toBe(0)
    expect(FixedPoint.decimals(d("1.23456"))).toBe(5)
  })

  it("toFixed pads to exactly the given digits", () => {
    expect(FixedPoint.toFixed(d("0.56"), 4)).toBe("0.5600")
    expect(FixedPoint.toFixed(d("10"), 2)).toBe("10.00")
    expect(FixedPoint.toFixed(d("0"), 2)).toBe("0.00")
    expect(FixedPoint.toFixed(d("0.0001"), 4)).toBe("0.0001")
    expect(FixedPoint.toFixed(d("-0.5"), 2)).toBe("-0.50")
    expect(FixedPoint.toFixed(d("-0.05"), 2)).toBe("-0.05")
    expect(FixedPoint.toFixed(d("12"), 0)).toBe("12")
    expect(FixedPoint.toFixed(d("100000"), 2)).toBe("100000.00")
  })

  it("toFixed rounds half-even when there are more digits", () => {
    expect(FixedPoint.toFixed(d("0.00005"), 4)).toBe("0.0000")
    expect(FixedPoint.toFixed(d("0.00015"), 4)).toBe("0.0002")
    expect(FixedPoint.toFixed(d("0.123456"), 4)).toBe("0.1235")
  })

  it("complement is 1 − price", () => {
    expect(show(FixedPoint.complement(d("0.35")))).toBe("0.65")
    expect(show(FixedPoint.complement(d("0")))).toBe("1")
    expect(show(FixedPoint.complement(d("1")))).toBe("0")
    expect(show(FixedPoint.complement(d("0.0001")))).toBe("0.9999")
  })
})

describe("FixedPoint schemas", () => {
  const decodeDollars = Schema.decodeUnknownEither(FixedPoint.Dollars)
  const decodeCount = Schema.decodeUnknownEither(FixedPoint.Count)

  it("Dollars and Count refuse \"\" instead of reading it as zero", () => {
    expect(Either.isLeft(decodeDollars(""))).toBe(true)
    expect(Either.isLeft(decodeCount(""))).toBe(true)
    expect(Either.isRight(Schema.decodeUnknownEither(Schema.BigDecimal)(""))).toBe(true)
  })

  it("Dollars refuses JS numbers", () => {
    expect(Either.isLeft(decodeDollars(0.56))).toBe(true)
  })

  it("Dollars decodes 6 decimals exactly", () => {
    const decoded = decodeDollars("0.123456")
    expect(Either.map(decoded, (n) => BigDecimal.equals(n, d("0.123456")))).toEqual(Either.right(true))
  })

  it("Dollars keeps the value of a 6-decimal amount when encoded again", () => {
    const value = d("0.123456")
    const encoded = Schema.encodeSync(FixedPoint.Dollars)(value)
    expect(encoded).toBe("0.123456")
    expect(BigDecimal.equals(Schema.decodeSync(FixedPoint.Dollars)(encoded), value)).toBe(true)
    expect(Schema.encodeSync(FixedPoint.Count)(d("1.005"))).toBe("1.005")
  })

  it("Dollars encodes 4 decimals and Count 2", () => {
    expect(Schema.encodeSync(FixedPoint.Dollars)(d("0.56"))).toBe("0.5600")
    expect(Schema.encodeSync(FixedPoint.Count)(d("10"))).toBe("10.00")
  })

  it("PriceRequest accepts [0, 1] with at most 4 decimals and encodes to 4", () => {
    const encode = Schema.encodeEither(FixedPoint.PriceRequest)
    expect(encode(d("0"))).toEqual(Either.right("0.0000"))
    expect(encode(d("1"))).toEqual(Either.right("1.0000"))
    expect(encode(d("0.9999"))).toEqual(Either.right("0.9999"))
    for (const bad of ["1.0001", "-0.0001", "0.00001", "2"]) expect(Either.isLeft(encode(d(bad))), bad).toBe(true)
  })

  it("CountRequest accepts positive counts with at most 2 decimals and encodes to 2", () => {
    const encode = Schema.encodeEither(FixedPoint.CountRequest)
    expect(encode(d("0.01"))).toEqual(Either.right("0.01"))
    expect(encode(d("2.5"))).toEqual(Either.right("2.50"))
    for (const bad of ["0", "-1", "0.001"]) expect(Either.isLeft(encode(d(bad))), bad).toBe(true)
  })

  it("CountOrZeroRequest also accepts zero", () => {
    expect(Schema.encodeEither(FixedPoint.CountOrZeroRequest)(d("0"))).toEqual(Either.right("0.00"))
    expect(Either.isLeft(Schema.encodeEither(FixedPoint.CountOrZeroRequest)(d("-0.01")))).toBe(true)
  })

  it("request schemas also decode wire strings with the same rules", () => {
    const decodePrice = Schema.decodeUnknownEither(FixedPoint.PriceRequest)
    expect(Either.map(decodePrice("0.5600"), show)).toEqual(Either.right("0.56"))
    expect(Either.isLeft(decodePrice("1.5"))).toBe(true)
    expect(Either.isLeft(decodePrice(""))).toBe(true)
  })
})

describe("Orders.fromLegacyIntent", () => {
  const cases = [
    [{ action: "buy", side: "yes", price: "0.65" }, "bid", "0.65"],
    [{ action: "sell", side: "yes", price: "0.65" }, "ask", "0.65"],
    [{ action: "buy", side: "no", price: "0.35" }, "ask", "0.65"],
    [{ action: "sell", side: "no", price: "0.35" }, "bid", "0.65"]
  ] as const
  for (const [intent, side, price] of cases) {
    it(`${intent.action} ${intent.side} @ ${intent.price} → ${side} @ ${price}`, () => {
      const mapped = Orders.fromLegacyIntent({ ...intent, price: d(intent.price) })
      expect(mapped.side).toBe(side)
      expect(show(mapped.price)).toBe(price)
    })
  }

  it("keeps full precision on the complement", () => {
    const mapped = Orders.fromLegacyIntent({ action: "buy", side: "no", price: d("0.0001") })
    expect(mapped).toEqual({ side: "ask", price: expect.anything() })
    expect(show(mapped.price)).toBe("0.9999")
  })
})

describe("Orders.newClientOrderId", () => {
  it.effect("is a fresh UUID v4 each time", () =>
    Effect.gen(function*() {
      const a = yield* Orders.newClientOrderId
      const b = yield* Orders.newClientOrderId
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(a).not.toBe(b)
    }))
})
