import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { EmbeddedExchange } from "../../src/testing.js"
import { call, H0, placeOk, plainMarket, T55, trader, withExchange } from "./support.js"

interface Book {
  readonly orderbook_fp: {
    readonly yes_dollars: ReadonlyArray<[string, string]>
    readonly no_dollars: ReadonlyArray<[string, string]>
  }
}

interface TradeWire {
  readonly trade_id: string
  readonly ticker: string
  readonly count_fp: string
  readonly yes_price_dollars: string
  readonly no_price_dollars: string
  readonly taker_outcome_side: string
  readonly taker_book_side: string
  readonly created_time: string
}

const book = (ticker: string, query = "") =>
  Effect.map(call<Book>(undefined, "GET", `/markets/${ticker}/orderbook${query}`), (reply) => reply.body.orderbook_fp)

describe("market data", () => {
  it.effect("the order book shows yes bids and no bids, ascending, best last, and moves with trades", () =>
    Effect.gen(function*() {
      // Seeded: bids 0.41 × 150, 0.40 × 300; asks 0.44 × 150, 0.45 × 300 (no bids at 0.56 and 0.55).
      expect(yield* book(T55)).toEqual({
        yes_dollars: [["0.4000", "300.00"], ["0.4100", "150.00"]],
        no_dollars: [["0.5500", "300.00"], ["0.5600", "150.00"]]
      })
      expect(yield* book(T55, "?depth=1")).toEqual({
        yes_dollars: [["0.4100", "150.00"]],
        no_dollars: [["0.5600", "150.00"]]
      })
      const alice = yield* trader()
      yield* placeOk(alice, { count: "200", price: "0.45", time_in_force: "immediate_or_cancel" })
      yield* placeOk(alice, { side: "ask", count: "20", price: "0.41", time_in_force: "immediate_or_cancel" })
      expect(yield* book(T55)).toEqual({
        yes_dollars: [["0.4000", "300.00"], ["0.4100", "130.00"]],
        no_dollars: [["0.5500", "250.00"]]
      })
      const many = yield* call<{ readonly orderbooks: ReadonlyArray<{ readonly ticker: string }> }>(
        undefined,
        "GET",
        `/markets/orderbooks?tickers=${T55}&tickers=${H0}&tickers=KXNOPE`
      )
      expect(many.body.orderbooks.map((entry) => entry.ticker)).toEqual([T55, H0])
      expect((yield* call(undefined, "GET", "/markets/orderbooks")).status).toBe(400)
      expect((yield* call(undefined, "GET", "/markets/KXNOPE/orderbook")).status).toBe(404)
    }).pipe(withExchange()))

  it.effect("trades list every match, newest first, with the taker's side; candlesticks are derived from them", () =>
    Effect.gen(function*() {
      const ticker = plainMarket.ticker
      const [maker, taker] = yield* Effect.all([trader(), trader()])
      yield* placeOk(maker, { ticker, side: "ask", count: "10", price: "0.60" })
      yield* placeOk(maker, { ticker, side: "ask", count: "10", price: "0.62" })
      yield* TestClock.adjust("30 seconds")
      yield* placeOk(taker, { ticker, count: "15", price: "0.62", time_in_force: "immediate_or_cancel" })
      yield* TestClock.adjust("2 minutes")
      yield* placeOk(maker, { ticker, side: "bid", count: "4", price: "0.50" })
      yield* placeOk(taker, { ticker, side: "ask", count: "4", price: "0.50", time_in_force: "immediate_or_cancel" })

      const trades = yield* call<{ readonly trades: ReadonlyArray<TradeWire>; readonly cursor: string }>(
        undefined,
        "GET",
        `/markets/trades?ticker=${ticker}`
      )
      expect(trades.body.trades.map((t) => [t.count_fp, t.yes_price_dollars, t.taker_book_side])).toEqual([
        ["4.00", "0.5000", "ask"],
        ["5.00", "0.6200", "bid"],
        ["10.00", "0.6000", "bid"]
      ])
      expect(trades.body.trades[0]).toMatchObject({ no_price_dollars: "0.5000", taker_outcome_side: "no" })
      const paged = yield* call<{ readonly trades: ReadonlyArray<TradeWire>; readonly cursor: string }>(
        undefined,
        "GET",
        `/markets/trades?ticker=${ticker}&limit=2`
      )
      expect(paged.body.trades).toHaveLength(2)
      const rest = yield* call<{ readonly trades: ReadonlyArray<TradeWire>; readonly cursor: string }>(
        undefined,
        "GET",
        `/markets/trades?ticker=${ticker}&limit=2&cursor=${paged.body.cursor}`
      )
      expect(rest.body.trades.map((t) => t.count_fp)).toEqual(["10.00"])
      expect(rest.body.cursor).toBe("")

      const candles = yield* call<{
        readonly candlesticks: ReadonlyArray<{
          readonly end_period_ts: number
          readonly volume_fp: string
          readonly open_interest_fp: string
          readonly price: Record<string, string | null>
          readonly yes_ask: Record<string, string>
        }>
      }>(undefined, "GET", `/series/KXTEST/markets/${ticker}/candlesticks?start_ts=0&end_ts=600&period_interval=1`)
      expect(candles.status).toBe(200)
      const withTrades = candles.body.candlesticks.filter((c) => c.volume_fp !== "0.00")
      expect(withTrades.map((c) => [c.end_period_ts, c.volume_fp, c.open_interest_fp])).toEqual([
        [60, "15.00", "15.00"],
        [180, "4.00", "11.00"]
      ])
      expect(withTrades[0]!.price).toMatchObject({
        open_dollars: "0.6000",
        high_dollars: "0.6200",
        low_dollars: "0.6000",
        close_dollars: "0.6200",
        mean_dollars: "0.6067",
        previous_dollars: null
      })
      expect(withTrades[1]!.price).toMatchObject({ close_dollars: "0.5000", previous_dollars: "0.6200" })
      // The ask opened the first minute at 0.60 and was left at 0.62 once the taker walked the book.
      expect(withTrades[0]!.yes_ask).toMatchObject({ close_dollars: "0.6200" })
      const wrongSeries = yield* call(
        undefined,
        "GET",
        `/series/KXHIGHNY/markets/${ticker}/candlesticks?start_ts=0&end_ts=600&period_interval=1`
      )
      expect(wrongSeries.status).toBe(404)
      expect(
        (yield* call(
          undefined,
          "GET",
          `/series/KXTEST/markets/${ticker}/candlesticks?start_ts=0&end_ts=6&period_interval=5`
        ))
          .status
      ).toBe(400)
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("events and series describe the markets, filtered and nested on request", () =>
    Effect.gen(function*() {
      const events = yield* call<
        { readonly events: ReadonlyArray<{ readonly event_ticker: string; readonly markets?: ReadonlyArray<unknown> }> }
      >(
        undefined,
        "GET",
        "/events?series_ticker=KXHIGHNY&status=open&with_nested_markets=true"
      )
      expect(events.body.events.map((e) => e.event_ticker)).toEqual(["KXHIGHNY-26NOV21"])
      expect(events.body.events[0]!.markets).toHaveLength(2)
      const closed = yield* call<{ readonly events: ReadonlyArray<{ readonly event_ticker: string }> }>(
        undefined,
        "GET",
        "/events?status=closed"
      )
      expect(closed.body.events.map((e) => e.event_ticker)).toEqual(["KXHIGHNY-26NOV20"])
      const event = yield* call<
        {
          readonly event: { readonly title: string; readonly markets?: unknown }
          readonly markets: ReadonlyArray<{ readonly ticker: string }>
        }
      >(
        undefined,
        "GET",
        "/events/KXFEDDECISION-26DEC"
      )
      expect(event.body.event.title).toBe("Fed decision in Dec 2026?")
      expect(event.body.event.markets).toBeUndefined()
      expect(event.body.markets.map((m) => m.ticker)).toContain(H0)
      expect((yield* call(undefined, "GET", "/events/KXNOPE-1")).status).toBe(404)

      const series = yield* call<{ readonly series: ReadonlyArray<{ readonly ticker: string }> }>(
        undefined,
        "GET",
        "/series?category=Economics"
      )
      expect(series.body.series.map((s) => s.ticker)).toEqual(["KXFEDDECISION"])
      const one = yield* call<{ readonly series: { readonly title: string; readonly volume_fp?: string } }>(
        undefined,
        "GET",
        "/series/KXHIGHNY?include_volume=true"
      )
      expect(one.body.series).toMatchObject({ title: "Highest temperature in NYC", volume_fp: "0.00" })
    }).pipe(withExchange()))

  it.effect("exchange status follows pauses; the schedule is around the clock", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const status = () =>
        Effect.map(call<{ readonly trading_active: boolean }>(undefined, "GET", "/exchange/status"), (r) => r.body)
      expect(yield* status()).toMatchObject({ exchange_active: true, trading_active: true })
      yield* exchange.pauseTrading
      expect(yield* status()).toMatchObject({ exchange_active: true, trading_active: false })
      yield* exchange.resumeTrading
      expect((yield* status()).trading_active).toBe(true)
      const schedule = yield* call<{ readonly schedule: { readonly maintenance_windows: ReadonlyArray<unknown> } }>(
        undefined,
        "GET",
        "/exchange/schedule"
      )
      expect(schedule.body.schedule.maintenance_windows).toEqual([])
    }).pipe(withExchange()))

  it.effect("a seeded simulated participant moves the book deterministically under the TestClock", () =>
    Effect.gen(function*() {
      const run = Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const before = yield* exchange.orderBook(T55)
        yield* TestClock.adjust("60 seconds")
        const trades = yield* call<{ readonly trades: ReadonlyArray<TradeWire> }>(
          undefined,
          "GET",
          "/markets/trades?limit=1000"
        )
        return {
          moved: JSON.stringify(before) !== JSON.stringify(yield* exchange.orderBook(T55)),
          trades: trades.body.trades.map((t) => [t.ticker, t.count_fp, t.yes_price_dollars, t.taker_book_side])
        }
      })
      const inExchange = (seed: number) =>
        run.pipe(
          Effect.provide(
            EmbeddedExchange.layerHttpClient.pipe(
              Layer.provideMerge(EmbeddedExchange.layer({ rateLimits: "unlimited", simulation: { seed } }))
            )
          )
        )
      const first = yield* inExchange(1)
      const again = yield* inExchange(1)
      const other = yield* inExchange(2)
      expect(first.trades.length).toBeGreaterThan(0)
      expect(again).toEqual(first)
      expect(other.trades).not.toEqual(first.trades)
    }))
})
