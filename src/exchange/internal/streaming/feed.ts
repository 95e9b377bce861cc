/**
 * The feed: what each engine transaction means for the WebSocket channels. It keeps the books the sessions
 * watch (aggregated levels as last published), the ticker line of every market as last published, and the
 * markets' statuses, and turns a transaction into book deltas, trades, fills, order updates, positions,
 * tickers and lifecycle changes.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Accounts from "../accounts.js"
import * as Engine from "../engine.js"
import * as Fixed from "../fixed.js"
import type { BookSide, Fill, Market, Order } from "../model.js"
import * as Trading from "../trading.js"
import type { Transaction } from "./events.js"

/** A market's aggregated levels by side, keyed by the 4-decimal price. */
export interface Levels {
  readonly bid: Map<string, Engine.Level>
  readonly ask: Map<string, Engine.Level>
}

/** One change of resting quantity at a price, with the touched orders resting (or that rested) there. */
export interface BookDelta {
  readonly ticker: string
  readonly side: BookSide
  readonly price: BigDecimal.BigDecimal
  readonly delta: BigDecimal.BigDecimal
  readonly orders: ReadonlyArray<Order>
}

/** A market's ticker line: the `ticker` channel's fields. */
export interface TickerLine {
  readonly ticker: string
  readonly lastPrice: BigDecimal.BigDecimal
  readonly yesBid: BigDecimal.BigDecimal
  readonly yesAsk: BigDecimal.BigDecimal
  readonly yesBidSize: BigDecimal.BigDecimal
  readonly yesAskSize: BigDecimal.BigDecimal
  readonly volume: BigDecimal.BigDecimal
  readonly openInterest: BigDecimal.BigDecimal
  readonly dollarVolume: number
  readonly dollarOpenInterest: number
  readonly lastTradeSize: BigDecimal.BigDecimal
}

/** A user's position in one market after the transaction, with its cost basis and realised result. */
export interface PositionLine {
  readonly userId: string
  readonly subaccount: number
  readonly ticker: string
  readonly position: BigDecimal.BigDecimal
  readonly cost: BigDecimal.BigDecimal
  readonly realizedPnl: BigDecimal.BigDecimal
  readonly feesPaid: BigDecimal.BigDecimal
  readonly positionFeeCost: BigDecimal.BigDecimal
  readonly volume: BigDecimal.BigDecimal
}

/** A fill with the owner's signed position right after it. */
export interface FillLine {
  readonly fill: Fill
  readonly clientOrderId: string
  readonly postPosition: BigDecimal.BigDecimal
}

/** A market whose status changed. */
export interface StatusChange {
  readonly market: Market
  readonly from: string
  readonly to: string
}

/** Everything one transaction publishes. */
export interface Changes {
  readonly now: number
  readonly deltas: ReadonlyArray<BookDelta>
  /** The taker side of each trade. */
  readonly trades: ReadonlyArray<Fill>
  readonly fills: ReadonlyArray<FillLine>
  readonly orders: ReadonlyArray<Order>
  readonly positions: ReadonlyArray<PositionLine>
  readonly tickers: ReadonlyArray<TickerLine>
  readonly statuses: ReadonlyArray<StatusChange>
}

export interface Feed {
  /** Books under watch, with how many subscriptions watch each. */
  readonly watched: Map<string, { levels: Levels; watchers: number }>
  /** Each market's ticker line as last published (its `key`). */
  readonly tickerKeys: Map<string, string>
  /** Dollar volume traded per market, since the exchange started. */
  readonly dollarVolume: Map<string, BigDecimal.BigDecimal>
  readonly statuses: Map<string, string>
}

export const make = (exchange: Trading.Exchange): Feed => ({
  watched: new Map(),
  tickerKeys: new Map(),
  dollarVolume: new Map(),
  statuses: new Map([...exchange.markets.values()].map((market) => [market.seed.ticker, statusOf(market)]))
})

const statusOf = (market: Market): string => market.status

/** Whole dollars, rounded down: the integer `dollar_*` fields of the ticker channel. */
const wholeDollars = (value: BigDecimal.BigDecimal): number =>
  Number(BigDecimal.scale(BigDecimal.round(value, { scale: 0, mode: "floor" }), 0).value)

const levelsOf = (market: Market): Levels => {
  const side = (bookSide: BookSide) =>
    new Map(Engine.levels(market.book, bookSide).map((level) => [Fixed.formatPrice(level.price), level]))
  return { bid: side("bid"), ask: side("ask") }
}

/** Starts (or joins) watching a market's book; answers its levels now, which the next deltas apply to. */
export const watch = (feed: Feed, market: Market): Levels => {
  const entry = feed.watched.get(market.seed.ticker)
  if (entry !== undefined) {
    entry.watchers += 1
    return entry.levels
  }
  const levels = levelsOf(market)
  feed.watched.set(market.seed.ticker, { levels, watchers: 1 })
  return levels
}

export const unwatch = (feed: Feed, ticker: string): void => {
  const entry = feed.watched.get(ticker)
  if (entry === undefined) return
  entry.watchers -= 1
  if (entry.watchers <= 0) feed.watched.delete(ticker)
}

/** The current levels of a watched market (what a fresh snapshot shows). */
export const levels = (feed: Feed, ticker: string): Levels | undefined => feed.watched.get(ticker)?.levels

const diffSide = (
  ticker: string,
  side: BookSide,
  before: Map<string, Engine.Level>,
  after: Map<string, Engine.Level>,
  touched: ReadonlyArray<Order>
): Array<BookDelta> => {
  const deltas: Array<BookDelta> = []
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key)
    const now = after.get(key)
    const price = (now ?? was)!.price
    const delta = BigDecimal.subtract(now?.count ?? Fixed.zero, was?.count ?? Fixed.zero)
    if (BigDecimal.isZero(delta)) continue
    const orders = touched.filter((order) => order.side === side && BigDecimal.equals(order.price, price))
    deltas.push({ ticker, side, price, delta, orders })
  }
  return deltas.sort((a, b) => BigDecimal.Order(a.price, b.price))
}

/** Book deltas of the watched markets the transaction touched; the watched levels move on to the new state. */
const bookDeltas = (feed: Feed, exchange: Trading.Exchange, touchedMarkets: Map<string, Array<Order>>) =>
  [...touchedMarkets].flatMap(([ticker, orders]) => {
    const entry = feed.watched.get(ticker)
    const market = exchange.markets.get(ticker)
    if (entry === undefined || market === undefined) return []
    const after = levelsOf(market)
    const deltas = [
      ...diffSide(ticker, "bid", entry.levels.bid, after.bid, orders),
      ...diffSide(ticker, "ask", entry.levels.ask, after.ask, orders)
    ]
    entry.levels = after
    return deltas
  })

const tickerKey = (line: TickerLine): string =>
  [
    line.lastPrice,
    line.yesBid,
    line.yesAsk,
    line.yesBidSize,
    line.yesAskSize,
    line.volume,
    line.openInterest
  ].map((n) => BigDecimal.format(n)).join("|")

/** A market's ticker line now. */
export const tickerLine = (
  feed: Feed,
  exchange: Trading.Exchange,
  market: Market,
  lastTradeSize: BigDecimal.BigDecimal
): TickerLine => {
  const ticker = market.seed.ticker
  const top = (side: BookSide) => Engine.levels(market.book, side)[0]
  const bid = top("bid")
  const ask = top("ask")
  const lastPrice = market.lastPrice ?? Fixed.zero
  const openInterest = Trading.openInterest(exchange, ticker)
  return {
    ticker,
    lastPrice,
    yesBid: bid?.price ?? Fixed.zero,
    yesAsk: ask?.price ?? Fixed.one,
    yesBidSize: bid?.count ?? Fixed.zero,
    yesAskSize: ask?.count ?? Fixed.zero,
    volume: market.volume,
    openInterest,
    dollarVolume: wholeDollars(feed.dollarVolume.get(ticker) ?? Fixed.zero),
    dollarOpenInterest: wholeDollars(BigDecimal.multiply(openInterest, lastPrice)),
    lastTradeSize
  }
}

/** Ticker lines of touched markets whose line changed since it was last published. */
const tickerChanges = (
  feed: Feed,
  exchange: Trading.Exchange,
  tickers: ReadonlySet<string>,
  trades: ReadonlyArray<Fill>
): Array<TickerLine> =>
  [...tickers].flatMap((ticker) => {
    const market = exchange.markets.get(ticker)
    if (market === undefined) return []
    const lastTrade = [...trades].reverse().find((fill) => fill.ticker === ticker)
    const line = tickerLine(feed, exchange, market, lastTrade?.count ?? Fixed.zero)
    const key = tickerKey(line)
    if (feed.tickerKeys.get(ticker) === key) return []
    feed.tickerKeys.set(ticker, key)
    return [line]
  })

/**
 * A user's position in a market with an average-cost basis, replayed from their fills: buying more of the
 * held side adds to the cost; the opposite side nets contracts off at $1 each, realising
 * `1 − cost of the closing contract − average cost of the held one`. Fees are tracked alongside.
 */
export const positionLine = (
  exchange: Trading.Exchange,
  key: { readonly userId: string; readonly subaccount: number; readonly ticker: string }
): PositionLine => {
  let held = Fixed.zero // signed: positive is long yes
  let cost = Fixed.zero
  let feeCost = Fixed.zero
  let realizedPnl = Fixed.zero
  let feesPaid = Fixed.zero
  let volume = Fixed.zero
  for (const fill of exchange.fills) {
    if (fill.userId !== key.userId || fill.subaccount !== key.subaccount || fill.ticker !== key.ticker) continue
    const unit = Accounts.unitCost(fill.side, fill.price)
    const signed = fill.side === "bid" ? fill.count : BigDecimal.negate(fill.count)
    feesPaid = BigDecimal.sum(feesPaid, fill.fee)
    volume = BigDecimal.sum(volume, fill.count)
    const size = BigDecimal.abs(held)
    const opposite = !BigDecimal.isZero(held) && BigDecimal.isNegative(held) !== BigDecimal.isNegative(signed)
    const netted = opposite ? BigDecimal.min(fill.count, size) : Fixed.zero
    if (BigDecimal.isPositive(netted)) {
      const averageCost = Fixed.ratio(cost, size)
      realizedPnl = BigDecimal.sum(
        realizedPnl,
        BigDecimal.multiply(netted, BigDecimal.subtract(BigDecimal.subtract(Fixed.one, unit), averageCost))
      )
      cost = BigDecimal.subtract(cost, Fixed.ratio(BigDecimal.multiply(cost, netted), size))
      feeCost = BigDecimal.subtract(feeCost, Fixed.ratio(BigDecimal.multiply(feeCost, netted), size))
    }
    const opened = BigDecimal.subtract(fill.count, netted)
    if (BigDecimal.isPositive(opened)) {
      cost = BigDecimal.sum(cost, BigDecimal.multiply(opened, unit))
      feeCost = BigDecimal.sum(feeCost, Fixed.ratio(BigDecimal.multiply(fill.fee, opened), fill.count))
    }
    held = BigDecimal.sum(held, signed)
  }
  return {
    ...key,
    position: held,
    cost,
    realizedPnl,
    feesPaid,
    positionFeeCost: feeCost,
    volume
  }
}

/** Each fill with its owner's position right after it, counted back from the position after the transaction. */
const fillLines = (exchange: Trading.Exchange, fills: ReadonlyArray<Fill>): Array<FillLine> => {
  const after = new Map<string, BigDecimal.BigDecimal>()
  const lines: Array<FillLine> = []
  for (let i = fills.length - 1; i >= 0; i--) {
    const fill = fills[i]!
    const key = `${fill.userId}\u0000${fill.subaccount}\u0000${fill.ticker}`
    const position = after.get(key) ??
      Accounts.position(Accounts.ledger(exchange.accounts, fill.userId, fill.subaccount), fill.ticker)
    const signed = fill.side === "bid" ? fill.count : BigDecimal.negate(fill.count)
    after.set(key, BigDecimal.subtract(position, signed))
    lines.push({ fill, clientOrderId: exchange.orders.get(fill.orderId)?.clientOrderId ?? "", postPosition: position })
  }
  return lines.reverse()
}

const statusChanges = (feed: Feed, exchange: Trading.Exchange): Array<StatusChange> =>
  [...exchange.markets.values()].flatMap((market) => {
    const to = statusOf(market)
    const from = feed.statuses.get(market.seed.ticker)
    feed.statuses.set(market.seed.ticker, to)
    return from === undefined || from === to ? [] : [{ market, from, to }]
  })

/** What a transaction publishes. Cheap when nothing listens: only the running totals move on. */
export const changes = (
  feed: Feed,
  exchange: Trading.Exchange,
  transaction: Transaction,
  listening: boolean
): Changes => {
  for (const fill of transaction.fills) {
    if (!fill.isTaker) continue
    const traded = BigDecimal.multiply(fill.count, fill.price)
    feed.dollarVolume.set(fill.ticker, BigDecimal.sum(feed.dollarVolume.get(fill.ticker) ?? Fixed.zero, traded))
  }
  const touchedMarkets = new Map<string, Array<Order>>()
  for (const order of transaction.orders) {
    const orders = touchedMarkets.get(order.ticker) ?? []
    orders.push(order)
    touchedMarkets.set(order.ticker, orders)
  }
  const deltas = bookDeltas(feed, exchange, touchedMarkets)
  const statuses = statusChanges(feed, exchange)
  if (!listening) {
    for (const ticker of touchedMarkets.keys()) feed.tickerKeys.delete(ticker)
    return { now: transaction.now, deltas, trades: [], fills: [], orders: [], positions: [], tickers: [], statuses }
  }
  const trades = transaction.fills.filter((fill) => fill.isTaker)
  const positionKeys = new Map(
    transaction.fills.map((fill) => [
      `${fill.userId}\u0000${fill.subaccount}\u0000${fill.ticker}`,
      { userId: fill.userId, subaccount: fill.subaccount, ticker: fill.ticker }
    ])
  )
  return {
    now: transaction.now,
    deltas,
    trades,
    fills: fillLines(exchange, transaction.fills),
    orders: transaction.orders,
    positions: [...positionKeys.values()].map((key) => positionLine(exchange, key)),
    tickers: tickerChanges(feed, exchange, new Set(touchedMarkets.keys()), trades),
    statuses
  }
}
