import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { EmbeddedExchange } from "../../src/testing.js"
import {
  B535,
  bookOf,
  call,
  CLOSED,
  order,
  type OrderWire,
  place,
  placeOk,
  T55,
  type Trader,
  trader,
  withExchange
} from "./support.js"

const expectRefused = (who: Trader, fields: Record<string, unknown>, code: string) =>
  Effect.gen(function*() {
    const reply = yield* place(who, fields)
    expect(reply.status, JSON.stringify(fields)).toBe(400)
    expect(reply.body).toEqual({ code, message: expect.any(String), details: expect.any(String) })
  })

describe("validation", () => {
  it.effect("prices must be fixed-point strings with 2 to 4 decimals on the market's grid", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      for (const price of [0.3, "0.3", "0.30000", ".30", "0,30", "-0.30", "", "abc"]) {
        yield* expectRefused(alice, { price }, "invalid_parameters")
      }
      for (const price of ["0.305", "0.3050", "1.00", "0.00", "0.9950"]) {
        yield* expectRefused(alice, { price }, "invalid_price")
      }
      // The tapered grid: thousandths in the tails, cents in the middle.
      yield* expectRefused(alice, { ticker: B535, price: "0.0455" }, "invalid_price")
      yield* expectRefused(alice, { ticker: B535, price: "0.505" }, "invalid_price")
      for (const price of ["0.045", "0.0450", "0.50", "0.995"]) {
        const side = price === "0.995" ? "ask" : "bid"
        expect((yield* place(alice, { ticker: B535, price, side, count: "1" })).status, price).toBe(201)
      }
      expect((yield* place(alice, { price: "0.30" })).status).toBe(201)
      expect((yield* place(alice, { price: "0.3000" })).status).toBe(201)
    }).pipe(withExchange()))

  it.effect("counts must be positive fixed-point strings with at most 2 decimals", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      for (const count of [10, "0", "0.00", "-1", "1.234", "1e3", "ten", ""]) {
        yield* expectRefused(alice, { count, price: "0.30" }, "invalid_parameters")
      }
      const fractional = yield* placeOk(alice, { count: "2.5", price: "0.30" })
      expect(fractional.remaining_count).toBe("2.50")
      expect((yield* placeOk(alice, { count: "3.75", price: "0.30" })).remaining_count).toBe("3.75")
    }).pipe(withExchange()))

  it.effect("bodies reject unknown fields, missing fields and wrong types", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* expectRefused(alice, { colour: "blue" }, "invalid_parameters")
      yield* expectRefused(alice, { side: "buy" }, "invalid_parameters")
      yield* expectRefused(alice, { side: undefined }, "invalid_parameters")
      yield* expectRefused(alice, { time_in_force: "gtc" }, "invalid_parameters")
      yield* expectRefused(alice, { self_trade_prevention_type: undefined }, "invalid_parameters")
      yield* expectRefused(alice, { post_only: "yes" }, "invalid_parameters")
      yield* expectRefused(alice, { subaccount: 64 }, "invalid_parameters")
      yield* expectRefused(alice, { expiration_time: 1.5 }, "invalid_parameters")
      yield* expectRefused(alice, { ticker: "" }, "invalid_parameters")
      expect((yield* place(alice, { price: "0.30", post_only: null, expiration_time: null })).status).toBe(201)
    }).pipe(withExchange()))

  it.effect("bad JSON is a 400", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      const timestamp = String(yield* Clock.currentTimeMillis)
      const path = "/trade-api/v2/portfolio/events/orders"
      const response = yield* HttpClient.execute(
        HttpClientRequest.post(`${EmbeddedExchange.baseUrl}/portfolio/events/orders`).pipe(
          HttpClientRequest.setHeaders({
            "KALSHI-ACCESS-KEY": alice.keyId,
            "KALSHI-ACCESS-TIMESTAMP": timestamp,
            "KALSHI-ACCESS-SIGNATURE": alice.sign(`${timestamp}POST${path}`)
          }),
          HttpClientRequest.bodyText("{\"ticker\": \"KXHIGHNY-26NOV21-T55\", ", "application/json")
        )
      )
      expect(response.status).toBe(400)
      expect(yield* response.json).toMatchObject({ code: "invalid_parameters" })
      expect(yield* exchange.requestCount).toBe(1)
    }).pipe(withExchange()))

  it.effect("markets must exist and be open", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* expectRefused(alice, { ticker: "KXNOPE-26NOV21-T1" }, "market_not_found")
      yield* expectRefused(alice, { ticker: CLOSED, price: "0.30" }, "market_closed")
      yield* expectRefused(alice, { order_group_id: "group-1" }, "order_group_not_found")
      const orders = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(alice, "GET", "/portfolio/orders")
      expect(orders.body.orders).toEqual([])
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.44", "150"])
    }).pipe(withExchange()))

  it.effect("unknown routes are 404 with Kalshi's error body", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const reply = yield* call(alice, "GET", "/portfolio/nothing-here")
      expect(reply.status).toBe(404)
      expect(reply.body.code).toBe("not_found")
      expect((yield* call(alice, "POST", "/portfolio/orders", order())).status).toBe(404)
    }).pipe(withExchange()))
})
