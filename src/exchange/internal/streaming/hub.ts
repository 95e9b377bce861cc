/**
 * The exchange's WebSocket endpoint, transport aside: it authenticates handshakes as REST authenticates
 * requests, runs one {@link Session} per connection, hands every engine transaction to the open sessions, pings
 * them as Kalshi does, and injects streaming faults.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Queue from "effect/Queue"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { Fault } from "../../EmbeddedExchangeWebSocket.js"
import * as Auth from "../auth.js"
import { type ExchangeError, notFound } from "../errors.js"
import { type State, update } from "../state.js"
import * as Feed from "./feed.js"
import * as Memory from "./memory.js"
import * as Session from "./session.js"

/** The WebSocket endpoint's path; the handshake signs `GET` and this path. */
export const path = "/trade-api/ws/v2"

/** Kalshi pings every 10 seconds. */
const pingInterval = "10 seconds"

export interface Hub {
  readonly state: State
  readonly feed: Feed.Feed
  readonly sessions: Set<Session.Session>
  readonly faults: Session.Faults
  /** Runs a timer for a session (a stall's end), interrupted when the session closes. */
  readonly timers: WeakMap<Session.Session, (effect: Effect.Effect<void>) => void>
}

export const make = (state: State): Hub => {
  const hub: Hub = {
    state,
    feed: Feed.make(state.exchange),
    sessions: new Set(),
    faults: { skipSequence: 0 },
    timers: new WeakMap()
  }
  state.exchange.changes.listeners.add((transaction) => {
    const changes = Feed.changes(hub.feed, state.exchange, transaction, hub.sessions.size > 0)
    const context = { exchange: state.exchange, feed: hub.feed, faults: hub.faults, now: transaction.now }
    for (const session of hub.sessions) Session.deliver(context, session, changes)
  })
  return hub
}

/** A handshake: its headers and the URL pathname it was made to. */
export interface Handshake {
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly path: string
}

/** Checks a handshake exactly as REST checks a request: the three headers over `timestamp + GET + path`. */
export const authenticate = (hub: Hub, handshake: Handshake): Effect.Effect<Auth.ApiKey, ExchangeError> =>
  handshake.path === path
    ? Effect.flatMap(
      Clock.currentTimeMillis,
      (now) =>
        Auth.authenticate(hub.state.keys, { headers: handshake.headers, method: "GET", path: handshake.path }, now)
    )
    : Effect.fail(notFound("not_found", "Route not found", handshake.path))

/**
 * Runs a session for `userId` over `peer` until the scope closes; answers where to hand the inbound text frames.
 * Frames are handled one at a time, each in its own state transaction.
 */
export const open = (
  hub: Hub,
  userId: string,
  peer: Session.Peer
): Effect.Effect<(text: string) => void, never, Scope.Scope> =>
  Effect.gen(function*() {
    const session = Session.make(userId, peer)
    const inbound = yield* Queue.unbounded<string>()
    const run = yield* FiberSet.makeRuntime<never, void, never>()
    hub.timers.set(session, (effect) => void run(effect))
    hub.sessions.add(session)
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        hub.sessions.delete(session)
        Session.close(session, hub.feed)
      })
    )
    yield* Queue.take(inbound).pipe(
      Effect.flatMap((text) =>
        update(hub.state, (exchange, now) =>
          Session.command({ exchange, feed: hub.feed, faults: hub.faults, now }, session, text))
      ),
      Effect.forever,
      Effect.forkScoped
    )
    yield* Effect.sync(() =>
      session.stalled || peer.ping()
    ).pipe(
      Effect.schedule(Schedule.spaced(pingInterval)),
      Effect.forkScoped
    )
    return (text: string) => void Queue.unsafeOffer(inbound, text)
  })

/** Opens a session over an in-memory connection after checking the handshake; the client end is the caller's. */
export const connectInMemory = (
  hub: Hub,
  handshake: Handshake
): Effect.Effect<Memory.ClientEnd, ExchangeError, Scope.Scope> =>
  Effect.gen(function*() {
    const key = yield* authenticate(hub, handshake)
    const pair = Memory.make()
    const closed = yield* Effect.makeLatch(false)
    pair.onClose(() => closed.unsafeOpen())
    // The session lives until either end closes the connection, or the caller's scope ends.
    yield* open(hub, key.userId, pair.peer).pipe(
      Effect.flatMap((receive) => {
        pair.onFrame(receive)
        return closed.await
      }),
      Effect.scoped,
      Effect.forkScoped
    )
    yield* Effect.addFinalizer(() => Effect.sync(() => pair.peer.close(1000, "")))
    return pair.client
  })

/** Closes every session: cleanly, or by dropping it when it is stalled (it would not read a close frame). */
export const closeAll = (hub: Hub): Effect.Effect<void> =>
  Effect.sync(() => {
    for (const session of hub.sessions) {
      if (session.stalled) session.peer.terminate()
      else session.peer.close(1001, "going away")
    }
  })

const targets = (hub: Hub, userId: string | undefined) =>
  [...hub.sessions].filter((session) => userId === undefined || session.userId === userId)

/** Applies a streaming fault to the open sessions (of one user, if given). */
export const inject = (hub: Hub, fault: Fault, userId: string | undefined): Effect.Effect<void> =>
  Effect.sync(() => {
    switch (fault._tag) {
      case "DropConnection":
        for (const session of targets(hub, userId)) session.peer.terminate()
        return
      case "SkipSequence":
        hub.faults.skipSequence += fault.count ?? 1
        return
      case "MalformedFrame":
        for (const session of targets(hub, userId)) session.peer.send("{\"type\":\"orderbook_delta\",\"sid\":")
        return
      case "Stall":
        for (const session of targets(hub, userId)) {
          if (session.stalled) continue
          session.stalled = true
          session.peer.pause()
          const millis = fault.millis
          if (millis !== undefined) {
            hub.timers.get(session)?.(Effect.sleep(millis).pipe(Effect.andThen(() => Session.unstall(session))))
          }
        }
        return
    }
  })
