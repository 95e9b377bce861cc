/**
 * The exchange's WebSocket endpoint on its two transports: `GET /trade-api/ws/v2` upgraded by the HTTP server
 * (loopback), and in-memory connections for tests. Both check the handshake's signature before anything else.
 *
 * @internal
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Socket from "@effect/platform/Socket"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as EmbeddedExchangeWebSocket from "../../EmbeddedExchangeWebSocket.js"
import type { ExchangeError } from "../errors.js"
import type { State } from "../state.js"
import * as Hub from "./hub.js"
import type { Peer } from "./session.js"

/** The methods of a server-side `ws` socket beyond the standard ones (Node's upgrade hands one over). */
interface NodeSocket {
  readonly send: (data: string) => void
  readonly close: (code?: number, reason?: string) => void
  readonly ping?: (data?: string) => void
  readonly terminate?: () => void
  readonly pause?: () => void
  readonly resume?: () => void
}

/** A peer over a socket that becomes known with the first frame (the upgrade hands it to frame handlers). */
const lateBoundPeer = () => {
  let socket: NodeSocket | undefined
  const peer: Peer = {
    send: (text) => socket?.send(text),
    ping: () => socket?.ping?.("heartbeat"),
    close: (code, reason) => socket?.close(code, reason),
    terminate: () => (socket?.terminate === undefined ? socket?.close(4000, "terminated") : socket.terminate()),
    pause: () => socket?.pause?.(),
    resume: () => socket?.resume?.()
  }
  return { peer, bind: (raw: globalThis.WebSocket) => (socket ??= raw as unknown as NodeSocket) }
}

const decoder = new TextDecoder()

const json = (body: unknown, status: number) => HttpServerResponse.unsafeJson(body, { status })

const refused = (error: ExchangeError) =>
  json({ code: error.code, message: error.message, details: error.details }, error.status)

const pathnameOf = (request: HttpServerRequest.HttpServerRequest): string =>
  new URL(request.originalUrl, "http://embedded.kalshi").pathname

/** Serves an upgraded request: one session until the socket closes. */
const serveUpgrade = (hub: Hub.Hub, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const key = yield* Hub.authenticate(hub, { headers: request.headers, path: pathnameOf(request) })
    const socket = yield* request.upgrade
    // HTTP handlers run uninterruptibly; the session's fibers must be interruptible to end with it.
    yield* Effect.interruptible(Effect.scoped(Effect.gen(function*() {
      const { bind, peer } = lateBoundPeer()
      const receive = yield* Hub.open(hub, key.userId, peer)
      // Frame handlers run with the upgraded socket in their context: that is where the peer learns it.
      yield* socket.runRaw((data) =>
        Effect.map(Effect.serviceOption(Socket.WebSocket), (raw) => {
          if (Option.isSome(raw)) bind(raw.value)
          receive(typeof data === "string" ? data : decoder.decode(data))
        })
      ).pipe(Effect.ignore)
    })))
    return HttpServerResponse.empty()
  }).pipe(
    Effect.catchTags({
      ExchangeError: (error) => Effect.succeed(refused(error)),
      RequestError: () =>
        Effect.succeed(
          json({ code: "upgrade_required", message: "This endpoint speaks WebSocket only", details: "" }, 426)
        )
    })
  )

export interface Endpoint {
  /** The exchange's HTTP app with the WebSocket endpoint in front. */
  readonly serve: <E>(app: HttpApp.Default<E>) => HttpApp.Default<E>
  readonly service: EmbeddedExchangeWebSocket.Service
}

export const make = (state: State): Endpoint => {
  const hub = Hub.make(state)
  return {
    serve: (app) =>
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        (request) => (pathnameOf(request) === Hub.path ? serveUpgrade(hub, request) : app)
      ),
    service: {
      path: Hub.path,
      connect: (request) =>
        Hub.connectInMemory(hub, { headers: lowerCase(request.headers), path: new URL(request.url).pathname }),
      injectFault: (fault, options) => Hub.inject(hub, fault, options?.userId),
      sessions: Effect.sync(() => hub.sessions.size),
      closeAll: Hub.closeAll(hub)
    }
  }
}

/** Header names as an HTTP server sees them. */
const lowerCase = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
