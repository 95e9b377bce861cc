/**
 * A local order book of one market, built from `orderbook_delta` snapshots and deltas, with exact `BigDecimal`
 * levels.
 *
 * Kalshi's book holds bids only, for both outcomes: `yes` are yes bids, `no` are no bids (in no prices). A no
 * bid at `q` is a yes ask at `1 − q`, so {@link bestYesAsk} is derived from the best no bid.
 *
 * {@link stream} keeps the books of a `orderbook_delta` subscription and emits a book whenever it changes: one
 * state per market per batch of messages that arrived together. A book whose view may be incomplete (the
 * connection dropped, a `seq` gap, a buffer overflow) is emitted with `status: "resyncing"`, and becomes
 * `"live"` again with the fresh snapshot the client asks for: the stream never passes off a wrong book as live.
 *
 * ```ts
 * OrderBook.stream(["KXHIGHNY-26NOV21-T55"]).pipe(
 *   Stream.runForEach((book) => Console.log(book.status, OrderBook.bestYesBid(book), OrderBook.bestYesAsk(book)))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Chunk from "effect/Chunk"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as KalshiWebSocket from "./KalshiWebSocket.js"
import type * as Messages from "./WebSocketMessages.js"

/**
 * One price level: the price (dollars) and the contracts resting there.
 *
 * @since 0.1.0
 */
export interface Level {
  readonly price: BigDecimal.BigDecimal
  readonly count: BigDecimal.BigDecimal
}

/**
 * `live`: the levels are the exchange's. `resyncing`: they may be stale, a fresh snapshot is on its way.
 *
 * @since 0.1.0
 */
export type Status = "live" | "resyncing"

/**
 * A market's book.
 *
 * @since 0.1.0
 */
export interface OrderBook {
  readonly market_ticker: string
  readonly market_id: string | undefined
  readonly status: Status
  /** Yes bids, best (highest) first. */
  readonly yes: ReadonlyArray<Level>
  /** No bids in no prices, best (highest) first. */
  readonly no: ReadonlyArray<Level>
  /** The `seq` of the last message applied. */
  readonly seq: number | undefined
}

/**
 * A side of the book: `yes` or `no`.
 *
 * @since 0.1.0
 */
export type Side = "yes" | "no"

// ---------------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------------

/** A price's place in the ordering, as a float: exact enough to order decimals in [0, 1]. */
const rank = (price: BigDecimal.BigDecimal): number => Number(price.value) / 10 ** price.scale

/** A side being edited: levels best first, with their ranks alongside. */
interface Draft {
  readonly levels: Array<Level>
  readonly ranks: Array<number>
}

const ranksOf = new WeakMap<ReadonlyArray<Level>, ReadonlyArray<number>>()

const draftOf = (levels: ReadonlyArray<Level>): Draft => ({
  levels: levels.slice(),
  ranks: (ranksOf.get(levels) ?? levels.map((level) => rank(level.price))).slice()
})

const seal = (draft: Draft): ReadonlyArray<Level> => {
  ranksOf.set(draft.levels, draft.ranks)
  return draft.levels
}

/** The index of `price` in a side sorted best (highest) first, or where it would go. */
const locate = (draft: Draft, key: number): number => {
  let low = 0
  let high = draft.ranks.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (draft.ranks[middle]! > key) low = middle + 1
    else high = middle
  }
  return low
}

/** Adds `delta` contracts at `price`; a level that reaches zero (or below) goes. */
const change = (draft: Draft, price: BigDecimal.BigDecimal, delta: BigDecimal.BigDecimal): void => {
  const key = rank(price)
  const index = locate(draft, key)
  const existing = draft.levels[index]
  if (existing !== undefined && draft.ranks[index] === key && BigDecimal.equals(existing.price, price)) {
    const count = BigDecimal.sum(existing.count, delta)
    if (BigDecimal.isPositive(count)) draft.levels[index] = { price: existing.price, count }
    else {
      draft.levels.splice(index, 1)
      draft.ranks.splice(index, 1)
    }
    return
  }
  if (!BigDecimal.isPositive(delta)) return
  draft.levels.splice(index, 0, { price, count: delta })
  draft.ranks.splice(index, 0, key)
}

const sideOf = (levels: ReadonlyArray<readonly [BigDecimal.BigDecimal, BigDecimal.BigDecimal]> | undefined) => {
  const draft: Draft = { levels: [], ranks: [] }
  for (const [price, count] of levels ?? []) change(draft, price, count)
  return seal(draft)
}

/**
 * A book with no levels yet, waiting for its snapshot.
 *
 * @since 0.1.0
 */
export const empty = (market_ticker: string): OrderBook => ({
  market_ticker,
  market_id: undefined,
  status: "resyncing",
  yes: [],
  no: [],
  seq: undefined
})

/**
 * The book a snapshot describes.
 *
 * @since 0.1.0
 */
export const fromSnapshot = (snapshot: Messages.OrderbookSnapshot): OrderBook => ({
  market_ticker: snapshot.msg.market_ticker,
  market_id: snapshot.msg.market_id,
  status: "live",
  yes: sideOf(snapshot.msg.yes_dollars_fp),
  no: sideOf(snapshot.msg.no_dollars_fp),
  seq: snapshot.seq
})

/**
 * Applies messages of one market in order: a snapshot replaces the book, a delta changes one level. Deltas
 * of other markets are ignored. The sides are copied once for the whole batch.
 *
 * @since 0.1.0
 */
export const applyAll = (
  book: OrderBook,
  messages: Iterable<Messages.OrderbookSnapshot | Messages.OrderbookDelta>
): OrderBook => {
  let current = book
  let yes: Draft | undefined
  let no: Draft | undefined
  let seq = book.seq
  const flush = (): OrderBook =>
    yes === undefined && no === undefined
      ? { ...current, seq }
      : {
        ...current,
        yes: yes === undefined ? current.yes : seal(yes),
        no: no === undefined ? current.no : seal(no),
        seq
      }
  for (const message of messages) {
    if (message.msg.market_ticker !== book.market_ticker) continue
    if (message.type === "orderbook_snapshot") {
      current = fromSnapshot(message)
      yes = undefined
      no = undefined
      seq = message.seq
      continue
    }
    const { delta_fp, price_dollars, side } = message.msg
    if (side === "yes") change(yes ??= draftOf(current.yes), price_dollars, delta_fp)
    else change(no ??= draftOf(current.no), price_dollars, delta_fp)
    seq = message.seq
  }
  return flush()
}

/**
 * Applies one snapshot or delta.
 *
 * @since 0.1.0
 */
export const apply = (
  book: OrderBook,
  message: Messages.OrderbookSnapshot | Messages.OrderbookDelta
): OrderBook => applyAll(book, [message])

/**
 * The book marked as possibly stale, until its next snapshot.
 *
 * @since 0.1.0
 */
export const resyncing = (
  book: OrderBook
): OrderBook => (book.status === "resyncing" ? book : { ...book, status: "resyncing" })

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

/**
 * The best yes bid.
 *
 * @since 0.1.0
 */
export const bestYesBid = (book: OrderBook): Option.Option<Level> => Option.fromNullable(book.yes[0])

/**
 * The best no bid (in no prices).
 *
 * @since 0.1.0
 */
export const bestNoBid = (book: OrderBook): Option.Option<Level> => Option.fromNullable(book.no[0])

const ONE = BigDecimal.fromBigInt(1n)

const complement = (level: Level): Level => ({ price: BigDecimal.subtract(ONE, level.price), count: level.count })

/**
 * The best yes ask: the best no bid at `1 − price`.
 *
 * @since 0.1.0
 */
export const bestYesAsk = (book: OrderBook): Option.Option<Level> => Option.map(bestNoBid(book), complement)

/**
 * The best no ask: the best yes bid at `1 − price`.
 *
 * @since 0.1.0
 */
export const bestNoAsk = (book: OrderBook): Option.Option<Level> => Option.map(bestYesBid(book), complement)

/**
 * Yes asks, best (lowest) first: the no bids at `1 − price`.
 *
 * @since 0.1.0
 */
export const yesAsks = (book: OrderBook): ReadonlyArray<Level> => book.no.map(complement)

/**
 * The yes spread, ask minus bid, when both sides have orders.
 *
 * @since 0.1.0
 */
export const spread = (book: OrderBook): Option.Option<BigDecimal.BigDecimal> =>
  Option.zipWith(bestYesAsk(book), bestYesBid(book), (ask, bid) => BigDecimal.subtract(ask.price, bid.price))

/**
 * The contracts resting on a side: all of them, or in its best `levels` levels.
 *
 * @since 0.1.0
 */
export const depth = (book: OrderBook, side: Side, levels?: number): BigDecimal.BigDecimal =>
  (side === "yes" ? book.yes : book.no).slice(0, levels).reduce(
    (total, level) => BigDecimal.sum(total, level.count),
    BigDecimal.fromBigInt(0n)
  )

/**
 * The contracts resting on a side at prices at least `price` (the liquidity a seller down to `price` meets).
 *
 * @since 0.1.0
 */
export const depthAtOrAbove = (book: OrderBook, side: Side, price: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  (side === "yes" ? book.yes : book.no)
    .filter((level) => BigDecimal.greaterThanOrEqualTo(level.price, price))
    .reduce((total, level) => BigDecimal.sum(total, level.count), BigDecimal.fromBigInt(0n))

// ---------------------------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------------------------

type BookEvent = KalshiWebSocket.Event<"orderbook_delta">

/**
 * Turns a subscription's events into book states: after each batch, the book of every market that changed; on
 * a resync notice, at once, every book as `resyncing`.
 *
 * @since 0.1.0
 */
export const states =
  (market_tickers: ReadonlyArray<string>) =>
  <E, R>(events: Stream.Stream<BookEvent, E, R>): Stream.Stream<OrderBook, E, R> =>
    Stream.suspend(() => {
      const books = new Map(market_tickers.map((ticker) => [ticker, empty(ticker)]))
      return Stream.mapChunks(events, (chunk) => {
        const out: Array<OrderBook> = []
        const changed = new Set<string>()
        const pending = new Map<string, Array<Messages.OrderbookSnapshot | Messages.OrderbookDelta>>()
        const settle = () => {
          for (const [ticker, messages] of pending) {
            books.set(ticker, applyAll(books.get(ticker) ?? empty(ticker), messages))
            changed.add(ticker)
          }
          pending.clear()
        }
        const emitChanged = () => {
          settle()
          for (const ticker of changed) out.push(books.get(ticker)!)
          changed.clear()
        }
        for (const event of chunk) {
          if (event.type === "live") continue
          if (event.type === "resync") {
            // Said at once, even when the fresh snapshot is already in the same batch.
            emitChanged()
            for (const [ticker, book] of books) {
              books.set(ticker, resyncing(book))
              out.push(books.get(ticker)!)
            }
            continue
          }
          const ticker = event.msg.market_ticker
          const messages = pending.get(ticker) ?? []
          messages.push(event)
          pending.set(ticker, messages)
        }
        emitChanged()
        return Chunk.unsafeFromArray(out)
      })
    })

/**
 * The books of these markets, live: subscribes to `orderbook_delta` and emits each book as it changes.
 *
 * @since 0.1.0
 */
export const stream = (
  market_tickers: ReadonlyArray<string>,
  options: KalshiWebSocket.BufferOptions = {}
): Stream.Stream<OrderBook, KalshiWebSocket.SubscribeError, KalshiWebSocket.KalshiWebSocket> =>
  KalshiWebSocket.stream({ channel: "orderbook_delta", market_tickers, ...options }).pipe(states(market_tickers))
