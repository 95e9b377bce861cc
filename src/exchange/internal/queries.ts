/**
 * Reads over the exchange state: markets, a user's orders and fills, queue positions, portfolio value.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Engine from "./engine.js"
import { type ExchangeError, notFound } from "./errors.js"
import * as Fixed from "./fixed.js"
import type { Fill, Ledger, Market, Order } from "./model.js"
import type { Exchange } from "./trading.js"
import type { FillsQuery, MarketsQuery, OrdersQuery, QueuePositionsQuery } from "./wire.js"
import { unixSeconds } from "./wire.js"

/** Positions marked at the last traded price (yes at `p`, no at `1 - p`), optionally one shard's only. */
export const portfolioValue = (
  exchange: Exchange,
  ledger: Ledger,
  exchangeIndex: number | undefined
): BigDecimal.BigDecimal =>
  Fixed.sum(
    [...ledger.positions].flatMap(([ticker, held]) => {
      const market = exchange.markets.get(ticker)
      if (market === undefined || (exchangeIndex !== undefined && market.exchangeIndex !== exchangeIndex)) return []
      const mark = market.lastPrice ?? Fixed.zero
      return BigDecimal.isNegative(held)
        ? [BigDecimal.multiply(BigDecimal.negate(held), BigDecimal.subtract(Fixed.one, mark))]
        : [BigDecimal.multiply(held, mark)]
    })
  )

const marketStatuses: Record<NonNullable<MarketsQuery["status"]>, ReadonlyArray<string>> = {
  unopened: ["initialized"],
  open: ["active"],
  paused: ["inactive"],
  closed: ["closed"],
  settled: ["determined", "finalized"]
}

export const markets = (exchange: Exchange, query: MarketsQuery): ReadonlyArray<Market> =>
  [...exchange.markets.values()].filter(
    ({ seed, seriesTicker, status }) =>
      (query.event_ticker === undefined || seed.event_ticker === query.event_ticker) &&
      (query.series_ticker === undefined || seriesTicker === query.series_ticker) &&
      (query.status === undefined || marketStatuses[query.status].includes(status)) &&
      (query.tickers === undefined || query.tickers.length === 0 || query.tickers.includes(seed.ticker))
  )

interface Scoped {
  readonly userId: string
  readonly subaccount: number
  readonly exchangeIndex: number
  readonly ticker: string
}

const inScope = (
  item: Scoped & { readonly createdMs: number },
  userId: string,
  query: Pick<OrdersQuery, "subaccount" | "exchange_index" | "ticker" | "min_ts" | "max_ts">
): boolean =>
  item.userId === userId &&
  (query.subaccount === undefined || item.subaccount === query.subaccount) &&
  (query.exchange_index === undefined || item.exchangeIndex === query.exchange_index) &&
  (query.ticker === undefined || query.ticker === "" || item.ticker === query.ticker) &&
  (query.min_ts === undefined || unixSeconds(item.createdMs) >= query.min_ts) &&
  (query.max_ts === undefined || unixSeconds(item.createdMs) <= query.max_ts)

const eventTickerOf = (exchange: Exchange, ticker: string): string | undefined =>
  exchange.markets.get(ticker)?.seed.event_ticker

/** The user's orders, newest first. */
export const orders = (exchange: Exchange, userId: string, query: OrdersQuery): ReadonlyArray<Order> =>
  [...exchange.orders.values()]
    .filter(
      (order) =>
        inScope(order, userId, query) &&
        (query.status === undefined || order.status === query.status) &&
        (query.event_ticker === undefined ||
          query.event_ticker.length === 0 ||
          query.event_ticker.includes(eventTickerOf(exchange, order.ticker) ?? ""))
    )
    .reverse()

/** The user's fills, newest first. */
export const fills = (exchange: Exchange, userId: string, query: FillsQuery): ReadonlyArray<Fill> =>
  exchange.fills
    .filter(
      (fill) =>
        inScope(fill, userId, query) &&
        (query.order_id === undefined || query.order_id === "" || fill.orderId === query.order_id)
    )
    .reverse()

export const order = (exchange: Exchange, userId: string, orderId: string): Either.Either<Order, ExchangeError> => {
  const found = exchange.orders.get(orderId)
  return found === undefined || found.userId !== userId
    ? Either.left(notFound("not_found", "Order not found", orderId))
    : Either.right(found)
}

/** Contracts ahead of a resting order at its price and side. */
export const queuePosition = (
  exchange: Exchange,
  order: Order
): Either.Either<BigDecimal.BigDecimal, ExchangeError> => {
  const market = exchange.markets.get(order.ticker)
  return market === undefined || order.status !== "resting"
    ? Either.left(notFound("not_found", "Order is not resting", order.id))
    : Either.right(Engine.queuePosition(market.book, order))
}

export const queuePositions = (
  exchange: Exchange,
  userId: string,
  query: QueuePositionsQuery
): ReadonlyArray<{ readonly order: Order; readonly position: BigDecimal.BigDecimal }> =>
  [...exchange.markets.values()]
    .filter(
      ({ seed }) =>
        (query.market_tickers === undefined || query.market_tickers.length === 0 ||
          query.market_tickers.includes(seed.ticker)) &&
        (query.event_ticker === undefined || query.event_ticker === "" || seed.event_ticker === query.event_ticker)
    )
    .flatMap((market) =>
      [...market.book.bid, ...market.book.ask]
        .filter((order) => order.userId === userId && order.subaccount === (query.subaccount ?? 0))
        .map((order) => ({ order, position: Engine.queuePosition(market.book, order) }))
    )
