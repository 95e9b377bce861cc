/**
 * Portfolio on the wire: fills and balance.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Portfolio } from "../../src/index.js"
import * as S from "../support/scripted.js"

describe("Portfolio.fills", () => {
  it.effect("GETs /portfolio/fills with every filter in the query, signed", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { fills: [S.wireFill(), S.wireFill({ fill_id: "fill-2", is_taker: false })], cursor: "nxt" })
      )
      const page = yield* Portfolio.fills({
        ticker: "KXPRES-24-DJT",
        order_id: "ord-1",
        min_ts: 1700000000,
        max_ts: 1800000000,
        limit: 200,
        cursor: "cur",
        subaccount: 4,
        exchange_index: 0
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/fills")
      expect(request.query).toStrictEqual({
        ticker: "KXPRES-24-DJT",
        order_id: "ord-1",
        min_ts: "1700000000",
        max_ts: "1800000000",
        limit: "200",
        cursor: "cur",
        subaccount: "4",
        exchange_index: "0"
      })
      expect(request.body).toBeUndefined()
      expect(request.headers["kalshi-access-key"]).toBe(S.keyId)
      expect(request.headers["kalshi-access-signature"]).toBeTypeOf("string")
      expect(page.cursor).toBe("nxt")
      expect(page.fills.map((f) => [f.fill_id, f.is_taker])).toEqual([["fill-1", true], ["fill-2", false]])
      const [fill] = page.fills
      S.expectDecimal(fill?.count_fp, "2")
      S.expectDecimal(fill?.yes_price_dollars, "0.56")
      S.expectDecimal(fill?.no_price_dollars, "0.44")
      S.expectDecimal(fill?.fee_cost, "0.02")
      expect(fill?.book_side).toBe("bid")
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends no query without filters", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { fills: [] }))
      const page = yield* Portfolio.fills()
      expect((yield* S.onlyRequest).url).toBe("https://kalshi.test/trade-api/v2/portfolio/fills")
      expect(page.fills.length).toBe(0)
      expect(page.cursor).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))

  it.effect("logs no deprecation warning (only the Orders aliases do)", () => {
    const logs = S.captureLogs()
    return Effect.gen(function*() {
      yield* S.reply(S.json(200, { fills: [] }))
      yield* Portfolio.fills()
      expect(logs.lines).toEqual([])
    }).pipe(Effect.provide(S.layer()), Effect.provide(logs.layer))
  })
})

describe("Portfolio.balance", () => {
  it.effect("GETs /portfolio/balance, signed, and reads cents and dollars", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        balance: 123456,
        balance_dollars: "1234.560000",
        portfolio_value: 200000,
        updated_ts: 1785585600,
        balance_breakdown: [{ exchange_index: 0, balance: "1000.0000" }, { exchange_index: 1, balance: "234.56" }]
      }))
      const result = yield* Portfolio.balance({ subaccount: 2, exchange_index: 1 })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/balance")
      expect(request.query).toStrictEqual({ subaccount: "2", exchange_index: "1" })
      expect(request.headers["kalshi-access-signature"]).toBeTypeOf("string")
      expect(result.balance).toBe(123456)
      expect(result.portfolio_value).toBe(200000)
      expect(result.updated_ts).toBe(1785585600)
      S.expectDecimal(result.balance_dollars, "1234.56")
      expect(result.balance_breakdown?.map((b) => b.exchange_index)).toEqual([0, 1])
      S.expectDecimal(result.balance_breakdown?.[1]?.balance, "234.56")
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends no query without parameters and reads a balance without breakdown", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { balance: 0, balance_dollars: "0.0000", portfolio_value: 0, updated_ts: 1 }))
      const result = yield* Portfolio.balance()
      expect((yield* S.onlyRequest).url).toBe("https://kalshi.test/trade-api/v2/portfolio/balance")
      expect(result.balance_breakdown).toEqual([])
    }).pipe(Effect.provide(S.layer())))

  it.effect("a balance in cents that is not an integer is a ProtocolError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { balance: 12.5, portfolio_value: 0, updated_ts: 1 }))
      const error = yield* S.failure(Portfolio.balance())
      expect(error._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))
})
