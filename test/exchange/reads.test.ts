import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import {
  B535,
  type BalanceWire,
  C25,
  call,
  CLOSED,
  type FillWire,
  H0,
  H25,
  type MarketWire,
  type OrderWire,
  placeOk,
  T55,
  type Trader,
  trader,
  withExchange
} from "./support.js"

/** Walks every page of a list, asserting the cursor protocol; answers the items in order. */
const walk = <T>(who: Trader | undefined, path: string, key: string) =>
  Effect.gen(function*() {
    const items: Array<T> = []
    let cursor = ""
    for (let pages = 1; pages <= 20; pages++) {
      const separator = path.includes("?") ? "&" : "?"
      const reply = yield* call<Record<string, unknown>>(
        who,
        "GET",
        `${path}${cursor === "" ? "" : `${separator}cursor=${encodeURIComponent(cursor)}`}`
      )
      expect(reply.status).toBe(200)
      items.push(...(reply.body[key] as ReadonlyArray<T>))
      cursor = reply.body["cursor"] as string
      expect(typeof cursor).toBe("string")
      if (cursor === "") return { items, pages }
    }
    return yield* Effect.dieMessage("pagination did not end")
  })

const requiredMarketFields = [
  "ticker",
  "event_ticker",
  "market_type",
  "yes_sub_title",
  "no_sub_title",
  "created_time",
  "updated_time",
  "open_time",
  "close_time",
  "latest_expiration_time",
  "settlement_timer_seconds",
  "status",
  "notional_value_dollars",
  "yes_bid_dollars",
  "yes_ask_dollars",
  "no_bid_dollars",
  "no_ask_dollars",
  "yes_bid_size_fp",
  "yes_ask_size_fp",
  "last_price_dollars",
  "previous_yes_bid_dollars",
  "previous_yes_ask_dollars",
  "previous_price_dollars",
  "volume_fp",
  "volume_24h_fp",
  "open_interest_fp",
  "result",
  "can_close_early",
  "expiration_value",
  "rules_primary",
  "rules_secondary",
  "price_level_structure",
  "price_ranges"
]

const requiredOrderFields = [
  "order_id",
  "user_id",
  "client_order_id",
  "ticker",
  "outcome_side",
  "book_side",
  "type",
  "status",
  "yes_price_dollars",
  "no_price_dollars",
  "fill_count_fp",
  "remaining_count_fp",
  "initial_count_fp",
  "taker_fees_dollars",
  "maker_fees_dollars",
  "taker_fill_cost_dollars",
  "maker_fill_cost_dollars",
  "side",
  "action",
  "created_time",
  "last_update_time",
  "expiration_time",
  "self_trade_prevention_type",
  "subaccount_number",
  "exchange_index"
]

const requiredFillFields = [
  "fill_id",
  "exchange_index",
  "trade_id",
  "order_id",
  "ticker",
  "market_ticker",
  "outcome_side",
  "book_side",
  "count_fp",
  "yes_price_dollars",
  "no_price_dollars",
  "is_taker",
  "fee_cost",
  "side",
  "action",
  "created_time",
  "ts"
]

const price = /^\d\.\d{4}$/
const count = /^\d+\.\d{2}$/

describe("markets", () => {
  it.effect("are public, complete and well-formed", () =>
    Effect.gen(function*() {
      const { items, pages } = yield* walk<MarketWire>(undefined, "/markets?limit=2", "markets")
      expect(pages).toBe(3)
      expect(items.map((market) => market.ticker)).toEqual([T55, B535, CLOSED, H0, C25, H25])
      for (const market of items) {
        for (const field of requiredMarketFields) expect(market, `${market.ticker}.${field}`).toHaveProperty(field)
        for (
          const field of [
            "yes_bid_dollars",
            "yes_ask_dollars",
            "no_bid_dollars",
            "no_ask_dollars",
            "last_price_dollars"
          ]
        ) {
          expect(market[field], field).toMatch(price)
        }
        for (const field of ["yes_bid_size_fp", "yes_ask_size_fp", "volume_fp", "open_interest_fp"]) {
          expect(market[field], field).toMatch(count)
        }
        expect(market.title).toEqual(expect.any(String))
        expect(market.rules_primary.length).toBeGreaterThan(20)
      }
      const byTicker = new Map(items.map((market) => [market.ticker, market]))
      expect(byTicker.get(B535)?.price_ranges).toEqual([
        { start: "0.0010", end: "0.1000", step: "0.0010" },
        { start: "0.1000", end: "0.9000", step: "0.0100" },
        { start: "0.9000", end: "0.9990", step: "0.0010" }
      ])
      expect(byTicker.get(B535)).toMatchObject({
        price_level_structure: "tapered_deci_cent",
        yes_bid_dollars: "0.0620",
        yes_ask_dollars: "0.0680",
        no_bid_dollars: "0.9320",
        no_ask_dollars: "0.9380"
      })
      expect(byTicker.get(T55)?.price_ranges).toEqual([{ start: "0.0100", end: "0.9900", step: "0.0100" }])
      expect(byTicker.get(H0)?.exchange_index).toBe(1)
      expect(byTicker.get(CLOSED)?.status).toBe("closed")
    }).pipe(withExchange()))

  it.effect("filter by status, event, series and tickers", () =>
    Effect.gen(function*() {
      const tickers = (query: string) =>
        Effect.map(
          call<{ readonly markets: ReadonlyArray<MarketWire> }>(undefined, "GET", `/markets${query}`),
          (reply) => reply.body.markets.map((market) => market.ticker)
        )
      expect(yield* tickers("?status=open")).toEqual([T55, B535, H0, C25, H25])
      expect(yield* tickers("?status=closed")).toEqual([CLOSED])
      expect(yield* tickers("?status=settled")).toEqual([])
      expect(yield* tickers("?event_ticker=KXHIGHNY-26NOV21")).toEqual([T55, B535])
      expect(yield* tickers("?series_ticker=KXHIGHNY")).toEqual([T55, B535, CLOSED])
      expect(yield* tickers(`?tickers=${H25},${T55}`)).toEqual([T55, H25])
      expect((yield* call(undefined, "GET", "/markets?status=bogus")).status).toBe(400)
      expect((yield* call(undefined, "GET", "/markets?limit=1001")).status).toBe(400)
      const one = yield* call<{ readonly market: MarketWire }>(undefined, "GET", `/markets/${H0}`)
      expect(one.body.market.ticker).toBe(H0)
      const missing = yield* call(undefined, "GET", "/markets/KXNOPE-1")
      expect(missing.status).toBe(404)
      expect(missing.body.code).toBe("not_found")
    }).pipe(withExchange()))
})

describe("orders and fills", () => {
  it.effect("paginate newest first, every item once, with an empty last cursor", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const created: Array<string> = []
      for (let i = 0; i < 7; i++) created.push((yield* placeOk(alice, { count: "1", price: "0.44" })).order_id)
      const orders = yield* walk<OrderWire>(alice, "/portfolio/orders?limit=3", "orders")
      expect(orders.pages).toBe(3)
      expect(orders.items.map((o) => o.order_id)).toEqual([...created].reverse())
      for (const o of orders.items) for (const field of requiredOrderFields) expect(o).toHaveProperty(field)
      expect(orders.items[0]).toMatchObject({
        type: "limit",
        book_side: "bid",
        outcome_side: "yes",
        side: "yes",
        action: "buy"
      })
      const fills = yield* walk<FillWire>(alice, "/portfolio/fills?limit=2", "fills")
      expect(fills.pages).toBe(4)
      expect(fills.items.map((f) => f.order_id)).toEqual([...created].reverse())
      for (const f of fills.items) for (const field of requiredFillFields) expect(f).toHaveProperty(field)
      const exact = yield* walk<OrderWire>(alice, "/portfolio/orders?limit=7", "orders")
      expect(exact.pages).toBe(1)
      expect((yield* call(alice, "GET", "/portfolio/orders?limit=0")).status).toBe(400)
      expect((yield* call(alice, "GET", "/portfolio/orders?limit=1001")).status).toBe(400)
      const bogus = yield* call(alice, "GET", "/portfolio/orders?cursor=bm9wZQ")
      expect(bogus.status).toBe(400)
      expect(bogus.body.code).toBe("invalid_cursor")
    }).pipe(withExchange()))

  it.effect("filter by ticker, event, status, time, order and shard", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* TestClock.adjust("100 seconds")
      const early = yield* placeOk(alice, { price: "0.30" })
      yield* TestClock.adjust("100 seconds")
      const filled = yield* placeOk(alice, { count: "2", price: "0.44" })
      const fed = yield* placeOk(alice, { ticker: H0, price: "0.50" })
      const ids = (query: string) =>
        Effect.map(
          call<{ readonly orders: ReadonlyArray<OrderWire> }>(alice, "GET", `/portfolio/orders${query}`),
          (r) => r.body.orders.map((o) => o.order_id)
        )
      expect(yield* ids("?status=resting")).toEqual([fed.order_id, early.order_id])
      expect(yield* ids("?status=executed")).toEqual([filled.order_id])
      expect(yield* ids(`?ticker=${H0}`)).toEqual([fed.order_id])
      expect(yield* ids("?event_ticker=KXFEDDECISION-26DEC,KXOTHER")).toEqual([fed.order_id])
      expect(yield* ids("?max_ts=150")).toEqual([early.order_id])
      expect(yield* ids("?min_ts=150")).toEqual([fed.order_id, filled.order_id])
      expect(yield* ids("?exchange_index=1")).toEqual([fed.order_id])
      expect((yield* call(alice, "GET", "/portfolio/orders?status=open")).status).toBe(400)
      const fills = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(
        alice,
        "GET",
        `/portfolio/fills?order_id=${filled.order_id}&ticker=${T55}`
      )
      expect(fills.body.fills.map((f) => [f.order_id, f.count_fp, f.ts])).toEqual([[filled.order_id, "2.00", 200]])
      const none = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(
        alice,
        "GET",
        "/portfolio/fills?exchange_index=1"
      )
      expect(none.body.fills).toEqual([])
      const single = yield* call<{ readonly order: OrderWire }>(alice, "GET", `/portfolio/orders/${early.order_id}`)
      expect(single.body.order.created_time).toBe("1970-01-01T00:01:40.000Z")
      const bob = yield* trader()
      expect((yield* call(bob, "GET", `/portfolio/orders/${early.order_id}`)).status).toBe(404)
    }).pipe(withExchange()))
})

describe("balance", () => {
  it.effect("reports cents and dollars, the portfolio value per shard, and the update time", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* TestClock.adjust("42 seconds")
      yield* placeOk(alice, { count: "10", price: "0.44" })
      yield* placeOk(alice, { ticker: H0, count: "10", price: "0.66" })
      const all = yield* call<BalanceWire>(alice, "GET", "/portfolio/balance")
      // 1000 - 4.40 - 0.18 - 6.60 - ceil(0.07·10·0.66·0.34) = 0.16
      expect(all.body).toEqual({
        balance: 98866,
        balance_dollars: "988.6600",
        portfolio_value: 1100,
        updated_ts: 42,
        balance_breakdown: [{ exchange_index: 0, balance: "988.6600" }]
      })
      const shard1 = yield* call<BalanceWire>(alice, "GET", "/portfolio/balance?exchange_index=1")
      expect(shard1.body.portfolio_value).toBe(660)
    }).pipe(withExchange()))
})
