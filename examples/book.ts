/**
 * A live order book: `OrderBook.stream` for one market, its best prices, spread and depth, and the book
 * moving when an order takes liquidity.
 *
 *   npx tsx examples/book.ts [--live]
 */
import { BigDecimal, Chunk, Console, Effect, Option, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as Markets from "../src/generated/Markets.js"
import * as OrderBook from "../src/OrderBook.js"
import * as Orders from "../src/Orders.js"
import { runExample } from "./harness.js"

const show = BigDecimal.format
const level = (l: Option.Option<OrderBook.Level>) =>
  Option.match(l, { onNone: () => "-", onSome: (x) => `${show(x.price)} x ${show(x.count)}` })

const print = (book: OrderBook.OrderBook) =>
  Effect.gen(function*() {
    yield* Console.log(`${book.market_ticker} (${book.status}, seq ${book.seq ?? "-"})`)
    yield* Console.log(
      `  yes bids: ${book.yes.slice(0, 3).map((l) => `${show(l.price)} x ${show(l.count)}`).join(", ")}`
    )
    yield* Console.log(
      `  no bids:  ${book.no.slice(0, 3).map((l) => `${show(l.price)} x ${show(l.count)}`).join(", ")}`
    )
    yield* Console.log(
      `  best yes bid ${level(OrderBook.bestYesBid(book))}, best yes ask ${level(OrderBook.bestYesAsk(book))}`
    )
    yield* Console.log(
      `  spread ${Option.match(OrderBook.spread(book), { onNone: () => "-", onSome: show })}, ` +
        `depth ${show(OrderBook.depth(book, "yes"))} yes / ${show(OrderBook.depth(book, "no"))} no`
    )
  })

export const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("no open market")

  // The stream subscribes to orderbook_delta when it starts; `live` books are the exchange's own.
  const books = yield* OrderBook.stream([market.ticker]).pipe(
    Stream.filter((book) => book.status === "live"),
    Stream.toPull
  )
  const next = books.pipe(
    Effect.catchAll(Option.match({ onNone: () => Effect.dieMessage("the stream ended"), onSome: Effect.fail })),
    Effect.map(Chunk.last),
    Effect.flatMap(Option.match({ onNone: () => Effect.dieMessage("an empty batch"), onSome: Effect.succeed })),
    Effect.timeout("10 seconds")
  )
  const first = yield* next
  yield* print(first)

  const ask = OrderBook.bestYesAsk(first)
  if (Option.isNone(ask)) return yield* Console.log("no ask to take: done")
  yield* Console.log(`\ntaking 1 at ${show(ask.value.price)}...`)
  yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: ask.value.price,
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross"
  })
  // The next state of the book is the one the trade left.
  yield* print(yield* next)
}).pipe(Effect.scoped)

runExample(import.meta, program)
