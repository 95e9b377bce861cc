import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { EmbeddedExchange } from "../../src/testing.js"
import { EmbeddedExchangeServer } from "../../src/testing/node.js"
import {
  BaseUrl,
  bookOf,
  call,
  order,
  type OrderWire,
  parseJson,
  place,
  placeOk,
  T55,
  trader,
  withExchange
} from "./support.js"

const { FaultKind } = EmbeddedExchange

const inject = (fault: EmbeddedExchange.Fault) =>
  Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.injectFault(fault))

const requestCount = Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.requestCount)

const expectBroken = (text: string) => expect(() => JSON.parse(text)).toThrow()

/** How a request failed at the transport: the RequestError's reason, or a short note when it did not fail so. */
const transportFailure = <A, E extends { readonly _tag: string }, R>(request: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.either(request), (result) =>
    Either.isRight(result)
      ? "succeeded"
      : result.left._tag === "RequestError" && "reason" in result.left
      ? result.left.reason
      : result.left._tag)

describe("faults through the in-memory client", () => {
  it.effect("Status answers the status with Kalshi's error body, a custom body, or the 429 body", () =>
    Effect.gen(function*() {
      yield* inject({ kind: FaultKind.Status({ status: 503 }) })
      const unavailable = yield* call(undefined, "GET", "/markets")
      expect(unavailable.status).toBe(503)
      expect(unavailable.body).toEqual({ code: "injected_fault", message: "Injected 503 response", details: "" })
      yield* inject({
        kind: FaultKind.Status({ status: 500, body: { code: "internal", message: "boom", details: "x" } })
      })
      expect((yield* call(undefined, "GET", "/markets")).body).toEqual({
        code: "internal",
        message: "boom",
        details: "x"
      })
      yield* inject({ kind: { _tag: "Status", status: 429 } })
      const limited = yield* call(undefined, "GET", "/markets")
      expect([limited.status, limited.text]).toEqual([429, "{\"error\": \"too many requests\"}"])
      expect((yield* call(undefined, "GET", "/markets")).status).toBe(200)
    }).pipe(withExchange()))

  it.effect("Delay waits on the caller's clock, then answers normally", () =>
    Effect.gen(function*() {
      yield* inject({ kind: FaultKind.Delay({ millis: 1000 }) })
      const fiber = yield* Effect.fork(call(undefined, "GET", `/markets/${T55}`))
      yield* TestClock.adjust("999 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 millis")
      const reply = yield* Fiber.join(fiber)
      expect(reply.status).toBe(200)
      expect(reply.text).toContain(T55)
    }).pipe(withExchange()))

  it.effect("MalformedBody, TruncatedBody and NoContent answer broken successes", () =>
    Effect.gen(function*() {
      yield* inject({ kind: FaultKind.MalformedBody() })
      yield* inject({ kind: FaultKind.TruncatedBody() })
      yield* inject({ kind: FaultKind.NoContent() })
      const malformed = yield* call(undefined, "GET", "/markets")
      expect(malformed.status).toBe(200)
      expect(malformed.text.length).toBeGreaterThan(0)
      expectBroken(malformed.text)
      const truncated = yield* call(undefined, "GET", "/markets")
      expect(truncated.status).toBe(200)
      expect(truncated.text.startsWith("{")).toBe(true)
      expectBroken(truncated.text)
      const empty = yield* call(undefined, "GET", "/markets")
      expect([empty.status, empty.text]).toEqual([204, ""])
      expect(parseJson((yield* call(undefined, "GET", "/markets")).text)).toHaveProperty("markets")
    }).pipe(withExchange()))

  it.effect("DropConnection fails the request with a transport RequestError", () =>
    Effect.gen(function*() {
      yield* inject({ kind: FaultKind.DropConnection() })
      expect(yield* transportFailure(call(undefined, "GET", "/markets"))).toBe("Transport")
      expect((yield* call(undefined, "GET", "/markets")).status).toBe(200)
    }).pipe(withExchange()))

  it.effect("faults match method and path (prefix or RegExp under /trade-api/v2) for `count` requests", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* inject({ count: 2, route: { method: "GET", path: "/markets" }, kind: FaultKind.Status({ status: 502 }) })
      yield* inject({ route: { path: /^\/portfolio\/orders\/[^/]+$/ }, kind: FaultKind.NoContent() })
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/orders")).status).toBe(200)
      expect((yield* call(alice, "GET", `/markets/${T55}`)).status).toBe(502)
      expect((yield* call(alice, "GET", "/markets?limit=1")).status).toBe(502)
      expect((yield* call(alice, "GET", "/markets")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/orders/some-id")).status).toBe(204)
      expect((yield* call(alice, "GET", "/portfolio/orders/some-id")).status).toBe(404)
      yield* inject({ count: 5, kind: FaultKind.Status({ status: 500 }) })
      yield* Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.clearFaults)
      expect((yield* call(alice, "GET", "/markets")).status).toBe(200)
    }).pipe(withExchange()))

  it.effect("faults strike before any state change; the exchange counts every request it receives", () =>
    Effect.gen(function*() {
      expect(yield* requestCount).toBe(0)
      const alice = yield* trader()
      expect(yield* requestCount).toBe(0)
      const body = order({ client_order_id: "retry-me" })
      yield* inject({ route: { method: "POST" }, kind: FaultKind.Status({ status: 500 }) })
      yield* inject({ route: { method: "POST" }, kind: FaultKind.DropConnection() })
      expect((yield* call(alice, "POST", "/portfolio/events/orders", body)).status).toBe(500)
      expect(yield* transportFailure(call(alice, "POST", "/portfolio/events/orders", body))).toBe("Transport")
      const orders = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(alice, "GET", "/portfolio/orders")
      expect(orders.body.orders).toEqual([])
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.44", "150"])
      // The client_order_id was never used, so the retry goes through.
      expect((yield* call(alice, "POST", "/portfolio/events/orders", body)).status).toBe(201)
      expect(yield* requestCount).toBe(4)
    }).pipe(withExchange()))

  it.effect("faulted requests spend no rate-limit tokens", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* inject({ count: 25, route: { path: "/portfolio" }, kind: FaultKind.Status({ status: 503 }) })
      for (let i = 0; i < 25; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(503)
      for (let i = 0; i < 20; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(429)
    }).pipe(withExchange({ rateLimits: {} })))
})

describe("the loopback server", () => {
  const withServer = <A, E>(
    self: Effect.Effect<
      A,
      E,
      EmbeddedExchange.EmbeddedExchange | EmbeddedExchangeServer.EmbeddedExchangeServer | HttpClient.HttpClient
    >
  ) =>
    self.pipe(
      Effect.timeout("15 seconds"),
      Effect.provideServiceEffect(BaseUrl, baseUrl),
      Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })),
      Effect.provide(FetchHttpClient.layer)
    )

  const baseUrl = Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) => server.baseUrl)

  const fetchText = (url: string) =>
    Effect.tryPromise(async (signal) => {
      const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) })
      return { status: response.status, text: await response.text() }
    })

  it.live("listens on 127.0.0.1 and serves signed trading end to end", () =>
    withServer(
      Effect.gen(function*() {
        const url = yield* baseUrl
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/)
        const alice = yield* trader({})
        const created = yield* placeOk(alice, { count: "200", price: "0.45" })
        expect(created).toMatchObject({ fill_count: "200.00", average_fill_price: "0.4425" })
        const orders = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(
          alice,
          "GET",
          "/portfolio/orders?limit=5"
        )
        expect(orders.body.orders.map((o) => [o.order_id, o.status])).toEqual([[created.order_id, "executed"]])
        expect((yield* place(alice, { price: "0.305" })).body.code).toBe("invalid_price")
        const market = yield* fetchText(`${url}/markets/${T55}`)
        expect(market.status).toBe(200)
        expect(market.text).toContain("\"yes_ask_dollars\":\"0.4500\"")
        expect((yield* fetchText(`${url}/portfolio/balance`)).status).toBe(401)
      })
    ))

  it.live("realises every fault kind for a plain fetch", () =>
    withServer(
      Effect.gen(function*() {
        const url = `${yield* baseUrl}/markets`
        yield* inject({ kind: FaultKind.Status({ status: 503 }) })
        expect(yield* fetchText(url)).toEqual({
          status: 503,
          text: JSON.stringify({ code: "injected_fault", message: "Injected 503 response", details: "" })
        })
        yield* inject({ kind: FaultKind.Status({ status: 429 }) })
        expect(yield* fetchText(url)).toEqual({ status: 429, text: "{\"error\": \"too many requests\"}" })
        yield* inject({ kind: FaultKind.MalformedBody() })
        const malformed = yield* fetchText(url)
        expect(malformed.status).toBe(200)
        expectBroken(malformed.text)
        yield* inject({ kind: FaultKind.TruncatedBody() })
        const truncated = yield* fetchText(url)
        expect(truncated.status).toBe(200)
        expectBroken(truncated.text)
        yield* inject({ kind: FaultKind.NoContent() })
        expect(yield* fetchText(url)).toEqual({ status: 204, text: "" })
        yield* inject({ kind: FaultKind.Delay({ millis: 150 }) })
        const started = Date.now()
        expect((yield* fetchText(url)).status).toBe(200)
        expect(Date.now() - started).toBeGreaterThanOrEqual(140)
        yield* inject({ kind: FaultKind.DropConnection() })
        const dropped = yield* Effect.either(fetchText(url))
        expect(Either.isLeft(dropped) && String(dropped.left.error)).toMatch(/fetch failed/)
        expect((yield* fetchText(url)).status).toBe(200)
      })
    ))

  it.live("a dropped connection is a transport RequestError for an Effect HttpClient", () =>
    withServer(
      Effect.gen(function*() {
        const url = yield* baseUrl
        yield* inject({ route: { method: "POST" }, kind: FaultKind.DropConnection() })
        const alice = yield* trader()
        expect(yield* transportFailure(call(alice, "POST", "/portfolio/events/orders", order()))).toBe("Transport")
        const orders = yield* call<{ readonly orders: ReadonlyArray<unknown> }>(alice, "GET", "/portfolio/orders")
        expect(orders.body.orders).toEqual([])
        expect(yield* requestCount).toBe(2)
        const client = yield* HttpClient.HttpClient
        expect((yield* client.get(`${url}/markets`)).status).toBe(200)
      })
    ))
})
