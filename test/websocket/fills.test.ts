/**
 * `KalshiWebSocket.fills`: every fill exactly once, across drops and buffer overflows, over both transports.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Chunk } from "effect"
import { Effect, Option, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import * as Portfolio from "../../src/generated/Portfolio.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import { buy, eventually, str, T55, transports, webSocketOptions } from "./support.js"

/** Pulls fills until `n` have arrived. */
const take = <E, R>(pull: Effect.Effect<Chunk.Chunk<KalshiWebSocket.LiveFill>, Option.Option<E>, R>, n: number) =>
  Effect.gen(function*() {
    const got: Array<KalshiWebSocket.LiveFill> = []
    while (got.length < n) got.push(...(yield* pull))
    return got
  }).pipe(Effect.timeoutFail({ duration: "8 seconds", onTimeout: () => new Error(`fewer than ${n} fills`) }))

const summary = (fills: ReadonlyArray<KalshiWebSocket.LiveFill>) =>
  fills.map((fill) => `${fill.source}:${fill.book_side}:${str(fill.count_fp)}@${str(fill.yes_price_dollars)}`)

/** Nothing more within a short while: what a duplicate would take to show up. */
const nothingMore = <E, R>(pull: Effect.Effect<Chunk.Chunk<KalshiWebSocket.LiveFill>, Option.Option<E>, R>) =>
  pull.pipe(Effect.timeout("300 millis"), Effect.option, Effect.map(Option.isNone))

describe.each(transports)("fills (%s)", (_name, layer) => {
  it.live("fills arrive from the stream; those from before the start are not the stream's", () =>
    Effect.gen(function*() {
      yield* buy(T55, "1", "0.44") // before the stream
      const pull = yield* Effect.flatMap(KalshiWebSocket.subscribeFills(), Stream.toPull)
      const placed = yield* buy(T55, "2", "0.44")
      const fills = yield* take(pull, 1)
      expect(summary(fills)).toEqual(["stream:bid:2@0.44"])
      expect(fills[0]!.order_id).toBe(placed.order_id)
      expect(fills[0]!.client_order_id).toBeDefined()
      expect(yield* nothingMore(pull)).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("since: the stream starts with the fills from then on, then continues live", () =>
    Effect.gen(function*() {
      yield* buy(T55, "1", "0.44")
      const pull = yield* Effect.flatMap(KalshiWebSocket.subscribeFills({ since: 0 }), Stream.toPull)
      yield* buy(T55, "3", "0.44")
      expect(summary(yield* take(pull, 2))).toEqual(["backfill:bid:1@0.44", "stream:bid:3@0.44"])
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("a fill made while disconnected arrives exactly once, from the backfill", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const pull = yield* Effect.flatMap(KalshiWebSocket.subscribeFills(), Stream.toPull)
      yield* buy(T55, "1", "0.44")
      expect(summary(yield* take(pull, 1))).toEqual(["stream:bid:1@0.44"])

      // Reconnects wait at least a second here: the fill lands while nobody listens.
      yield* exchange.webSocket.injectFault(EmbeddedExchangeWebSocket.Fault.DropConnection())
      yield* eventually(Effect.map(exchange.webSocket.sessions, (open) => open === 0))
      yield* buy(T55, "5", "0.44")
      expect(yield* KalshiWebSocket.KalshiWebSocket.pipe(Effect.flatMap((client) => client.connected))).toBe(false)

      const [missed] = yield* take(pull, 1)
      expect(summary([missed!])).toEqual(["backfill:bid:5@0.44"])
      yield* buy(T55, "2", "0.44")
      expect(summary(yield* take(pull, 1))).toEqual(["stream:bid:2@0.44"])
      expect(yield* nothingMore(pull)).toBe(true)
      const rest = yield* Portfolio.fills({ ticker: T55 })
      expect(rest.fills.length).toBe(3)
    }).pipe(
      Effect.scoped,
      Effect.provide(layer({ ...webSocketOptions, reconnect: { baseDelay: "2 seconds", maxDelay: "2 seconds" } }))
    ))

  it.live("a full buffer drops what waits, and the backfill brings it back, each fill once", () =>
    Effect.gen(function*() {
      const pull = yield* Effect.flatMap(KalshiWebSocket.subscribeFills({ buffer: { size: 1 } }), Stream.toPull)
      for (const count of ["1", "2", "3", "4"]) yield* buy(T55, count, "0.44")
      const fills = yield* take(pull, 4)
      expect(fills.map((fill) => str(fill.count_fp)).sort()).toEqual(["1", "2", "3", "4"])
      expect(new Set(fills.map((fill) => fill.trade_id)).size).toBe(4)
      expect(fills.some((fill) => fill.source === "backfill")).toBe(true)
      expect(yield* nothingMore(pull)).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(layer())))
})
