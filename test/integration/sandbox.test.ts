/**
 * The generated market-data, portfolio, order-group and account methods against the embedded exchange,
 * through the in-memory client and over loopback HTTP: each call is the SDK's (validated, signed where the
 * spec asks, decoded by the generated models), each answer the exchange's.
 */
import { describe, expect, layer } from "@effect/vitest"
import { BigDecimal, Chunk, Effect, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import { Account, ApiKeys, Events, Exchange, Markets, OrderGroups, Orders, Portfolio, Series } from "../../src/index.js"
import { transports } from "./harness.js"

const d = FixedPoint.unsafeMake
const series = "KXHIGHNY"
const event = "KXHIGHNY-26NOV21"
const ticker = "KXHIGHNY-26NOV21-T55"
const other = "KXFEDDECISION-26DEC-H0"

const order = (price: string, extra: Partial<Orders.CreateOrderV2Request> = {}) =>
  Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
    ticker,
    client_order_id,
    side: "bid",
    count: d("2"),
    price: d(price),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    ...extra
  }))

/** Takes 2 contracts from the seeded asks at once, so that the market has trades and the trader a position. */
const trade = Effect.flatMap(order("0.99", { time_in_force: "immediate_or_cancel" }), Orders.createV2)

for (const [name, transport] of transports) {
  describe(`the sandbox's endpoints through the SDK, over ${name}`, () => {
    layer(transport, { timeout: "30 seconds", excludeTestServices: true })((it) => {
      it.effect("market data: books (one and several), trades, candlesticks, events, series, exchange status", () =>
        Effect.gen(function*() {
          yield* Orders.createV2(yield* order("0.05"))
          const taken = yield* trade
          expect(BigDecimal.isPositive(taken.fill_count)).toBe(true)

          const { orderbook_fp: book } = yield* Markets.getMarketOrderbook(ticker, { depth: 3 })
          expect(book.yes_dollars.length).toBeGreaterThan(0)
          expect(book.yes_dollars.length).toBeLessThanOrEqual(3)
          for (const [price, count] of [...book.yes_dollars, ...book.no_dollars]) {
            expect(BigDecimal.isPositive(price) && BigDecimal.isPositive(count)).toBe(true)
          }
          // An exploded array parameter: one `tickers` key per market.
          const books = yield* Markets.getMarketOrderbooks({ tickers: [ticker, other] })
          expect(books.orderbooks.map((b) => b.ticker).sort()).toEqual([other, ticker].sort())

          const trades = Chunk.toReadonlyArray(yield* Stream.runCollect(Markets.getTradesAll({ ticker, limit: 1 })))
          expect(trades.length).toBeGreaterThan(0)
          expect(trades.every((t) => t.ticker === ticker && BigDecimal.isPositive(t.count_fp))).toBe(true)

          const now = Math.floor(Date.now() / 1000)
          const candles = yield* Markets.getMarketCandlesticks(series, ticker, {
            start_ts: now - 3600,
            end_ts: now + 60,
            period_interval: 1
          })
          expect(candles.ticker).toBe(ticker)
          expect(candles.candlesticks.length).toBeGreaterThan(0)

          const events = Chunk.toReadonlyArray(yield* Stream.runCollect(Events.getEventsAll({ limit: 1 })))
          expect(events.map((e) => e.event_ticker)).toContain(event)
          const one = yield* Events.getEvent(event, { with_nested_markets: true })
          expect(one.event.event_ticker).toBe(event)
          expect((one.event.markets ?? []).map((m) => m.ticker)).toContain(ticker)

          const { series: list } = yield* Series.getSeriesList()
          expect(list.map((s) => s.ticker)).toContain(series)
          expect((yield* Series.getSeries(series)).series.ticker).toBe(series)

          const status = yield* Exchange.getExchangeStatus()
          expect(status.trading_active).toBe(true)
          yield* Exchange.getExchangeSchedule()
        }))

      it.effect("subaccounts: create, transfer, balances and the transfer log", () =>
        Effect.gen(function*() {
          const { subaccount_number } = yield* Portfolio.createSubaccount({})
          expect(subaccount_number).toBeGreaterThan(0)
          yield* Portfolio.applySubaccountTransfer({
            client_transfer_id: crypto.randomUUID(),
            from_subaccount: 0,
            to_subaccount: subaccount_number,
            amount_cents: 1234
          })
          const { subaccount_balances } = yield* Portfolio.getSubaccountBalances()
          const moved = subaccount_balances.find((b) => b.subaccount_number === subaccount_number)
          expect(moved !== undefined && BigDecimal.equals(moved.balance, d("12.34"))).toBe(true)
          const transfers = Chunk.toReadonlyArray(yield* Stream.runCollect(Portfolio.getSubaccountTransfersAll()))
          expect(transfers.some((t) => t.to_subaccount === subaccount_number && t.amount_cents === 1234)).toBe(true)
          // Orders route by subaccount: one placed there is listed there.
          const placed = yield* Orders.createV2(yield* order("0.04", { subaccount: subaccount_number }))
          const listed = yield* Orders.list({ subaccount: subaccount_number })
          expect(listed.orders.map((o) => o.order_id)).toContain(placed.order_id)
        }))

      it.effect("order groups: create, read, list, limit, reset and delete", () =>
        Effect.gen(function*() {
          const { order_group_id } = yield* OrderGroups.createOrderGroup({ contracts_limit: 5 })
          const group = yield* OrderGroups.getOrderGroup(order_group_id)
          expect(group.contracts_limit_fp !== null && group.contracts_limit_fp !== undefined).toBe(true)
          expect(BigDecimal.equals(group.contracts_limit_fp!, d("5"))).toBe(true)
          const { order_groups } = yield* OrderGroups.getOrderGroups()
          expect(order_groups.map((g) => g.id)).toContain(order_group_id)
          yield* OrderGroups.updateOrderGroupLimit(order_group_id, { contracts_limit: 3 })
          const limited = yield* OrderGroups.getOrderGroup(order_group_id)
          expect(BigDecimal.equals(limited.contracts_limit_fp!, d("3"))).toBe(true)
          yield* OrderGroups.resetOrderGroup(order_group_id)
          yield* OrderGroups.deleteOrderGroup(order_group_id)
          const gone = yield* Effect.flip(OrderGroups.getOrderGroup(order_group_id))
          expect(gone._tag).toBe("NotFoundError")
        }))

      it.effect("account: the limits and costs the exchange enforces; an unserved operation is a 501 ServerError", () =>
        Effect.gen(function*() {
          const limits = yield* Account.getAccountApiLimits()
          expect(limits.read.refill_rate).toBeGreaterThan(0)
          const costs = yield* Account.getAccountEndpointCosts()
          expect(costs.default_cost).toBeGreaterThan(0)
          const unserved = yield* Effect.flip(ApiKeys.getApiKeys())
          expect(unserved._tag).toBe("ServerError")
          expect(unserved).toMatchObject({ status: 501, code: "not_implemented" })
        }))
      // Last: it settles the market the other cases trade.
      it.effect("portfolio: positions after a fill, resting value, settlement payouts and balances", () =>
        Effect.gen(function*() {
          yield* Orders.createV2(yield* order("0.05"))
          yield* trade
          const { market_positions } = yield* Portfolio.getPositions({ ticker })
          const position = market_positions.find((p) => p.ticker === ticker)
          expect(position !== undefined && BigDecimal.isPositive(position.position_fp)).toBe(true)
          const resting = yield* Portfolio.getPortfolioRestingOrderTotalValue()
          expect(resting.total_resting_order_value).toBeGreaterThan(0)

          const before = yield* Portfolio.balance()
          const exchange = yield* EmbeddedExchange.EmbeddedExchange
          yield* exchange.settleMarket(ticker, { result: "yes" })
          const settlements = Chunk.toReadonlyArray(yield* Stream.runCollect(Portfolio.getSettlementsAll({ ticker })))
          expect(settlements.map((s) => s.ticker)).toEqual([ticker])
          expect(settlements[0]!.market_result).toBe("yes")
          const after = yield* Portfolio.balance()
          // A yes result pays $1 for each yes contract held, and releases the resting bid's hold.
          expect(BigDecimal.greaterThan(after.balance_dollars, before.balance_dollars)).toBe(true)
        }))
    })
  })
}
