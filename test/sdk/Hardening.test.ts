/**
 * The hardening of the client, case by case through the scripted transport: why a response broke the
 * protocol (`ProtocolError.reason`), what failed below HTTP (`TransportError.reason`, with the cause kept
 * and the signature scrubbed), trace headers off by default, extra headers and paths checked before
 * sending, subaccount and exchange_index ranges, lone surrogates, and configuration that never echoes a
 * value.
 */
import { FileSystem } from "@effect/platform"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { describe, expect, it } from "@effect/vitest"
import type { Tracer } from "effect"
import { Cause, ConfigProvider, Effect, Exit, Layer, Option, Schema } from "effect"
import type { KalshiError } from "../../src/index.js"
import { KalshiClient, Markets, Orders, Portfolio } from "../../src/index.js"
import * as S from "../support/scripted.js"

const pem = S.rsaKeys.privateKey
const pemLines = pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"))
const oneOrder = { order: S.wireOrder() }

/** The error of a call, with the replies queued. */
const failureOf = <A, E>(
  call: Effect.Effect<A, E, KalshiClient.KalshiClient>,
  ...replies: ReadonlyArray<S.Reply>
) => Effect.flatMap(S.reply(...replies), () => S.failure(call))

const respond = (status: number, body: string, headers: Record<string, string>): S.Reply => ({
  _tag: "Respond",
  status,
  body,
  headers,
  delay: undefined
})

describe("ProtocolError.reason", () => {
  const get = Orders.get("ord-1")
  const cases: ReadonlyArray<
    readonly [string, Effect.Effect<unknown, unknown, KalshiClient.KalshiClient>, S.Reply, KalshiError.ProtocolReason]
  > = [
    ["a 404 where none is declared", Orders.list(), S.json(404, {}), "unexpected_status"],
    ["a 201 where 200 is promised", get, S.json(201, oneOrder), "unexpected_status"],
    ["a 204 where a body is due", get, S.noContent, "no_content"],
    ["an empty 200", get, S.text(200, " "), "no_content"],
    ["a body that is not JSON", get, S.text(200, "<html>"), "undecodable"],
    ["a body of the wrong shape", get, S.json(200, { order: { order_id: 1 } }), "undecodable"],
    ["a success carrying an error", get, S.json(200, { error: { code: "x", message: "no" } }), "error_in_success"],
    ["a redirect", get, respond(302, "{}", { location: "https://elsewhere.test/" }), "redirect"],
    ["a body announced over the limit", get, respond(200, "{}", { "content-length": "9999999999" }), "body_too_large"]
  ]
  for (const [label, call, reply, reason] of cases) {
    it.effect(`${label}: ${reason}`, () =>
      Effect.gen(function*() {
        const error = yield* failureOf(call, reply)
        expect(error).toMatchObject({ _tag: "ProtocolError", reason })
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("a streamed body over maxResponseBytes: body_too_large", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(
        Orders.get("ord-1"),
        S.json(200, { order: S.wireOrder({ ticker: "T".repeat(5_000) }) })
      )
      expect(error).toMatchObject({ _tag: "ProtocolError", reason: "body_too_large", status: 200 })
      expect(error.message).toContain("1024 bytes")
    }).pipe(Effect.provide(S.layer({ maxResponseBytes: 1024 }))))

  it.effect("a mis-shaped body is described by path and kind, never by formatting the value", () =>
    Effect.gen(function*() {
      const huge = "Z".repeat(100_000)
      const error = yield* failureOf(
        Orders.get("ord-1"),
        S.json(200, { order: S.wireOrder({ yes_price_dollars: [huge] }) })
      )
      expect(error.message).toContain("order.yes_price_dollars")
      expect(error.message).toContain("an array of 1 items")
      expect(error.message).not.toContain("ZZZZZZZZZZ")
    }).pipe(Effect.provide(S.layer())))
})

/** A transport that fails every request with `cause`, the signing headers already on the request. */
const failingTransport = (cause: unknown, reason: "Transport" | "Encode" = "Transport") =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.fail(
        new HttpClientError.RequestError({
          request,
          reason,
          cause: cause instanceof Function ? cause(request.headers["kalshi-access-signature"] ?? "") : cause
        })
      )
    )
  )

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const fetchFailed = (inner: Error) => new TypeError("fetch failed", { cause: inner })

describe("TransportError keeps its cause", () => {
  const cases: ReadonlyArray<readonly [string, unknown, KalshiError.TransportReason, string]> = [
    [
      "connection refused (fetch)",
      fetchFailed(withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED")),
      "connection_refused",
      "ECONNREFUSED"
    ],
    ["DNS failure", withCode("getaddrinfo ENOTFOUND nowhere.invalid", "ENOTFOUND"), "dns", "nowhere.invalid"],
    ["a reset (undici)", withCode("other side closed", "UND_ERR_SOCKET"), "connection_reset", "other side closed"],
    ["a TLS failure", withCode("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"), "tls", "self-signed"],
    ["the transport's own timeout", withCode("Connect Timeout Error", "UND_ERR_CONNECT_TIMEOUT"), "timeout", "Connect"],
    ["a bug in a transport", new TypeError("Cannot read properties of undefined (reading 'x')"), "other", "TypeError"]
  ]
  for (const [label, cause, reason, fragment] of cases) {
    it.effect(label, () =>
      Effect.gen(function*() {
        const error = yield* S.failure(Orders.get("ord-1"))
        expect(error).toMatchObject({ _tag: "TransportError", reason })
        expect(error.message).toContain(fragment)
      }).pipe(
        Effect.provide(KalshiClient.layer({ baseUrl: S.baseUrl, credentials: S.credentials, retry: false })),
        Effect.provide(failingTransport(cause))
      ))
  }

  it.effect("a request the transport cannot build is invalid_request", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "invalid_request" })
    }).pipe(
      Effect.provide(KalshiClient.layer({ baseUrl: S.baseUrl, credentials: S.credentials, retry: false })),
      Effect.provide(failingTransport(new Error("bad body"), "Encode"))
    ))

  it.effect("a cause that quotes the signature has it scrubbed", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error.message).toContain("<redacted>")
      expect(error.message).toContain("invalid header")
      expect(error.message).not.toMatch(/[A-Za-z0-9+/]{100,}/)
    }).pipe(
      Effect.provide(KalshiClient.layer({ baseUrl: S.baseUrl, credentials: S.credentials, retry: false })),
      Effect.provide(failingTransport((signature: string) => new Error(`invalid header ${signature}`)))
    ))
})

describe("trace headers", () => {
  for (const [timeout, name] of S.attemptModes) {
    it.effect(`are not sent by default (${name})`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(200, oneOrder))
        yield* Orders.get("ord-1").pipe(Effect.withSpan("caller"))
        const request = yield* S.onlyRequest
        expect(request.headers.traceparent).toBeUndefined()
        expect(request.headers.b3).toBeUndefined()
      }).pipe(Effect.provide(S.layer({ timeout }))))

    it.effect(`are sent with tracerPropagation: true, carrying the caller's trace id (${name})`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(200, oneOrder))
        const traceId = yield* Orders.get("ord-1").pipe(
          Effect.zipRight(Effect.currentSpan),
          Effect.map((span) => span.traceId),
          Effect.withSpan("caller")
        )
        const request = yield* S.onlyRequest
        expect(request.headers.traceparent).toContain(traceId)
        expect(request.headers.b3).toContain(traceId)
      }).pipe(Effect.provide(S.layer({ timeout, tracerPropagation: true }))))
  }
})

describe("before sending", () => {
  const invalidHeaders: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ["a name that is not a token", { "bad name": "v" }],
    ["a value with a line break", { "x-note": "a\r\nkalshi-access-key: forged" }],
    ["a value beyond Latin-1", { "x-note": "caf\u00e9 \u2603" }]
  ]
  for (const [label, headers] of invalidHeaders) {
    it.effect(`an extra header with ${label} is a ValidationError`, () =>
      Effect.gen(function*() {
        const error = yield* S.failure(Markets.list({}, { headers }))
        expect(error._tag).toBe("ValidationError")
        expect(error.message).not.toContain("forged")
        expect(yield* S.requests).toHaveLength(0)
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("KalshiClient.execute refuses a path that does not start with /, and a body JSON cannot hold", () =>
    Effect.gen(function*() {
      const client = yield* KalshiClient.KalshiClient
      const call = { method: "POST", authenticated: false, status: 200, response: Schema.Unknown } as const
      const noSlash = yield* S.failure(client.execute({ ...call, path: "@elsewhere.test/x" }))
      expect(noSlash._tag).toBe("ValidationError")
      const bigint = yield* S.failure(client.execute({ ...call, path: "/x", body: { n: 1n } }))
      expect(bigint._tag).toBe("ValidationError")
      expect(yield* S.requests).toHaveLength(0)
    }).pipe(Effect.provide(S.layer())))
})

describe("ranges and text", () => {
  const rejected = <A, E extends { readonly _tag: string; readonly message: string }>(
    call: Effect.Effect<A, E, KalshiClient.KalshiClient>,
    fragment: string
  ) =>
    Effect.gen(function*() {
      const error = yield* S.failure(call)
      expect(error._tag).toBe("ValidationError")
      expect(error.message).toContain(fragment)
      expect(yield* S.requests).toHaveLength(0)
    }).pipe(Effect.provide(S.layer()))

  for (const subaccount of [-1, 64, 1.5, 2 ** 40]) {
    it.effect(`subaccount ${subaccount} is refused everywhere`, () =>
      Effect.gen(function*() {
        yield* rejected(Orders.createV2(S.order({ subaccount })), "subaccount")
        yield* rejected(Orders.cancelV2("o-1", { subaccount }), "subaccount")
        yield* rejected(Orders.cancelAll({ subaccount }), "subaccount")
        yield* rejected(Orders.list({ subaccount }), "subaccount")
        yield* rejected(Portfolio.balance({ subaccount }), "subaccount")
      }))
  }

  for (const exchange_index of [-2, 256, 0.5, 2 ** 31]) {
    it.effect(`exchange_index ${exchange_index} is refused on writes and filters`, () =>
      Effect.gen(function*() {
        yield* rejected(Orders.createV2(S.order({ exchange_index })), "exchange_index")
        yield* rejected(Orders.cancelV2("o-1", { exchange_index, market_ticker: "T" }), "exchange_index")
        yield* rejected(Orders.list({ exchange_index }), "exchange_index")
      }))
  }

  it.effect("exchange_index -1 routes a write but is no filter", () =>
    Effect.gen(function*() {
      yield* rejected(Orders.list({ exchange_index: -1 }), "exchange_index")
      yield* S.reply(S.json(201, { order_id: "o", fill_count: "0", remaining_count: "1", ts_ms: 0 }))
      yield* Orders.createV2(S.order({ exchange_index: -1 }))
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))

  const lone = "KX\uD800-26"
  it.effect("a lone surrogate in a path id, a ticker, an id or a cursor is refused", () =>
    Effect.gen(function*() {
      yield* rejected(Orders.get(lone), "well-formed")
      yield* rejected(Orders.createV2(S.order({ ticker: lone })), "ticker")
      yield* rejected(Orders.createV2(S.order({ client_order_id: lone })), "client_order_id")
      yield* rejected(Orders.list({ cursor: lone }), "cursor")
      yield* rejected(Markets.get(lone), "well-formed")
    }))

  it.effect("a symbol-keyed extra property is a ValidationError naming it", () =>
    rejected(Orders.createV2({ ...S.order(), [Symbol("sneaky")]: 1 } as Orders.CreateOrderV2Request), "Symbol(sneaky)"))
})

const withEnv = (vars: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars))))

/** Builds the configured client and returns its failure and the failures recorded on spans. */
const configFailure = (vars: Record<string, string>) =>
  Effect.gen(function*() {
    const spans: Array<Tracer.Span> = []
    const recording = yield* S.recordingTracer(spans)
    const layer = KalshiClient.layerConfig().pipe(
      Layer.provide(S.layerHttp),
      Layer.provide(FileSystem.layerNoop({}))
    )
    const exit = yield* Effect.exit(Effect.provide(KalshiClient.KalshiClient, layer)).pipe(
      Effect.withTracer(recording),
      withEnv(vars)
    )
    if (Exit.isSuccess(exit)) return yield* Effect.dieMessage("the layer should have failed")
    const spanTexts = spans.flatMap((span) =>
      span.status._tag === "Ended" && Exit.isFailure(span.status.exit) ? [Cause.pretty(span.status.exit.cause)] : []
    )
    return { texts: [Cause.pretty(exit.cause), String(Cause.squash(exit.cause)), ...spanTexts] }
  })

describe("configuration never echoes a value", () => {
  const cases: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ["KALSHI_BASE_URL", { KALSHI_BASE_URL: pem }],
    ["KALSHI_ENV", { KALSHI_ENV: pem }],
    ["KALSHI_PRIVATE_KEY_PATH", { KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: pem }],
    ["KALSHI_API_KEY_ID", { KALSHI_API_KEY_ID: pem, KALSHI_PRIVATE_KEY: pem }]
  ]
  for (const [variable, vars] of cases) {
    it.effect(`a PEM in ${variable}: the error names the variable, and neither it nor a span quotes the PEM`, () =>
      Effect.gen(function*() {
        const { texts } = yield* configFailure(vars)
        expect(texts[0]).toContain(variable)
        for (const text of texts) {
          for (const line of pemLines) expect(text).not.toContain(line)
        }
      }))
  }

  for (
    const [label, url] of [
      ["a query", "https://external-api.kalshi.com/trade-api/v2?token=secret-value"],
      ["a fragment", "https://external-api.kalshi.com/trade-api/v2#secret-value"],
      ["credentials", "https://user:secret-value@external-api.kalshi.com/trade-api/v2"],
      ["another scheme", "ftp://external-api.kalshi.com/secret-value"]
    ] as const
  ) {
    it.effect(`a base URL with ${label} is refused, from KALSHI_BASE_URL and from the options`, () =>
      Effect.gen(function*() {
        const { texts } = yield* configFailure({ KALSHI_BASE_URL: url })
        expect(texts[0]).toContain("KALSHI_BASE_URL")
        for (const text of texts) expect(text).not.toContain("secret-value")
        const direct = yield* Effect.flip(Effect.provide(KalshiClient.KalshiClient, S.layer({ baseUrl: url })))
        expect(String(direct)).toContain("baseUrl")
        expect(String(direct)).not.toContain("secret-value")
      }))
  }

  it.effect("a key id that is not a key id fails Signer.make without quoting it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.provide(
          KalshiClient.KalshiClient,
          S.layer({ credentials: { ...S.credentials, keyId: "line\nbreak-secret-value" } })
        )
      )
      expect(error._tag).toBe("InvalidKeyError")
      expect(String(error)).not.toContain("secret-value")
    }))

  it.effect("a valid configuration still works", () =>
    Effect.gen(function*() {
      const client = yield* Effect.provide(
        KalshiClient.KalshiClient,
        KalshiClient.layerConfig().pipe(Layer.provide(S.layerHttp), Layer.provide(FileSystem.layerNoop({})))
      )
      expect(client.baseUrl).toBe("http://127.0.0.1:4000/trade-api/v2")
      expect(Option.some(client.authenticated)).toEqual(Option.some(true))
    }).pipe(
      withEnv({
        KALSHI_BASE_URL: "http://127.0.0.1:4000/trade-api/v2",
        KALSHI_API_KEY_ID: S.keyId,
        KALSHI_PRIVATE_KEY: pem
      })
    ))
})
