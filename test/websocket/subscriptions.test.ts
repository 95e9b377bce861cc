/**
 * Subscriptions against the embedded exchange in memory: several of one channel share the exchange's one
 * subscription, filters change with `update`, refusals carry Kalshi's codes, and each buffer policy does what
 * it says when the reader falls behind.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Option, Scope, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import * as OrderBook from "../../src/OrderBook.js"
import type * as Messages from "../../src/WebSocketMessages.js"
import { B535, buy, inMemory, isData, restBid, str, T55, takeMatching } from "./support.js"

const channelsListed = Effect.map(KalshiWebSocket.listSubscriptions, (list) => list.map((entry) => entry.channel))

const marketOf = (event: KalshiWebSocket.Event<"orderbook_delta">) =>
  event.type === "orderbook_snapshot" || event.type === "orderbook_delta" ? event.msg.market_ticker : event.type

describe("subscriptions", () => {
  it.live("subscriptions of one channel share one exchange subscription, each getting its own markets", () =>
    Effect.gen(function*() {
      const scopeB = yield* Scope.make()
      const a = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [T55] })
      const b = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [B535, T55] }).pipe(
        Scope.extend(scopeB)
      )
      expect(yield* channelsListed).toEqual(["orderbook_delta"])
      expect(yield* a.sid).toEqual(yield* b.sid)

      yield* buy(B535, "1", "0.068")
      yield* buy(T55, "1", "0.44")
      // A sees T55 only; B, which joined later, gets its own snapshot of T55 before T55's deltas.
      expect((yield* takeMatching(a.events, 2, isData)).map(marketOf)).toEqual([T55, T55])
      const seenByB = (yield* takeMatching(b.events, 4, isData)).map((event) => `${event.type}:${marketOf(event)}`)
      expect(seenByB.filter((entry) => entry.endsWith(B535))).toEqual([
        `orderbook_snapshot:${B535}`,
        `orderbook_delta:${B535}`
      ])
      expect(seenByB.indexOf(`orderbook_snapshot:${T55}`)).toBeLessThan(seenByB.indexOf(`orderbook_delta:${T55}`))

      yield* Scope.close(scopeB, Exit.void)
      expect(yield* channelsListed).toEqual(["orderbook_delta"])
      expect(yield* a.keys).toEqual([T55])
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("closing the last subscription of a channel unsubscribes", () =>
    Effect.gen(function*() {
      yield* KalshiWebSocket.subscribe({ channel: "trade" }).pipe(Effect.scoped)
      yield* KalshiWebSocket.subscribe({ channel: "ticker" })
      expect(yield* channelsListed).toEqual(["ticker"])
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("update adds a market (with its snapshot) and removes one", () =>
    Effect.gen(function*() {
      const book = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [T55] })
      yield* book.update({ add: [B535], remove: [T55] })
      expect(yield* book.keys).toEqual([B535])
      yield* buy(T55, "1", "0.44") // no longer followed
      yield* buy(B535, "1", "0.068")
      const events = yield* takeMatching(book.events, 3, isData)
      expect(events.map((event) => `${event.type}:${marketOf(event)}`)).toEqual([
        `orderbook_snapshot:${T55}`,
        `orderbook_snapshot:${B535}`,
        `orderbook_delta:${B535}`
      ])
      const error = yield* book.update({ remove: [B535] }).pipe(Effect.flip)
      expect(error._tag).toBe("ValidationError")
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("a market the exchange does not know: Kalshi's code 16, and the other subscriptions go on", () =>
    Effect.gen(function*() {
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade" })
      const error = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: ["NOPE-1"] }).pipe(
        Effect.scoped,
        Effect.flip
      )
      if (error._tag !== "WebSocketCommandError") return expect.fail(`expected a command error, got ${error._tag}`)
      expect([error.code, error.error, error.market_ticker, error.terminal]).toEqual([
        16,
        "Market not found",
        "NOPE-1",
        false
      ])
      yield* buy(T55, "1", "0.44")
      yield* takeMatching(trades.events, 1, isData)
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("bad requests fail before anything is sent", () =>
    Effect.gen(function*() {
      const noMarkets = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [] }).pipe(
        Effect.scoped,
        Effect.flip
      )
      const badBuffer = yield* KalshiWebSocket.subscribe({ channel: "trade", buffer: { size: 0 } }).pipe(
        Effect.scoped,
        Effect.flip
      )
      expect([noMarkets._tag, badBuffer._tag]).toEqual(["ValidationError", "ValidationError"])
      expect(yield* (yield* EmbeddedExchange.EmbeddedExchange).webSocket.sessions).toBe(0)
    }).pipe(Effect.provide(inMemory())))
})

describe("buffer policies", () => {
  it.live("ticker, latest-wins: a slow reader gets the market's newest line", () =>
    Effect.gen(function*() {
      const ticker = yield* KalshiWebSocket.subscribe({ channel: "ticker", market_tickers: [T55], buffer: { size: 1 } })
      for (const count of ["1", "2", "3"]) yield* buy(T55, count, "0.44")
      // In memory, each trade's frames are delivered on microtasks queued before this yield returns: the three
      // lines are all in the buffer before the first read.
      yield* Effect.sleep(0)
      const [line] = (yield* takeMatching(ticker.events, 1, isData)) as ReadonlyArray<Messages.Ticker>
      expect(str(line!.msg.volume_fp)).toBe("6")
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("orderbook_delta, resync: a full buffer is dropped and rebuilt from a fresh snapshot", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const book = yield* KalshiWebSocket.subscribe({
        channel: "orderbook_delta",
        market_tickers: [T55],
        buffer: { size: 2 }
      })
      for (const price of ["0.30", "0.31", "0.32", "0.33", "0.34"]) yield* restBid(T55, "1", price)
      const truth = (yield* exchange.orderBook(T55)).bids.map((level) => `${str(level.price)}x${str(level.count)}`)
      const seen: Array<OrderBook.Status> = []
      const final = yield* book.events.pipe(
        OrderBook.states([T55]),
        Stream.tap((state) => Effect.sync(() => seen.push(state.status))),
        Stream.filter((state) =>
          state.status === "live" &&
          state.yes.map((level) => `${str(level.price)}x${str(level.count)}`).join() === truth.join()
        ),
        Stream.runHead,
        Effect.timeout("5 seconds")
      )
      expect(Option.isSome(final)).toBe(true)
      expect(seen).toContain("resyncing")
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("resync is announced when the buffer overflows", () =>
    Effect.gen(function*() {
      const book = yield* KalshiWebSocket.subscribe({
        channel: "orderbook_delta",
        market_tickers: [T55],
        buffer: { size: 2 }
      })
      for (const price of ["0.30", "0.31", "0.32", "0.33"]) yield* restBid(T55, "1", price)
      const notices = yield* takeMatching(book.events, 1, (event) => event.type === "resync")
      expect(notices).toEqual([{ type: "resync", reason: "buffer_overflow" }])
    }).pipe(Effect.scoped, Effect.provide(inMemory())))

  it.live("fail: the stream fails with OverflowError", () =>
    Effect.gen(function*() {
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade", buffer: { size: 1, policy: "fail" } })
      for (const count of ["1", "2", "3"]) yield* buy(T55, count, "0.44")
      const error = yield* Stream.runDrain(trades.events).pipe(Effect.flip)
      expect(error._tag).toBe("WebSocketOverflowError")
    }).pipe(Effect.scoped, Effect.provide(inMemory())))
})
