/**
 * `effect-kalshi portfolio`: your account: `balance`, `positions` and `fills`, and `watch-fills`, your
 * fills live over the WebSocket.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as FixedPoint from "../FixedPoint.js"
import * as Portfolio from "../generated/Portfolio.js"
import type { KalshiClient } from "../KalshiClient.js"
import type { CommonError as Failure } from "../KalshiError.js"
import * as KalshiWebSocket from "../KalshiWebSocket.js"
import * as Flags from "./Flags.js"
import * as Live from "./Live.js"
import * as Output from "./Output.js"
import * as Table from "./Table.js"

/**
 * `portfolio balance`.
 *
 * @since 0.1.0
 */
export const balance = Command.make("balance", { json: Output.json }, (options) =>
  Effect.gen(function*() {
    const response = yield* Portfolio.balance()
    yield* Output.print(Portfolio.GetBalanceResponse, response, options.json, (wire) =>
      Table.record([
        ["balance", wire.balance_dollars],
        ["portfolio value", Output.centsAsDollars(wire.portfolio_value)],
        ...(wire.balance_breakdown ?? []).map((shard) =>
          [`  exchange ${shard.exchange_index}`, shard.balance] as const
        ),
        ["updated", Output.secondsTime(wire.updated_ts)]
      ]))
  })).pipe(Command.withDescription("your available balance and portfolio value, in dollars"))

type Position = typeof Portfolio.MarketPosition.Encoded

const positionColumns: ReadonlyArray<Table.Column<Position>> = [
  Table.text("TICKER", (p) => p.ticker),
  Table.number("POSITION", (p) => p.position_fp),
  Table.number("EXPOSURE", (p) => p.market_exposure_dollars),
  Table.number("TRADED", (p) => p.total_traded_dollars),
  Table.number("REALIZED P&L", (p) => p.realized_pnl_dollars),
  Table.number("FEES", (p) => p.fees_paid_dollars),
  Table.text("UPDATED", (p) => p.last_updated_ts)
]

/**
 * A one-page list of one market or all (`--ticker --limit --cursor`), as a table of `items` of the encoded
 * response, or `--json`.
 */
const listCommand = <A, I extends { readonly cursor?: string | null | undefined }, Item>(
  name: string,
  description: string,
  list: (
    params: { readonly ticker?: string; readonly limit?: number; readonly cursor?: string }
  ) => Effect.Effect<A, Failure, KalshiClient>,
  schema: Schema.Schema<A, I>,
  columns: ReadonlyArray<Table.Column<Item>>,
  items: (wire: I) => ReadonlyArray<Item> | null | undefined
) =>
  Command.make(
    name,
    { ticker: Flags.ticker, limit: Flags.limit, cursor: Flags.cursor, json: Output.json },
    (options) =>
      Effect.gen(function*() {
        const page = yield* list(Flags.given({ ticker: options.ticker, limit: options.limit, cursor: options.cursor }))
        yield* Output.print(
          schema,
          page,
          options.json,
          (wire) => Table.render(columns, items(wire) ?? []) + Flags.nextPage(wire.cursor)
        )
      })
  ).pipe(Command.withDescription(description))

/**
 * `portfolio positions [--ticker --limit --cursor]`: positive positions are long yes, negative long no.
 *
 * @since 0.1.0
 */
export const positions = listCommand(
  "positions",
  "your market positions (positive: long yes; negative: long no)",
  Portfolio.getPositions,
  Portfolio.GetPositionsResponse,
  positionColumns,
  (wire) => wire.market_positions
)

type Fill = typeof Portfolio.Fill.Encoded

const fillColumns: ReadonlyArray<Table.Column<Fill>> = [
  Table.text("TIME", (f) => f.created_time ?? (typeof f.ts === "number" ? Output.secondsTime(f.ts) : "")),
  Table.text("TICKER", (f) => f.market_ticker),
  Table.text("SIDE", (f) => f.book_side),
  Table.number("PRICE", (f) => f.yes_price_dollars),
  Table.number("COUNT", (f) => f.count_fp),
  Table.text("ROLE", (f) => f.is_taker ? "taker" : "maker"),
  Table.number("FEE", (f) => f.fee_cost),
  Table.text("ORDER", (f) => f.order_id)
]

/**
 * `portfolio fills [--ticker --limit --cursor]`.
 *
 * @since 0.1.0
 */
export const fills = listCommand(
  "fills",
  "your fills (one page, newest first)",
  Portfolio.fills,
  Portfolio.GetFillsResponse,
  fillColumns,
  (wire) => wire.fills
)

const optional = <A, I>(schema: Schema.Schema<A, I>) => Schema.UndefinedOr(schema)

/**
 * One fill as `portfolio watch-fills --json` prints it: `KalshiWebSocket.LiveFill` in Kalshi's wire form
 * (prices and counts as strings); `source` says whether it came from the stream or from the REST backfill.
 *
 * @since 0.1.0
 */
export const LiveFill = Schema.Struct({
  source: Schema.Literal("stream", "backfill"),
  trade_id: Schema.String,
  order_id: Schema.String,
  market_ticker: Schema.String,
  outcome_side: Schema.Literal("yes", "no"),
  book_side: Schema.Literal("bid", "ask"),
  yes_price_dollars: FixedPoint.Dollars,
  count_fp: FixedPoint.Count,
  fee_cost: optional(FixedPoint.Dollars),
  is_taker: Schema.Boolean,
  ts_ms: Schema.Number,
  subaccount: optional(Schema.Number),
  client_order_id: optional(Schema.String),
  post_position_fp: optional(FixedPoint.Count),
  exchange_index: optional(Schema.Number)
}).annotations({ identifier: "LiveFill" })

/**
 * A fill for people, on one line: when, the market, the side, count at the yes price, taker or maker,
 * the fee, and the order.
 *
 * @since 0.1.0
 */
export const renderFill = (fill: typeof LiveFill.Encoded): string =>
  Table.inert(
    [
      Output.millisTime(fill.ts_ms),
      fill.market_ticker,
      fill.book_side,
      `${fill.count_fp} @ ${fill.yes_price_dollars}`,
      fill.is_taker ? "taker" : "maker",
      ...(fill.fee_cost === undefined ? [] : [`fee ${fill.fee_cost}`]),
      `order ${fill.order_id}`
    ].join("  ")
  )

/**
 * `portfolio watch-fills [--ticker --count]`: your fills as they happen, each exactly once (from
 * `KalshiWebSocket.fills`, which fills any gap from REST).
 *
 * @since 0.1.0
 */
export const watchFills = Command.make(
  "watch-fills",
  {
    ticker: Flags.ticker,
    count: Live.stopAfter("count", "stop after this many fills"),
    json: Output.json
  },
  (options) =>
    KalshiWebSocket.fills({ market_tickers: Option.getOrUndefined(Option.map(options.ticker, (t) => [t])) }).pipe(
      Live.upTo(options.count),
      Stream.runForEach((fill) => Output.printLine(LiveFill, fill, options.json, renderFill))
    )
).pipe(
  Command.withDescription("watch your fills live, each once (--json: one line each)"),
  Command.provide(Live.webSocket)
)

/**
 * The `portfolio` command.
 *
 * @since 0.1.0
 */
export const command = Command.make("portfolio").pipe(
  Command.withDescription("your account: balance, positions, fills, watch-fills"),
  Command.withSubcommands([balance, positions, fills, watchFills])
)
