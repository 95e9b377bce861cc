/**
 * The local order book: `orderbook_delta` frames decoded and applied per second, in batches as the client's
 * stream hands them over, against a bare `JSON.parse` of the same frames; and the memory of a book of 1,000
 * levels against the same levels as the parsed JSON snapshot.
 */
import { BigDecimal, Either } from "effect"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { decoder } from "../src/internal/wsDecode.js"
import * as OrderBook from "../src/OrderBook.js"
import type * as Messages from "../src/WebSocketMessages.js"
import { fmt } from "./measure.js"

const ticker = "KXHIGHNY-26NOV21-T55"
const levelsPerSide = 500
/** The stream's batches: what one read of a busy subscription's buffer holds. */
const batch = 100

const price = (i: number) => (0.001 * (i + 1)).toFixed(4)

const snapshotFrame = () =>
  JSON.stringify({
    type: "orderbook_snapshot",
    sid: 1,
    seq: 1,
    msg: {
      market_ticker: ticker,
      market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
      yes_dollars_fp: Array.from({ length: levelsPerSide }, (_, i) => [price(i), `${100 + i}.00`]),
      no_dollars_fp: Array.from({ length: levelsPerSide }, (_, i) => [price(i), `${200 + i}.00`])
    }
  })

/** Deltas over the book's prices, of both signs: levels empty and come back. */
const deltaFrames = (n: number) => {
  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      type: "orderbook_delta",
      sid: 1,
      seq: i + 2,
      msg: {
        market_ticker: ticker,
        market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
        price_dollars: price(Math.floor(random() * levelsPerSide)),
        delta_fp: `${random() < 0.5 ? "-" : ""}${1 + Math.floor(random() * 120)}.00`,
        side: random() < 0.5 ? "yes" : "no",
        ts_ms: 1700000000000 + i
      }
    }))
}

const perSecond = (n: number, run: () => void) => {
  const start = performance.now()
  run()
  return n / ((performance.now() - start) / 1000)
}

const decodeSnapshot = (text: string): Messages.OrderbookSnapshot => {
  const decoded = decoder("orderbook_delta")(JSON.parse(text))
  if (Either.isLeft(decoded)) throw new Error("the benchmark's snapshot does not decode")
  return decoded.right as Messages.OrderbookSnapshot
}

/** Parse, decode (the client's decoder) and apply, in stream-sized batches. */
const decodeAndApply = (frames: ReadonlyArray<string>, start: OrderBook.OrderBook) => {
  const decode = decoder("orderbook_delta")
  let book = start
  for (let i = 0; i < frames.length; i += batch) {
    const messages: Array<Messages.OrderbookDelta> = []
    for (const frame of frames.slice(i, i + batch)) {
      const decoded = decode(JSON.parse(frame))
      if (Either.isLeft(decoded)) throw new Error("a benchmark delta does not decode")
      messages.push(decoded.right as Messages.OrderbookDelta)
    }
    book = OrderBook.applyAll(book, messages)
  }
  return book
}

/** Heap bytes per value of `make`, with collections before and after. */
const bytesPer = (gc: () => void, copies: number, make: () => unknown) => {
  const held: Array<unknown> = []
  gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < copies; i++) held.push(make())
  gc()
  const after = process.memoryUsage().heapUsed
  if (held.length !== copies) throw new Error("unreachable")
  return (after - before) / copies
}

export const run = async (deltas: number, copies: number) => {
  const snapshot = snapshotFrame()
  const frames = deltaFrames(deltas)
  const start = OrderBook.fromSnapshot(decodeSnapshot(snapshot))

  console.log(`\nLocal order book: ${deltas} orderbook_delta frames on a book of ${2 * levelsPerSide} levels`)
  console.log("Baseline: JSON.parse alone. SDK: JSON.parse, decode to BigDecimal, apply (batches of 100).")
  decodeAndApply(frames.slice(0, Math.min(frames.length, 5000)), start) // warm-up
  const parsed = perSecond(frames.length, () => frames.forEach((frame) => JSON.parse(frame)))
  let final = start
  const applied = perSecond(frames.length, () => {
    final = decodeAndApply(frames, start)
  })
  console.log("                         JSON.parse /s   SDK decode+apply /s   ratio (baseline / SDK)")
  console.log(
    `deltas                   ${fmt(parsed, 0, 13)}   ${fmt(applied, 0, 19)}   ${
      fmt(parsed / applied, 2, 6)
    }x   (goal: at least 200,000/s)`
  )
  const levels = final.yes.length + final.no.length
  const depth = BigDecimal.format(BigDecimal.sum(OrderBook.depth(final, "yes"), OrderBook.depth(final, "no")))
  console.log(`after: ${levels} levels, ${depth} contracts resting`)

  setFlagsFromString("--expose-gc")
  const gc = runInNewContext("gc") as () => void
  const raw = bytesPer(gc, copies, () => JSON.parse(snapshot))
  const book = bytesPer(gc, copies, () => OrderBook.fromSnapshot(decodeSnapshot(snapshot)))
  console.log(`\nMemory of a ${2 * levelsPerSide}-level book (${copies} copies held)`)
  console.log("                         parsed JSON KB    OrderBook KB   ratio (SDK / baseline)")
  console.log(
    `book                     ${fmt(raw / 1024, 1, 14)}   ${fmt(book / 1024, 1, 13)}   ${fmt(book / raw, 2, 6)}x`
  )
}
