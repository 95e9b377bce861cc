/**
 * The demo: Kalshi's "create your first order" guide, walked with effect-kalshi over real HTTP.
 *
 *   npm run demo                      # against the embedded exchange on 127.0.0.1
 *   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=… npm run demo -- --live   # against Kalshi's demo
 *
 * The guide posts to the legacy endpoint with yes/no and cents; this walk uses the V2 endpoints that
 * replaced it: "buy 1 YES at 1 cent" is a bid of 1 contract at $0.01. While it trades, it watches the
 * market's order book and its own fills over the WebSocket, and prints them as they come (`[live]`).
 */
import { Array as Arr, BigDecimal, Console, Deferred, Effect, Equal, Option, Stream } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import * as MarketsApi from "../src/generated/Markets.js"
import type * as Markets from "../src/generated/Markets.js"
import * as Portfolio from "../src/generated/Portfolio.js"
import * as KalshiWebSocket from "../src/KalshiWebSocket.js"
import * as OrderBook from "../src/OrderBook.js"
import * as Orders from "../src/Orders.js"
import { isLive, runExample } from "./harness.js"

const show = (n: BigDecimal.BigDecimal | null | undefined) => (n == null ? "-" : BigDecimal.format(n))
const step = (title: string) => Console.log(`\n== ${title}`)

/** A V2 create answers counts, not a status: what rests is `resting`, what filled in full `executed`. */
const statusOf = (placed: Orders.CreateOrderV2Response): Orders.OrderStatus =>
  BigDecimal.isPositive(placed.remaining_count)
    ? "resting"
    : BigDecimal.isPositive(placed.fill_count)
    ? "executed"
    : "canceled"

/** The lowest valid price on the market's grid: the guide's "1 cent", wherever the grid starts. */
const lowestPrice = (market: Markets.Market) => {
  const first = market.price_ranges[0]
  if (first === undefined) return FixedPoint.unsafeMake("0.01")
  // A grid that starts at zero has its first tradable price one step up.
  return BigDecimal.isZero(first.start) ? first.step : first.start
}

/** The top of a book, as one line: best yes bid and best yes ask with their sizes. */
const top = (book: OrderBook.OrderBook) => {
  const level = (l: Option.Option<OrderBook.Level>) =>
    Option.match(l, { onNone: () => "-", onSome: (x) => `${show(x.price)} x ${show(x.count)}` })
  return `bid ${level(OrderBook.bestYesBid(book))} | ask ${level(OrderBook.bestYesAsk(book))} (${book.status})`
}

/**
 * Watches a market's book and the account's fills over the WebSocket until the scope closes, printing the
 * top of the book whenever it changes and every fill; answers a signal for the first fill.
 */
const watch = (ticker: string) =>
  Effect.gen(function*() {
    const firstFill = yield* Deferred.make<KalshiWebSocket.LiveFill>()
    const fills = yield* KalshiWebSocket.subscribeFills({ market_tickers: [ticker] })
    yield* fills.pipe(
      Stream.runForEach((fill) =>
        Console.log(
          `[live] fill ${fill.trade_id}: ${fill.book_side} ${show(fill.count_fp)} @ ${show(fill.yes_price_dollars)}${
            fill.is_taker ? " (taker)" : ""
          }, from the ${fill.source}`
        ).pipe(Effect.zipRight(Deferred.succeed(firstFill, fill)))
      ),
      Effect.forkScoped
    )
    yield* OrderBook.stream([ticker]).pipe(
      Stream.map(top),
      Stream.changesWith(Equal.equals),
      Stream.runForEach((line) => Console.log(`[live] book ${ticker}: ${line}`)),
      Effect.forkScoped
    )
    return firstFill
  })

/** The walkthrough; it needs a `KalshiClient` and a `KalshiWebSocket`. */
export const program = Effect.gen(function*() {
  yield* Console.log(
    `Kalshi first-order walkthrough (${isLive ? "Kalshi demo environment" : "embedded exchange on 127.0.0.1"})`
  )

  yield* step("Step 1: find an open market (no credentials)")
  // Market data is public: the SDK sends these requests unsigned, with or without credentials.
  const { markets } = yield* MarketsApi.list({ status: "open", limit: 1 })
  const market = markets[0]
  if (market === undefined) return yield* Console.log("No open market: nothing to trade.")
  yield* Console.log(`Selected: ${market.ticker} - ${market.title ?? market.yes_sub_title ?? ""}`)
  yield* Console.log(`Best bid/ask: ${show(market.yes_bid_dollars)} / ${show(market.yes_ask_dollars)}`)

  yield* step("Live: watch the order book and your fills over the WebSocket")
  const firstFill = yield* watch(market.ticker)
  yield* Console.log(`Subscribed to orderbook_delta and fill for ${market.ticker}`)

  yield* step("Step 2: place a buy order for 1 YES contract at the lowest price")
  const clientOrderId = yield* Orders.newClientOrderId
  const request: Orders.CreateOrderV2Request = {
    ticker: market.ticker,
    client_order_id: clientOrderId,
    ...Orders.fromLegacyIntent({ action: "buy", side: "yes", price: lowestPrice(market) }),
    count: FixedPoint.unsafeMake("1"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  }
  const placed = yield* Orders.createV2(request)
  yield* Console.log(`Order placed: ${placed.order_id}`)
  yield* Console.log(`Client order id: ${clientOrderId}`)
  yield* Console.log(
    `Status: ${statusOf(placed)} (filled ${show(placed.fill_count)}, resting ${show(placed.remaining_count)})`
  )

  yield* step("Resubmitting the same client_order_id is refused (409)")
  yield* Orders.createV2(request).pipe(
    Effect.flatMap(() => Console.log("Unexpected: the duplicate was accepted")),
    Effect.catchTag("ConflictError", (error) => Console.log(`ConflictError: ${error.message}`))
  )

  yield* step("Check the order's status")
  const order = yield* Orders.get(placed.order_id)
  yield* Console.log(
    `Status: ${order.status}, ${show(order.remaining_count_fp)} resting at ${show(order.yes_price_dollars)}`
  )

  yield* step("List resting orders")
  const resting = yield* Orders.listAll({ status: "resting", ticker: market.ticker }).pipe(Stream.runCollect)
  for (const o of resting) {
    yield* Console.log(
      `${o.order_id} ${o.book_side ?? ""} ${show(o.remaining_count_fp)} @ ${show(o.yes_price_dollars)}`
    )
  }

  yield* step("Amend it: 3 contracts, same price")
  const amended = yield* Orders.amendV2(placed.order_id, {
    ticker: market.ticker,
    side: request.side,
    price: request.price,
    count: FixedPoint.unsafeMake("3")
  })
  yield* Console.log(`Remaining after amend: ${show(amended.remaining_count)}`)

  yield* step("Decrease it by 1")
  const decreased = yield* Orders.decreaseV2(placed.order_id, { reduce_by: FixedPoint.unsafeMake("1") })
  yield* Console.log(`Remaining after decrease: ${show(decreased.remaining_count)}`)

  yield* step("Queue position: contracts resting ahead at the same price")
  yield* Console.log(`Ahead of us: ${show(yield* Orders.queuePosition(placed.order_id))}`)

  yield* step("Cancel it")
  const canceled = yield* Orders.cancelV2(placed.order_id)
  yield* Console.log(`Canceled ${show(canceled.reduced_by)} contracts`)

  yield* step("Cancel it again: the exchange says 404, the SDK a typed NotFoundError")
  yield* Orders.cancelV2(placed.order_id).pipe(
    Effect.flatMap(() => Console.log("Unexpected: the second cancel succeeded")),
    Effect.catchTag("NotFoundError", (error) => Console.log(`NotFoundError (${error.status}): ${error.message}`))
  )

  yield* step("A batch with one leg the exchange refuses (a price off the market's grid)")
  const leg = (price: string) =>
    Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
      ...request,
      client_order_id,
      price: FixedPoint.unsafeMake(price)
    }))
  const batch = yield* Orders.batchCreateV2({ orders: [yield* leg("0.0200"), yield* leg("0.0150")] })
  const placedLegs: Array<string> = []
  for (const entry of batch.orders) {
    if (entry.error) {
      yield* Console.log(`failed: ${entry.error.code ?? "?"} - ${entry.error.message ?? ""}`)
    } else if (entry.order_id != null) {
      placedLegs.push(entry.order_id)
      yield* Console.log(`placed: ${entry.order_id} (${show(entry.remaining_count)} resting)`)
    }
  }
  const toCancel = placedLegs.map((order_id) => ({ order_id }))
  if (Arr.isNonEmptyArray(toCancel)) {
    const cleanup = yield* Orders.batchCancelV2({ orders: toCancel })
    yield* Console.log(`batch-canceled ${cleanup.orders.length} order(s)`)
  }

  yield* step("A marketable order: buy 1 YES at the best ask, immediate-or-cancel")
  const bestAsk = Option.fromNullable((yield* MarketsApi.get(market.ticker)).yes_ask_dollars)
  if (Option.isNone(bestAsk)) return yield* Console.log("No ask on the book: nothing to take.")
  const taken = yield* Orders.createV2({
    ...request,
    client_order_id: yield* Orders.newClientOrderId,
    price: bestAsk.value,
    time_in_force: "immediate_or_cancel"
  })
  yield* Console.log(
    `Filled ${show(taken.fill_count)} at ${show(taken.average_fill_price)} (fee ${
      show(taken.average_fee_paid)
    } per contract)`
  )
  if (BigDecimal.isPositive(taken.fill_count)) {
    const streamed = yield* Deferred.await(firstFill).pipe(Effect.timeout("10 seconds"), Effect.option)
    yield* Console.log(
      Option.match(streamed, {
        onNone: () => "The fill has not reached the stream within 10 seconds",
        onSome: (fill) => `The fill reached the stream too: trade ${fill.trade_id}`
      })
    )
  }

  yield* step("Fills and balance")
  const { fills } = yield* Portfolio.fills({ ticker: market.ticker })
  for (const fill of fills) {
    yield* Console.log(
      `fill ${fill.fill_id}: ${fill.book_side ?? ""} ${show(fill.count_fp)} @ ${show(fill.yes_price_dollars)}, fee ${
        show(fill.fee_cost)
      }`
    )
  }
  const balance = yield* Portfolio.balance()
  yield* Console.log(`Balance: $${show(balance.balance_dollars)} (portfolio value ${balance.portfolio_value} cents)`)
  yield* Console.log("\nDone.")
}).pipe(Effect.scoped)

runExample(import.meta, program)
