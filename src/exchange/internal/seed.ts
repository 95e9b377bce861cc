/**
 * The markets and market-maker liquidity an embedded exchange starts with, unless told otherwise.
 *
 * @internal
 */
import type { EventSeed, LiquidityQuote, MarketSeed, SeriesSeed } from "../EmbeddedExchange.js"
import * as Engine from "./engine.js"
import * as Fixed from "./fixed.js"
import type { Market } from "./model.js"

export const marketMakerUserId = "6d6b7472-0000-4000-8000-000000000001"

export const marketMakerBalance = Fixed.decimal("1000000")

const linearCent = [{ start: "0.0100", end: "0.9900", step: "0.0100" }]

const taperedDeciCent = [
  { start: "0.0010", end: "0.1000", step: "0.0010" },
  { start: "0.1000", end: "0.9000", step: "0.0100" },
  { start: "0.9000", end: "0.9990", step: "0.0010" }
]

const nycHigh = (day: string, date: string, status: MarketSeed["status"]) =>
(strike: {
  readonly suffix: string
  readonly title: string
  readonly yes: string
  readonly no: string
  readonly rule: string
  readonly strike_type: string
  readonly floor_strike: number
  readonly cap_strike?: number
  readonly grid: "linear_cent" | "tapered_deci_cent"
}): MarketSeed => ({
  ticker: `KXHIGHNY-${day}-${strike.suffix}`,
  event_ticker: `KXHIGHNY-${day}`,
  series_ticker: "KXHIGHNY",
  title: `Will the high temp in NYC be ${strike.title} on ${date}?`,
  yes_sub_title: strike.yes,
  no_sub_title: strike.no,
  rules_primary:
    `If the highest temperature recorded in Central Park, New York for ${date} as reported by the National ` +
    `Weather Service's Climatological Report (Daily) is ${strike.rule}, then the market resolves to Yes.`,
  rules_secondary:
    "Not all weather data is the same. While checking a third-party source may be useful, it can differ from " +
    "the final Climatological Report. The market settles on the first complete report released.",
  status,
  strike_type: strike.strike_type,
  floor_strike: strike.floor_strike,
  ...(strike.cap_strike === undefined ? {} : { cap_strike: strike.cap_strike }),
  price_level_structure: strike.grid,
  price_ranges: strike.grid === "linear_cent" ? linearCent : taperedDeciCent,
  settlement_timer_seconds: 1800,
  can_close_early: false
})

const fedDecision = (strike: {
  readonly suffix: string
  readonly title: string
  readonly yes: string
  readonly rule: string
  readonly grid: "linear_cent" | "tapered_deci_cent"
  readonly exchange_index: number
}): MarketSeed => ({
  ticker: `KXFEDDECISION-26DEC-${strike.suffix}`,
  event_ticker: "KXFEDDECISION-26DEC",
  series_ticker: "KXFEDDECISION",
  title: `Will the Fed ${strike.title} at the December 2026 meeting?`,
  yes_sub_title: strike.yes,
  no_sub_title: strike.yes,
  rules_primary:
    `If the Federal Reserve ${strike.rule} at the FOMC meeting concluding on December 9, 2026, as announced ` +
    "in the FOMC statement, then the market resolves to Yes.",
  rules_secondary: "The upper bound of the federal funds target range is the reference rate.",
  status: "active",
  created_time: "2026-09-17T18:00:00Z",
  open_time: "2026-09-17T18:00:00Z",
  close_time: "2026-12-09T18:55:00Z",
  expected_expiration_time: "2026-12-09T19:00:00Z",
  latest_expiration_time: "2026-12-16T19:00:00Z",
  settlement_timer_seconds: 300,
  strike_type: "structured",
  can_close_early: true,
  price_level_structure: strike.grid,
  price_ranges: strike.grid === "linear_cent" ? linearCent : taperedDeciCent,
  exchange_index: strike.exchange_index
})

const nov21 = nycHigh("26NOV21", "Nov 21, 2026", "active")
const nov20 = nycHigh("26NOV20", "Nov 20, 2026", "closed")
const timesNov21 = {
  created_time: "2026-11-19T15:00:00Z",
  open_time: "2026-11-20T15:00:00Z",
  close_time: "2026-11-22T04:59:00Z",
  expected_expiration_time: "2026-11-22T14:00:00Z",
  latest_expiration_time: "2026-11-28T15:00:00Z"
}

export const defaultMarkets: ReadonlyArray<MarketSeed> = [
  {
    ...nov21({
      suffix: "T55",
      title: ">55°",
      yes: "56° or above",
      no: "55° or below",
      rule: "greater than 55°",
      strike_type: "greater",
      floor_strike: 55,
      grid: "linear_cent"
    }),
    ...timesNov21
  },
  {
    ...nov21({
      suffix: "B53.5",
      title: "53-54°",
      yes: "53° to 54°",
      no: "Not 53° to 54°",
      rule: "between 53° and 54°, inclusive",
      strike_type: "between",
      floor_strike: 53,
      cap_strike: 54,
      grid: "tapered_deci_cent"
    }),
    ...timesNov21
  },
  {
    ...nov20({
      suffix: "T54",
      title: ">54°",
      yes: "55° or above",
      no: "54° or below",
      rule: "greater than 54°",
      strike_type: "greater",
      floor_strike: 54,
      grid: "linear_cent"
    }),
    created_time: "2026-11-18T15:00:00Z",
    open_time: "2026-11-19T15:00:00Z",
    close_time: "2026-11-21T04:59:00Z",
    expected_expiration_time: "2026-11-21T14:00:00Z",
    latest_expiration_time: "2026-11-27T15:00:00Z"
  },
  fedDecision({
    suffix: "H0",
    title: "hold rates",
    yes: "Hold",
    rule: "leaves the upper bound of the federal funds target range unchanged",
    grid: "linear_cent",
    exchange_index: 1
  }),
  fedDecision({
    suffix: "C25",
    title: "cut rates by 25bps",
    yes: "Cut 25bps",
    rule: "lowers the upper bound of the federal funds target range by exactly 0.25%",
    grid: "linear_cent",
    exchange_index: 0
  }),
  fedDecision({
    suffix: "H25",
    title: "hike rates by 25bps",
    yes: "Hike 25bps",
    rule: "raises the upper bound of the federal funds target range by exactly 0.25%",
    grid: "tapered_deci_cent",
    exchange_index: 0
  })
]

export const defaultEvents: ReadonlyArray<EventSeed> = [
  {
    event_ticker: "KXHIGHNY-26NOV21",
    series_ticker: "KXHIGHNY",
    title: "Highest temperature in NYC on Nov 21, 2026?",
    sub_title: "On Nov 21, 2026",
    category: "Climate and Weather",
    mutually_exclusive: true,
    strike_date: "2026-11-22T04:59:00Z"
  },
  {
    event_ticker: "KXHIGHNY-26NOV20",
    series_ticker: "KXHIGHNY",
    title: "Highest temperature in NYC on Nov 20, 2026?",
    sub_title: "On Nov 20, 2026",
    category: "Climate and Weather",
    mutually_exclusive: true,
    strike_date: "2026-11-21T04:59:00Z"
  },
  {
    event_ticker: "KXFEDDECISION-26DEC",
    series_ticker: "KXFEDDECISION",
    title: "Fed decision in Dec 2026?",
    sub_title: "Dec 9, 2026",
    category: "Economics",
    mutually_exclusive: true,
    strike_date: "2026-12-09T19:00:00Z"
  }
]

export const defaultSeries: ReadonlyArray<SeriesSeed> = [
  {
    ticker: "KXHIGHNY",
    title: "Highest temperature in NYC",
    category: "Climate and Weather",
    frequency: "daily",
    tags: ["Weather", "New York"],
    settlement_sources: [{
      name: "National Weather Service",
      url: "https://www.weather.gov/wrh/climate?wfo=okx"
    }]
  },
  {
    ticker: "KXFEDDECISION",
    title: "Fed rate decision",
    category: "Economics",
    frequency: "custom",
    tags: ["Fed", "Interest rates"],
    settlement_sources: [{ name: "Federal Reserve", url: "https://www.federalreserve.gov" }]
  }
]

const ladder = (ticker: string, side: LiquidityQuote["side"], levels: ReadonlyArray<readonly [string, string]>) =>
  levels.map(([price, count]): LiquidityQuote => ({
    ticker,
    side,
    price: Fixed.decimal(price),
    count: Fixed.decimal(count)
  }))

export const defaultLiquidity: ReadonlyArray<LiquidityQuote> = [
  ...ladder("KXHIGHNY-26NOV21-T55", "bid", [["0.41", "150"], ["0.40", "300"]]),
  ...ladder("KXHIGHNY-26NOV21-T55", "ask", [["0.44", "150"], ["0.45", "300"]]),
  ...ladder("KXHIGHNY-26NOV21-B53.5", "bid", [["0.062", "200"], ["0.055", "400"]]),
  ...ladder("KXHIGHNY-26NOV21-B53.5", "ask", [["0.068", "200"], ["0.075", "400"]]),
  ...ladder("KXFEDDECISION-26DEC-H0", "bid", [["0.63", "100"]]),
  ...ladder("KXFEDDECISION-26DEC-H0", "ask", [["0.66", "100"]]),
  ...ladder("KXFEDDECISION-26DEC-C25", "bid", [["0.30", "120"]]),
  ...ladder("KXFEDDECISION-26DEC-C25", "ask", [["0.33", "120"]]),
  ...ladder("KXFEDDECISION-26DEC-H25", "bid", [["0.025", "500"]]),
  ...ladder("KXFEDDECISION-26DEC-H25", "ask", [["0.029", "500"]])
]

/** Builds a market's state from its seed; a malformed `price_ranges` entry is a defect of the options. */
export const makeMarket = (seed: MarketSeed): Market => ({
  seed,
  seriesTicker: seed.series_ticker ?? seed.event_ticker.split("-")[0] ?? seed.event_ticker,
  exchangeIndex: seed.exchange_index ?? 0,
  ranges: seed.price_ranges.map((range) => ({
    start: Fixed.decimal(range.start),
    end: Fixed.decimal(range.end),
    step: Fixed.decimal(range.step)
  })),
  book: Engine.makeBook(),
  status: seed.status ?? "active",
  volume: Fixed.zero,
  lastPrice: undefined,
  result: undefined,
  quotes: [],
  updatedMs: 0
})
