/**
 * Hostile input: the exchange answers every malformed request with a bounded Kalshi-shaped refusal, never a 500
 * or a defect, in memory and over loopback, and never reads an oversized body in full.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as NodeHttp from "node:http"
import { EmbeddedExchange } from "../../src/testing.js"
import { EmbeddedExchangeServer } from "../../src/testing/node.js"
import { BaseUrl, call, type ErrorBody, order, trader, withExchange } from "./support.js"

const kalshiShaped = { code: expect.any(String), message: expect.any(String), details: expect.any(String) }

const deep = (depth: number) => `{"orders": ${"[".repeat(depth)}${"]".repeat(depth)}}`

/** The checks every transport must pass; `BaseUrl` says where they go. */
const hostileRequests = Effect.gen(function*() {
  const exchange = yield* EmbeddedExchange.EmbeddedExchange
  const alice = yield* trader()
  const before = yield* exchange.balance(alice.userId)

  // Deep nesting: a 400 in Kalshi's shape before parsing, on a batch body and a single create.
  for (const path of ["/portfolio/events/orders/batched", "/portfolio/events/orders"]) {
    const nested = yield* call(alice, "POST", path, undefined, { rawBody: deep(100_000) })
    expect(nested.status, path).toBe(400)
    expect(nested.body).toEqual({ ...kalshiShaped, code: "invalid_body" })
  }
  // Nesting within the bound is only refused by the schema.
  const shallow = yield* call(alice, "POST", "/portfolio/events/orders/batched", undefined, { rawBody: deep(20) })
  expect(shallow.status).toBe(201)

  // JSON only.
  for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "application/jsonp", ""]) {
    const reply = yield* call(alice, "POST", "/portfolio/events/orders", undefined, {
      rawBody: JSON.stringify(order()),
      contentType
    })
    expect(reply.status, contentType).toBe(415)
    expect(reply.body).toEqual({ ...kalshiShaped, code: "unsupported_media_type" })
  }

  // Bounded bodies and fields; a refusal never echoes a huge value.
  const huge = yield* call(alice, "POST", "/portfolio/events/orders", undefined, {
    rawBody: JSON.stringify(order({ client_order_id: "x".repeat(2 * 1024 * 1024) }))
  })
  expect(huge.status).toBe(413)
  expect(huge.body).toEqual({ ...kalshiShaped, code: "request_too_large" })
  for (const field of ["client_order_id", "ticker"]) {
    const long = yield* call(alice, "POST", "/portfolio/events/orders", order({ [field]: "x".repeat(100_000) }))
    expect(long.status, field).toBe(400)
    expect(long.text.length).toBeLessThan(2048)
  }
  const longId = yield* call(alice, "GET", `/portfolio/orders/${"x".repeat(300)}`)
  expect(longId.status).toBe(400)
  const megaId = yield* call(alice, "GET", `/portfolio/orders/${"x".repeat(1024 * 1024)}`)
  expect([414, 431]).toContain(megaId.status) // node's own header limit answers 431 before the exchange
  expect(megaId.text.length).toBeLessThan(2048)
  const longQuery = yield* call(alice, "GET", `/portfolio/orders?ticker=${"x".repeat(300)}`)
  expect(longQuery.status).toBe(400)

  // Malformed paths are not routed.
  for (const path of ["/portfolio//balance", "//portfolio/balance", "/portfolio/balance/", "/markets//"]) {
    const reply = yield* call<ErrorBody>(alice, "GET", path)
    expect(reply.status, path).toBe(404)
    expect(reply.body).toEqual({ ...kalshiShaped, code: "not_found" })
  }
  expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)

  // None of it moved money; a JSON content type with a charset is JSON.
  expect(BigDecimal.equals(yield* exchange.balance(alice.userId), before)).toBe(true)
  const charset = yield* call(alice, "POST", "/portfolio/events/orders", undefined, {
    rawBody: JSON.stringify(order({ price: "0.30" })),
    contentType: "application/json; charset=utf-8"
  })
  expect(charset.status).toBe(201)
})

/** Sends `declared` bytes of Content-Length but only `sent`, and answers the status the server gave meanwhile. */
const partialUpload = (url: string, declared: number, sent: number) =>
  Effect.async<number, Error>((resume) => {
    const request = NodeHttp.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(declared) }
    })
    const timer = setTimeout(() => resume(Effect.fail(new Error("no answer before the body was complete"))), 5_000)
    request.on("response", (response) => {
      clearTimeout(timer)
      response.resume()
      resume(Effect.succeed(response.statusCode ?? 0))
      request.destroy()
    })
    request.on("error", (error) => {
      clearTimeout(timer)
      resume(Effect.fail(error))
    })
    request.write("x".repeat(sent))
    return Effect.sync(() => {
      clearTimeout(timer)
      request.destroy()
    })
  })

/** An endless body: pulls count the bytes the exchange read. */
const endlessBody = () => {
  const counter = { pulled: 0 }
  const chunk = new TextEncoder().encode("[".repeat(64 * 1024))
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= 256 * 1024 * 1024) return controller.close()
      counter.pulled += chunk.length
      controller.enqueue(chunk)
    }
  })
  return { counter, stream }
}

describe("hostile requests", () => {
  it.effect("in memory: refused in Kalshi's shape, bounded, never a defect", () => hostileRequests.pipe(withExchange()))

  const withServer = <A, E>(
    self: Effect.Effect<
      A,
      E,
      EmbeddedExchange.EmbeddedExchange | EmbeddedExchangeServer.EmbeddedExchangeServer | HttpClient.HttpClient
    >
  ) =>
    self.pipe(
      Effect.timeout("30 seconds"),
      Effect.provideServiceEffect(
        BaseUrl,
        Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) => server.baseUrl)
      ),
      Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })),
      Effect.provide(FetchHttpClient.layer)
    )

  it.live("over loopback: the same refusals", () => withServer(hostileRequests))

  it.live("over loopback: an oversized body is refused before it is read in full", () =>
    withServer(Effect.gen(function*() {
      const { baseUrl } = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
      const url = `${baseUrl}/portfolio/events/orders`
      // A declared 100 MB answers at once, though only 1 KB was sent.
      expect(yield* partialUpload(url, 100 * 1024 * 1024, 1024)).toBe(413)
    })))

  it.effect("in memory: an undeclared (streamed) body is cut off once it passes the bound", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      const timestamp = String(yield* Clock.currentTimeMillis)
      const path = "/trade-api/v2/portfolio/events/orders"
      const { counter, stream } = endlessBody()
      const request = new Request(`http://embedded.kalshi${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "KALSHI-ACCESS-KEY": alice.keyId,
          "KALSHI-ACCESS-TIMESTAMP": timestamp,
          "KALSHI-ACCESS-SIGNATURE": alice.sign(`${timestamp}POST${path}`)
        },
        body: stream,
        duplex: "half"
      } as RequestInit)
      const response = yield* exchange.app.pipe(
        Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request))
      )
      expect(response.status).toBe(413)
      expect(counter.pulled).toBeLessThan(4 * 1024 * 1024)
    }).pipe(withExchange()))
})
