/**
 * `effect-kalshi markets`: market data. `list` one page of markets (filtered by status, event, series),
 * `get` one market, `book` its order book, `watch` the book live over the WebSocket. Market data needs
 * no credentials, except the order book, which Kalshi serves signed (and the WebSocket, signed too).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Order from "effect/Order"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as FixedPoint from "../FixedPoint.js"
import * as Markets from "../generated/Markets.js"
import * as OrderBook from "../OrderBook.js"
import * as Flags from "./Flags.js"
import * as Live from "./Live.js"
import * as Output from "./Output.js"
import * as Table from "./Table.js"

type Market = typeof Markets.Market.Encoded

const statuses: ReadonlyArray<NonNullable<Markets.ListMarketsParams["status"]>> = [
  "unopened",
  "open",
  "paused",
  "closed",
  "settled"
]

const marketColumns: ReadonlyArray<Table.Column<Market>> = [
  Table.text("TICKER", (m) => m.ticker),
  Table.text("STATUS", (m) => m.status),
  Table.number("YES BID", (m) => m.yes_bid_dollars),
  Table.number("YES ASK", (m) => m.yes_ask_dollars),
  Table.number("LAST", (m) => m.last_price_dollars),
  Table.number("VOLUME", (m) => m.volume_fp),
  Table.text("CLOSES", (m) => m.close_time),
  Table.text("TITLE", (m) => m.title ?? m.yes_sub_title)
]

/**
 * `markets list [--status --event --series --limit --cursor]`.
 *
 * @since 0.1.0
 */
export const list = Command.make("list", {
  status: Options.choice("status", statuses).pipe(
    Options.withDescription("only markets in this state"),
    Options.optional
  ),
  event: Options.text("event").pipe(
    Options.withDescription("only this event's markets (event ticker)"),
    Options.optional
  ),
  series: Options.text("series").pipe(
    Options.withDescription("only this series' markets (series ticker)"),
    Options.optional
  ),
  limit: Flags.limit,
  cursor: Flags.cursor,
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const page = yield* Markets.list(Flags.given({
      status: options.status,
      event_ticker: options.event,
      series_ticker: options.series,
      limit: options.limit,
      cursor: options.cursor
    }))
    yield* Output.print(
      Markets.GetMarketsResponse,
      page,
      options.json,
      (wire) => Table.render(marketColumns, wire.markets ?? []) + Flags.nextPage(wire.cursor)
    )
  })).pipe(Command.withDescription("list markets (one page)"))

const ticker = Args.text({ name: "ticker" }).pipe(Args.withDescription("the market's ticker"))

const priceRanges = (market: Market): string =>
  (market.price_ranges ?? []).map((range) => `${range.start}–${range.end} by ${range.step}`).join(", ")

/**
 * `markets get <ticker>`.
 *
 * @since 0.1.0
 */
export const get = Command.make("get", { ticker, json: Output.json }, (options) =>
  Effect.gen(function*() {
    const market = yield* Markets.get(options.ticker)
    yield* Output.print(Markets.Market, market, options.json, (m) =>
      Table.record([
        ["ticker", m.ticker],
        ["event", m.event_ticker],
        ["title", m.title ?? ""],
        ["yes means", m.yes_sub_title],
        ["status", m.status],
        ["yes bid", `${m.yes_bid_dollars} (${m.yes_bid_size_fp})`],
        ["yes ask", `${m.yes_ask_dollars} (${m.yes_ask_size_fp})`],
        ["last price", m.last_price_dollars],
        ["volume", m.volume_fp],
        ["volume 24h", m.volume_24h_fp],
        ["open interest", m.open_interest_fp],
        ["opens", m.open_time],
        ["closes", m.close_time],
        ["price grid", priceRanges(m)],
        ["result", m.result]
      ]))
  })).pipe(Command.withDescription("show one market"))

/** One row of the book as traders read it: the yes bids, and the no bids seen as yes asks at 1 − price. */
interface Level {
  readonly bid?: readonly [price: string, count: string] | undefined
  readonly ask?: readonly [price: string, count: string] | undefined
}

const encodeDollars = Schema.encodeSync(FixedPoint.Dollars)
const decodeDollars = Schema.decodeSync(FixedPoint.Dollars)

const byPrice = Order.mapInput(BigDecimal.Order, (level: readonly [string, string]) => decodeDollars(level[0]))

/**
 * The ladder of a book: yes bids best (highest) first, and beside them the yes asks, each the complement
 * of a no bid (best, lowest, first). Prices stay exact: `1 − 0.5300` is `0.4700`.
 *
 * @since 0.1.0
 */
export const ladder = (book: typeof Markets.OrderbookCountFp.Encoded): ReadonlyArray<Level> => {
  const bids = [...(book.yes_dollars ?? [])].sort(Order.reverse(byPrice))
  const asks = [...(book.no_dollars ?? [])].sort(Order.reverse(byPrice)).map(([price, count]) =>
    [encodeDollars(FixedPoint.complement(decodeDollars(price))), count] as const
  )
  return Array.from({ length: Math.max(bids.length, asks.length) }, (_, i) => ({ bid: bids[i], ask: asks[i] }))
}

const bookColumns: ReadonlyArray<Table.Column<Level>> = [
  Table.number("BID SIZE", (level) => level.bid?.[1] ?? ""),
  Table.number("YES BID", (level) => level.bid?.[0] ?? ""),
  Table.number("YES ASK", (level) => level.ask?.[0] ?? ""),
  Table.number("ASK SIZE", (level) => level.ask?.[1] ?? "")
]

/**
 * `markets book <ticker> [--depth]`.
 *
 * @since 0.1.0
 */
export const book = Command.make("book", {
  ticker,
  depth: Options.integer("depth").pipe(Options.withDescription("levels per side (0: all)"), Options.optional),
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const response = yield* Markets.getMarketOrderbook(options.ticker, Flags.given({ depth: options.depth }))
    yield* Output.print(
      Markets.GetMarketOrderbookResponse,
      response,
      options.json,
      (wire) => Table.render(bookColumns, ladder(wire.orderbook_fp), "(empty book)")
    )
  })).pipe(Command.withDescription("show a market's order book (yes prices; asks are 1 − the no bids)"))

/**
 * One state of a live book as `markets watch` prints it: the market, whether the levels are the
 * exchange's (`live`) or may be stale until a fresh snapshot (`resyncing`), the `seq` of the last message
 * applied, and the levels to the depth asked, in the same wire form as `markets book`.
 *
 * @since 0.1.0
 */
export const BookState = Schema.Struct({
  market_ticker: Schema.String,
  status: Schema.Literal("live", "resyncing"),
  seq: Schema.optional(Schema.Number),
  orderbook_fp: Markets.OrderbookCountFp
}).annotations({ identifier: "BookState" })

const levels = (side: ReadonlyArray<OrderBook.Level>, depth: number) =>
  (depth === 0 ? side : side.slice(0, depth)).map((level) => [level.price, level.count] as const)

/**
 * A live book's state, its best `depth` levels each side (0: all).
 *
 * @since 0.1.0
 */
export const bookState = (book: OrderBook.OrderBook, depth: number): typeof BookState.Type => ({
  market_ticker: book.market_ticker,
  status: book.status,
  seq: book.seq,
  orderbook_fp: { yes_dollars: levels(book.yes, depth), no_dollars: levels(book.no, depth) }
})

/**
 * A book state for people: a line naming the market and its state, then the ladder of `markets book`;
 * a resyncing book shows no levels, since they may be stale.
 *
 * @since 0.1.0
 */
export const renderBookState = (state: typeof BookState.Encoded): string =>
  state.status === "resyncing"
    ? `${Table.inert(state.market_ticker)}  resyncing: the view may be stale, waiting for a fresh snapshot`
    : [
      `${Table.inert(state.market_ticker)}  live${state.seq === undefined ? "" : `  seq ${state.seq}`}`,
      Table.render(bookColumns, ladder(state.orderbook_fp), "(empty book)"),
      ""
    ].join("\n")

/**
 * `markets watch <ticker> [--depth --updates]`: the book each time it changes, from `orderbook_delta`.
 *
 * @since 0.1.0
 */
export const watch = Command.make("watch", {
  ticker,
  depth: Live.atLeast("depth", 0, "levels per side (0: all)").pipe(Options.withDefault(0)),
  updates: Live.stopAfter("updates", "stop after this many book states"),
  json: Output.json
}, (options) =>
  OrderBook.stream([options.ticker]).pipe(
    Live.upTo(options.updates),
    Stream.runForEach((book) =>
      Output.printLine(BookState, bookState(book, options.depth), options.json, renderBookState)
    )
  )).pipe(
    Command.withDescription("watch a market's order book live (one state per change; --json: one line each)"),
    Command.provide(Live.webSocket)
  )

/**
 * The `markets` command.
 *
 * @since 0.1.0
 */
export const command = Command.make("markets").pipe(
  Command.withDescription("market data: list, get, book, watch"),
  Command.withSubcommands([list, get, book, watch])
)
