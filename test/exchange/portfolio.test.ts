import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { EmbeddedExchange } from "../../src/testing.js"
import {
  balanceOf,
  call,
  dec,
  type FillWire,
  getOrder,
  place,
  placeOk,
  plainMarket,
  str,
  T55,
  type Trader,
  trader,
  withExchange
} from "./support.js"

interface PositionsWire {
  readonly market_positions: ReadonlyArray<Record<string, unknown> & { readonly ticker: string }>
  readonly event_positions: ReadonlyArray<Record<string, unknown>>
  readonly cursor: string
}

interface SettlementWire {
  readonly ticker: string
  readonly market_result: string
  readonly yes_count_fp: string
  readonly no_count_fp: string
  readonly yes_total_cost_dollars: string
  readonly no_total_cost_dollars: string
  readonly revenue: number
  readonly fee_cost: string
  readonly value: number
}

const ticker = plainMarket.ticker

const positions = (who: Trader, query = "") =>
  Effect.map(call<PositionsWire>(who, "GET", `/portfolio/positions${query}`), (reply) => reply.body)

describe("positions and settlements", () => {
  it.effect("positions follow fills: size, cost, exposure, realized profit and fees, by market and event", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      yield* placeOk(bob, { ticker, side: "ask", count: "10", price: "0.60" })
      yield* placeOk(alice, { ticker, count: "10", price: "0.60", time_in_force: "immediate_or_cancel" })
      // Taker fee ceil(0.07·10·0.24) = 0.17; maker fee ceil(0.0175·10·0.24) = 0.05.
      expect((yield* positions(alice)).market_positions).toEqual([{
        ticker,
        exchange_index: 0,
        total_traded_dollars: "6.0000",
        position_fp: "10.00",
        market_exposure_dollars: "6.0000",
        realized_pnl_dollars: "0.0000",
        fees_paid_dollars: "0.1700",
        last_updated_ts: "1970-01-01T00:00:00.000Z"
      }])
      expect((yield* positions(bob)).market_positions[0]).toMatchObject({
        position_fp: "-10.00",
        market_exposure_dollars: "4.0000",
        fees_paid_dollars: "0.0500"
      })
      // Alice sells 4 back at 0.70: 4 × (0.70 − 0.60) = 0.40 realized; 6 left at 0.60 each.
      yield* placeOk(bob, { ticker, count: "4", price: "0.70" })
      yield* placeOk(alice, { ticker, side: "ask", count: "4", price: "0.70", time_in_force: "immediate_or_cancel" })
      const after = yield* positions(alice)
      expect(after.market_positions[0]).toMatchObject({
        position_fp: "6.00",
        market_exposure_dollars: "3.6000",
        realized_pnl_dollars: "0.4000",
        total_traded_dollars: "7.2000"
      })
      expect(after.event_positions).toEqual([{
        event_ticker: plainMarket.event_ticker,
        total_cost_dollars: "7.2000",
        total_cost_shares_fp: "6.00",
        event_exposure_dollars: "3.6000",
        realized_pnl_dollars: "0.4000",
        fees_paid_dollars: "0.2300"
      }])
      expect((yield* positions(alice, "?ticker=KXOTHER")).market_positions).toEqual([])
      expect((yield* positions(alice, "?subaccount=1")).market_positions).toEqual([])
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("settlement pays each side out, writes settlements, moves balances and closes the market", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      yield* placeOk(bob, { ticker, side: "ask", count: "10", price: "0.60" })
      yield* placeOk(alice, { ticker, count: "10", price: "0.60", time_in_force: "immediate_or_cancel" })
      const resting = yield* placeOk(alice, { ticker, count: "5", price: "0.20" })
      const aliceBefore = yield* balanceOf(alice.userId)
      const bobBefore = yield* balanceOf(bob.userId)
      yield* exchange.settleMarket(ticker, { result: "yes" })

      // Alice's 10 yes pay $10 and her resting bid's hold (1.00 + 0.02 maker-fee headroom) comes back.
      expect(str(aliceBefore)).toBe("992.81")
      expect(str(yield* balanceOf(alice.userId))).toBe("1003.83")
      expect(str(yield* balanceOf(bob.userId))).toBe(str(bobBefore))
      expect((yield* getOrder(alice, resting.order_id)).status).toBe("canceled")
      const settlements = yield* call<{ readonly settlements: ReadonlyArray<SettlementWire> }>(
        alice,
        "GET",
        "/portfolio/settlements"
      )
      expect(settlements.body.settlements).toEqual([expect.objectContaining({
        ticker,
        market_result: "yes",
        yes_count_fp: "10.00",
        yes_total_cost_dollars: "6.0000",
        no_count_fp: "0.00",
        revenue: 1000,
        fee_cost: "0.1700",
        value: 100
      })])
      const bobs = yield* call<{ readonly settlements: ReadonlyArray<SettlementWire> }>(
        bob,
        "GET",
        "/portfolio/settlements"
      )
      expect(bobs.body.settlements).toEqual([expect.objectContaining({
        no_count_fp: "10.00",
        no_total_cost_dollars: "4.0000",
        revenue: 0
      })])
      expect((yield* positions(alice)).market_positions[0]).toMatchObject({
        position_fp: "0.00",
        market_exposure_dollars: "0.0000",
        realized_pnl_dollars: "4.0000"
      })
      const market = yield* call<{ readonly market: Record<string, unknown> }>(undefined, "GET", `/markets/${ticker}`)
      expect(market.body.market).toMatchObject({
        status: "finalized",
        result: "yes",
        settlement_value_dollars: "1.0000"
      })
      expect((yield* place(alice, { ticker, price: "0.50" })).body.code).toBe("market_closed")
      const audit = yield* exchange.audit
      expect(str(audit.openInterest)).toBe("0")
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("a scalar settlement pays value to yes and the rest to no", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      yield* placeOk(bob, { ticker, side: "ask", count: "10", price: "0.50" })
      yield* placeOk(alice, { ticker, count: "10", price: "0.50", time_in_force: "immediate_or_cancel" })
      expect(str(yield* balanceOf(alice.userId))).toBe("994.82")
      expect(str(yield* balanceOf(bob.userId))).toBe("994.95")
      yield* exchange.settleMarket(ticker, { result: "scalar", value: dec("0.3") })
      // 10 yes at 0.30 and 10 no at 0.70.
      expect(str(yield* balanceOf(alice.userId))).toBe("997.82")
      expect(str(yield* balanceOf(bob.userId))).toBe("1001.95")
      expect(yield* Effect.flip(exchange.settleMarket(ticker, { result: "no" }))).toMatchObject({
        code: "market_settled"
      })
    }).pipe(withExchange({ markets: [plainMarket] })))
})

describe("lifecycle", () => {
  it.effect("a pause refuses orders with Kalshi's error and cancels only cancel_order_on_pause orders", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      const keep = yield* placeOk(alice, { price: "0.30" })
      const drop = yield* placeOk(alice, { price: "0.31", cancel_order_on_pause: true })
      yield* exchange.pauseTrading
      const refused = yield* place(alice, { price: "0.32" })
      expect(refused.status).toBe(400)
      expect(refused.body.code).toBe("trading_is_paused")
      expect((yield* getOrder(alice, keep.order_id)).status).toBe("resting")
      expect((yield* getOrder(alice, drop.order_id)).status).toBe("canceled")
      // Cancels still work while paused.
      expect((yield* call(alice, "DELETE", `/portfolio/events/orders/${keep.order_id}`)).status).toBe(200)
      yield* exchange.resumeTrading
      expect((yield* place(alice, { price: "0.32" })).status).toBe(201)
    }).pipe(withExchange()))

  it.effect("closing a market cancels its resting orders and refuses new ones", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      const before = yield* balanceOf(alice.userId)
      const resting = yield* placeOk(alice, { price: "0.30" })
      yield* exchange.closeMarket(T55)
      expect((yield* getOrder(alice, resting.order_id)).status).toBe("canceled")
      expect(str(yield* balanceOf(alice.userId))).toBe(str(before))
      expect((yield* place(alice, { price: "0.30" })).body.code).toBe("market_closed")
      expect((yield* exchange.orderBook(T55)).bids).toEqual([])
      const market = yield* call<{ readonly market: { readonly status: string } }>(undefined, "GET", `/markets/${T55}`)
      expect(market.body.market.status).toBe("closed")
    }).pipe(withExchange()))
})

describe("subaccounts", () => {
  it.effect("are created in sequence, funded by transfers, and route orders, fills and positions", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const created = yield* call<{ readonly subaccount_number: number }>(alice, "POST", "/portfolio/subaccounts", {})
      expect(created.status).toBe(201)
      expect(created.body.subaccount_number).toBe(1)
      expect(
        (yield* call<{ readonly subaccount_number: number }>(alice, "POST", "/portfolio/subaccounts", {})).body
          .subaccount_number
      )
        .toBe(2)
      // Nothing on subaccount 1 yet.
      expect((yield* place(alice, { ticker, price: "0.50", subaccount: 1 })).body.code).toBe("insufficient_balance")

      const transferId = crypto.randomUUID()
      const transfer = (amount_cents: number, id = crypto.randomUUID()) =>
        call(alice, "POST", "/portfolio/subaccounts/transfer", {
          client_transfer_id: id,
          from_subaccount: 0,
          to_subaccount: 1,
          amount_cents
        })
      expect((yield* transfer(2500, transferId)).status).toBe(200)
      expect((yield* transfer(2500, transferId)).status).toBe(409)
      expect((yield* transfer(200_000)).body.code).toBe("insufficient_balance")
      expect(
        (yield* call(alice, "POST", "/portfolio/subaccounts/transfer", {
          client_transfer_id: crypto.randomUUID(),
          from_subaccount: 0,
          to_subaccount: 9,
          amount_cents: 1
        })).body.code
      ).toBe("subaccount_not_found")
      const balances = yield* call<
        {
          readonly subaccount_balances: ReadonlyArray<{ readonly subaccount_number: number; readonly balance: string }>
        }
      >(
        alice,
        "GET",
        "/portfolio/subaccounts/balances"
      )
      expect(balances.body.subaccount_balances.map((b) => [b.subaccount_number, b.balance])).toEqual([
        [0, "975.0000"],
        [1, "25.0000"],
        [2, "0.0000"]
      ])
      const transfers = yield* call<{ readonly transfers: ReadonlyArray<Record<string, unknown>> }>(
        alice,
        "GET",
        "/portfolio/subaccounts/transfers"
      )
      expect(transfers.body.transfers).toEqual([
        expect.objectContaining({ transfer_id: transferId, from_subaccount: 0, to_subaccount: 1, amount_cents: 2500 })
      ])

      yield* placeOk(bob, { ticker, side: "ask", count: "10", price: "0.50" })
      yield* placeOk(alice, { ticker, count: "10", price: "0.50", subaccount: 1, time_in_force: "immediate_or_cancel" })
      expect(str(yield* balanceOf(alice.userId, 1))).toBe("19.82")
      expect(str(yield* balanceOf(alice.userId, 0))).toBe("975")
      const fills = yield* call<{ readonly fills: ReadonlyArray<FillWire> }>(
        alice,
        "GET",
        "/portfolio/fills?subaccount=1"
      )
      expect(fills.body.fills.map((f) => f.subaccount_number)).toEqual([1])
      expect((yield* positions(alice, "?subaccount=1")).market_positions[0]).toMatchObject({ position_fp: "10.00" })
      expect((yield* positions(alice)).market_positions).toEqual([])
    }).pipe(withExchange({ markets: [plainMarket] })))
})

describe("order groups", () => {
  const createGroup = (who: Trader, body: Record<string, unknown>) =>
    Effect.map(
      call<{ readonly order_group_id: string }>(who, "POST", "/portfolio/order_groups/create", body),
      (reply) => reply.body.order_group_id
    )

  it.effect("a contracts limit cuts fills at the limit, cancels the group's orders and stops it until reset", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const group = yield* createGroup(alice, { contracts_limit_fp: "10" })
      const a = yield* placeOk(alice, { ticker, side: "ask", count: "8", price: "0.60", order_group_id: group })
      const b = yield* placeOk(alice, { ticker, side: "ask", count: "8", price: "0.61", order_group_id: group })
      const outside = yield* placeOk(alice, { ticker, side: "ask", count: "5", price: "0.62" })
      const got = yield* call<{ readonly orders: ReadonlyArray<string>; readonly contracts_limit_fp: string }>(
        alice,
        "GET",
        `/portfolio/order_groups/${group}`
      )
      expect(got.body).toMatchObject({ contracts_limit_fp: "10.00", is_auto_cancel_enabled: true })
      expect([...got.body.orders].sort()).toEqual([a.order_id, b.order_id].sort())

      // Bob lifts 16 from the group, but it stops at 10: the rest of it is canceled, Bob then takes from outside.
      const taken = yield* placeOk(bob, { ticker, count: "16", price: "0.62", time_in_force: "immediate_or_cancel" })
      expect(taken.fill_count).toBe("15.00")
      expect(yield* getOrder(alice, a.order_id)).toMatchObject({ status: "executed", fill_count_fp: "8.00" })
      expect(yield* getOrder(alice, b.order_id)).toMatchObject({ status: "canceled", fill_count_fp: "2.00" })
      expect((yield* getOrder(alice, outside.order_id)).fill_count_fp).toBe("5.00")
      const refused = yield* place(alice, { ticker, side: "ask", price: "0.70", order_group_id: group })
      expect(refused.body.code).toBe("order_group_triggered")

      expect((yield* call(alice, "PUT", `/portfolio/order_groups/${group}/reset`, {})).status).toBe(200)
      expect((yield* place(alice, { ticker, side: "ask", price: "0.70", order_group_id: group })).status).toBe(201)
    }).pipe(withExchange({ markets: [plainMarket] })))

  it.effect("the limit counts a rolling 15-second window; limit, trigger, list and delete work as Kalshi's", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const group = yield* createGroup(alice, { contracts_limit: 10 })
      const sell = (count: string) =>
        placeOk(alice, { ticker, side: "ask", count, price: "0.60", order_group_id: group })
      const lift = (count: string) =>
        placeOk(bob, { ticker, count, price: "0.60", time_in_force: "immediate_or_cancel" })
      yield* sell("6")
      yield* lift("6")
      yield* TestClock.adjust("16 seconds")
      const next = yield* sell("6")
      yield* lift("6")
      // 6 fifteen seconds ago no longer count: the group is still open.
      expect((yield* getOrder(alice, next.order_id)).status).toBe("executed")
      const third = yield* sell("6")
      // Lowering the limit below what the window holds triggers the group at once.
      expect((yield* call(alice, "PUT", `/portfolio/order_groups/${group}/limit`, { contracts_limit: 5 })).status).toBe(
        200
      )
      expect((yield* getOrder(alice, third.order_id)).status).toBe("canceled")

      yield* call(alice, "PUT", `/portfolio/order_groups/${group}/reset`, {})
      yield* call(alice, "PUT", `/portfolio/order_groups/${group}/limit`, { contracts_limit_fp: "100" })
      const fourth = yield* sell("1")
      expect((yield* call(alice, "PUT", `/portfolio/order_groups/${group}/trigger`, {})).status).toBe(200)
      expect((yield* getOrder(alice, fourth.order_id)).status).toBe("canceled")

      const list = yield* call<{ readonly order_groups: ReadonlyArray<{ readonly id: string }> }>(
        alice,
        "GET",
        "/portfolio/order_groups"
      )
      expect(list.body.order_groups.map((g) => g.id)).toEqual([group])
      expect((yield* call(bob, "GET", `/portfolio/order_groups/${group}`)).status).toBe(404)
      expect((yield* call(alice, "DELETE", `/portfolio/order_groups/${group}`)).status).toBe(200)
      expect((yield* call(alice, "GET", `/portfolio/order_groups/${group}`)).status).toBe(404)
      expect((yield* place(alice, { ticker, side: "ask", price: "0.70", order_group_id: group })).body.code)
        .toBe("order_group_not_found")
    }).pipe(withExchange({ markets: [plainMarket] })))
})

describe("resting order value", () => {
  it.effect("sums the cost of resting orders per shard, in cents", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      yield* placeOk(alice, { price: "0.30" })
      yield* placeOk(alice, { side: "ask", price: "0.90" })
      const reply = yield* call<Record<string, unknown>>(alice, "GET", "/portfolio/summary/total_resting_order_value")
      // 10 × 0.30 + 10 × (1 − 0.90)
      expect(reply.body).toEqual({
        total_resting_order_value: 400,
        resting_order_value_breakdown: [{ exchange_index: 0, balance: "4.0000" }]
      })
    }).pipe(withExchange()))
})
