/**
 * Markets on the wire: public endpoints, never signed.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Markets } from "../../src/index.js"
import * as S from "../support/scripted.js"

const expectUnsigned = (request: S.Recorded) =>
  expect(Object.keys(request.headers).filter((name) => name.startsWith("kalshi-access-"))).toEqual([])

describe("Markets.list", () => {
  it.effect("GETs /markets with the filters in the query, tickers comma-joined, and no signature", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { markets: [S.wireMarket(), S.wireMarket({ ticker: "KXSEN-24-A" })], cursor: "page-2" })
      )
      const page = yield* Markets.list({
        limit: 100,
        cursor: "page-1",
        event_ticker: "KXPRES-24",
        series_ticker: "KXPRES",
        status: "open",
        tickers: ["KXPRES-24-DJT", "KXSEN-24-A"],
        min_created_ts: 1,
        max_created_ts: 2,
        min_updated_ts: 3,
        min_close_ts: 4,
        max_close_ts: 5,
        min_settled_ts: 6,
        max_settled_ts: 7,
        mve_filter: "exclude"
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/markets")
      expect(request.query).toStrictEqual({
        limit: "100",
        cursor: "page-1",
        event_ticker: "KXPRES-24",
        series_ticker: "KXPRES",
        status: "open",
        tickers: "KXPRES-24-DJT,KXSEN-24-A",
        min_created_ts: "1",
        max_created_ts: "2",
        min_updated_ts: "3",
        min_close_ts: "4",
        max_close_ts: "5",
        min_settled_ts: "6",
        max_settled_ts: "7",
        mve_filter: "exclude"
      })
      expect(request.queryEntries.filter(([k]) => k === "tickers")).toHaveLength(1)
      expect(request.body).toBeUndefined()
      expectUnsigned(request)
      expect(page.markets.map((m) => m.ticker)).toEqual(["KXPRES-24-DJT", "KXSEN-24-A"])
      expect(page.cursor).toBe("page-2")
      const [first] = page.markets
      S.expectDecimal(first?.yes_bid_dollars, "0.55")
      S.expectDecimal(first?.volume_fp, "1234")
      expect(first?.price_ranges).toHaveLength(1)
      S.expectDecimal(first?.price_ranges[0]?.step, "0.01")
    }).pipe(Effect.provide(S.layer())))

  it.effect("takes a single ticker as a string and passes extra headers through", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [] }))
      yield* Markets.list({ tickers: "KXPRES-24-DJT" }, { headers: { "x-trace": "t-1" } })
      const request = yield* S.onlyRequest
      expect(request.query).toStrictEqual({ tickers: "KXPRES-24-DJT" })
      expect(request.headers["x-trace"]).toBe("t-1")
      expectUnsigned(request)
    }).pipe(Effect.provide(S.layer())))
})

describe("Markets.get", () => {
  it.effect("GETs /markets/{ticker} without a signature and returns the market itself", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { market: S.wireMarket() }))
      const market = yield* Markets.get("KXPRES-24-DJT")
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/markets/KXPRES-24-DJT")
      expectUnsigned(request)
      expect(market.ticker).toBe("KXPRES-24-DJT")
      expect(market.event_ticker).toBe("KXPRES-24")
      expect(market.status).toBe("active")
    }).pipe(Effect.provide(S.layer())))

  it.effect("works without credentials", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { market: S.wireMarket() }))
      yield* Markets.get("KXPRES-24-DJT")
      expectUnsigned(yield* S.onlyRequest)
    }).pipe(Effect.provide(S.layer({ credentials: undefined }))))
})
