/**
 * The embedded exchange's WebSocket API (`/trade-api/ws/v2`): Kalshi's commands, `sid`s, `seq`s and error codes,
 * and live data from the matching engine on `orderbook_delta` (a snapshot, then deltas), `ticker`, `trade`,
 * `fill`, `user_orders`, `market_positions` and `market_lifecycle_v2`. The other channels accept subscriptions and
 * stay quiet (the exchange has no RFQs, order groups, combos or index feeds).
 *
 * It is served over loopback by `EmbeddedExchangeServer` (an HTTP upgrade) and in memory by
 * `exchange.webSocket.connect`, both checking the handshake's signature like REST (`GET /trade-api/ws/v2`). Every
 * session is pinged every 10 seconds. {@link Fault}s drop connections, swallow a `seq`, stall sessions or send a
 * malformed frame.
 *
 * ```ts
 * // A client and a WebSocket signed as one fresh trader, in memory:
 * const Trader = EmbeddedExchangeWebSocket.layerTrader().pipe(Layer.provideMerge(EmbeddedExchange.layerInMemory()))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as KalshiClient from "../KalshiClient.js"
import type { InvalidKeyError } from "../KalshiError.js"
import * as KalshiWebSocket from "../KalshiWebSocket.js"
import * as Signer from "../Signer.js"
import * as EmbeddedExchange from "./EmbeddedExchange.js"
import type { ExchangeError } from "./internal/errors.js"

/**
 * A streaming fault, applied to the sessions open now (of one user with `userId`):
 * `DropConnection` drops them without a close frame (the client sees 1006);
 * `SkipSequence` swallows the next `count` sequenced messages (default 1) of any session, their `seq` used;
 * `Stall` stops sending, reading and answering Pings, for `millis` or until the client gives up;
 * `MalformedFrame` sends a frame that is not JSON.
 *
 * @since 0.1.0
 */
export type Fault = Data.TaggedEnum<{
  DropConnection: Record<never, never>
  SkipSequence: { readonly count?: number | undefined }
  Stall: { readonly millis?: number | undefined }
  MalformedFrame: Record<never, never>
}>

/**
 * Constructors for {@link Fault}: `Fault.DropConnection()`, `Fault.SkipSequence({ count: 2 })`.
 *
 * @since 0.1.0
 */
export const Fault = Data.taggedEnum<Fault>()

/**
 * The URL to give a client wired with {@link layerConnector}; any host works, the path is checked.
 *
 * @since 0.1.0
 */
export const url = "ws://embedded.kalshi/trade-api/ws/v2"

/**
 * The exchange's WebSocket endpoint.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The endpoint's path, `/trade-api/ws/v2`. */
  readonly path: string
  /**
   * Opens an in-memory connection: the handshake is checked like an HTTP upgrade (a 401 `ExchangeError` when
   * the signature is wrong); the connection closes with the scope.
   */
  readonly connect: (request: KalshiWebSocket.ConnectRequest) => Effect.Effect<
    Required<KalshiWebSocket.Connection>,
    ExchangeError,
    Scope.Scope
  >
  /** Applies a fault to the open sessions (of `userId` only, when given). */
  readonly injectFault: (fault: Fault, options?: { readonly userId?: string | undefined }) => Effect.Effect<void>
  /** How many sessions are open. */
  readonly sessions: Effect.Effect<number>
  /** Closes every session (1001, going away; a stalled one is dropped): what a server does when it stops. */
  readonly closeAll: Effect.Effect<void>
}

/**
 * A `WebSocketConnector` that connects in memory to the exchange in context.
 *
 * @since 0.1.0
 */
export const layerConnector: Layer.Layer<KalshiWebSocket.WebSocketConnector, never, EmbeddedExchange.EmbeddedExchange> =
  Layer.effect(
    KalshiWebSocket.WebSocketConnector,
    Effect.map(EmbeddedExchange.EmbeddedExchange, (exchange) => ({
      connect: (request) =>
        exchange.webSocket.connect(request).pipe(
          Effect.mapError((error) =>
            new KalshiWebSocket.HandshakeError({ message: `${error.code}: ${error.details}`, status: error.status })
          )
        )
    }))
  )

/**
 * Options of {@link layerTrader}: the account, and the REST client's and WebSocket client's own options (the
 * URLs default to the in-memory ones; give the loopback server's to go over sockets).
 *
 * @since 0.1.0
 */
export interface TraderOptions {
  readonly account?: EmbeddedExchange.GenerateCredentialsOptions | undefined
  readonly client?: Omit<KalshiClient.Options, "credentials"> | undefined
  readonly webSocket?: Omit<KalshiWebSocket.Options, "credentials"> | undefined
}

/**
 * A `KalshiClient` and a `KalshiWebSocket` signed as one freshly registered trader of the exchange in context,
 * over the `HttpClient` and `WebSocketConnector` in context (by default the in-memory connector).
 *
 * @since 0.1.0
 */
export const layerTrader = (
  options: TraderOptions = {}
): Layer.Layer<
  KalshiClient.KalshiClient | KalshiWebSocket.KalshiWebSocket | Signer.Signer,
  InvalidKeyError | ConfigError.ConfigError,
  EmbeddedExchange.EmbeddedExchange | HttpClient.HttpClient | KalshiWebSocket.WebSocketConnector
> =>
  Layer.unwrapEffect(
    Effect.map(
      Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.generateCredentials(options.account)),
      (trader) =>
        Layer.merge(
          KalshiClient.layer({ baseUrl: EmbeddedExchange.baseUrl, ...options.client }),
          KalshiWebSocket.layer({ url, ...options.webSocket })
        ).pipe(Layer.provideMerge(Signer.layer({ keyId: trader.keyId, privateKey: trader.privateKeyPem })))
    )
  )
