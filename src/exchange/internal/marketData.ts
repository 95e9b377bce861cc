/**
 * Public market data in Kalshi's wire format: order books (yes bids and no bids, ascending, best last),
 * trades, candlesticks derived from the trades and the recorded top of book, events, series and the
 * exchange's status and schedule.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Schema from "effect/Schema"
import type { EventSeed, SeriesSeed } from "../EmbeddedExchange.js"
import * as Engine from "./engine.js"
import * as Fixed from "./fixed.js"
import * as Input from "./input.js"
import { BooleanParam, IntParam, Text } from "./input.js"
import type { Market, Quote, Trade } from "./model.js"
import { type Exchange, openInterest } from "./trading.js"
import * as Wire from "./wire.js"

const { isoTime } = Wire

// ---------------------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------------------

/** One value or repeated keys (`?tickers=A&tickers=B`), as `explode: true` parameters arrive. */
const Repeated = Schema.Union(Text, Schema.Array(Text)).pipe(
  Schema.transform(Schema.Array(Text), {
    strict: true,
    decode: (value) => (typeof value === "string" ? [value] : value),
    encode: (values) => values
  })
)
const CommaList = Input.CommaList.pipe(Schema.maxItems(100))

export const OrderbookQuery = Schema.Struct({ depth: Schema.optional(IntParam.pipe(Schema.between(0, 100))) })

export const OrderbooksQuery = Schema.Struct({
  tickers: Repeated.pipe(Schema.minItems(1), Schema.maxItems(100))
})

export const TradesQuery = Schema.Struct({
  limit: Schema.optional(IntParam.pipe(Schema.between(0, 1000))),
  cursor: Schema.optional(Text),
  ticker: Schema.optional(Text),
  min_ts: Schema.optional(IntParam),
  max_ts: Schema.optional(IntParam),
  is_block_trade: Schema.optional(BooleanParam)
})
export type TradesQuery = typeof TradesQuery.Type

const Window = {
  start_ts: IntParam,
  end_ts: IntParam,
  include_latest_before_start: Schema.optional(BooleanParam)
}

export const CandlesticksQuery = Schema.Struct({
  ...Window,
  period_interval: Schema.Literal("1", "60", "1440").pipe(
    Schema.transform(Schema.Int, { strict: true, decode: Number, encode: (n) => String(n) as "1" })
  )
})
export type CandlesticksQuery = typeof CandlesticksQuery.Type

export const BatchCandlesticksQuery = Schema.Struct({
  ...Window,
  market_tickers: CommaList.pipe(Schema.minItems(1)),
  period_interval: IntParam.pipe(Schema.greaterThanOrEqualTo(1))
})

export const EventsQuery = Schema.Struct({
  limit: Schema.optional(IntParam.pipe(Schema.between(1, 200))),
  cursor: Schema.optional(Text),
  with_nested_markets: Schema.optional(BooleanParam),
  with_milestones: Schema.optional(BooleanParam),
  status: Schema.optional(Schema.Literal("unopened", "open", "closed", "settled")),
  series_ticker: Schema.optional(Text),
  tickers: Schema.optional(CommaList),
  min_close_ts: Schema.optional(IntParam),
  min_updated_ts: Schema.optional(IntParam)
})
export type EventsQuery = typeof EventsQuery.Type

export const EventQuery = Schema.Struct({ with_nested_markets: Schema.optional(BooleanParam) })

export const SeriesQuery = Schema.Struct({
  category: Schema.optional(Text),
  tags: Schema.optional(Text),
  include_product_metadata: Schema.optional(BooleanParam),
  include_volume: Schema.optional(BooleanParam),
  min_updated_ts: Schema.optional(IntParam)
})
export type SeriesQuery = typeof SeriesQuery.Type

export const SeriesGetQuery = Schema.Struct({ include_volume: Schema.optional(BooleanParam) })

// ---------------------------------------------------------------------------------------------------------------
// Order books
// ---------------------------------------------------------------------------------------------------------------

type Level = readonly [string, string]

/** The best `depth` levels of one side (all when 0 or absent), ascending by price: best last. */
const side = (
  levels: ReadonlyArray<Engine.Level>,
  depth: number | undefined,
  toPrice: (p: BigDecimal.BigDecimal) => BigDecimal.BigDecimal
): ReadonlyArray<Level> =>
  levels
    .slice(0, depth === undefined || depth === 0 ? levels.length : depth)
    .map((level): Level => [Fixed.formatPrice(toPrice(level.price)), Fixed.formatCount(level.count)])
    .reverse()

/**
 * Kalshi's order book: bids only, for both outcomes. A yes bid at `p` is a bid on the yes-priced book; a no
 * bid at `q` is an ask at `1 − q` on it.
 */
export const orderbook = (market: Market, depth: number | undefined) => ({
  yes_dollars: side(Engine.levels(market.book, "bid"), depth, (price) => price),
  no_dollars: side(Engine.levels(market.book, "ask"), depth, (price) => BigDecimal.subtract(Fixed.one, price))
})

// ---------------------------------------------------------------------------------------------------------------
// Trades
// ---------------------------------------------------------------------------------------------------------------

/** Trades, newest first. Block trades never happen here. */
export const trades = (exchange: Exchange, query: TradesQuery): ReadonlyArray<Trade> =>
  query.is_block_trade === true ? [] : exchange.trades
    .filter(
      (trade) =>
        (query.ticker === undefined || query.ticker === "" || trade.ticker === query.ticker) &&
        (query.min_ts === undefined || Wire.unixSeconds(trade.createdMs) >= query.min_ts) &&
        (query.max_ts === undefined || Wire.unixSeconds(trade.createdMs) <= query.max_ts)
    )
    .reverse()

const outcome = (side: "bid" | "ask") => (side === "bid" ? "yes" : "no")

export const encodeTrade = (trade: Trade) => ({
  trade_id: trade.id,
  ticker: trade.ticker,
  count_fp: Fixed.formatCount(trade.count),
  yes_price_dollars: Fixed.formatPrice(trade.price),
  no_price_dollars: Fixed.formatPrice(BigDecimal.subtract(Fixed.one, trade.price)),
  taker_side: outcome(trade.takerSide),
  taker_outcome_side: outcome(trade.takerSide),
  taker_book_side: trade.takerSide,
  created_time: isoTime(trade.createdMs),
  is_block_trade: false
})

// ---------------------------------------------------------------------------------------------------------------
// Candlesticks
// ---------------------------------------------------------------------------------------------------------------

const lastBefore = <A extends { readonly ms: number }>(items: ReadonlyArray<A>, ms: number): A | undefined => {
  let found: A | undefined
  for (const item of items) {
    if (item.ms > ms) break
    found = item
  }
  return found
}

const distribution = (values: ReadonlyArray<BigDecimal.BigDecimal>) => ({
  open_dollars: Fixed.formatPrice(values[0]!),
  low_dollars: Fixed.formatPrice(values.reduce(BigDecimal.min)),
  high_dollars: Fixed.formatPrice(values.reduce(BigDecimal.max)),
  close_dollars: Fixed.formatPrice(values[values.length - 1]!)
})

/** The top of one side over a period: its value at the start, then every change within. */
const quoteDistribution = (
  quotes: ReadonlyArray<Quote>,
  from: number,
  to: number,
  pick: (quote: Quote | undefined) => BigDecimal.BigDecimal
) =>
  distribution([
    pick(lastBefore(quotes, from)),
    ...quotes.filter((quote) => quote.ms > from && quote.ms <= to).map(pick)
  ])

const nullPrices = {
  open_dollars: null,
  low_dollars: null,
  high_dollars: null,
  close_dollars: null,
  mean_dollars: null,
  min_dollars: null,
  max_dollars: null
}

/**
 * One candle per period (`period_interval` minutes, ending on its multiples) that saw a trade or a change of
 * the top of the book within `[start_ts, end_ts]`, and optionally the last such period before the start.
 */
export const candlesticks = (
  exchange: Exchange,
  market: Market,
  query: {
    readonly start_ts: number
    readonly end_ts: number
    readonly period_interval: number
    readonly include_latest_before_start?: boolean | undefined
  }
) => {
  const period = query.period_interval * 60
  const endOf = (ms: number) => Math.ceil(ms / 1000 / period) * period
  const trades = exchange.trades.filter((trade) => trade.ticker === market.seed.ticker)
    .map((trade) => ({ ...trade, ms: trade.createdMs }))
  const active = [...new Set([...trades.map((t) => endOf(t.ms)), ...market.quotes.map((q) => endOf(q.ms))])]
    .sort((a, b) => a - b)
  const inRange = active.filter((end) => end >= query.start_ts && end <= query.end_ts)
  const before = active.filter((end) => end < query.start_ts).pop()
  const ends = query.include_latest_before_start === true && before !== undefined ? [before, ...inRange] : inRange
  return ends.map((end) => {
    const from = (end - period) * 1000
    const to = end * 1000
    const within = trades.filter((trade) => trade.ms > from && trade.ms <= to)
    const previous = lastBefore(trades, from)
    const volume = Fixed.sum(within.map((trade) => trade.count))
    const prices = within.map((trade) => trade.price)
    const mean = Fixed.ratio(Fixed.sum(within.map((trade) => BigDecimal.multiply(trade.count, trade.price))), volume)
    return {
      end_period_ts: end,
      yes_bid: quoteDistribution(market.quotes, from, to, (quote) => quote?.bid ?? Fixed.zero),
      yes_ask: quoteDistribution(market.quotes, from, to, (quote) => quote?.ask ?? Fixed.one),
      price: {
        ...(prices.length === 0
          ? nullPrices
          : {
            ...distribution(prices),
            mean_dollars: Fixed.formatPrice(mean),
            min_dollars: Fixed.formatPrice(prices.reduce(BigDecimal.min)),
            max_dollars: Fixed.formatPrice(prices.reduce(BigDecimal.max))
          }),
        previous_dollars: previous === undefined ? null : Fixed.formatPrice(previous.price)
      },
      volume_fp: Fixed.formatCount(volume),
      open_interest_fp: Fixed.formatCount(lastBefore(trades, to)?.openInterest ?? Fixed.zero)
    }
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Events and series
// ---------------------------------------------------------------------------------------------------------------

const seriesTickerOf = (eventTicker: string) => eventTicker.split("-")[0] ?? eventTicker

/** Every event: the seeded ones, then those only markets name, in market order. */
export const events = (exchange: Exchange): ReadonlyArray<EventSeed> => {
  const all = new Map(exchange.events)
  for (const market of exchange.markets.values()) {
    const ticker = market.seed.event_ticker
    if (!all.has(ticker)) {
      all.set(ticker, { event_ticker: ticker, series_ticker: market.seriesTicker, title: market.seed.title })
    }
  }
  return [...all.values()]
}

export const marketsOf = (exchange: Exchange, eventTicker: string): ReadonlyArray<Market> =>
  [...exchange.markets.values()].filter((market) => market.seed.event_ticker === eventTicker)

const eventStatuses: Record<NonNullable<EventsQuery["status"]>, ReadonlyArray<string>> = {
  unopened: ["initialized"],
  open: ["active", "inactive"],
  closed: ["closed"],
  settled: ["determined", "finalized"]
}

/** An event's status is its markets': open while any is open, settled once all are. */
const eventStatus = (markets: ReadonlyArray<Market>): NonNullable<EventsQuery["status"]> => {
  const statuses = Object.keys(eventStatuses) as Array<keyof typeof eventStatuses>
  const has = (status: keyof typeof eventStatuses) =>
    markets.some((market) => eventStatuses[status].includes(market.status))
  return has("open") ? "open" : has("unopened") ? "unopened" : has("closed") ? "closed" : statuses[3]!
}

export const filterEvents = (exchange: Exchange, query: EventsQuery): ReadonlyArray<EventSeed> =>
  events(exchange).filter((event) => {
    const markets = marketsOf(exchange, event.event_ticker)
    return (query.status === undefined || eventStatus(markets) === query.status) &&
      (query.series_ticker === undefined || query.series_ticker === "" ||
        (event.series_ticker ?? seriesTickerOf(event.event_ticker)) === query.series_ticker) &&
      (query.tickers === undefined || query.tickers.length === 0 || query.tickers.includes(event.event_ticker))
  })

export const encodeEvent = (exchange: Exchange, event: EventSeed, nested: boolean) => {
  const markets = marketsOf(exchange, event.event_ticker)
  const series = exchange.series.get(event.series_ticker ?? seriesTickerOf(event.event_ticker))
  return {
    event_ticker: event.event_ticker,
    series_ticker: event.series_ticker ?? seriesTickerOf(event.event_ticker),
    sub_title: event.sub_title ?? "",
    title: event.title,
    collateral_return_type: event.mutually_exclusive === false ? "" : "MECNET",
    mutually_exclusive: event.mutually_exclusive ?? false,
    category: event.category ?? series?.category ?? "",
    strike_date: event.strike_date ?? null,
    strike_period: null,
    available_on_brokers: false,
    settlement_sources: series?.settlement_sources ?? [],
    exchange_index: markets[0]?.exchangeIndex ?? 0,
    ...(nested
      ? { markets: markets.map((market) => Wire.encodeMarket(market, openInterest(exchange, market.seed.ticker))) }
      : {})
  }
}

/** Every series: the seeded ones, then those only markets name. */
export const series = (exchange: Exchange): ReadonlyArray<SeriesSeed> => {
  const all = new Map(exchange.series)
  for (const market of exchange.markets.values()) {
    if (!all.has(market.seriesTicker)) {
      all.set(market.seriesTicker, { ticker: market.seriesTicker, title: market.seriesTicker })
    }
  }
  return [...all.values()]
}

export const filterSeries = (exchange: Exchange, query: SeriesQuery): ReadonlyArray<SeriesSeed> =>
  series(exchange).filter((one) =>
    (query.category === undefined || query.category === "" || one.category === query.category) &&
    (query.tags === undefined || query.tags === "" ||
      query.tags.split(",").some((tag) => (one.tags ?? []).includes(tag.trim())))
  )

export const encodeSeries = (exchange: Exchange, one: SeriesSeed, includeVolume: boolean) => {
  const markets = [...exchange.markets.values()].filter((market) => market.seriesTicker === one.ticker)
  return {
    ticker: one.ticker,
    frequency: one.frequency ?? "custom",
    title: one.title,
    category: one.category ?? "",
    tags: one.tags ?? [],
    settlement_sources: one.settlement_sources ?? [],
    contract_url: one.contract_url ?? "",
    contract_terms_url: "",
    fee_type: "quadratic_with_maker_fees",
    fee_multiplier: 1,
    additional_prohibitions: [],
    exchange_index: markets[0]?.exchangeIndex ?? 0,
    ...(includeVolume ? { volume_fp: Fixed.formatCount(Fixed.sum(markets.map((market) => market.volume))) } : {})
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Exchange
// ---------------------------------------------------------------------------------------------------------------

export const status = (exchange: Exchange) => ({
  exchange_active: true,
  trading_active: exchange.tradingActive,
  exchange_estimated_resume_time: null
})

const always = [{ open_time: "00:00", close_time: "24:00" }]

/** Open around the clock, no maintenance windows. */
export const schedule = {
  schedule: {
    standard_hours: [{
      start_time: "2026-01-01T00:00:00Z",
      end_time: "2099-12-31T23:59:59Z",
      monday: always,
      tuesday: always,
      wednesday: always,
      thursday: always,
      friday: always,
      saturday: always,
      sunday: always
    }],
    maintenance_windows: []
  }
}
