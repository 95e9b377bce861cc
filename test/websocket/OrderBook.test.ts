/**
 * The local order book: snapshots and deltas against a plain model, the helpers, the states of a stream with
 * resync notices, and a live book that ends equal to the exchange's own.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Chunk, Effect, FastCheck, Option, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import type * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import * as OrderBook from "../../src/OrderBook.js"
import type * as Messages from "../../src/WebSocketMessages.js"
import { buy, dec, inMemory, restBid, str, T55, transports } from "./support.js"

const snapshot = (
  yes: ReadonlyArray<readonly [string, string]>,
  no: ReadonlyArray<readonly [string, string]>,
  seq = 1
): Messages.OrderbookSnapshot => ({
  type: "orderbook_snapshot",
  sid: 1,
  seq,
  msg: {
    market_ticker: "M",
    market_id: "id",
    yes_dollars_fp: yes.map(([p, c]) => [dec(p), dec(c)] as const),
    no_dollars_fp: no.map(([p, c]) => [dec(p), dec(c)] as const)
  }
})

const delta = (side: "yes" | "no", price: string, change: string, seq = 2): Messages.OrderbookDelta => ({
  type: "orderbook_delta",
  sid: 1,
  seq,
  msg: { market_ticker: "M", market_id: "id", price_dollars: dec(price), delta_fp: dec(change), side }
})

const show = (levels: ReadonlyArray<OrderBook.Level>) =>
  levels.map((level) => `${str(level.price)}x${str(level.count)}`)

describe("OrderBook", () => {
  it("orders each side best first and applies deltas exactly", () => {
    const book = OrderBook.fromSnapshot(snapshot([["0.08", "300"], ["0.22", "333"]], [["0.54", "20"], ["0.56", "146"]]))
    expect(book.status).toBe("live")
    expect(show(book.yes)).toEqual(["0.22x333", "0.08x300"])
    expect(show(book.no)).toEqual(["0.56x146", "0.54x20"])

    const next = OrderBook.applyAll(book, [
      delta("yes", "0.2200", "-33.50", 2), // 4-decimal wire prices meet 2-decimal ones
      delta("yes", "0.15", "10", 3), // a new level in the middle
      delta("no", "0.56", "-146", 4), // a level that empties goes
      delta("no", "0.5", "-5", 5) // removing from nothing changes nothing
    ])
    expect(show(next.yes)).toEqual(["0.22x299.5", "0.15x10", "0.08x300"])
    expect(show(next.no)).toEqual(["0.54x20"])
    expect(next.seq).toBe(5)
    // The original book is untouched.
    expect(show(book.yes)).toEqual(["0.22x333", "0.08x300"])

    expect(OrderBook.bestYesBid(next).pipe(Option.map((l) => str(l.price)))).toEqual(Option.some("0.22"))
    expect(OrderBook.bestYesAsk(next).pipe(Option.map((l) => `${str(l.price)}x${str(l.count)}`))).toEqual(
      Option.some("0.46x20")
    )
    expect(OrderBook.bestNoAsk(next).pipe(Option.map((l) => str(l.price)))).toEqual(Option.some("0.78"))
    expect(OrderBook.spread(next).pipe(Option.map(str))).toEqual(Option.some("0.24"))
    expect(str(OrderBook.depth(next, "yes"))).toBe("609.5")
    expect(str(OrderBook.depth(next, "yes", 2))).toBe("309.5")
    expect(str(OrderBook.depthAtOrAbove(next, "yes", dec("0.15")))).toBe("309.5")
    expect(show(OrderBook.yesAsks(next))).toEqual(["0.46x20"])
    expect(OrderBook.spread(OrderBook.empty("M"))).toEqual(Option.none())
  })

  it("matches a plain model under random deltas, one at a time or in batches", () =>
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(
          FastCheck.record({
            side: FastCheck.constantFrom("yes" as const, "no" as const),
            cents: FastCheck.integer({ min: 1, max: 99 }),
            change: FastCheck.integer({ min: -500, max: 500 })
          }),
          { maxLength: 200 }
        ),
        (changes) => {
          const model = { yes: new Map<number, bigint>(), no: new Map<number, bigint>() }
          const messages = changes.map(({ cents, change, side }, i) => {
            const level = model[side].get(cents) ?? 0n
            const next = level + BigInt(change)
            if (next > 0n) model[side].set(cents, next)
            else model[side].delete(cents)
            return delta(side, (cents / 100).toFixed(2), String(change), i + 2)
          })
          const start = OrderBook.fromSnapshot(snapshot([], []))
          const batched = OrderBook.applyAll(start, messages)
          const single = messages.reduce(OrderBook.apply, start)
          for (const side of ["yes", "no"] as const) {
            const expected = [...model[side]].sort(([a], [b]) => b - a).map(([cents, count]) =>
              `${str(BigDecimal.unsafeFromString((cents / 100).toFixed(2)))}x${count}`
            )
            expect(show(batched[side])).toEqual(expected)
            expect(show(single[side])).toEqual(expected)
          }
        }
      )
    ))

  it("states: one book per market per batch, resyncing on a notice until the next snapshot", () =>
    Effect.gen(function*() {
      const events: ReadonlyArray<KalshiWebSocket.Event<"orderbook_delta">> = [
        { type: "live", sid: 1 },
        snapshot([["0.40", "10"]], []),
        delta("yes", "0.40", "5"),
        { type: "resync", reason: "sequence_gap" },
        delta("yes", "0.40", "1000", 9), // a delta the client would drop; here it shows the book stays flagged
        snapshot([["0.41", "1"]], [], 10)
      ]
      const batches = [events.slice(0, 3), events.slice(3, 5), events.slice(5)]
      const states = yield* Stream.fromChunks(...batches.map(Chunk.fromIterable)).pipe(
        OrderBook.states(["M"]),
        Stream.runCollect
      )
      expect(Chunk.toReadonlyArray(states).map((book) => [book.status, show(book.yes)])).toEqual([
        ["live", ["0.4x15"]],
        ["resyncing", ["0.4x15"]],
        ["resyncing", ["0.4x1015"]],
        ["live", ["0.41x1"]]
      ])
    }).pipe(Effect.runPromise))
})

const exchangeBook = (exchange: EmbeddedExchange.Service, ticker: string) =>
  Effect.map(exchange.orderBook(ticker), (book) => ({
    yes: book.bids.map((level) => `${str(level.price)}x${str(level.count)}`),
    // Exchange asks at p are no bids at 1 - p, best (highest no price) first: the lowest asks first.
    no: book.asks.map((level) => `${str(FixedPoint.complement(level.price))}x${str(level.count)}`)
  }))

describe.each(transports)("OrderBook.stream (%s)", (_name, layer) => {
  it.live("follows the exchange's book through trades and resting orders", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const books = yield* OrderBook.stream([T55]).pipe(
        Stream.filter((book) => book.status === "live"),
        Stream.toPull
      )
      const first = yield* books
      expect(Chunk.toReadonlyArray(first).map((book) => ({ yes: show(book.yes), no: show(book.no) }))).toEqual([
        yield* exchangeBook(exchange, T55)
      ])
      yield* buy(T55, "160", "0.45") // through the first ask level into the second
      yield* restBid(T55, "7", "0.42")
      yield* restBid(T55, "3", "0.41")
      const truth = yield* exchangeBook(exchange, T55)
      let last: OrderBook.OrderBook | undefined
      while (
        last === undefined || show(last.yes).join() !== truth.yes.join() || show(last.no).join() !== truth.no.join()
      ) {
        const chunk = yield* books.pipe(Effect.timeout("5 seconds"))
        last = Chunk.last(chunk).pipe(Option.getOrUndefined)
      }
      expect({ yes: show(last.yes), no: show(last.no) }).toEqual(truth)
      expect(truth.yes).toEqual(["0.42x7", "0.41x153", "0.4x300"])
    }).pipe(Effect.scoped, Effect.provide(layer())))
})

it.live("OrderBook.stream needs markets", () =>
  Effect.gen(function*() {
    const error = yield* OrderBook.stream([]).pipe(Stream.runDrain, Effect.flip)
    expect(error._tag).toBe("ValidationError")
  }).pipe(Effect.provide(inMemory())))
