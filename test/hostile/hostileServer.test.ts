/**
 * The SDK against a hostile server: a real loopback server on 127.0.0.1 that redirects to another host,
 * answers deeply nested, huge, mis-typed or endless bodies, huge error bodies, and drops connections,
 * driven through both real transports (`FetchHttpClient` and undici's `NodeHttpClient`). Every outcome
 * must be a typed error with a bounded message; the other host must never see a signing header; no
 * error may carry a signature or the key.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, layer } from "@effect/vitest"
import { Cause, Context, Effect, Exit, Inspectable, Layer, Stream } from "effect"
import type { ServerResponse } from "node:http"
import { inspect } from "node:util"
import { KalshiClient, Orders } from "../../src/index.js"
import * as S from "../support/scripted.js"
import type { Running } from "./server.js"
import { closedPort, listen, streamBody } from "./server.js"

const limit = 4 * 1024 * 1024
const big = 64 * 1024 * 1024
/** Longer than any message the SDK should ever build, far shorter than the bodies it is fed. */
const messageBound = 2_000

const json = (response: ServerResponse, status: number, body: string, headers = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(body)
}

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth)
const orderBody = JSON.stringify({ order: S.wireOrder() })

/** The hostile server: each `GET /trade-api/v2/portfolio/orders/{scenario}` is one misbehaviour. */
const hostile = (other: Running) =>
  listen((request, response, self) => {
    const path = new URL(request.url ?? "/", self.origin).pathname
    const scenario = path === "/trade-api/v2/portfolio/orders" ? "list" : path.split("/").pop() ?? ""
    if (request.method === "POST") {
      // A create answered by a 307: a client that follows it resends the signed body elsewhere.
      return json(response, 307, "{}", { location: `${other.origin}/trade-api/v2/portfolio/events/orders` })
    }
    switch (scenario) {
      case "ok":
        return json(response, 200, orderBody)
      case "redirect-away":
        return json(response, 302, "{}", { location: `${other.origin}/trade-api/v2/portfolio/orders/ok` })
      case "redirect-home":
        return json(response, 301, "{}", { location: `${self.origin}/trade-api/v2/portfolio/orders/ok` })
      case "deep":
        return json(response, 200, `{"order":${nested(1_000_000)}}`)
      case "deep-object":
        return json(response, 200, "{\"order\":" + "{\"a\":".repeat(500_000) + "1" + "}".repeat(500_000) + "}")
      case "deep-error":
        return json(response, 400, `{"code":"bad","message":${nested(500_000)},"details":${nested(10)}}`)
      case "wrong-types":
        return json(response, 200, JSON.stringify({ order: S.wireOrder({ order_id: 123, yes_price_dollars: 0.56 }) }))
      case "huge-misshaped":
        return json(response, 200, `{"order":[${"0,".repeat(1_500_000)}0]}`)
      case "huge-string":
        return json(response, 200, JSON.stringify({ order: S.wireOrder({ yes_price_dollars: "9".repeat(3_000_000) }) }))
      case "huge-html":
        return json(response, 200, `<html>${"<p>bad gateway</p>".repeat(200_000)}</html>`, {
          "content-type": "text/html"
        })
      case "huge-error":
        return json(
          response,
          500,
          JSON.stringify({ code: "C".repeat(100_000), message: "M".repeat(3_000_000), details: "D".repeat(500_000) })
        )
      case "huge-429":
        return json(response, 429, JSON.stringify({ error: "E".repeat(3_000_000) }))
      case "error-in-success":
        return json(response, 200, JSON.stringify({ error: { code: "x", message: "E".repeat(2_000_000) } }))
      case "list":
        // Always the same long cursor: a cycle, to be reported without quoting all of it.
        return json(response, 200, JSON.stringify({ orders: [], cursor: "c".repeat(10_000) }))
      case "too-large-announced":
        return streamBody(response, self, scenario, big, true)
      case "too-large-chunked":
        return streamBody(response, self, scenario, big, false)
      case "reset-mid-body":
        response.writeHead(200, { "content-type": "application/json" })
        response.write("{\"order\":{\"order_id\":\"")
        return setTimeout(() => response.socket?.destroy(), 20)
      default:
        return json(response, 404, "{}")
    }
  })

class Servers extends Context.Tag("test/Servers")<Servers, {
  readonly hostile: Running
  readonly other: Running
}>() {}

const servers = Layer.scoped(
  Servers,
  Effect.gen(function*() {
    const other = yield* listen((_, response) => json(response, 200, orderBody))
    return { hostile: yield* hostile(other), other }
  })
)

/** Each transport, with the client options it is used with. */
const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>, KalshiClient.Options]> = [
  ["FetchHttpClient", FetchHttpClient.layer, {}],
  ["NodeHttpClient (undici)", NodeHttpClient.layerUndici, {}],
  // As `NodeKalshiClient` configures it: undici never follows a redirect, so no `redirect: "manual"` is set.
  ["NodeHttpClient (undici), as the Node layers use it", NodeHttpClient.layerUndici, {
    transportFollowsRedirects: false
  }]
]

const pemLines = S.rsaKeys.privateKey.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"))

/** Every way an error can be printed. */
const renderings = (error: unknown, cause: Cause.Cause<unknown>): ReadonlyArray<string> => [
  String(error),
  JSON.stringify(error),
  Inspectable.format(error),
  inspect(error, { depth: 10 }),
  Cause.pretty(cause)
]

for (const [name, transport, transportOptions] of transports) {
  describe(`a hostile server, through ${name}`, () => {
    layer(servers, { excludeTestServices: true, timeout: "60 seconds" })((it) => {
      /** Runs a call against the hostile server and returns its typed failure, checked for bounds and leaks. */
      const failing = <A, E extends { readonly _tag: string; readonly message: string }>(
        call: Effect.Effect<A, E, KalshiClient.KalshiClient>,
        options: KalshiClient.Options = {}
      ) =>
        Effect.gen(function*() {
          const { hostile, other } = yield* Servers
          const client = KalshiClient.layer({
            baseUrl: `${hostile.origin}/trade-api/v2`,
            credentials: S.credentials,
            retry: false,
            timeout: "30 seconds",
            maxResponseBytes: limit,
            // One request per call: the rate limiter's own reads of the limits would reach the server too.
            rateLimit: false,
            ...transportOptions,
            ...options
          }).pipe(Layer.provide(transport))
          const exit = yield* Effect.exit(Effect.provide(call, client))
          if (Exit.isSuccess(exit)) return yield* Effect.dieMessage("expected the call to fail")
          // A typed failure, never a defect.
          expect(Cause.isFailType(exit.cause), Cause.pretty(exit.cause).slice(0, 500)).toBe(true)
          const error = Cause.squash(exit.cause) as E
          expect(error.message.length).toBeLessThan(messageBound)
          const signatures = [...hostile.seen, ...other.seen]
            .map((seen) => seen.headers["kalshi-access-signature"])
            .filter((value): value is string => typeof value === "string")
          for (const text of renderings(error, exit.cause)) {
            expect(text.length).toBeLessThan(4 * messageBound)
            for (const signature of signatures) expect(text).not.toContain(signature)
            for (const line of pemLines) expect(text).not.toContain(line)
          }
          return error
        })

      const get = (scenario: string) => Orders.get(scenario)

      it.effect("a 302 to another host is a ProtocolError (redirect); the other host sees nothing", () =>
        Effect.gen(function*() {
          const { other } = yield* Servers
          const before = other.seen.length
          const error = yield* failing(get("redirect-away"))
          expect(error).toMatchObject({ _tag: "ProtocolError", reason: "redirect", status: 302 })
          expect(other.seen.length).toBe(before)
        }))

      it.effect("a 307 on a create is a ProtocolError; the signed order never reaches the other host", () =>
        Effect.gen(function*() {
          const { other } = yield* Servers
          const before = other.seen.length
          const error = yield* failing(Orders.createV2(S.order()))
          expect(error).toMatchObject({ _tag: "ProtocolError", reason: "redirect", status: 307 })
          expect(other.seen.length).toBe(before)
        }))

      it.effect("a redirect within the same origin is not followed either", () =>
        Effect.gen(function*() {
          const { hostile } = yield* Servers
          const before = hostile.seen.length
          const error = yield* failing(get("redirect-home"))
          expect(error).toMatchObject({ _tag: "ProtocolError", reason: "redirect", status: 301 })
          expect(hostile.seen.length).toBe(before + 1)
        }))

      it.effect("a transformClient that follows redirects still cannot hand the signature to another host", () =>
        Effect.gen(function*() {
          const { other } = yield* Servers
          const before = other.seen.length
          const error = yield* failing(get("redirect-away"), {
            transformClient: (client) => HttpClient.followRedirects(client, 5)
          })
          expect(error._tag).toBe("AuthenticationError")
          expect(error.message).toContain(other.origin)
          expect(other.seen.length).toBe(before)
        }))

      it.effect("a transformClient that rewrites the URL to another host gets no signature", () =>
        Effect.gen(function*() {
          const { other } = yield* Servers
          const before = other.seen.length
          const error = yield* failing(get("ok"), {
            transformClient: HttpClient.mapRequest((request) => ({
              ...request,
              url: request.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, other.origin)
            }))
          })
          expect(error._tag).toBe("AuthenticationError")
          expect(other.seen.length).toBe(before)
        }))

      for (const scenario of ["deep", "deep-object", "wrong-types", "huge-misshaped", "huge-string"]) {
        it.effect(`a ${scenario} success body is a ProtocolError (undecodable) with a short message`, () =>
          Effect.gen(function*() {
            const error = yield* failing(get(scenario))
            expect(error).toMatchObject({ _tag: "ProtocolError", reason: "undecodable", status: 200 })
          }))
      }

      it.effect("a wrong-typed field is named by its path", () =>
        Effect.gen(function*() {
          const error = yield* failing(get("wrong-types"))
          expect(error.message).toContain("order.order_id")
        }))

      it.effect("a non-JSON body is a ProtocolError quoting a short excerpt", () =>
        Effect.gen(function*() {
          const error = yield* failing(get("huge-html"))
          expect(error).toMatchObject({ _tag: "ProtocolError", reason: "undecodable" })
          expect(error.message).toContain("<html>")
        }))

      it.effect("a deeply nested error body is the status's typed error", () =>
        Effect.gen(function*() {
          const error = yield* failing(get("deep-error"))
          expect(error).toMatchObject({ _tag: "ValidationError", status: 400, code: "bad" })
        }))

      it.effect("huge error bodies are cut to excerpts in every field", () =>
        Effect.gen(function*() {
          const server = yield* failing(get("huge-error"))
          expect(server._tag).toBe("ServerError")
          if (server._tag !== "ServerError") return
          expect(server.message.startsWith("MMMM")).toBe(true)
          expect((server.code ?? "").length).toBeLessThan(messageBound)
          expect((server.details ?? "").length).toBeLessThan(messageBound)
          expect((yield* failing(get("huge-429")))._tag).toBe("RateLimitError")
          expect(yield* failing(get("error-in-success"))).toMatchObject({ reason: "error_in_success" })
        }))

      it.effect("a long cursor that comes back is a cursor_cycle ProtocolError with a bounded message", () =>
        Effect.gen(function*() {
          const error = yield* failing(Stream.runDrain(Orders.listAll()))
          expect(error).toMatchObject({ _tag: "ProtocolError", reason: "cursor_cycle" })
        }))

      for (const [scenario, announced] of [["too-large-announced", true], ["too-large-chunked", false]] as const) {
        it.effect(
          `a ${announced ? "Content-Length" : "chunked"} body over maxResponseBytes fails without being read`,
          () =>
            Effect.gen(function*() {
              const { hostile } = yield* Servers
              const error = yield* failing(get(scenario))
              expect(error).toMatchObject({ _tag: "ProtocolError", reason: "body_too_large" })
              // The server notices the client leaving long before the 64 MB are written.
              for (let i = 0; i < 200 && hostile.streamed.get(scenario)?.closed !== true; i++) {
                yield* Effect.sleep("10 millis")
              }
              const streamed = hostile.streamed.get(scenario)
              expect(streamed?.closed).toBe(true)
              expect(streamed!.written).toBeLessThan(big / 2)
            })
        )
      }

      it.effect("a connection reset mid-body is a TransportError", () =>
        Effect.gen(function*() {
          const error = yield* failing(get("reset-mid-body"))
          expect(error._tag).toBe("TransportError")
        }))

      it.effect("a refused connection is a TransportError that says so", () =>
        Effect.gen(function*() {
          const port = yield* closedPort
          const error = yield* failing(get("ok"), { baseUrl: `http://127.0.0.1:${port}/trade-api/v2` })
          expect(error).toMatchObject({ _tag: "TransportError", reason: "connection_refused" })
          expect(error.message).toContain("ECONNREFUSED")
        }))

      it.effect("no trace headers reach the exchange unless asked for", () =>
        Effect.gen(function*() {
          const { hostile } = yield* Servers
          const client = (tracerPropagation: boolean) =>
            KalshiClient.layer({
              baseUrl: `${hostile.origin}/trade-api/v2`,
              credentials: S.credentials,
              rateLimit: false,
              tracerPropagation
            }).pipe(Layer.provide(transport))
          const before = hostile.seen.length
          yield* Effect.provide(get("ok"), client(false))
          yield* Effect.provide(get("ok"), client(true))
          const [plain, traced] = hostile.seen.slice(before)
          expect(plain?.headers.traceparent).toBeUndefined()
          expect(plain?.headers.b3).toBeUndefined()
          expect(plain?.headers["kalshi-access-signature"]).toBeTypeOf("string")
          expect(traced?.headers.traceparent).toBeTypeOf("string")
          expect(traced?.headers.b3).toBeTypeOf("string")
        }))
    })
  })
}
