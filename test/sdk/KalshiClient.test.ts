/**
 * The client around every endpoint: credentials and reserved headers checked before sending, each HTTP
 * outcome mapped to its typed error with Kalshi's fields, timeouts, retries of reads (and never of
 * writes), and errors that never carry secrets.
 */
import { Headers, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import type { Tracer } from "effect"
import { Cause, Duration, Effect, Exit, Fiber, FiberRef, Inspectable, Layer, Option, TestClock } from "effect"
import { constants, createPublicKey, verify } from "node:crypto"
import { inspect } from "node:util"
import { KalshiClient, KalshiError, Markets, Orders, Portfolio, Signer } from "../../src/index.js"
import * as S from "../support/scripted.js"

const d = S.dec

const order = S.order()

const created = { order_id: "ord-1", fill_count: "0.00", remaining_count: "10.00", ts_ms: 1 }
const canceled = { order_id: "ord-1", reduced_by: "10.00", ts_ms: 1 }
const decreased = { order_id: "ord-1", remaining_count: "5.00", ts_ms: 1 }
const amended = { order_id: "ord-1", ts_ms: 1 }
const oneOrder = { order: S.wireOrder() }
const market = { market: S.wireMarket() }
const balance = { balance: 10000, balance_dollars: "100.0000", portfolio_value: 12000, updated_ts: 1785585600 }

const amendRequest: Orders.AmendOrderV2Request = {
  ticker: "KXPRES-24-DJT",
  side: "bid",
  price: d("0.6"),
  count: d("10")
}

/** A call with its result type erased, so that calls of different endpoints share one table. */
type AnyCall = Effect.Effect<unknown, KalshiError.KalshiError, KalshiClient.KalshiClient>

interface SignedCall {
  readonly name: string
  readonly run: AnyCall
  readonly ok: S.Reply
  /** A write (POST / DELETE): never retried. */
  readonly write: boolean
}

/** Every signed method with a successful reply, so that each can be driven the same way. */
const signedCalls: ReadonlyArray<SignedCall> = [
  { name: "Orders.createV2", run: Orders.createV2(order), ok: S.json(201, created), write: true },
  {
    name: "Orders.batchCreateV2",
    run: Orders.batchCreateV2({ orders: [order] }),
    ok: S.json(201, { orders: [created] }),
    write: true
  },
  { name: "Orders.cancelV2", run: Orders.cancelV2("ord-1"), ok: S.json(200, canceled), write: true },
  {
    name: "Orders.batchCancelV2",
    run: Orders.batchCancelV2({ orders: [{ order_id: "ord-1" }] }),
    ok: S.json(200, { orders: [canceled] }),
    write: true
  },
  { name: "Orders.cancelAll", run: Orders.cancelAll(), ok: S.noContent, write: true },
  { name: "Orders.amendV2", run: Orders.amendV2("ord-1", amendRequest), ok: S.json(200, amended), write: true },
  {
    name: "Orders.decreaseV2",
    run: Orders.decreaseV2("ord-1", { reduce_by: d("1") }),
    ok: S.json(200, decreased),
    write: true
  },
  { name: "Orders.get", run: Orders.get("ord-1"), ok: S.json(200, oneOrder), write: false },
  { name: "Orders.list", run: Orders.list(), ok: S.json(200, { orders: [] }), write: false },
  {
    name: "Orders.queuePositions",
    run: Orders.queuePositions(),
    ok: S.json(200, { queue_positions: [] }),
    write: false
  },
  {
    name: "Orders.queuePosition",
    run: Orders.queuePosition("ord-1"),
    ok: S.json(200, { queue_position_fp: "1.00" }),
    write: false
  },
  { name: "Orders.fills", run: Orders.fills(), ok: S.json(200, { fills: [] }), write: false },
  { name: "Portfolio.fills", run: Portfolio.fills(), ok: S.json(200, { fills: [] }), write: false },
  { name: "Portfolio.balance", run: Portfolio.balance(), ok: S.json(200, balance), write: false }
]

/** The writes: never retried. */
const writes = signedCalls.filter((call) => call.write)

describe("before sending", () => {
  for (const call of signedCalls) {
    it.effect(`${call.name} without credentials fails with AuthenticationError and sends nothing`, () =>
      Effect.gen(function*() {
        yield* S.reply(call.ok)
        const error = yield* S.failure(call.run)
        expect(error._tag).toBe("AuthenticationError")
        expect(error.message).toContain("credentials")
        expect(yield* S.requests).toHaveLength(0)
      }).pipe(Effect.provide(S.layer({ credentials: undefined }))))
  }

  it.effect("the client reports whether it is authenticated", () =>
    Effect.gen(function*() {
      const withKey = yield* Effect.provide(KalshiClient.KalshiClient, S.layer())
      const without = yield* Effect.provide(KalshiClient.KalshiClient, S.layer({ credentials: undefined }))
      expect(withKey.authenticated).toBe(true)
      expect(without.authenticated).toBe(false)
      expect(withKey.baseUrl).toBe(S.baseUrl)
    }))

  it.effect("without credentials, a Signer in context signs (method and full pathname)", () => {
    const fake = Signer.Signer.of({
      keyId: "kms-key",
      algorithm: "RSA-PSS",
      sign: (message) => Effect.succeed(`signed:${message}`),
      headers: (method, path) =>
        Effect.succeed({
          "KALSHI-ACCESS-KEY": "kms-key",
          "KALSHI-ACCESS-TIMESTAMP": "7",
          "KALSHI-ACCESS-SIGNATURE": `signed:7${method}${path}`
        })
    })
    return Effect.gen(function*() {
      expect((yield* KalshiClient.KalshiClient).authenticated).toBe(true)
      yield* S.reply(S.json(200, { orders: [] }), S.json(200, { markets: [] }))
      yield* Orders.list({ limit: 3 })
      yield* Markets.list()
      const [signed, unsigned] = yield* S.requests
      expect(signed?.headers["kalshi-access-key"]).toBe("kms-key")
      expect(signed?.headers["kalshi-access-signature"]).toBe("signed:7GET/trade-api/v2/portfolio/orders")
      expect(unsigned?.headers["kalshi-access-signature"]).toBeUndefined()
    }).pipe(Effect.provide(S.layer({ credentials: undefined }).pipe(Layer.provide(Layer.succeed(Signer.Signer, fake)))))
  })

  it.effect("credentials in the options win over a Signer in context", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, oneOrder))
      yield* Orders.get("ord-1")
      expect((yield* S.onlyRequest).headers["kalshi-access-key"]).toBe(S.keyId)
    }).pipe(
      Effect.provide(
        S.layer().pipe(Layer.provide(Signer.layer({ keyId: "other-key", privateKey: S.credentials.privateKey })))
      )
    ))

  it.effect("a base URL that is not an absolute URL fails the layer with a ConfigError", () =>
    Effect.gen(function*() {
      for (const baseUrl of ["", "external-api.kalshi.com/trade-api/v2"]) {
        const error = yield* Effect.flip(Effect.provide(KalshiClient.KalshiClient, S.layer({ baseUrl })))
        expect(error._tag).toBe("ConfigError")
        expect(String(error)).toContain("not an absolute URL")
      }
    }))

  it.effect("a timeout or a body limit that cannot work fails the layer with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const refused: ReadonlyArray<readonly [KalshiClient.Options, string]> = [
        [{ timeout: "soon" as Duration.DurationInput }, "timeout"],
        [{ timeout: Duration.zero }, "timeout"],
        [{ timeout: "-1 seconds" as Duration.DurationInput }, "timeout"],
        [{ maxResponseBytes: 0 }, "maxResponseBytes"],
        [{ maxResponseBytes: 1.5 }, "maxResponseBytes"]
      ]
      for (const [options, name] of refused) {
        const error = yield* Effect.flip(Effect.provide(KalshiClient.KalshiClient, S.layer(options)))
        expect(error._tag, name).toBe("ConfigError")
        expect(String(error)).toContain(name)
      }
    }))

  it.effect("environment picks the base URL when none is given", () =>
    Effect.gen(function*() {
      const production = yield* Effect.provide(
        KalshiClient.KalshiClient,
        S.layer({ baseUrl: undefined, environment: "production" })
      )
      const demo = yield* Effect.provide(KalshiClient.KalshiClient, S.layer({ baseUrl: undefined }))
      expect(production.baseUrl).toBe("https://external-api.kalshi.com/trade-api/v2")
      expect(demo.baseUrl).toBe("https://external-api.demo.kalshi.co/trade-api/v2")
      expect(KalshiClient.baseUrls).toEqual({
        demo: "https://external-api.demo.kalshi.co/trade-api/v2",
        production: "https://external-api.kalshi.com/trade-api/v2"
      })
    }))

  it.effect("transformClient wraps the transport of every request", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [] }), S.json(200, oneOrder))
      yield* Markets.list()
      yield* Orders.get("ord-1")
      const requests = yield* S.requests
      expect(requests.map((r) => r.headers["x-policy"])).toEqual(["on", "on"])
      expect(requests[1]?.headers["kalshi-access-signature"]).toBeTypeOf("string")
    }).pipe(Effect.provide(S.layer({
      transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-policy", "on"))
    }))))

  it.effect("Markets calls need no credentials", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [S.wireMarket()] }), S.json(200, market))
      const page = yield* Markets.list()
      const one = yield* Markets.get("KXPRES-24-DJT")
      expect(page.markets).toHaveLength(1)
      expect(one.ticker).toBe("KXPRES-24-DJT")
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer({ credentials: undefined }))))

  for (const name of ["KALSHI-ACCESS-SIGNATURE", "kalshi-access-key", "Kalshi-Access-Timestamp"]) {
    it.effect(`an extra ${name} header is refused with ValidationError before sending`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(201, created), S.json(200, { markets: [] }))
        const error = yield* S.failure(Orders.createV2(order, { headers: { [name]: "forged-value-123" } }))
        expect(error._tag).toBe("ValidationError")
        expect(error.message).toContain(name)
        expect(String(error)).not.toContain("forged-value-123")
        const publicError = yield* S.failure(Markets.list({}, { headers: { [name]: "forged-value-123" } }))
        expect(publicError._tag).toBe("ValidationError")
        expect(yield* S.requests).toHaveLength(0)
      }).pipe(Effect.provide(S.layer())))
  }
})

describe("status mapping", () => {
  const cases = [
    [400, "ValidationError"],
    [422, "ValidationError"],
    [401, "AuthenticationError"],
    [403, "AuthenticationError"],
    [409, "ConflictError"],
    [429, "RateLimitError"],
    [500, "ServerError"],
    [502, "ServerError"],
    [503, "ServerError"],
    [404, "ProtocolError"],
    [418, "ProtocolError"]
  ] as const
  for (const [status, tag] of cases) {
    it.effect(`${status} on createV2 is a ${tag}`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(status, { code: "some_code", message: "some message" }))
        const error = yield* S.failure(Orders.createV2(order))
        expect(error._tag).toBe(tag)
        expect(error.status).toBe(status)
        expect(error.method).toBe("POST")
        expect(error.path).toBe("/portfolio/events/orders")
        expect(yield* S.requests).toHaveLength(1)
      }).pipe(Effect.provide(S.layer())))
  }

  const notFound: ReadonlyArray<readonly [string, AnyCall]> = [
    ["Orders.get", Orders.get("ord-1")],
    ["Orders.cancelV2", Orders.cancelV2("ord-1")],
    ["Orders.amendV2", Orders.amendV2("ord-1", amendRequest)],
    ["Orders.decreaseV2", Orders.decreaseV2("ord-1", { reduce_to: d("1") })],
    ["Orders.queuePosition", Orders.queuePosition("ord-1")],
    ["Markets.get", Markets.get("NOPE-1")]
  ]
  for (const [name, run] of notFound) {
    it.effect(`404 on ${name} is a NotFoundError`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(404, { code: "not_found", message: "order not found" }))
        const error = yield* S.failure(run)
        expect(error._tag).toBe("NotFoundError")
        expect(error.status).toBe(404)
        expect(error.code).toBe("not_found")
        expect(yield* S.requests).toHaveLength(1)
      }).pipe(Effect.provide(S.layer())))
  }

  const undeclared404: ReadonlyArray<readonly [string, AnyCall]> = [
    ["Orders.list", Orders.list()],
    ["Portfolio.fills", Portfolio.fills()],
    ["Markets.list", Markets.list()]
  ]
  for (const [name, run] of undeclared404) {
    it.effect(`404 on ${name} (a list) is a ProtocolError, not retried`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(404, { code: "not_found", message: "no such route" }))
        const error = yield* S.failure(run)
        expect(error._tag).toBe("ProtocolError")
        expect(error.status).toBe(404)
        expect(yield* S.requests).toHaveLength(1)
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("409 is a ConflictError where the spec declares it (create) and a ProtocolError elsewhere (amend)", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(409, { code: "conflict" }),
        S.json(409, { code: "conflict" }),
        S.json(409, { code: "conflict" }),
        S.json(409, { code: "conflict" })
      )
      expect((yield* S.failure(Orders.createV2(order)))._tag).toBe("ConflictError")
      expect((yield* S.failure(Orders.amendV2("ord-1", amendRequest)))._tag).toBe("ProtocolError")
      expect((yield* S.failure(Orders.decreaseV2("ord-1", { reduce_by: d("1") })))._tag).toBe("ProtocolError")
      expect((yield* S.failure(Orders.batchCreateV2({ orders: [order] })))._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a cancel answered 204 is a ProtocolError: the canceled count is part of the contract", () =>
    Effect.gen(function*() {
      yield* S.reply(S.noContent)
      const error = yield* S.failure(Orders.cancelV2("ord-1"))
      expect(error._tag).toBe("ProtocolError")
      expect(error.status).toBe(204)
      expect(error.path).toBe("/portfolio/events/orders/ord-1")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a create answered 200 instead of 201 is a ProtocolError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, created))
      const error = yield* S.failure(Orders.createV2(order))
      expect(error._tag).toBe("ProtocolError")
      expect(error.status).toBe(200)
    }).pipe(Effect.provide(S.layer())))

  it.effect("a non-JSON success body is a ProtocolError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.text(200, "<html>gateway</html>", "text/html"))
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error._tag).toBe("ProtocolError")
      expect(error.status).toBe(200)
      expect(error.message).toContain("not JSON")
    }).pipe(Effect.provide(S.layer())))

  it.effect("an empty success body where JSON is due is a ProtocolError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.text(200, ""))
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a mis-shaped success body is a ProtocolError that names the problem", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order: { order_id: 7 } }))
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error._tag).toBe("ProtocolError")
      expect(error.message).toContain("order_id")
      expect(error.path).toBe("/portfolio/orders/ord-1")
      expect(error.method).toBe("GET")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a success status whose body carries an error is a ProtocolError with Kalshi's fields", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(201, { error: { code: "internal", message: "matching engine unavailable", details: "retry later" } })
      )
      const error = yield* S.failure(Orders.createV2(order))
      expect(error._tag).toBe("ProtocolError")
      expect(error.status).toBe(201)
      expect(error.code).toBe("internal")
      expect(error.message).toBe("matching engine unavailable")
      expect(error.details).toBe("retry later")
    }).pipe(Effect.provide(S.layer())))
})

describe("error fields", () => {
  it.effect("come from a flat {code, message, details} body", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(400, { code: "invalid_parameters", message: "price is off the grid", details: "step is 0.01" })
      )
      const error = yield* S.failure(Orders.createV2(order))
      expect(error).toBeInstanceOf(KalshiError.ValidationError)
      const { _tag, code, details, message, method, path, status } = error
      expect({ _tag, code, details, message, method, path, status }).toStrictEqual({
        _tag: "ValidationError",
        status: 400,
        code: "invalid_parameters",
        message: "price is off the grid",
        details: "step is 0.01",
        method: "POST",
        path: "/portfolio/events/orders"
      })
    }).pipe(Effect.provide(S.layer())))

  it.effect("come from a wrapped {error: {…}} body", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(409, {
          error: { code: "order_already_exists", message: "duplicate client_order_id", details: "coid-1" }
        })
      )
      const error = yield* S.failure(Orders.createV2(order))
      expect(error._tag).toBe("ConflictError")
      expect(error.code).toBe("order_already_exists")
      expect(error.message).toBe("duplicate client_order_id")
      expect(error.details).toBe("coid-1")
    }).pipe(Effect.provide(S.layer())))

  it.effect("come from a 429's {error: \"too many requests\"}", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(429, { error: "too many requests" }))
      const error = yield* S.failure(Orders.cancelV2("ord-1", { subaccount: 1 }))
      expect(error._tag).toBe("RateLimitError")
      expect(error.status).toBe(429)
      expect(error.message).toBe("too many requests")
      expect(error.code).toBeUndefined()
      expect(error.method).toBe("DELETE")
      expect(error.path).toBe("/portfolio/events/orders/ord-1")
    }).pipe(Effect.provide(S.layer())))

  it.effect("fall back to a message naming the status when the body is not JSON", () =>
    Effect.gen(function*() {
      yield* S.reply(S.text(502, "Bad Gateway"))
      const error = yield* S.failure(Orders.createV2(order))
      expect(error._tag).toBe("ServerError")
      expect(error.status).toBe(502)
      expect(error.message).toContain("502")
      expect(error.code).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))
})

describe("transport", () => {
  it.effect("a transport failure is a TransportError without a status", () =>
    Effect.gen(function*() {
      yield* S.reply(S.transportFailure)
      const error = yield* S.failure(Orders.createV2(order))
      expect(error._tag).toBe("TransportError")
      expect(error.status).toBeUndefined()
      expect(error.method).toBe("POST")
      expect(error.path).toBe("/portfolio/events/orders")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))

  it.effect("no answer within the timeout is a TransportError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.hang)
      const fiber = yield* Effect.fork(Orders.createV2(order))
      yield* S.awaitRequests(1)
      yield* TestClock.adjust("1999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      const error = yield* S.failure(Fiber.join(fiber))
      expect(error._tag).toBe("TransportError")
      expect(error.message).toContain("2s")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer({ timeout: "2 seconds" }))))

  it.effect("the default timeout is 10 seconds", () =>
    Effect.gen(function*() {
      yield* S.reply(S.hang)
      const fiber = yield* Effect.fork(Orders.createV2(order))
      yield* S.awaitRequests(1)
      yield* TestClock.adjust("9999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      const error = yield* S.failure(Fiber.join(fiber))
      expect(error._tag).toBe("TransportError")
    }).pipe(Effect.provide(S.layer({ timeout: undefined }))))

  it.effect("a slow answer within the timeout succeeds", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, created, { delay: "1500 millis" }))
      const fiber = yield* Effect.fork(Orders.createV2(order))
      yield* S.awaitRequests(1)
      yield* TestClock.adjust("1500 millis")
      const result = yield* Fiber.join(fiber)
      expect(result.order_id).toBe("ord-1")
    }).pipe(Effect.provide(S.layer({ timeout: "2 seconds" }))))

  it.effect("a read that times out is retried like any transport failure", () =>
    Effect.gen(function*() {
      yield* S.reply(S.hang, S.json(200, oneOrder))
      const fiber = yield* Effect.fork(Orders.get("ord-1"))
      yield* S.awaitRequests(1)
      yield* TestClock.adjust("1 second")
      const backoff = yield* S.nextSleep
      expect(backoff).toBeGreaterThanOrEqual(80)
      expect(backoff).toBeLessThanOrEqual(120)
      yield* TestClock.adjust(Duration.millis(Math.ceil(backoff)))
      yield* S.awaitRequests(2)
      const result = yield* Fiber.join(fiber)
      expect(result.order_id).toBe("ord-1")
    }).pipe(Effect.provide(S.layer({ timeout: "1 second", retry: { maxRetries: 1, baseDelay: "100 millis" } }))))
})

describe("retries", () => {
  it.effect("a read retries 500, 503, 429 and a transport failure, then succeeds", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.text(500, "boom"),
        S.json(503, {}),
        S.json(429, { error: "too many requests" }),
        S.transportFailure,
        S.json(200, oneOrder)
      )
      const result = yield* S.withClock(Orders.get("ord-1"))
      expect(result.order_id).toBe("ord-1")
      const requests = yield* S.requests
      expect(requests).toHaveLength(5)
      expect(requests.every((r) => r.method === "GET" && r.pathname === "/trade-api/v2/portfolio/orders/ord-1")).toBe(
        true
      )
    }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 4, baseDelay: "10 millis" } }))))

  it.effect("by default a read retries 3 times", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(500, {}), S.json(500, {}), S.json(500, {}), S.json(200, oneOrder))
      const result = yield* S.withClock(Orders.get("ord-1"))
      expect(result.order_id).toBe("ord-1")
      expect(yield* S.requests).toHaveLength(4)
    }).pipe(Effect.provide(S.layer({ retry: undefined }))))

  it.effect("by default a read gives up after 3 retries", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(500, {}),
        S.json(500, {}),
        S.json(500, {}),
        S.json(503, { message: "last" }),
        S.json(200, oneOrder)
      )
      const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
      expect(error._tag).toBe("ServerError")
      expect(error.message).toBe("last")
      expect(yield* S.requests).toHaveLength(4)
    }).pipe(Effect.provide(S.layer({ retry: undefined }))))

  it.effect("gives up after maxRetries with the last error", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(500, {}),
        S.json(503, {}),
        S.json(429, { error: "too many requests" }),
        S.json(200, oneOrder)
      )
      const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
      expect(error._tag).toBe("RateLimitError")
      expect(error.message).toBe("too many requests")
      expect(yield* S.requests).toHaveLength(3)
    }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 2, baseDelay: "10 millis" } }))))

  it.effect("waits baseDelay, then twice that, with jitter", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(500, {}), S.json(500, {}), S.json(200, oneOrder))
      yield* S.withClock(Orders.get("ord-1"))
      const times = (yield* S.requests).map((r) => Number(r.headers["kalshi-access-timestamp"]))
      expect(times).toHaveLength(3)
      const [t0 = NaN, t1 = NaN, t2 = NaN] = times
      expect(t0).toBe(0)
      expect(t1 - t0).toBeGreaterThanOrEqual(800)
      expect(t1 - t0).toBeLessThanOrEqual(1200)
      expect(t2 - t1).toBeGreaterThanOrEqual(1600)
      expect(t2 - t1).toBeLessThanOrEqual(2400)
    }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 2, baseDelay: "1 second" } }))))

  it.effect("the default backoff starts at 200 ms", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(500, {}), S.json(200, oneOrder))
      yield* S.withClock(Orders.get("ord-1"))
      const times = (yield* S.requests).map((r) => Number(r.headers["kalshi-access-timestamp"]))
      expect(times[0]).toBe(0)
      expect(times[1]).toBeGreaterThanOrEqual(160)
      expect(times[1]).toBeLessThanOrEqual(240)
    }).pipe(Effect.provide(S.layer({ retry: undefined }))))

  it.effect("retry: false sends a read once", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(500, {}), S.json(200, oneOrder))
      const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
      expect(error._tag).toBe("ServerError")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer({ retry: false }))))

  it.effect("maxRetries 0 sends a read once", () =>
    Effect.gen(function*() {
      yield* S.reply(S.transportFailure, S.json(200, oneOrder))
      const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
      expect(error._tag).toBe("TransportError")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 0, baseDelay: "10 millis" } }))))

  for (
    const [status, tag] of [[400, "ValidationError"], [401, "AuthenticationError"], [404, "NotFoundError"]] as const
  ) {
    it.effect(`a read is not retried on ${status}`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(status, {}), S.json(200, oneOrder))
        const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
        expect(error._tag).toBe(tag)
        expect(yield* S.requests).toHaveLength(1)
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("a read with a mis-shaped body is not retried", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { nope: true }), S.json(200, oneOrder))
      const error = yield* S.failure(S.withClock(Orders.get("ord-1")))
      expect(error._tag).toBe("ProtocolError")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))

  it.effect("Markets reads are retried too", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(503, {}), S.json(200, market))
      const result = yield* S.withClock(Markets.get("KXPRES-24-DJT"))
      expect(result.ticker).toBe("KXPRES-24-DJT")
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer({ credentials: undefined }))))

  for (const call of writes) {
    for (
      const [label, failure, tag] of [
        ["500", S.json(500, {}), "ServerError"],
        ["429", S.json(429, { error: "too many requests" }), "RateLimitError"],
        ["a transport failure", S.transportFailure, "TransportError"]
      ] as const
    ) {
      it.effect(`${call.name} is never retried on ${label}`, () =>
        Effect.gen(function*() {
          yield* S.reply(failure, call.ok)
          const error = yield* S.failure(S.withClock(call.run))
          expect(error._tag).toBe(tag)
          expect(yield* S.requests).toHaveLength(1)
        }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 3, baseDelay: "10 millis" } }))))
    }
  }

  it.effect("a retried read is signed again, with a fresh timestamp", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(500, {}), S.json(200, oneOrder))
      yield* S.withClock(Orders.get("ord-1"))
      const requests = yield* S.requests
      expect(requests).toHaveLength(2)
      const publicKey = createPublicKey(S.rsaKeys.publicKey)
      const stamps = requests.map((r) => r.headers["kalshi-access-timestamp"] ?? "")
      const signatures = requests.map((r) => r.headers["kalshi-access-signature"] ?? "")
      expect(stamps[0]).toBe("0")
      expect(Number(stamps[1])).toBeGreaterThan(0)
      expect(signatures[0]).not.toBe(signatures[1])
      requests.forEach((request, i) => {
        const message = Buffer.from(`${stamps[i]}GET${request.pathname}`)
        const ok = verify("sha256", message, {
          key: publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32
        }, Buffer.from(signatures[i] ?? "", "base64"))
        expect(ok, `attempt ${i}`).toBe(true)
      })
    }).pipe(Effect.provide(S.layer({ retry: { maxRetries: 1, baseDelay: "500 millis" } }))))
})

describe("tracing", () => {
  const signingNames = ["kalshi-access-key", "kalshi-access-timestamp", "kalshi-access-signature"]

  it.effect("the client's layer adds the signing headers to the names the platform redacts, while it lives", () =>
    Effect.gen(function*() {
      const before = yield* FiberRef.get(Headers.currentRedactedNames)
      expect(before).not.toContain("kalshi-access-signature")
      const inside = yield* Effect.provide(FiberRef.get(Headers.currentRedactedNames), S.layer())
      expect(inside).toEqual(expect.arrayContaining([...before, ...signingNames]))
      expect(yield* FiberRef.get(Headers.currentRedactedNames)).toEqual(before)
    }))

  /** `Orders.get` under a tracer that records every span: the spans, their attributes, the signature sent. */
  const tracedGet = Effect.gen(function*() {
    const spans: Array<Tracer.Span> = []
    const recording = yield* S.recordingTracer(spans)
    yield* S.reply(S.json(200, oneOrder))
    yield* Orders.get("ord-1").pipe(Effect.withSpan("caller"), Effect.withTracer(recording))
    const signature = (yield* S.onlyRequest).headers["kalshi-access-signature"] ?? ""
    return { spans, signature, attributes: spans.flatMap((span) => [...span.attributes.entries()]) }
  })

  it.effect("a client made with make, without its layer, still records them redacted (httpSpans)", () =>
    Effect.gen(function*() {
      const { attributes, signature } = yield* tracedGet
      expect(Object.fromEntries(attributes)["http.request.header.kalshi-access-signature"]).toBe("<redacted>")
      for (const [name, value] of attributes) expect(String(value), name).not.toContain(signature)
    }).pipe(
      Effect.provide(
        Layer.effect(
          KalshiClient.KalshiClient,
          KalshiClient.make({ baseUrl: S.baseUrl, credentials: S.credentials, rateLimit: false, httpSpans: true })
        ).pipe(Layer.provideMerge(S.layerHttp))
      )
    ))

  it.effect("the platform's HTTP span records the signing headers redacted (httpSpans)", () =>
    Effect.gen(function*() {
      const { attributes, signature } = yield* tracedGet
      expect(attributes.length).toBeGreaterThan(0)
      expect(Object.fromEntries(attributes)).toMatchObject({
        "http.request.header.kalshi-access-signature": "<redacted>",
        "http.request.header.kalshi-access-timestamp": "<redacted>",
        "http.request.header.kalshi-access-key": "<redacted>"
      })
      for (const [name, value] of attributes) expect(String(value), name).not.toContain(signature)
    }).pipe(Effect.provide(S.layer({ httpSpans: true }))))

  const parentId = (span: Tracer.Span | undefined) => Option.map(span!.parent, (parent) => parent.spanId)

  for (const [timeout, name] of S.attemptModes) {
    it.effect(`with httpSpans, the operation's span is the caller's child and the parent of the HTTP span (${name})`, () =>
      Effect.gen(function*() {
        const { spans } = yield* tracedGet
        const caller = spans.find((span) => span.name === "caller")
        const operation = spans.find((span) => span.name === "Orders.get")
        const http = spans.find((span) => span.name.startsWith("http.client"))
        expect(operation?.status._tag).toBe("Ended")
        expect(parentId(operation)).toEqual(Option.some(caller!.spanId))
        expect(parentId(http)).toEqual(Option.some(operation!.spanId))
        expect(http!.traceId).toBe(caller!.traceId)
      }).pipe(Effect.provide(S.layer({ timeout, httpSpans: true }))))

    it.effect(`by default the operation's span is the call's HTTP client span, and the only one (${name})`, () =>
      Effect.gen(function*() {
        const { attributes, signature, spans } = yield* tracedGet
        const caller = spans.find((span) => span.name === "caller")
        const operation = spans.find((span) => span.name === "Orders.get")
        expect(spans.map((span) => span.name).sort()).toEqual(["Orders.get", "caller"])
        expect(parentId(operation)).toEqual(Option.some(caller!.spanId))
        expect(operation!.kind).toBe("client")
        expect(Object.fromEntries(operation!.attributes)).toEqual({
          "http.request.method": "GET",
          "server.address": "kalshi.test",
          "server.port": 443,
          "url.full": "https://kalshi.test/trade-api/v2/portfolio/orders/ord-1",
          "url.path": "/trade-api/v2/portfolio/orders/ord-1",
          "url.scheme": "https",
          "http.response.status_code": 200
        })
        for (const [name, value] of attributes) expect(String(value), name).not.toContain(signature)
      }).pipe(Effect.provide(S.layer({ timeout }))))
  }

  it.effect("the operation's span records a read's port, query, and how many times it was sent again", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = yield* S.recordingTracer(spans)
      yield* S.reply(S.json(503, {}), S.json(500, {}), S.json(200, { orders: [], cursor: "" }))
      yield* S.withClock(Orders.list({ ticker: "KXA", limit: 5 }).pipe(Effect.withTracer(recording)))
      const operation = spans.find((span) => span.name === "Orders.list")
      expect(Object.fromEntries(operation!.attributes)).toMatchObject({
        "server.address": "127.0.0.1",
        "server.port": 8443,
        "url.scheme": "http",
        "url.full": "http://127.0.0.1:8443/trade-api/v2/portfolio/orders?ticker=KXA&limit=5",
        "url.query": "ticker=KXA&limit=5",
        "http.request.resend_count": 2,
        "http.response.status_code": 200
      })
    }).pipe(Effect.provide(
      S.layer({ baseUrl: "http://127.0.0.1:8443/trade-api/v2", retry: { maxRetries: 2, baseDelay: "10 millis" } })
    )))

  it.effect("with tracerPropagation, Kalshi sees the operation's span as the parent of its request", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = yield* S.recordingTracer(spans)
      yield* S.reply(S.json(200, oneOrder))
      yield* Orders.get("ord-1").pipe(Effect.withTracer(recording))
      const operation = spans.find((span) => span.name === "Orders.get")
      expect((yield* S.onlyRequest).headers.traceparent).toBe(`00-${operation!.traceId}-${operation!.spanId}-01`)
    }).pipe(Effect.provide(S.layer({ tracerPropagation: true }))))

  it.effect("a request refused before sending is recorded in its operation's span", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = yield* S.recordingTracer(spans)
      const error = yield* Effect.flip(Orders.get("..").pipe(Effect.withTracer(recording)))
      expect(error._tag).toBe("ValidationError")
      const operation = spans.find((span) => span.name === "Orders.get")
      expect(operation?.status._tag === "Ended" && Exit.isFailure(operation.status.exit)).toBe(true)
      expect(spans.some((span) => span.name.startsWith("http.client"))).toBe(false)
    }).pipe(Effect.provide(S.layer())))
})

describe("errors carry no secrets", () => {
  const pemLines = S.rsaKeys.privateKey.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"))

  const renderings = (error: unknown, cause: Cause.Cause<unknown>): ReadonlyArray<string> => [
    String(error),
    JSON.stringify(error),
    Inspectable.format(error),
    Inspectable.toStringUnknown(error),
    inspect(error, { depth: 10, showHidden: true }),
    Cause.pretty(cause),
    JSON.stringify(Cause.squash(cause))
  ]

  const expectClean = (texts: ReadonlyArray<string>, signature: string) => {
    for (const text of texts) {
      expect(text).not.toContain(signature)
      expect(text).not.toContain("PRIVATE KEY")
      for (const line of pemLines) expect(text).not.toContain(line)
      expect(text.toLowerCase()).not.toContain("kalshi-access-signature")
    }
  }

  for (
    const [label, failure] of [
      ["a 401", S.json(401, { code: "unauthorized", message: "bad signature" })],
      ["a 500", S.text(500, "oops")],
      ["a transport failure", S.transportFailure],
      ["a mis-shaped body", S.json(201, { order_id: 1 })]
    ] as const
  ) {
    it.effect(`after ${label}`, () =>
      Effect.gen(function*() {
        yield* S.reply(failure)
        const exit = yield* Effect.exit(Orders.createV2(order))
        const request = yield* S.onlyRequest
        const signature = request.headers["kalshi-access-signature"] ?? ""
        expect(signature.length).toBeGreaterThan(100)
        if (!Exit.isFailure(exit)) return expect.fail("the create should have failed")
        const error = Cause.squash(exit.cause)
        expectClean(renderings(error, exit.cause), signature)
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("after a timeout", () =>
    Effect.gen(function*() {
      yield* S.reply(S.hang)
      const fiber = yield* Effect.fork(Effect.exit(Orders.get("ord-1")))
      yield* S.awaitRequests(1)
      yield* TestClock.adjust(Duration.seconds(1))
      const exit = yield* Fiber.join(fiber)
      const signature = (yield* S.onlyRequest).headers["kalshi-access-signature"] ?? ""
      if (!Exit.isFailure(exit)) return expect.fail("the read should have timed out")
      expect(Cause.squash(exit.cause)).toBeInstanceOf(KalshiError.TransportError)
      expectClean(renderings(Cause.squash(exit.cause), exit.cause), signature)
    }).pipe(Effect.provide(S.layer({ timeout: "1 second", retry: false }))))
})
