/**
 * Kalshi's WebSocket API as Effect `Stream`s.
 *
 * One connection carries every subscription. The handshake is signed with the same {@link Signer} as REST
 * (`GET` + the URL path, `/trade-api/ws/v2`). Each subscription is a scoped {@link Subscription} whose `events`
 * stream delivers the channel's messages, decoded (prices and counts as `BigDecimal`), plus two notices:
 *
 * - `{ type: "live", sid }`: the subscription is live on the exchange (after subscribing and after every
 *   resubscription);
 * - `{ type: "resync", reason }`: what came before may be incomplete (`connection_lost`, `sequence_gap`,
 *   `buffer_overflow`, `subscription_error`). An `orderbook_delta` subscription then drops deltas until a fresh
 *   snapshot of each market arrives, which the client requests itself.
 *
 * When the connection drops (a close, a 1006, or silence past the keep-alive timeout) the client reconnects with
 * jittered exponential backoff and subscribes everything again; the streams simply continue. `seq` is checked
 * on every sequenced subscription. Each subscription has a bounded buffer with a per-channel policy: `latest`
 * for `ticker` and the reference prices (the newest message per market wins), `resync` elsewhere (a full buffer
 * is dropped, said so, and rebuilt from snapshots), or `fail`.
 *
 * The socket itself comes from a {@link WebSocketConnector}: `NodeKalshiWebSocket` opens it with the `ws`
 * package (the platform's `WebSocketConstructor` cannot send the signed headers), and the embedded exchange
 * provides an in-memory one for tests.
 *
 * @since 0.1.0
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Buffer from "./internal/wsBuffer.js"
import * as Client from "./internal/wsClient.js"
import type {
  CommandError,
  ConnectionError,
  HandshakeError,
  MessageError,
  OverflowError,
  TimeoutError
} from "./internal/wsErrors.js"
import * as Fills from "./internal/wsFills.js"
import type { KalshiClient } from "./KalshiClient.js"
import * as KalshiConfig from "./KalshiConfig.js"
import type {
  AuthenticationError,
  CommonError,
  InvalidKeyError,
  PageLimitError,
  ValidationError
} from "./KalshiError.js"
import * as Signer from "./Signer.js"
import type * as Messages from "./WebSocketMessages.js"

export {
  /**
   * @since 0.1.0
   */
  CommandError,
  /**
   * @since 0.1.0
   */
  ConnectionError,
  /**
   * @since 0.1.0
   */
  HandshakeError,
  /**
   * @since 0.1.0
   */
  MessageError,
  /**
   * @since 0.1.0
   */
  OverflowError,
  /**
   * @since 0.1.0
   */
  TimeoutError
} from "./internal/wsErrors.js"

// ---------------------------------------------------------------------------------------------------------------
// Where to connect
// ---------------------------------------------------------------------------------------------------------------

/**
 * Kalshi's environments.
 *
 * @since 0.1.0
 */
export type Environment = "demo" | "production"

/**
 * The WebSocket URL of each environment (Kalshi's dedicated Trade API hosts).
 *
 * @since 0.1.0
 */
export const urls: Readonly<Record<Environment, string>> = {
  demo: "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2",
  production: "wss://external-api-ws.kalshi.com/trade-api/ws/v2"
}

/**
 * The WebSocket URL beside a REST base URL: `http(s)://host/trade-api/v2` becomes `ws(s)://host/trade-api/ws/v2`.
 * Used when only `KALSHI_BASE_URL` points somewhere else (the embedded exchange, a proxy).
 *
 * @since 0.1.0
 */
export const urlFromBaseUrl = (baseUrl: string): Option.Option<string> =>
  Option.flatMap(Option.liftThrowable(() => new URL(baseUrl))(), (url) => {
    const protocol = url.protocol === "https:" ? "wss:" : url.protocol === "http:" ? "ws:" : undefined
    if (protocol === undefined) return Option.none()
    const path = url.pathname.replace(/\/+$/, "")
    url.protocol = protocol
    url.pathname = path.endsWith("/trade-api/v2") ? `${path.slice(0, -"/v2".length)}/ws/v2` : `${path}/ws/v2`
    return Option.some(url.toString())
  })

// ---------------------------------------------------------------------------------------------------------------
// The runtime edge
// ---------------------------------------------------------------------------------------------------------------

/**
 * What opening a connection needs: the URL and the signed handshake headers.
 *
 * @since 0.1.0
 */
export interface ConnectRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/**
 * An open WebSocket. `onControlFrame` and `ping` expose Ping / Pong frames where the runtime can (the keep-alive
 * uses them; without them only data frames count as activity).
 *
 * @since 0.1.0
 */
export interface Connection {
  readonly webSocket: globalThis.WebSocket
  readonly onControlFrame?: ((listener: () => void) => void) | undefined
  readonly ping?: (() => void) | undefined
}

/**
 * Opens WebSockets with headers, open before it answers; closes them when the scope closes. A refused
 * handshake fails with its HTTP `status` (401 / 403 end the client; anything else is retried).
 *
 * @since 0.1.0
 */
export class WebSocketConnector extends Context.Tag("effect-kalshi/KalshiWebSocket/WebSocketConnector")<
  WebSocketConnector,
  { readonly connect: (request: ConnectRequest) => Effect.Effect<Connection, HandshakeError, Scope.Scope> }
>() {}

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of the client.
 *
 * @since 0.1.0
 */
export interface Options {
  /** `demo` (default) or `production`; picks the URL unless {@link Options.url} is given. */
  readonly environment?: Environment | undefined
  /** The WebSocket URL, e.g. the embedded exchange's `ws://127.0.0.1:PORT/trade-api/ws/v2`. */
  readonly url?: string | undefined
  /** API key id and private key; without them a `Signer` in context signs. */
  readonly credentials?: Signer.Credentials | undefined
  /** Reconnects: jittered exponential backoff from `baseDelay` (500 ms) to `maxDelay` (30 s), forever by default. */
  readonly reconnect?: {
    readonly baseDelay?: Duration.DurationInput | undefined
    readonly maxDelay?: Duration.DurationInput | undefined
    readonly maxAttempts?: number | undefined
  } | undefined
  /** Ping every `pingInterval` (10 s); a connection silent for `timeout` (30 s) is dropped and reconnected. */
  readonly keepAlive?: {
    readonly pingInterval?: Duration.DurationInput | undefined
    readonly timeout?: Duration.DurationInput | undefined
  } | undefined
  /** How long a command waits for its reply (10 s). */
  readonly commandTimeout?: Duration.DurationInput | undefined
  /** The default buffer size of a subscription, in messages (10,000). */
  readonly bufferSize?: number | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------------

/**
 * Why a subscription's view may be incomplete.
 *
 * @since 0.1.0
 */
export type ResyncReason = "connection_lost" | "sequence_gap" | "buffer_overflow" | "subscription_error"

/**
 * What came before may be incomplete. Books wait for fresh snapshots, which the client requests.
 *
 * @since 0.1.0
 */
export interface Resync {
  readonly type: "resync"
  readonly reason: ResyncReason
}

/**
 * The subscription is live on the exchange, as server subscription `sid`: after subscribing, after a
 * reconnection, and after a buffer overflow on a channel without snapshots.
 *
 * @since 0.1.0
 */
export interface Live {
  readonly type: "live"
  readonly sid: number
}

/**
 * The client's own notices in a subscription's stream.
 *
 * @since 0.1.0
 */
export type Notice = Resync | Live

/**
 * What a subscription of channel `C` delivers.
 *
 * @since 0.1.0
 */
export type Event<C extends Messages.Channel> = Messages.Message<C> | Notice

/**
 * What a full subscription buffer does: `latest` keeps the newest message per market (dropping the oldest
 * when still full), `resync` drops the buffer, says so and rebuilds from snapshots, `fail` fails the stream.
 *
 * @since 0.1.0
 */
export type Policy = Buffer.Policy

/**
 * A subscription's buffer: its size in messages and what a full buffer does.
 *
 * @since 0.1.0
 */
export interface BufferOptions {
  readonly buffer?: { readonly size?: number | undefined; readonly policy?: Policy | undefined } | undefined
}

/**
 * The filter of each channel's subscriptions. Market filters take tickers; `cfbenchmarks_value` takes `index_ids`
 * and `pyth_value` `underlying_tickers` (`["all"]` for everything). Without a filter a subscription takes
 * everything the channel sends.
 *
 * @since 0.1.0
 */
export interface Filters {
  readonly orderbook_delta: { readonly market_tickers: ReadonlyArray<string> }
  readonly ticker: {
    readonly market_tickers?: ReadonlyArray<string> | undefined
    readonly send_initial_snapshot?: boolean | undefined
  }
  readonly trade: MarketFilter
  readonly fill: MarketFilter
  readonly user_orders: MarketFilter
  readonly market_positions: MarketFilter
  readonly market_lifecycle_v2: NoFilter
  readonly multivariate_market_lifecycle: NoFilter
  readonly order_group_updates: NoFilter
  readonly communications: {
    readonly shard_factor?: number | undefined
    readonly shard_key?: number | undefined
  }
  readonly cfbenchmarks_value: { readonly index_ids?: ReadonlyArray<string> | undefined }
  readonly pyth_value: { readonly underlying_tickers?: ReadonlyArray<string> | undefined }
}

/**
 * An optional market filter.
 *
 * @since 0.1.0
 */
export interface MarketFilter {
  readonly market_tickers?: ReadonlyArray<string> | undefined
}

/**
 * No filter.
 *
 * @since 0.1.0
 */
export type NoFilter = Record<never, never>

/**
 * What to subscribe to: a channel, its filter and the buffer.
 *
 * @since 0.1.0
 */
export type SubscribeRequest<C extends Messages.Channel = Messages.Channel> =
  & { readonly channel: C }
  & Filters[C]
  & BufferOptions

/**
 * A change of a subscription's filter (`update_subscription`): markets (or indices, underlyings) to add and to
 * remove. Added books start with a fresh snapshot.
 *
 * @since 0.1.0
 */
export interface SubscriptionUpdate {
  readonly add?: ReadonlyArray<string> | undefined
  readonly remove?: ReadonlyArray<string> | undefined
}

/**
 * What a subscription's stream can fail with.
 *
 * @since 0.1.0
 */
export type SubscriptionError = CommandError | MessageError | OverflowError | ConnectionError | AuthenticationError

/**
 * What subscribing can fail with.
 *
 * @since 0.1.0
 */
export type SubscribeError = SubscriptionError | ValidationError

/**
 * One subscription. Closing its scope unsubscribes (or narrows the shared server subscription).
 *
 * @since 0.1.0
 */
export interface Subscription<C extends Messages.Channel> {
  readonly channel: C
  /** The messages and notices; consume it once. */
  readonly events: Stream.Stream<Event<C>, SubscriptionError>
  /** The server's `sid` of the channel's subscription right now (it changes on reconnects). */
  readonly sid: Effect.Effect<Option.Option<number>>
  /** The filter keys; `undefined` when the subscription takes everything. */
  readonly keys: Effect.Effect<ReadonlyArray<string> | undefined>
  /** Adds and removes markets (or indices, underlyings). */
  readonly update: (change: SubscriptionUpdate) => Effect.Effect<void, ValidationError>
  /** Asks for fresh snapshots (`orderbook_delta` only; all the subscription's markets by default). */
  readonly requestSnapshot: (tickers?: ReadonlyArray<string>) => Effect.Effect<void, ValidationError>
}

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * The WebSocket client.
 *
 * @since 0.1.0
 */
export class KalshiWebSocket extends Context.Tag("effect-kalshi/KalshiWebSocket")<KalshiWebSocket, {
  /** Where it connects. */
  readonly url: string
  /** Subscribes; answers once the subscription is live on the exchange. */
  readonly subscribe: <C extends Messages.Channel>(
    request: SubscribeRequest<C>
  ) => Effect.Effect<Subscription<C>, SubscribeError, Scope.Scope>
  /** The exchange's list of this connection's subscriptions (`list_subscriptions`). */
  readonly listSubscriptions: Effect.Effect<
    ReadonlyArray<Messages.SubscriptionInfo>,
    CommandError | TimeoutError | ConnectionError | MessageError | AuthenticationError
  >
  /** Whether a connection is open right now. */
  readonly connected: Effect.Effect<boolean>
}>() {}

const defaults = {
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(30),
  pingInterval: Duration.seconds(10),
  timeout: Duration.seconds(30),
  commandTimeout: Duration.seconds(10),
  bufferSize: 10_000
}

const invalid = (path: string, message: string) => Effect.fail(ConfigError.InvalidData([path], message))

/**
 * Makes the client over the {@link WebSocketConnector} in context. It connects on the first subscription and
 * closes with the scope.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("KalshiWebSocket.make")(function*(options: Options = {}) {
  const connector = yield* WebSocketConnector
  const signer = options.credentials
    ? Option.some(yield* Signer.make(options.credentials))
    : yield* Effect.serviceOption(Signer.Signer)
  const url = options.url ?? urls[options.environment ?? "demo"]
  const parsed = Option.getOrUndefined(Option.liftThrowable(() => new URL(url))())
  if (parsed === undefined || (parsed.protocol !== "ws:" && parsed.protocol !== "wss:")) {
    return yield* invalid("url", `not a ws:// or wss:// URL: ${JSON.stringify(url)}`)
  }
  const bufferSize = options.bufferSize ?? defaults.bufferSize
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    return yield* invalid("bufferSize", `must be a positive integer, got ${bufferSize}`)
  }
  const maxAttempts = options.reconnect?.maxAttempts
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 0)) {
    return yield* invalid("reconnect.maxAttempts", `must be a non-negative integer, got ${maxAttempts}`)
  }
  return yield* Client.make(
    {
      url,
      signedPath: parsed.pathname,
      reconnect: {
        baseDelay: Duration.decode(options.reconnect?.baseDelay ?? defaults.baseDelay),
        maxDelay: Duration.decode(options.reconnect?.maxDelay ?? defaults.maxDelay),
        maxAttempts
      },
      keepAlive: {
        pingInterval: Duration.decode(options.keepAlive?.pingInterval ?? defaults.pingInterval),
        timeout: Duration.decode(options.keepAlive?.timeout ?? defaults.timeout)
      },
      commandTimeout: Duration.decode(options.commandTimeout ?? defaults.commandTimeout),
      bufferSize
    },
    connector,
    signer
  )
})

/**
 * The client as a layer, over the {@link WebSocketConnector} in context.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<KalshiWebSocket, InvalidKeyError | ConfigError.ConfigError, WebSocketConnector> =>
  Layer.scoped(KalshiWebSocket, make(options))

/**
 * `KALSHI_WS_URL`: overrides the WebSocket URL.
 *
 * @since 0.1.0
 */
export const urlConfig: Config.Config<Option.Option<string>> = Config.option(Config.string("KALSHI_WS_URL"))

/**
 * The client as a layer, configured from `Config` (the standard `KALSHI_*` variables by default). The URL is
 * `KALSHI_WS_URL` if set, else the one beside `KALSHI_BASE_URL` if that is set, else the environment's. A key
 * path is read with the `FileSystem` in context.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config: Config.Config<KalshiConfig.KalshiConfig> = KalshiConfig.fromEnv,
  options: Omit<Options, "environment" | "url" | "credentials"> = {}
) =>
  Layer.scoped(
    KalshiWebSocket,
    Effect.gen(function*() {
      const value = yield* config
      const resolved = yield* KalshiConfig.resolve(value)
      const explicit = yield* urlConfig
      const url = Option.orElse(explicit, () => Option.flatMap(value.baseUrl, urlFromBaseUrl))
      return yield* make({
        ...options,
        environment: resolved.environment,
        url: Option.getOrUndefined(url),
        credentials: resolved.credentials
      })
    })
  )

// ---------------------------------------------------------------------------------------------------------------
// Accessors
// ---------------------------------------------------------------------------------------------------------------

/**
 * Subscribes with the client in context.
 *
 * @since 0.1.0
 */
export const subscribe = <C extends Messages.Channel>(
  request: SubscribeRequest<C>
): Effect.Effect<Subscription<C>, SubscribeError, KalshiWebSocket | Scope.Scope> =>
  Effect.flatMap(KalshiWebSocket, (client) => client.subscribe(request)).pipe(
    Effect.withSpan("KalshiWebSocket.subscribe", { attributes: { channel: request.channel } })
  )

/**
 * A subscription's events as a stream that subscribes when it starts and unsubscribes when it ends.
 *
 * @since 0.1.0
 */
export const stream = <C extends Messages.Channel>(
  request: SubscribeRequest<C>
): Stream.Stream<Event<C>, SubscribeError, KalshiWebSocket> =>
  Stream.unwrapScoped(Effect.map(subscribe(request), (subscription) => subscription.events))

/**
 * The connection's subscriptions, as the exchange lists them.
 *
 * @since 0.1.0
 */
export const listSubscriptions = Effect.flatMap(KalshiWebSocket, (client) => client.listSubscriptions).pipe(
  Effect.withSpan("KalshiWebSocket.listSubscriptions")
)

// ---------------------------------------------------------------------------------------------------------------
// Fills
// ---------------------------------------------------------------------------------------------------------------

/**
 * One of your fills, from the stream or from the REST backfill. `client_order_id`, `post_position_fp` and
 * `exchange_index` come with the stream only.
 *
 * @since 0.1.0
 */
export interface LiveFill {
  readonly source: "stream" | "backfill"
  readonly trade_id: string
  readonly order_id: string
  readonly market_ticker: string
  readonly outcome_side: "yes" | "no"
  readonly book_side: "bid" | "ask"
  readonly yes_price_dollars: BigDecimal.BigDecimal
  readonly count_fp: BigDecimal.BigDecimal
  readonly fee_cost: BigDecimal.BigDecimal | undefined
  readonly is_taker: boolean
  readonly ts_ms: number
  readonly subaccount: number | undefined
  readonly client_order_id: string | undefined
  readonly post_position_fp: BigDecimal.BigDecimal | undefined
  readonly exchange_index: number | undefined
}

/**
 * Options of {@link fills}: the markets (all by default), and `since` (Unix ms) to start with the fills from
 * then on.
 *
 * @since 0.1.0
 */
export interface FillsOptions extends BufferOptions {
  readonly market_tickers?: ReadonlyArray<string> | undefined
  readonly since?: number | undefined
}

/**
 * Your fills, none lost across reconnects, subscribed when this answers: the stream holds every fill made from
 * then on (from `since` when given), and closing the scope unsubscribes. Each time the `fill` subscription goes
 * live (at the start, after a reconnection, after a buffer overflow) the fills since the last one seen are read
 * from REST (`GET /portfolio/fills`), and every fill is emitted exactly once, keyed by `trade_id`, from whichever
 * source brings it first. Needs the REST `KalshiClient` signed as the same account.
 *
 * @since 0.1.0
 */
export const subscribeFills = (
  options: FillsOptions = {}
): Effect.Effect<
  Stream.Stream<LiveFill, SubscriptionError | CommonError | PageLimitError, KalshiClient>,
  SubscribeError | CommonError | PageLimitError,
  KalshiWebSocket | KalshiClient | Scope.Scope
> =>
  Effect.gen(function*() {
    const begin = yield* Fills.start(options.since, Fills.restTicker(options.market_tickers))
    const subscription = yield* subscribe({
      channel: "fill",
      market_tickers: options.market_tickers,
      buffer: options.buffer
    })
    return subscription.events.pipe(Fills.reconcile(begin, options.market_tickers))
  }).pipe(Effect.withSpan("KalshiWebSocket.subscribeFills"))

/**
 * {@link subscribeFills} as a stream that subscribes when it starts.
 *
 * @since 0.1.0
 */
export const fills = (
  options: FillsOptions = {}
): Stream.Stream<LiveFill, SubscribeError | CommonError | PageLimitError, KalshiWebSocket | KalshiClient> =>
  Stream.unwrapScoped(subscribeFills(options))
