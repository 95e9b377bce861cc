/**
 * The WebSocket client's engine: one connection carrying every subscription, reconnected with jittered backoff,
 * with every subscription made again on the new connection.
 *
 * Kalshi allows one subscription per channel per connection, so the user's subscriptions ("listeners") of a
 * channel share one server subscription whose market filter is the union of theirs; messages are routed to the
 * listeners by market. Frames are handled synchronously as they arrive (sid mapping, `seq` checks, routing), so
 * replies and data are seen in wire order; each listener has its own bounded buffer (see `wsBuffer`).
 *
 * @internal
 */
import * as Socket from "@effect/platform/Socket"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberSet from "effect/FiberSet"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { AuthenticationError, ValidationError } from "../KalshiError.js"
import type * as KalshiWebSocket from "../KalshiWebSocket.js"
import type * as Signer from "../Signer.js"
import * as Messages from "../WebSocketMessages.js"
import * as Buffer from "./wsBuffer.js"
import * as Decode from "./wsDecode.js"
import type { CommandError } from "./wsErrors.js"
import { commandError, ConnectionError, MessageError, OverflowError, TimeoutError } from "./wsErrors.js"

// ---------------------------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------------------------

type Channel = Messages.Channel

/** How a channel's subscriptions are filtered, routed and buffered. */
interface ChannelSpec {
  /** The subscribe parameter that filters the channel, if any. */
  readonly filter: "market_tickers" | "index_ids" | "underlying_tickers" | undefined
  /** Whether the filter goes to the server; otherwise the server sends everything and listeners filter. */
  readonly serverFilter: boolean
  /** The `update_subscription` actions that add and remove filter keys. */
  readonly actions: readonly [add: Messages.UpdateAction, remove: Messages.UpdateAction] | undefined
  /** Whether messages carry `seq`. */
  readonly sequenced: boolean
  /** Whether a listener's state is rebuilt from snapshots (`orderbook_delta`). */
  readonly snapshots: boolean
  readonly policy: Buffer.Policy
  /** The routing key of a message (its market, index or underlying). */
  readonly keyOf: (msg: Record<string, unknown>) => unknown
}

const byMarket = (msg: Record<string, unknown>) => msg.market_ticker
const markets = { filter: "market_tickers", actions: ["add_markets", "delete_markets"], keyOf: byMarket } as const
const unfiltered = { filter: undefined, serverFilter: false, actions: undefined, keyOf: byMarket } as const
const plain = { sequenced: false, snapshots: false, policy: "resync" } as const

const specs: Readonly<Record<Channel, ChannelSpec>> = {
  orderbook_delta: { ...markets, serverFilter: true, sequenced: true, snapshots: true, policy: "resync" },
  ticker: { ...markets, serverFilter: true, sequenced: false, snapshots: false, policy: "latest" },
  trade: { ...markets, ...plain, serverFilter: true },
  // Your own activity is small: the server sends all of it and listeners keep their markets.
  fill: { ...markets, ...plain, serverFilter: false },
  user_orders: { ...markets, ...plain, serverFilter: false, keyOf: (msg) => msg.ticker },
  market_positions: { ...markets, ...plain, serverFilter: false },
  market_lifecycle_v2: { ...unfiltered, ...plain },
  multivariate_market_lifecycle: { ...unfiltered, ...plain },
  communications: { ...unfiltered, ...plain },
  order_group_updates: { ...unfiltered, ...plain, sequenced: true },
  cfbenchmarks_value: {
    filter: "index_ids",
    serverFilter: true,
    actions: ["subscribe_indices", "unsubscribe_indices"],
    sequenced: true,
    snapshots: false,
    policy: "latest",
    keyOf: (msg) => msg.index_id
  },
  pyth_value: {
    filter: "underlying_tickers",
    serverFilter: true,
    actions: ["subscribe_underlyings", "unsubscribe_underlyings"],
    sequenced: true,
    snapshots: false,
    policy: "latest",
    keyOf: (msg) => msg.underlying_ticker
  }
}

/** The filter key that means "everything" on the reference-price channels. */
const ALL = "all"

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------

type Item = Record<string, unknown> | KalshiWebSocket.Notice

interface Listener {
  readonly channel: Channel
  /** The keys this listener wants; `undefined` is everything. */
  keys: Set<string> | undefined
  readonly extra: Record<string, unknown>
  readonly buffer: Buffer.Buffer<Item, KalshiWebSocket.SubscriptionError>
  /** Markets waiting for a snapshot: their deltas are dropped until it comes. */
  readonly awaiting: Set<string>
  /** Whether the listener's keys are covered by the live server subscription. */
  live: boolean
  readonly confirmed: Deferred.Deferred<void, KalshiWebSocket.SubscriptionError>
}

interface ChannelState {
  readonly channel: Channel
  readonly spec: ChannelSpec
  readonly listeners: Set<Listener>
  sid: number | undefined
  /** What the server subscription covers: `"all"` or a key set (meaningful while `sid` is set). */
  serverKeys: Set<string> | "all"
  lastSeq: number | undefined
  readonly lock: Effect.Semaphore
}

interface Pending {
  readonly command: string
  /** Handles a reply synchronously, as it arrives; `true` when it was the last reply expected. */
  readonly onReply: (reply: Record<string, unknown>) => boolean
  readonly done: Deferred.Deferred<Record<string, unknown>, CommandError | Disconnected>
}

/** The connection went away while a command waited; the resubscription on the next connection takes over. */
class Disconnected {
  readonly _tag = "Disconnected"
}

export interface Config {
  readonly url: string
  readonly signedPath: string
  readonly reconnect: {
    readonly baseDelay: Duration.Duration
    readonly maxDelay: Duration.Duration
    readonly maxAttempts: number | undefined
  }
  readonly keepAlive: { readonly pingInterval: Duration.Duration; readonly timeout: Duration.Duration }
  readonly commandTimeout: Duration.Duration
  readonly bufferSize: number
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const decoder = new TextDecoder()

const covers = (server: Set<string> | "all", keys: Set<string> | undefined): boolean =>
  server === "all" || (keys !== undefined && [...keys].every((key) => server.has(key)))

const offerNotice = (listener: Listener, notice: KalshiWebSocket.Notice) => listener.buffer.push(notice)

// ---------------------------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------------------------

export const make = (
  config: Config,
  connector: KalshiWebSocket.WebSocketConnector["Type"],
  signer: Option.Option<Signer.Signer["Type"]>
): Effect.Effect<KalshiWebSocket.KalshiWebSocket["Type"], never, Scope.Scope> =>
  Effect.gen(function*() {
    const run = yield* FiberSet.makeRuntime<never, unknown, never>()
    const states = new Map<Channel, ChannelState>()
    const bySid = new Map<number, ChannelState>()
    const pending = new Map<number, Pending>()
    let nextId = 1
    let write: ((text: string) => Effect.Effect<void, Socket.SocketError>) | undefined
    const connectedLatch = yield* Effect.makeLatch(false)
    /** Set when the client can no longer connect: every listener fails with it. */
    let fatal: KalshiWebSocket.SubscriptionError | undefined
    /** Fails with the fatal error: what waiting for a connection races against. */
    const stopped = yield* Deferred.make<never, KalshiWebSocket.SubscriptionError>()
    let loop: Option.Option<unknown> = Option.none()

    const stateOf = (channel: Channel): ChannelState => {
      const existing = states.get(channel)
      if (existing !== undefined) return existing
      const created: ChannelState = {
        channel,
        spec: specs[channel],
        listeners: new Set(),
        sid: undefined,
        serverKeys: new Set(),
        lastSeq: undefined,
        lock: Effect.unsafeMakeSemaphore(1)
      }
      states.set(channel, created)
      return created
    }

    // -------------------------------------------------------------------------------------------------------
    // Commands
    // -------------------------------------------------------------------------------------------------------

    /** Sends a command and waits for its last reply; `onReply` sees each reply synchronously. */
    const send = (
      cmd: string,
      params: Record<string, unknown> | undefined,
      onReply: (reply: Record<string, unknown>) => boolean = () => true
    ): Effect.Effect<Record<string, unknown>, CommandError | TimeoutError | Disconnected> =>
      Effect.gen(function*() {
        const writeFrame = write
        if (writeFrame === undefined) return yield* Effect.fail(new Disconnected())
        const id = nextId++
        const done = yield* Deferred.make<Record<string, unknown>, CommandError | Disconnected>()
        pending.set(id, { command: cmd, onReply, done })
        const frame = JSON.stringify(params === undefined ? { id, cmd } : { id, cmd, params })
        return yield* writeFrame(frame).pipe(
          Effect.catchAll(() => Effect.fail(new Disconnected())),
          Effect.zipRight(Deferred.await(done)),
          Effect.timeoutFail({
            duration: config.commandTimeout,
            onTimeout: () =>
              new TimeoutError({
                message: `no reply to ${cmd} within ${Duration.format(config.commandTimeout)}`,
                command: cmd
              })
          }),
          Effect.ensuring(Effect.sync(() => pending.delete(id)))
        )
      })

    const onCommandReply = (reply: Record<string, unknown>, entry: Pending) => {
      if (reply.type === "error") {
        const decoded = Schema.decodeUnknownOption(Messages.ErrorReply)(reply)
        const error = Option.match(decoded, {
          onNone: () => commandError(entry.command, { code: 0, msg: "the exchange refused the command" }),
          onSome: (value) => commandError(entry.command, value.msg)
        })
        Deferred.unsafeDone(entry.done, Effect.fail(error))
        return
      }
      // A reply may use the subscription's next `seq`: it is then part of the sequence.
      const state = typeof reply.sid === "number" ? bySid.get(reply.sid) : undefined
      if (state?.lastSeq !== undefined && reply.seq === state.lastSeq + 1) state.lastSeq = reply.seq
      if (entry.onReply(reply)) Deferred.unsafeDone(entry.done, Effect.succeed(reply))
    }

    // -------------------------------------------------------------------------------------------------------
    // Routing
    // -------------------------------------------------------------------------------------------------------

    /** Marks the listener's markets as waiting for snapshots. */
    const awaitSnapshots = (state: ChannelState, listener: Listener) => {
      if (!state.spec.snapshots) return
      listener.awaiting.clear()
      for (const key of listener.keys ?? []) listener.awaiting.add(key)
    }

    /** Asks for fresh snapshots of these markets on the live subscription. */
    const requestSnapshots = (state: ChannelState, keys: ReadonlyArray<string>) => {
      const sid = state.sid
      if (sid === undefined || keys.length === 0) return
      run(send("update_subscription", { sid, action: "get_snapshot", market_tickers: keys }).pipe(Effect.ignore))
    }

    /** The listener's view is no longer complete: it says so and, for books, waits for fresh snapshots. */
    const resync = (state: ChannelState, listener: Listener, reason: KalshiWebSocket.ResyncReason) => {
      offerNotice(listener, { type: "resync", reason })
      awaitSnapshots(state, listener)
    }

    const deliver = (
      state: ChannelState,
      listener: Listener,
      frame: Record<string, unknown>,
      key: string | undefined
    ) => {
      if (state.spec.snapshots && key !== undefined) {
        if (frame.type === "orderbook_snapshot") listener.awaiting.delete(key)
        else if (listener.awaiting.has(key)) return
      }
      if (listener.buffer.offer(frame, key)) return
      // A full `resync` buffer: start over rather than lose a message silently.
      listener.buffer.clear()
      resync(state, listener, "buffer_overflow")
      if (state.spec.snapshots) requestSnapshots(state, [...(listener.keys ?? [])])
      else offerNotice(listener, { type: "live", sid: state.sid ?? 0 })
    }

    const matches = (listener: Listener, key: string | undefined) =>
      listener.keys === undefined || key === undefined || listener.keys.has(key) || listener.keys.has(ALL)

    /** Checks `seq`; on a gap every listener resyncs. Answers whether the message is to be delivered. */
    const checkSequence = (state: ChannelState, seq: unknown): boolean => {
      if (!state.spec.sequenced || typeof seq !== "number") return true
      const last = state.lastSeq
      if (last !== undefined && seq <= last) return false
      state.lastSeq = seq
      if (last === undefined || seq === last + 1) return true
      for (const listener of state.listeners) resync(state, listener, "sequence_gap")
      if (state.spec.snapshots) {
        requestSnapshots(state, [...new Set([...state.listeners].flatMap((listener) => [...(listener.keys ?? [])]))])
      }
      return true
    }

    const routeData = (frame: Record<string, unknown>) => {
      const state = typeof frame.sid === "number" ? bySid.get(frame.sid) : undefined
      if (state === undefined) return
      if (!checkSequence(state, frame.seq)) return
      const rawKey = isRecord(frame.msg) ? state.spec.keyOf(frame.msg) : undefined
      const key = typeof rawKey === "string" ? rawKey : undefined
      for (const listener of state.listeners) {
        if (matches(listener, key)) deliver(state, listener, frame, key)
      }
    }

    /** A channel error Kalshi sent outside any command: a terminal one ends the subscription, which is made again. */
    const unsolicitedError = (frame: Record<string, unknown>) => {
      const state = typeof frame.sid === "number" ? bySid.get(frame.sid) : undefined
      const code = isRecord(frame.msg) ? frame.msg.code : undefined
      if (state === undefined || typeof code !== "number" || !Messages.terminalErrorCodes.has(code)) {
        return Effect.logWarning("Kalshi WebSocket: an error outside any command", frame)
      }
      bySid.delete(state.sid!)
      state.sid = undefined
      for (const listener of state.listeners) {
        listener.live = false
        resync(state, listener, "subscription_error")
      }
      return Effect.sync(() => run(syncChannel(state)))
    }

    const onFrame = (data: string | Uint8Array): Effect.Effect<void> | void => {
      const frame = parseJson(typeof data === "string" ? data : decoder.decode(data))
      if (!isRecord(frame)) {
        // Not JSON: nothing can be routed. A lost data message shows up as a `seq` gap.
        return Effect.logWarning("Kalshi WebSocket: a frame that is not a JSON object was ignored")
      }
      const entry = typeof frame.id === "number" ? pending.get(frame.id) : undefined
      if (entry !== undefined) return onCommandReply(frame, entry)
      if (frame.type === "error") return unsolicitedError(frame)
      routeData(frame)
    }

    // -------------------------------------------------------------------------------------------------------
    // Server subscriptions
    // -------------------------------------------------------------------------------------------------------

    /** The keys the server subscription must cover: `undefined` when nobody listens. */
    const desiredKeys = (state: ChannelState): Set<string> | "all" | undefined => {
      if (state.listeners.size === 0) return undefined
      if (state.spec.filter === undefined || !state.spec.serverFilter) return "all"
      const keys = new Set<string>()
      for (const listener of state.listeners) {
        if (listener.keys === undefined) return "all"
        for (const key of listener.keys) keys.add(key)
      }
      return keys
    }

    const markLive = (state: ChannelState) => {
      for (const listener of state.listeners) {
        if (listener.live || !covers(state.serverKeys, listener.keys)) continue
        listener.live = true
        offerNotice(listener, { type: "live", sid: state.sid ?? 0 })
        Deferred.unsafeDone(listener.confirmed, Effect.void)
      }
    }

    const subscribeParams = (state: ChannelState, keys: Set<string> | "all") => {
      const extra = Object.assign({}, ...[...state.listeners].map((listener) => listener.extra))
      const filter = state.spec.filter !== undefined && keys !== "all" && keys.size > 0
        ? { [state.spec.filter]: [...keys] }
        : {}
      return { channels: [state.channel], ...extra, ...filter }
    }

    const subscribeChannel = (state: ChannelState, keys: Set<string> | "all") =>
      send("subscribe", subscribeParams(state, keys), (reply) => {
        if (reply.type !== "subscribed" || !isRecord(reply.msg) || typeof reply.msg.sid !== "number") return false
        state.sid = reply.msg.sid
        state.serverKeys = keys
        state.lastSeq = undefined
        bySid.set(reply.msg.sid, state)
        markLive(state)
        return true
      })

    const unsubscribeChannel = (state: ChannelState) => {
      const sid = state.sid
      if (sid === undefined) return Effect.void
      bySid.delete(sid)
      state.sid = undefined
      return send("unsubscribe", { sids: [sid] }).pipe(Effect.asVoid)
    }

    const updateKeys = (state: ChannelState, action: Messages.UpdateAction, keys: ReadonlyArray<string>) =>
      send("update_subscription", { sid: state.sid, action, [state.spec.filter ?? "market_tickers"]: keys })

    /** Fails the listeners a refusal is about (the named market's, else all) and drops them. */
    const failListeners = (state: ChannelState, error: CommandError) => {
      const market = error.market_ticker
      const concerned = [...state.listeners].filter((listener) => listener.keys?.has(market ?? "") === true)
      for (const listener of concerned.length > 0 ? concerned : [...state.listeners]) {
        state.listeners.delete(listener)
        Deferred.unsafeDone(listener.confirmed, Effect.fail(error))
        listener.buffer.end(error)
      }
    }

    /** One step towards the desired server subscription. */
    const syncStep = (state: ChannelState) =>
      Effect.gen(function*() {
        const desired = desiredKeys(state)
        if (desired === undefined) return yield* unsubscribeChannel(state)
        if (state.sid === undefined) return yield* subscribeChannel(state, desired)
        if (desired === "all" && state.serverKeys !== "all") {
          yield* unsubscribeChannel(state)
          return yield* subscribeChannel(state, desired)
        }
        const server = state.serverKeys
        if (desired === "all" || server === "all" || state.spec.actions === undefined) return markLive(state)
        const [addAction, removeAction] = state.spec.actions
        const added = [...desired].filter((key) => !server.has(key))
        const removed = [...server].filter((key) => !desired.has(key))
        if (added.length > 0) {
          yield* updateKeys(state, addAction, added)
          for (const key of added) server.add(key)
        }
        if (removed.length > 0) {
          yield* updateKeys(state, removeAction, removed)
          for (const key of removed) server.delete(key)
        }
        // Books already on the server but new to a listener need a snapshot of their own.
        const fresh = new Set(added)
        const stale = [...state.listeners].flatMap((listener) =>
          [...listener.awaiting].filter((key) => !fresh.has(key))
        )
        if (state.spec.snapshots && stale.length > 0) requestSnapshots(state, [...new Set(stale)])
        markLive(state)
      })

    /** Syncs a channel whose lock is held; a refusal fails the listeners concerned, and the rest are synced. */
    const syncLocked = (state: ChannelState): Effect.Effect<void> =>
      Effect.suspend(() => (write === undefined ? Effect.void : syncStep(state))).pipe(
        Effect.catchTag("WebSocketCommandError", (error) => {
          failListeners(state, error)
          return syncLocked(state)
        }),
        // A lost connection or a silent exchange: the next connection subscribes again.
        Effect.catchTags({ Disconnected: () => Effect.void, WebSocketTimeoutError: () => Effect.void })
      )

    /** Brings the server subscription of a channel in line with its listeners (when connected). */
    const syncChannel = (state: ChannelState): Effect.Effect<void> => state.lock.withPermits(1)(syncLocked(state))

    // -------------------------------------------------------------------------------------------------------
    // Connection
    // -------------------------------------------------------------------------------------------------------

    const onConnected = (writeFrame: (text: string) => Effect.Effect<void, Socket.SocketError>) =>
      Effect.gen(function*() {
        write = writeFrame
        yield* connectedLatch.open
        for (const state of states.values()) run(syncChannel(state))
      })

    const onDisconnected = Effect.gen(function*() {
      write = undefined
      yield* connectedLatch.close
      for (const entry of pending.values()) Deferred.unsafeDone(entry.done, Effect.fail(new Disconnected()))
      pending.clear()
      bySid.clear()
      for (const state of states.values()) {
        state.sid = undefined
        state.lastSeq = undefined
        for (const listener of state.listeners) {
          if (!listener.live) continue
          listener.live = false
          resync(state, listener, "connection_lost")
        }
      }
    })

    /** Treats a connection that stays silent (no frame, no Ping, no Pong) for the timeout as dropped. */
    const keepAlive = (connection: KalshiWebSocket.Connection, activity: () => number) =>
      Effect.raceFirst(
        Effect.sync(() => connection.ping?.()).pipe(Effect.delay(config.keepAlive.pingInterval), Effect.forever),
        Effect.gen(function*() {
          while (true) {
            const before = activity()
            yield* Effect.sleep(config.keepAlive.timeout)
            if (activity() === before) return
          }
        })
      )

    /** One connection, until it drops. Answers whether it opened. */
    const connectOnce = (sign: Signer.Signer["Type"]) =>
      Effect.gen(function*() {
        const headers = yield* sign.headers("GET", config.signedPath)
        const connection = yield* connector.connect({ url: config.url, headers })
        let activity = 0
        connection.onControlFrame?.(() => {
          activity++
        })
        const socket = yield* Socket.fromWebSocket(Effect.succeed(connection.webSocket))
        const writeFrame = yield* socket.writer
        yield* socket.runRaw((data) => {
          activity++
          return onFrame(data)
        }, { onOpen: onConnected(writeFrame) }).pipe(
          Effect.raceFirst(keepAlive(connection, () => activity)),
          Effect.ignore
        )
      }).pipe(Effect.scoped, Effect.ensuring(onDisconnected))

    const failAll = (error: KalshiWebSocket.SubscriptionError) => {
      fatal = error
      Deferred.unsafeDone(stopped, Effect.fail(error))
      for (const state of states.values()) {
        for (const listener of state.listeners) {
          Deferred.unsafeDone(listener.confirmed, Effect.fail(error))
          listener.buffer.end(error)
        }
        state.listeners.clear()
      }
    }

    const backoff = (attempt: number) =>
      Effect.map(Random.nextRange(0.5, 1.5), (jitter) =>
        Duration.millis(
          Math.min(
            Duration.toMillis(config.reconnect.maxDelay),
            Duration.toMillis(config.reconnect.baseDelay) * 2 ** Math.min(attempt, 30)
          ) * jitter
        ))

    /** Connects, and connects again whenever the connection ends, until the policy gives up. */
    const connectionLoop = (sign: Signer.Signer["Type"]) =>
      Effect.gen(function*() {
        let failures = 0
        while (true) {
          const outcome = yield* Effect.either(connectOnce(sign))
          if (Either.isLeft(outcome)) {
            const error = outcome.left
            if (error.status === 401 || error.status === 403) {
              return failAll(
                new AuthenticationError({
                  message: `the WebSocket handshake was refused: ${error.message}`,
                  status: error.status
                })
              )
            }
            failures += 1
            if (config.reconnect.maxAttempts !== undefined && failures > config.reconnect.maxAttempts) {
              return failAll(
                new ConnectionError({
                  message: `could not connect after ${failures} attempts: ${error.message}`,
                  ...(error.status === undefined ? {} : { status: error.status })
                })
              )
            }
          } else {
            failures = 0
          }
          yield* Effect.sleep(yield* backoff(failures))
        }
      })

    const ensureRunning = Effect.suspend(() => {
      if (Option.isSome(loop) || fatal !== undefined) return Effect.void
      return Option.match(signer, {
        onNone: () =>
          Effect.sync(() =>
            failAll(
              new AuthenticationError({
                message: "Kalshi's WebSocket needs credentials: set KALSHI_API_KEY_ID and a private key"
              })
            )
          ),
        onSome: (sign) =>
          Effect.sync(() => {
            loop = Option.some(run(
              connectionLoop(sign).pipe(Effect.ensuring(Effect.sync(() => {
                loop = Option.none()
              })))
            ))
          })
      })
    })

    // -------------------------------------------------------------------------------------------------------
    // Subscriptions
    // -------------------------------------------------------------------------------------------------------

    const decodeItems = (channel: Channel) => {
      const decode = Decode.decoder(channel)
      return (items: Chunk.Chunk<Item>): Effect.Effect<Chunk.Chunk<unknown>, MessageError> => {
        const out: Array<unknown> = []
        for (const item of items) {
          if (item.type === "resync" || item.type === "live") {
            out.push(item)
            continue
          }
          const decoded = decode(item)
          if (Either.isLeft(decoded)) {
            return Effect.fail(
              new MessageError({
                message: `a ${channel} message did not match its schema: ${
                  ParseResult.TreeFormatter.formatErrorSync(decoded.left)
                }`,
                type: String(item.type)
              })
            )
          }
          out.push(decoded.right)
        }
        return Effect.succeed(Chunk.unsafeFromArray(out))
      }
    }

    const keysOf = (request: KalshiWebSocket.SubscribeRequest): Set<string> | undefined => {
      const spec = specs[request.channel]
      if (spec.filter === undefined) return undefined
      const keys = (request as unknown as Record<string, unknown>)[spec.filter]
      return Array.isArray(keys) ? new Set(keys.filter((key): key is string => typeof key === "string")) : undefined
    }

    const extraParams = (request: KalshiWebSocket.SubscribeRequest): Record<string, unknown> => {
      const { buffer: _buffer, channel: _channel, ...rest } = request as unknown as Record<string, unknown>
      const spec = specs[request.channel]
      if (spec.filter !== undefined) delete rest[spec.filter]
      return rest
    }

    const subscribe = <C extends Channel>(
      request: KalshiWebSocket.SubscribeRequest<C>
    ): Effect.Effect<KalshiWebSocket.Subscription<C>, KalshiWebSocket.SubscribeError, Scope.Scope> =>
      Effect.gen(function*() {
        const channel = request.channel
        const spec = specs[channel]
        const keys = keysOf(request)
        if (channel === "orderbook_delta" && (keys === undefined || keys.size === 0)) {
          return yield* new ValidationError({ message: "orderbook_delta needs at least one market in market_tickers" })
        }
        if (fatal !== undefined) return yield* Effect.fail(fatal)
        const options = request.buffer ?? {}
        const size = options.size ?? config.bufferSize
        if (!Number.isInteger(size) || size < 1) {
          return yield* new ValidationError({ message: `buffer.size must be a positive integer, got ${size}` })
        }
        const listener: Listener = {
          channel,
          keys,
          extra: extraParams(request),
          buffer: Buffer.make<Item, KalshiWebSocket.SubscriptionError>(
            size,
            options.policy ?? spec.policy,
            () => new OverflowError({ message: `the ${channel} subscription's buffer of ${size} filled up`, channel })
          ),
          awaiting: new Set(),
          live: false,
          confirmed: yield* Deferred.make<void, KalshiWebSocket.SubscriptionError>()
        }
        const state = stateOf(channel)
        state.listeners.add(listener)
        awaitSnapshots(state, listener)
        yield* Effect.addFinalizer(() =>
          Effect.suspend(() => {
            state.listeners.delete(listener)
            listener.buffer.end()
            return syncChannel(state)
          })
        )
        yield* ensureRunning
        run(syncChannel(state))
        yield* Deferred.await(listener.confirmed)

        const update = (change: KalshiWebSocket.SubscriptionUpdate) =>
          Effect.gen(function*() {
            if (spec.filter === undefined || listener.keys === undefined) {
              return yield* new ValidationError({ message: `this ${channel} subscription has no filter to update` })
            }
            for (const key of change.remove ?? []) {
              listener.keys.delete(key)
              listener.awaiting.delete(key)
            }
            for (const key of change.add ?? []) {
              if (listener.keys.has(key)) continue
              listener.keys.add(key)
              if (spec.snapshots) listener.awaiting.add(key)
            }
            if (channel === "orderbook_delta" && listener.keys.size === 0) {
              return yield* new ValidationError({
                message: "an orderbook_delta subscription needs at least one market"
              })
            }
            yield* syncChannel(state)
          })

        const subscription: KalshiWebSocket.Subscription<C> = {
          channel,
          events: listener.buffer.stream.pipe(Stream.mapChunksEffect(decodeItems(channel))) as Stream.Stream<
            KalshiWebSocket.Event<C>,
            KalshiWebSocket.SubscriptionError
          >,
          sid: Effect.sync(() => Option.fromNullable(state.sid)),
          keys: Effect.sync(() => (listener.keys === undefined ? undefined : [...listener.keys])),
          update,
          requestSnapshot: (tickers) =>
            Effect.suspend(() => {
              if (!spec.snapshots) {
                return new ValidationError({ message: `${channel} has no snapshots to request` })
              }
              const wanted = tickers ?? [...(listener.keys ?? [])]
              for (const key of wanted) listener.awaiting.add(key)
              requestSnapshots(state, wanted)
              return Effect.void
            })
        }
        return subscription
      })

    const listSubscriptions = Effect.gen(function*() {
      yield* ensureRunning
      yield* Effect.raceFirst(connectedLatch.await, Deferred.await(stopped))
      const reply = yield* send("list_subscriptions", undefined).pipe(
        Effect.catchTag(
          "Disconnected",
          () => new ConnectionError({ message: "the connection dropped before list_subscriptions was answered" })
        )
      )
      return yield* Schema.decodeUnknown(Messages.SubscriptionList)(reply).pipe(
        Effect.map((list) => list.msg),
        Effect.mapError((error) =>
          new MessageError({ message: ParseResult.TreeFormatter.formatErrorSync(error), type: "ok" })
        )
      )
    })

    return {
      url: config.url,
      subscribe,
      listSubscriptions,
      connected: Effect.sync(() => write !== undefined)
    } as KalshiWebSocket.KalshiWebSocket["Type"]
  })
