import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { EmbeddedExchange } from "../../src/testing.js"
import {
  balanceOf,
  bookOf,
  call,
  dec,
  type FillWire,
  getOrder,
  marketOf,
  place,
  placeOk,
  plainMarket,
  positionOf,
  str,
  T55,
  trader,
  withExchange
} from "./support.js"

describe("matching", () => {
  it.effect("a marketable bid walks the asks at the makers' prices and pays the taker fee per fill", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const makerBefore = yield* balanceOf(EmbeddedExchange.marketMakerUserId)
      const created = yield* placeOk(alice, { count: "200", price: "0.45" })
      // 150 @ 0.44 + 50 @ 0.45; fees ceil(0.07·150·0.44·0.56) = 2.59 and ceil(0.07·50·0.45·0.55) = 0.87.
      expect(created).toMatchObject({ fill_count: "200.00", remaining_count: "0.00", average_fill_price: "0.4425" })
      expect(created.average_fee_paid).toBe("0.0173")
      expect(str(yield* balanceOf(alice.userId))).toBe("908.04")
      expect(str(yield* positionOf(alice.userId, T55))).toBe("200")
      // The maker's hold became the cost, and its maker fees (0.65 + 0.22) came out of the fee headroom it
      // held while resting: its available balance does not move.
      expect(str(yield* balanceOf(EmbeddedExchange.marketMakerUserId))).toBe(str(makerBefore))
      expect(str(yield* positionOf(EmbeddedExchange.marketMakerUserId, T55))).toBe("-200")
      expect((yield* getOrder(alice, created.order_id)).status).toBe("executed")
      expect((yield* bookOf(T55)).asks).toEqual([["0.45", "250"]])
      const market = yield* marketOf(T55)
      expect(market).toMatchObject({
        yes_ask_dollars: "0.4500",
        yes_ask_size_fp: "250.00",
        no_bid_dollars: "0.5500",
        yes_bid_dollars: "0.4100",
        no_ask_dollars: "0.5900",
        last_price_dollars: "0.4500",
        volume_fp: "200.00",
        open_interest_fp: "200.00"
      })
    }).pipe(withExchange()))

  it.effect("price-time priority: better price first, then earlier orders at the same price", () =>
    Effect.gen(function*() {
      const [alice, bob, carol, dave] = yield* Effect.all([trader(), trader(), trader(), trader()])
      const bobAsk = yield* placeOk(bob, { side: "ask", count: "5", price: "0.43" })
      const carolAsk = yield* placeOk(carol, { side: "ask", count: "5", price: "0.43" })
      const daveAsk = yield* placeOk(dave, { side: "ask", count: "3", price: "0.42" })
      const taken = yield* placeOk(alice, { count: "10", price: "0.43" })
      expect(taken).toMatchObject({ fill_count: "10.00", remaining_count: "0.00", average_fill_price: "0.4270" })
      expect(yield* getOrder(dave, daveAsk.order_id)).toMatchObject({ status: "executed", fill_count_fp: "3.00" })
      expect(yield* getOrder(bob, bobAsk.order_id)).toMatchObject({ status: "executed", fill_count_fp: "5.00" })
      expect(yield* getOrder(carol, carolAsk.order_id)).toMatchObject({
        status: "resting",
        fill_count_fp: "2.00",
        remaining_count_fp: "3.00",
        initial_count_fp: "5.00"
      })
      const fills = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(alice, "GET", "/portfolio/fills")
      expect(fills.body.fills.map((fill) => [fill.yes_price_dollars, fill.count_fp])).toEqual([
        ["0.4300", "2.00"],
        ["0.4300", "5.00"],
        ["0.4200", "3.00"]
      ])
    }).pipe(withExchange()))

  it.effect("good_till_canceled rests the unfilled part and reserves its cost", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const created = yield* placeOk(alice, { count: "200", price: "0.44" })
      expect(created).toMatchObject({ fill_count: "150.00", remaining_count: "50.00" })
      expect(yield* getOrder(alice, created.order_id)).toMatchObject({
        status: "resting",
        fill_count_fp: "150.00",
        remaining_count_fp: "50.00",
        taker_fill_cost_dollars: "66.0000",
        taker_fees_dollars: "2.5900"
      })
      // 1000 - 66 - 2.59 - 50 × 0.44 reserved - maker-fee headroom ceil(0.0175·50·0.44·0.56) = 0.22
      expect(str(yield* balanceOf(alice.userId))).toBe("909.19")
      expect(yield* marketOf(T55)).toMatchObject({ yes_bid_dollars: "0.4400", yes_bid_size_fp: "50.00" })
    }).pipe(withExchange()))

  it.effect("immediate_or_cancel fills what it can and cancels the rest", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const created = yield* placeOk(alice, { count: "200", price: "0.44", time_in_force: "immediate_or_cancel" })
      expect(created).toMatchObject({ fill_count: "150.00", remaining_count: "0.00" })
      expect(yield* getOrder(alice, created.order_id)).toMatchObject({ status: "canceled", fill_count_fp: "150.00" })
      expect((yield* bookOf(T55)).bids).toEqual([
        ["0.41", "150"],
        ["0.4", "300"]
      ])
      expect(str(yield* balanceOf(alice.userId))).toBe("931.41")
    }).pipe(withExchange()))

  it.effect("fill_or_kill fills everything or nothing", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const killed = yield* placeOk(alice, { count: "200", price: "0.44", time_in_force: "fill_or_kill" })
      expect(killed).toMatchObject({ fill_count: "0.00", remaining_count: "0.00" })
      expect(killed.average_fill_price).toBeUndefined()
      expect((yield* getOrder(alice, killed.order_id)).status).toBe("canceled")
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.44", "150"])
      expect(str(yield* balanceOf(alice.userId))).toBe("1000")

      const filled = yield* placeOk(alice, { count: "200", price: "0.45", time_in_force: "fill_or_kill" })
      expect(filled).toMatchObject({ fill_count: "200.00", remaining_count: "0.00" })
      expect((yield* getOrder(alice, filled.order_id)).status).toBe("executed")
    }).pipe(withExchange()))

  it.effect("an expiring good_till_canceled order is canceled once the clock passes expiration_time", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const created = yield* placeOk(alice, { price: "0.30", expiration_time: 60 })
      expect(yield* getOrder(alice, created.order_id)).toMatchObject({
        status: "resting",
        expiration_time: "1970-01-01T00:01:00.000Z"
      })
      yield* TestClock.adjust("59 seconds")
      expect((yield* getOrder(alice, created.order_id)).status).toBe("resting")
      expect(str(yield* balanceOf(alice.userId))).toBe("996.96")
      yield* TestClock.adjust("2 seconds")
      expect(yield* getOrder(alice, created.order_id)).toMatchObject({ status: "canceled", remaining_count_fp: "0.00" })
      expect(str(yield* balanceOf(alice.userId))).toBe("1000")
      expect((yield* bookOf(T55)).bids[0]).toEqual(["0.41", "150"])
    }).pipe(withExchange()))

  it.effect("expiration_time needs good_till_canceled and a future time", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* TestClock.adjust("10 seconds")
      const ioc = yield* place(alice, { time_in_force: "immediate_or_cancel", expiration_time: 60 })
      expect(ioc.status).toBe(400)
      const past = yield* place(alice, { price: "0.30", expiration_time: 5 })
      expect(past.status).toBe(400)
      expect((yield* call(alice, "GET", "/portfolio/orders")).text).toContain("\"orders\":[]")
    }).pipe(withExchange()))

  it.effect("post_only is refused when it would cross, and rests otherwise", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const crossing = yield* place(alice, { price: "0.44", post_only: true })
      expect(crossing.status).toBe(400)
      expect(crossing.body.code).toBe("post_only_cross")
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.44", "150"])
      const resting = yield* placeOk(alice, { price: "0.43", post_only: true })
      expect(resting).toMatchObject({ fill_count: "0.00", remaining_count: "10.00" })
    }).pipe(withExchange()))

  it.effect("reduce_only caps the count at the position and needs one", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const nothing = yield* place(alice, { side: "ask", price: "0.41", reduce_only: true })
      expect(nothing.status).toBe(400)
      expect(nothing.body.code).toBe("reduce_only_no_position")
      yield* placeOk(alice, { count: "10", price: "0.44" })
      const wrongWay = yield* place(alice, { side: "bid", price: "0.44", reduce_only: true })
      expect(wrongWay.status).toBe(400)
      const reduced = yield* placeOk(alice, { side: "ask", count: "25", price: "0.41", reduce_only: true })
      expect(reduced).toMatchObject({ fill_count: "10.00", remaining_count: "0.00" })
      expect(str(yield* positionOf(alice.userId, T55))).toBe("0")
      // Bought 10 at 0.44 (fee 0.18), sold 10 at 0.41 (fee 0.17): -0.30 - 0.35.
      expect(str(yield* balanceOf(alice.userId))).toBe("999.35")
    }).pipe(withExchange()))

  it.effect("self-trade prevention taker_at_cross stops at the own order; fills already made stand", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      yield* placeOk(bob, { side: "ask", count: "5", price: "0.42" })
      const own = yield* placeOk(alice, { side: "ask", count: "5", price: "0.43" })
      const taker = yield* placeOk(alice, { count: "20", price: "0.45", self_trade_prevention_type: "taker_at_cross" })
      expect(taker).toMatchObject({ fill_count: "5.00", remaining_count: "0.00", average_fill_price: "0.4200" })
      expect((yield* getOrder(alice, taker.order_id)).status).toBe("canceled")
      expect(yield* getOrder(alice, own.order_id)).toMatchObject({ status: "resting", remaining_count_fp: "5.00" })
      expect((yield* bookOf(T55)).asks).toEqual([
        ["0.43", "5"],
        ["0.44", "150"],
        ["0.45", "300"]
      ])
    }).pipe(withExchange()))

  it.effect("self-trade prevention maker cancels the own resting order and keeps matching", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      yield* placeOk(bob, { side: "ask", count: "5", price: "0.42" })
      const own = yield* placeOk(alice, { side: "ask", count: "5", price: "0.43" })
      const taker = yield* placeOk(alice, { count: "20", price: "0.45", self_trade_prevention_type: "maker" })
      expect(taker).toMatchObject({ fill_count: "20.00", remaining_count: "0.00" })
      expect(yield* getOrder(alice, own.order_id)).toMatchObject({ status: "canceled", fill_count_fp: "0.00" })
      expect((yield* bookOf(T55)).asks).toEqual([
        ["0.44", "135"],
        ["0.45", "300"]
      ])
      // The canceled ask's reserve came back: only the 20 bought contracts and their fees left the account.
      expect(str(yield* positionOf(alice.userId, T55))).toBe("20")
    }).pipe(withExchange()))
})

describe("economics", () => {
  it.effect("costs, fees, netting, positions and open interest stay consistent across a round trip", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const ticker = plainMarket.ticker
      const bobAsk = yield* placeOk(bob, { ticker, side: "ask", count: "10", price: "0.60" })
      // 10 × 0.40 reserved and the maker-fee headroom ceil(0.0175·10·0.24) = 0.05.
      expect(str(yield* balanceOf(bob.userId))).toBe("995.95")
      const aliceBid = yield* placeOk(alice, { ticker, count: "10", price: "0.60" })
      expect(aliceBid).toMatchObject({ fill_count: "10.00", average_fill_price: "0.6000", average_fee_paid: "0.0170" })
      // Taker fee ceil(0.07·10·0.6·0.4) = 0.17, maker fee ceil(0.0175·10·0.24) = 0.05.
      expect(str(yield* balanceOf(alice.userId))).toBe("993.83")
      expect(str(yield* balanceOf(bob.userId))).toBe("995.95")
      expect(str(yield* positionOf(alice.userId, ticker))).toBe("10")
      expect(str(yield* positionOf(bob.userId, ticker))).toBe("-10")
      expect(yield* getOrder(alice, aliceBid.order_id)).toMatchObject({
        taker_fees_dollars: "0.1700",
        taker_fill_cost_dollars: "6.0000",
        maker_fees_dollars: "0.0000"
      })
      expect(yield* getOrder(bob, bobAsk.order_id)).toMatchObject({
        outcome_side: "no",
        book_side: "ask",
        side: "no",
        action: "buy",
        yes_price_dollars: "0.6000",
        no_price_dollars: "0.4000",
        maker_fees_dollars: "0.0500",
        maker_fill_cost_dollars: "4.0000"
      })
      const bobFills = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(bob, "GET", "/portfolio/fills")
      expect(bobFills.body.fills).toHaveLength(1)
      expect(bobFills.body.fills[0]).toMatchObject({
        order_id: bobAsk.order_id,
        ticker,
        market_ticker: ticker,
        outcome_side: "no",
        book_side: "ask",
        count_fp: "10.00",
        yes_price_dollars: "0.6000",
        no_price_dollars: "0.4000",
        is_taker: false,
        fee_cost: "0.0500",
        subaccount_number: 0,
        exchange_index: 0,
        ts: 0
      })
      expect(bobFills.body.fills[0]?.trade_id).toBe(bobFills.body.fills[0]?.fill_id)
      expect((yield* marketOf(ticker)).open_interest_fp).toBe("10.00")

      // Both close: Alice rests an ask at 0.55, Bob lifts it; each gets $1 back per netted contract.
      yield* placeOk(alice, { ticker, side: "ask", count: "10", price: "0.55" })
      // 993.83 - 10 × 0.45 reserved - maker-fee headroom ceil(0.0175·10·0.55·0.45) = 0.05.
      expect(str(yield* balanceOf(alice.userId))).toBe("989.28")
      yield* placeOk(bob, { ticker, count: "10", price: "0.55" })
      // Alice: 993.83 + 10 - 4.50 - maker fee 0.05; Bob: 995.95 + 10 - 5.50 - taker fee 0.18.
      expect(str(yield* balanceOf(alice.userId))).toBe("999.28")
      expect(str(yield* balanceOf(bob.userId))).toBe("1000.27")
      expect(str(yield* positionOf(alice.userId, ticker))).toBe("0")
      expect(str(yield* positionOf(bob.userId, ticker))).toBe("0")
      const market = yield* marketOf(ticker)
      expect(market).toMatchObject({ open_interest_fp: "0.00", volume_fp: "20.00", last_price_dollars: "0.5500" })
      const balance = yield* call<{ readonly balance: number; readonly balance_dollars: string }>(
        alice,
        "GET",
        "/portfolio/balance"
      )
      expect(balance.body).toMatchObject({ balance: 99928, balance_dollars: "999.2800" })
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("an order needs its worst case (limit cost, the largest taker fee, the maker fee if it rests) in the available balance", () =>
    Effect.gen(function*() {
      const poor = yield* trader({ algorithm: "ed25519", balance: dec("10") })
      // 22 × 0.44 = 9.68 plus ceil(0.07·22·0.44·0.56) = 0.38 plus ceil(0.0175·22·0.44·0.56) = 0.10 exceeds $10.
      const refused = yield* place(poor, { count: "22", price: "0.44" })
      expect(refused.status).toBe(400)
      expect(refused.body.code).toBe("insufficient_balance")
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.44", "150"])
      expect(str(yield* balanceOf(poor.userId))).toBe("10")
      // 21 × 0.44 = 9.24 plus 0.37 plus 0.10 fits.
      expect((yield* placeOk(poor, { count: "21", price: "0.44" })).fill_count).toBe("21.00")
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* exchange.deposit(poor.userId, dec("100"))
      expect((yield* placeOk(poor, { count: "22", price: "0.44" })).fill_count).toBe("22.00")
    }).pipe(withExchange()))
})
