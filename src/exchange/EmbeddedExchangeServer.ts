/**
 * The embedded exchange on a real HTTP server (Node): 127.0.0.1 on an ephemeral port, for demos, integration
 * tests and benchmarks. It serves the same app as the in-memory client; a `DropConnection` fault destroys the
 * request's socket, so clients see a genuine transport failure.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { createServer } from "node:http"
import * as EmbeddedExchange from "./EmbeddedExchange.js"

/**
 * Where the server listens.
 *
 * @since 0.1.0
 */
export interface Service {
  /** `http://127.0.0.1:PORT/trade-api/v2`: the base URL to give a Kalshi client. */
  readonly baseUrl: string
  readonly port: number
}

/**
 * The running loopback server.
 *
 * @since 0.1.0
 */
export class EmbeddedExchangeServer extends Context.Tag("effect-kalshi/EmbeddedExchangeServer")<
  EmbeddedExchangeServer,
  Service
>() {}

/** Realises the app's drop signal on the node socket; the response written after it goes nowhere. */
const dropOnSocket = (app: HttpApp.Default<EmbeddedExchange.ConnectionDropped>): HttpApp.Default =>
  Effect.catchTag(
    app,
    "ConnectionDropped",
    () =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
        Effect.sync(() => {
          NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
          return HttpServerResponse.empty()
        }))
  )

/**
 * Where to listen: always 127.0.0.1; `port` 0 (the default) picks a free ephemeral port.
 *
 * @since 0.1.0
 */
export interface ServerOptions {
  readonly port?: number | undefined
}

/**
 * Serves the exchange in context on 127.0.0.1 (an ephemeral port unless `port` is given) until the scope
 * closes.
 *
 * @since 0.1.0
 */
export const makeWith = (
  options: ServerOptions = {}
): Effect.Effect<Service, ServeError, EmbeddedExchange.EmbeddedExchange | Scope.Scope> =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    // The server gets a scope of its own, closed after the WebSocket sessions are: an open session would keep
    // it (its WebSocket server, acquired at the first upgrade) from closing.
    const serverScope = yield* Scope.fork(yield* Effect.scope, ExecutionStrategy.sequential)
    const server = yield* Scope.extend(
      NodeHttpServer.make(() => createServer(), { host: "127.0.0.1", port: options.port ?? 0 }),
      serverScope
    )
    yield* Scope.extend(server.serve(dropOnSocket(exchange.app)), serverScope)
    yield* Effect.addFinalizer(() => exchange.webSocket.closeAll)
    const address = server.address
    if (address._tag !== "TcpAddress") return yield* Effect.dieMessage("The embedded exchange expected a TCP address")
    return { baseUrl: `http://127.0.0.1:${address.port}/trade-api/v2`, port: address.port }
  })

/**
 * Serves the exchange in context on 127.0.0.1, on an ephemeral port, until the scope closes.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<Service, ServeError, EmbeddedExchange.EmbeddedExchange | Scope.Scope> = makeWith()

/**
 * The server for the exchange in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<EmbeddedExchangeServer, ServeError, EmbeddedExchange.EmbeddedExchange> = Layer.scoped(
  EmbeddedExchangeServer,
  make
)

/**
 * A fresh exchange and its loopback server.
 *
 * @since 0.1.0
 */
export const layerWithExchange = (
  options?: EmbeddedExchange.Options,
  server?: ServerOptions
): Layer.Layer<EmbeddedExchangeServer | EmbeddedExchange.EmbeddedExchange, ServeError> =>
  Layer.scoped(EmbeddedExchangeServer, makeWith(server)).pipe(Layer.provideMerge(EmbeddedExchange.layer(options)))
