/**
 * The WebSocket client on Node: sockets opened with the `ws` package, which can send the signed handshake
 * headers (Node 20 has no global `WebSocket`, and the platform's `WebSocketConstructor` cannot pass headers).
 * Pings from Kalshi are answered automatically and, with Pongs, count as activity for the keep-alive.
 *
 * ```ts
 * import { NodeKalshiWebSocket } from "effect-kalshi/node"
 * program.pipe(Effect.provide(NodeKalshiWebSocket.layerConfig()))
 * ```
 *
 * Needs the `ws` package (an optional peer dependency).
 *
 * @since 0.1.0
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import type { PlatformError } from "@effect/platform/Error"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as WS from "ws"
import type * as KalshiConfig from "./KalshiConfig.js"
import type { InvalidKeyError } from "./KalshiError.js"
import * as KalshiWebSocket from "./KalshiWebSocket.js"
import * as NodeSigner from "./NodeSigner.js"

const handshakeTimeout = 10_000

/**
 * Opens a socket with `ws` and waits until it is open; a refused handshake fails with its HTTP status. Redirects
 * are never followed (they would hand the signed headers to another host).
 *
 * @since 0.1.0
 */
export const connect = (
  request: KalshiWebSocket.ConnectRequest
): Effect.Effect<KalshiWebSocket.Connection, KalshiWebSocket.HandshakeError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<WS.WebSocket, KalshiWebSocket.HandshakeError>((resume) => {
      const socket = new WS.WebSocket(request.url, {
        headers: { ...request.headers },
        handshakeTimeout,
        followRedirects: false
      })
      let settled = false
      const settle = (outcome: Effect.Effect<WS.WebSocket, KalshiWebSocket.HandshakeError>) => {
        if (settled) return
        settled = true
        resume(outcome)
      }
      socket.once("open", () => settle(Effect.succeed(socket)))
      socket.once("unexpected-response", (_request, response) => {
        const status = response.statusCode ?? 0
        settle(
          Effect.fail(
            new KalshiWebSocket.HandshakeError({
              message: `the handshake was answered with HTTP ${status}${
                response.statusMessage ? ` ${response.statusMessage}` : ""
              }`,
              status
            })
          )
        )
        socket.terminate()
      })
      socket.on("error", (error) =>
        settle(
          Effect.fail(new KalshiWebSocket.HandshakeError({ message: `the connection failed: ${error.message}` }))
        ))
      return Effect.sync(() => socket.terminate())
    }),
    (socket) =>
      Effect.sync(() => {
        if (socket.readyState === WS.WebSocket.OPEN) socket.close(1000)
        else socket.terminate()
      })
  ).pipe(
    Effect.map((socket): KalshiWebSocket.Connection => ({
      webSocket: socket as unknown as globalThis.WebSocket,
      onControlFrame: (listener) => {
        socket.on("ping", listener)
        socket.on("pong", listener)
      },
      ping: () => {
        if (socket.readyState === WS.WebSocket.OPEN) socket.ping()
      }
    }))
  )

/**
 * The `ws` connector.
 *
 * @since 0.1.0
 */
export const layerConnector: Layer.Layer<KalshiWebSocket.WebSocketConnector> = Layer.succeed(
  KalshiWebSocket.WebSocketConnector,
  { connect }
)

/**
 * The client from options, over `ws`, signing with `node:crypto`.
 *
 * @since 0.1.0
 */
export const layer = (
  options: KalshiWebSocket.Options = {}
): Layer.Layer<KalshiWebSocket.KalshiWebSocket, InvalidKeyError | ConfigError.ConfigError> =>
  KalshiWebSocket.layer(options).pipe(Layer.provide(Layer.merge(layerConnector, NodeSigner.layerCrypto)))

/**
 * The client from `Config` (the standard `KALSHI_*` variables by default, `KALSHI_WS_URL` to override the URL),
 * over `ws`, reading a `KALSHI_PRIVATE_KEY_PATH` file from disk, signing with `node:crypto`.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config?: Config.Config<KalshiConfig.KalshiConfig>,
  options?: Omit<KalshiWebSocket.Options, "environment" | "url" | "credentials">
): Layer.Layer<KalshiWebSocket.KalshiWebSocket, ConfigError.ConfigError | InvalidKeyError | PlatformError> =>
  KalshiWebSocket.layerConfig(config, options).pipe(
    Layer.provide(Layer.mergeAll(layerConnector, NodeFileSystem.layer, NodeSigner.layerCrypto))
  )
