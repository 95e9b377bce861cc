/**
 * `effect-kalshi orders`: place, list and cancel orders (Kalshi's V2 writes: a `bid` or `ask` on the
 * market's yes-priced book, one price in dollars). Input is checked by the SDK's request schemas before
 * anything is sent; on production, `place` and `cancel-all` need an explicit confirmation (see
 * {@link Confirm}).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { problems } from "../internal/describe.js"
import { ValidationError } from "../KalshiError.js"
import * as Orders from "../Orders.js"
import * as Confirm from "./Confirm.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import * as Table from "./Table.js"

const sides: ReadonlyArray<Orders.BookSide> = ["bid", "ask"]

const timesInForce: ReadonlyArray<Orders.TimeInForce> = ["good_till_canceled", "immediate_or_cancel", "fill_or_kill"]

const statuses: ReadonlyArray<Orders.OrderStatus> = ["resting", "canceled", "executed"]

/** The option each field of a create request comes from, to name it in an error. */
const optionOf: Readonly<Record<string, string>> = {
  ticker: "--ticker",
  client_order_id: "--client-order-id",
  side: "--side",
  count: "--count",
  price: "--price",
  time_in_force: "--tif",
  post_only: "--post-only"
}

const decodeCreate = Schema.decodeUnknown(Orders.CreateOrderV2Request, { errors: "all", onExcessProperty: "error" })

/**
 * A create request from the command line's text, in Kalshi's wire form (`count: "10"`, `price: "0.56"`),
 * decoded by the SDK's own request schema: a bad price or count fails with a `ValidationError` naming
 * its option, before anything is sent.
 */
const parseCreate = (wire: Record<string, unknown>) =>
  decodeCreate(wire).pipe(
    Effect.mapError((error) => {
      const { listed } = problems(error.issue, 5)
      const message = listed.map((problem) => {
        const option = problem.path[0] === undefined ? undefined : optionOf[problem.path[0]]
        return option === undefined ? problem.message : `${option}: ${problem.message}`
      }).join("; ")
      return new ValidationError({
        message: `invalid order: ${message}`,
        method: "POST",
        path: "/portfolio/events/orders"
      })
    })
  )

const placedRecord =
  (request: typeof Orders.CreateOrderV2Request.Encoded) => (placed: typeof Orders.CreateOrderV2Response.Encoded) =>
    Table.record([
      ["order", placed.order_id],
      ["client order id", placed.client_order_id ?? request.client_order_id],
      ["market", request.ticker],
      ["side", request.side],
      ["price", request.price],
      ["filled", placed.fill_count],
      ["resting", placed.remaining_count],
      ["average fill price", placed.average_fill_price ?? ""],
      ["average fee", placed.average_fee_paid ?? ""],
      ["at", Output.millisTime(placed.ts_ms)]
    ])

/**
 * `orders place --ticker --side bid|ask --count --price [--tif --post-only --client-order-id --yes]`.
 *
 * @since 0.1.0
 */
export const place = Command.make("place", {
  ticker: Options.text("ticker").pipe(Options.withDescription("the market's ticker")),
  side: Options.choice("side", sides).pipe(
    Options.withDescription("bid: buy yes; ask: sell yes (buy no at 1 − price)")
  ),
  count: Options.text("count").pipe(Options.withDescription("contracts, at most 2 decimals (\"10\", \"2.5\")")),
  price: Options.text("price").pipe(
    Options.withDescription("the yes price in dollars, within [0, 1], at most 4 decimals")
  ),
  tif: Options.choice("tif", timesInForce).pipe(
    Options.withDescription("time in force"),
    Options.withDefault("good_till_canceled" as const)
  ),
  postOnly: Options.boolean("post-only").pipe(Options.withDescription("refuse the order if it would take liquidity")),
  clientOrderId: Options.text("client-order-id").pipe(
    Options.withDescription("the idempotency key (default: a fresh UUID)"),
    Options.optional
  ),
  yes: Confirm.yes,
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const request = yield* parseCreate({
      ticker: options.ticker,
      client_order_id: Option.isSome(options.clientOrderId)
        ? options.clientOrderId.value
        : yield* Orders.newClientOrderId,
      side: options.side,
      count: options.count,
      price: options.price,
      time_in_force: options.tif,
      self_trade_prevention_type: "taker_at_cross",
      ...(options.postOnly ? { post_only: true } : {})
    })
    const wire = yield* Schema.encode(Orders.CreateOrderV2Request)(request).pipe(Effect.orDie)
    yield* Confirm.production(`place ${wire.side} ${wire.count} ${wire.ticker} @ ${wire.price}`, options.yes)
    const placed = yield* Orders.createV2(request)
    yield* Output.print(Orders.CreateOrderV2Response, placed, options.json, placedRecord(wire))
  })).pipe(Command.withDescription("place an order (confirmed on production)"))

type Order = typeof Orders.Order.Encoded

const orderColumns: ReadonlyArray<Table.Column<Order>> = [
  Table.text("ORDER", (o) => o.order_id),
  Table.text("TICKER", (o) => o.ticker),
  Table.text("SIDE", (o) => o.book_side),
  Table.number("PRICE", (o) => o.yes_price_dollars),
  Table.number("FILLED", (o) => o.fill_count_fp),
  Table.number("RESTING", (o) => o.remaining_count_fp),
  Table.text("STATUS", (o) => o.status),
  Table.text("CREATED", (o) => o.created_time ?? "")
]

/**
 * `orders list [--status --ticker --limit --cursor]`.
 *
 * @since 0.1.0
 */
export const list = Command.make("list", {
  status: Options.choice("status", statuses).pipe(
    Options.withDescription("only orders in this state"),
    Options.optional
  ),
  ticker: Flags.ticker,
  limit: Flags.limit,
  cursor: Flags.cursor,
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const page = yield* Orders.list(Flags.given({
      status: options.status,
      ticker: options.ticker,
      limit: options.limit,
      cursor: options.cursor
    }))
    yield* Output.print(
      Orders.GetOrdersResponse,
      page,
      options.json,
      (wire) => Table.render(orderColumns, wire.orders ?? []) + Flags.nextPage(wire.cursor)
    )
  })).pipe(Command.withDescription("list your orders (one page, newest first)"))

/**
 * `orders cancel <order_id>`.
 *
 * @since 0.1.0
 */
export const cancel = Command.make("cancel", {
  orderId: Args.text({ name: "order_id" }).pipe(Args.withDescription("the order to cancel")),
  json: Output.json
}, (options) =>
  Effect.gen(function*() {
    const canceled = yield* Orders.cancelV2(options.orderId)
    yield* Output.print(Orders.CancelOrderV2Response, canceled, options.json, (wire) =>
      Table.record([
        ["order", wire.order_id],
        ["canceled", wire.reduced_by],
        ["at", Output.millisTime(wire.ts_ms)]
      ]))
  })).pipe(Command.withDescription("cancel one resting order"))

/**
 * `orders cancel-all [--yes]`. Kalshi answers with no body: `--json` prints `{}`.
 *
 * @since 0.1.0
 */
export const cancelAll = Command.make(
  "cancel-all",
  { yes: Confirm.yes, json: Output.json },
  (options) =>
    Effect.gen(function*() {
      yield* Confirm.production("cancel every resting order", options.yes)
      yield* Orders.cancelAll()
      yield* Console.log(options.json ? "{}" : "canceled every resting order")
    })
).pipe(Command.withDescription("cancel every resting order (confirmed on production)"))

/**
 * The `orders` command.
 *
 * @since 0.1.0
 */
export const command = Command.make("orders").pipe(
  Command.withDescription("your orders: place, list, cancel, cancel-all"),
  Command.withSubcommands([place, list, cancel, cancelAll])
)
