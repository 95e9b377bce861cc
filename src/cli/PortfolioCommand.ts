/**
 * `effect-kalshi portfolio`: your account: `balance`, `positions` and `fills`.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Portfolio from "../generated/Portfolio.js"
import * as Flags from "./Flags.js"
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
 * `portfolio positions [--ticker --limit --cursor]`: positive positions are long yes, negative long no.
 *
 * @since 0.1.0
 */
export const positions = Command.make("positions", {
  ticker: Flags.ticker,
  limit: Flags.limit,
  cursor: Flags.cursor,
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const page = yield* Portfolio.getPositions(Flags.given({
      ticker: options.ticker,
      limit: options.limit,
      cursor: options.cursor
    }))
    yield* Output.print(
      Portfolio.GetPositionsResponse,
      page,
      options.json,
      (wire) => Table.render(positionColumns, wire.market_positions ?? []) + Flags.nextPage(wire.cursor)
    )
  })).pipe(Command.withDescription("your market positions (positive: long yes; negative: long no)"))

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
export const fills = Command.make("fills", {
  ticker: Flags.ticker,
  limit: Flags.limit,
  cursor: Flags.cursor,
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const page = yield* Portfolio.fills(Flags.given({
      ticker: options.ticker,
      limit: options.limit,
      cursor: options.cursor
    }))
    yield* Output.print(
      Portfolio.GetFillsResponse,
      page,
      options.json,
      (wire) => Table.render(fillColumns, wire.fills ?? []) + Flags.nextPage(wire.cursor)
    )
  })).pipe(Command.withDescription("your fills (one page, newest first)"))

/**
 * The `portfolio` command.
 *
 * @since 0.1.0
 */
export const command = Command.make("portfolio").pipe(
  Command.withDescription("your account: balance, positions, fills"),
  Command.withSubcommands([balance, positions, fills])
)
