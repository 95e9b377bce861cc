/**
 * Losing the connection and losing messages, over both transports: streams continue after a drop with a
 * resync, a swallowed `seq` makes the book resync to the exchange's true book, a silent exchange is dropped by
 * the keep-alive, a malformed frame is ignored, and a refused handshake fails the subscription.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Chunk } from "effect"
import { Effect, Layer, Option, Redacted, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import * as NodeKalshiWebSocket from "../../src/NodeKalshiWebSocket.js"
import * as OrderBook from "../../src/OrderBook.js"
import type * as Messages from "../../src/WebSocketMessages.js"
import {
  buy,
  inMemory,
  isData,
  loopback,
  restBid,
  str,
  T55,
  takeMatching,
  transports,
  webSocketOptions
} from "./support.js"

const Fault = EmbeddedExchangeWebSocket.Fault

const show = (levels: ReadonlyArray<OrderBook.Level>) =>
  levels.map((level) => `${str(level.price)}x${str(level.count)}`)

const exchangeBook = Effect.flatMap(
  EmbeddedExchange.EmbeddedExchange,
  (exchange) =>
    Effect.map(exchange.orderBook(T55), (book) => ({
      yes: book.bids.map((level) => `${str(level.price)}x${str(level.count)}`),
      no: book.asks.map((level) => `${str(FixedPoint.complement(level.price))}x${str(level.count)}`)
    }))
)

/** Pulls book states until one is live and equal to the exchange's book. */
const untilTrue = <R>(pull: Effect.Effect<Chunk.Chunk<OrderBook.OrderBook>, Option.Option<unknown>, R>) =>
  Effect.gen(function*() {
    const seen: Array<OrderBook.Status> = []
    while (true) {
      const truth = yield* exchangeBook
      const chunk = yield* pull
      for (const book of chunk) {
        seen.push(book.status)
        if (
          book.status === "live" && show(book.yes).join() === truth.yes.join() &&
          show(book.no).join() === truth.no.join()
        ) {
          return seen
        }
      }
    }
  }).pipe(Effect.timeoutFail({ duration: "8 seconds", onTimeout: () => new Error("the book never matched") }))

describe.each(transports)("reconnects (%s)", (_name, layer) => {
  it.live("a dropped connection: the streams continue after a resync, the book is rebuilt", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade", market_tickers: [T55] })
      const pull = yield* OrderBook.stream([T55]).pipe(Stream.toPull)
      yield* untilTrue(pull)
      const sidBefore = yield* trades.sid

      yield* exchange.webSocket.injectFault(Fault.DropConnection())
      // While the client reconnects, the exchange trades on.
      yield* buy(T55, "5", "0.44")
      const states = yield* untilTrue(pull)
      expect(states).toContain("resyncing")

      // The trade stream continues on the new connection.
      yield* buy(T55, "3", "0.45")
      yield* takeMatching(
        trades.events,
        1,
        (event) => event.type === "trade" && str(event.msg.count_fp) === "3"
      )
      // The subscription now lives under the new connection's sid, and the exchange has one session.
      expect(Option.isSome(yield* trades.sid)).toBe(true)
      expect(Option.isSome(sidBefore)).toBe(true)
      expect(yield* exchange.webSocket.sessions).toBe(1)
      const listed = yield* KalshiWebSocket.listSubscriptions
      expect(listed.map((entry) => entry.channel).sort()).toEqual(["orderbook_delta", "trade"])
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("the notices say what happened: live, then resync on the drop, then live again", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const fills = yield* KalshiWebSocket.subscribe({ channel: "fill" })
      yield* exchange.webSocket.injectFault(Fault.DropConnection())
      const notices = yield* takeMatching(fills.events, 3, (event) => !isData(event))
      expect(notices.map((event) => event.type === "resync" ? `resync:${event.reason}` : event.type)).toEqual([
        "live",
        "resync:connection_lost",
        "live"
      ])
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("a swallowed seq: the gap is seen and the book resyncs to the exchange's true book", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const subscription = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [T55] })
      const raw = yield* subscription.events.pipe(Stream.toPull)
      const pull = yield* Stream.fromPull(Effect.succeed(raw)).pipe(OrderBook.states([T55]), Stream.toPull)
      yield* untilTrue(pull)

      yield* exchange.webSocket.injectFault(Fault.SkipSequence({}))
      yield* restBid(T55, "4", "0.42") // its delta never arrives
      yield* restBid(T55, "6", "0.43") // this one shows the gap
      const states = yield* untilTrue(pull)
      expect(states).toContain("resyncing")
      expect((yield* exchangeBook).yes).toEqual(["0.43x6", "0.42x4", "0.41x150", "0.4x300"])
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("the gap is announced in the stream itself", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const book = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [T55] })
      yield* exchange.webSocket.injectFault(Fault.SkipSequence({}))
      yield* restBid(T55, "1", "0.42")
      yield* restBid(T55, "1", "0.43")
      const events = yield* takeMatching(book.events, 3, (event) => event.type !== "live")
      // The delta that revealed the gap is dropped (it applies to a book the client no longer trusts); the fresh
      // snapshot the client asked for follows.
      expect(events.map((event) => event.type === "resync" ? `resync:${event.reason}` : event.type)).toEqual([
        "orderbook_snapshot",
        "resync:sequence_gap",
        "orderbook_snapshot"
      ])
      const last = events[2] as Messages.OrderbookSnapshot
      expect(last.msg.yes_dollars_fp?.map(([price, count]) => `${str(price)}x${str(count)}`)).toEqual([
        "0.4x300",
        "0.41x150",
        "0.42x1",
        "0.43x1"
      ])
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("a stalled exchange is dropped by the keep-alive and the client reconnects", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade" })
      yield* exchange.webSocket.injectFault(Fault.Stall({}))
      const notices = yield* takeMatching(trades.events, 3, (event) => !isData(event))
      expect(notices.map((event) => event.type === "resync" ? `resync:${event.reason}` : event.type)).toEqual([
        "live",
        "resync:connection_lost",
        "live"
      ])
      yield* buy(T55, "1", "0.44")
      yield* takeMatching(trades.events, 1, isData)
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("a malformed frame is ignored", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade" })
      yield* exchange.webSocket.injectFault(Fault.MalformedFrame())
      yield* buy(T55, "1", "0.44")
      const events = yield* takeMatching(trades.events, 2)
      expect(events.map((event) => event.type)).toEqual(["live", "trade"])
      expect(yield* KalshiWebSocket.KalshiWebSocket.pipe(Effect.flatMap((client) => client.connected))).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(layer())))
})

describe("handshakes", () => {
  const stranger = EmbeddedExchange.make().pipe(
    Effect.flatMap((other) => other.generateCredentials({ algorithm: "ed25519" }))
  )

  it.live("a key the exchange does not know (in memory): the subscription fails with AuthenticationError", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const unknown = yield* stranger
      const error = yield* KalshiWebSocket.subscribe({ channel: "trade" }).pipe(
        Effect.scoped,
        Effect.provide(
          KalshiWebSocket.layer({
            url: EmbeddedExchangeWebSocket.url,
            credentials: { keyId: unknown.keyId, privateKey: unknown.privateKeyPem },
            ...webSocketOptions
          }).pipe(Layer.provide(EmbeddedExchangeWebSocket.layerConnector))
        ),
        Effect.flip
      )
      expect(error._tag).toBe("AuthenticationError")
      expect(yield* exchange.webSocket.sessions).toBe(0)
    }).pipe(Effect.provide(inMemory())))

  it.live("a key the exchange does not know (ws over loopback): the 401 of the upgrade is an AuthenticationError", () =>
    Effect.gen(function*() {
      // The trader's own client points at the loopback server.
      const url = (yield* KalshiWebSocket.KalshiWebSocket).url
      const unknown = yield* stranger
      const error = yield* KalshiWebSocket.subscribe({ channel: "trade" }).pipe(
        Effect.scoped,
        Effect.provide(
          NodeKalshiWebSocket.layer({
            url,
            credentials: { keyId: unknown.keyId, privateKey: unknown.privateKeyPem },
            ...webSocketOptions
          })
        ),
        Effect.flip
      )
      if (error._tag !== "AuthenticationError") return expect.fail(`expected AuthenticationError, got ${error._tag}`)
      expect(error.status).toBe(401)
      expect(error.message).not.toContain(Redacted.value(unknown.privateKeyPem).slice(40, 80))
    }).pipe(Effect.provide(loopback())))
})
