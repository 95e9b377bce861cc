import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { EmbeddedExchange } from "../../src/testing.js"
import {
  balanceOf,
  bookOf,
  call,
  type CreateReply,
  dec,
  type ErrorBody,
  getOrder,
  H0,
  order,
  type OrderWire,
  place,
  placeOk,
  str,
  T55,
  type Trader,
  trader,
  withExchange
} from "./support.js"

const queuePosition = (who: Trader, orderId: string) =>
  Effect.map(
    call<{ readonly queue_position_fp: string }>(who, "GET", `/portfolio/orders/${orderId}/queue_position`),
    (reply) => reply.body.queue_position_fp
  )

interface AmendReply {
  readonly order_id: string
  readonly client_order_id: string
  readonly remaining_count: string | null
  readonly fill_count: string | null
  readonly average_fill_price: string | null
  readonly average_fee_paid: string | null
  readonly ts_ms: number
}

const amend = (who: Trader, orderId: string, fields: Record<string, unknown>, query = "") =>
  call<AmendReply>(who, "POST", `/portfolio/events/orders/${orderId}/amend${query}`, {
    ticker: T55,
    side: "bid",
    ...fields
  })

const decrease = (who: Trader, orderId: string, body: Record<string, unknown>, query = "") =>
  call<{ readonly order_id: string; readonly remaining_count: string }>(
    who,
    "POST",
    `/portfolio/events/orders/${orderId}/decrease${query}`,
    body
  )

const cancel = (who: Trader, orderId: string, query = "") =>
  call<{ readonly order_id: string; readonly reduced_by: string; readonly ts_ms: number }>(
    who,
    "DELETE",
    `/portfolio/events/orders/${orderId}${query}`
  )

describe("queue positions", () => {
  it.effect("count the contracts resting ahead at the same price and side", () =>
    Effect.gen(function*() {
      const [alice, bob, carol] = yield* Effect.all([trader(), trader(), trader()])
      const first = yield* placeOk(alice, { price: "0.41" })
      const second = yield* placeOk(bob, { count: "5", price: "0.41" })
      const deeper = yield* placeOk(alice, { price: "0.40" })
      expect(yield* queuePosition(alice, first.order_id)).toBe("150.00")
      expect(yield* queuePosition(bob, second.order_id)).toBe("160.00")
      expect(yield* queuePosition(alice, deeper.order_id)).toBe("300.00")

      const all = yield* call<{
        readonly queue_positions: ReadonlyArray<{ order_id: string; market_ticker: string; queue_position_fp: string }>
      }>(alice, "GET", `/portfolio/orders/queue_positions?market_tickers=${T55}`)
      expect(all.body.queue_positions).toEqual(
        expect.arrayContaining([
          { order_id: first.order_id, market_ticker: T55, queue_position_fp: "150.00" },
          { order_id: deeper.order_id, market_ticker: T55, queue_position_fp: "300.00" }
        ])
      )
      expect(all.body.queue_positions).toHaveLength(2)
      const otherEvent = yield* call<{ readonly queue_positions: ReadonlyArray<unknown> }>(
        alice,
        "GET",
        "/portfolio/orders/queue_positions?event_ticker=KXFEDDECISION-26DEC"
      )
      expect(otherEvent.body.queue_positions).toEqual([])

      // A seller eats 100 of the market maker's 150 ahead of Alice.
      yield* placeOk(carol, { side: "ask", count: "100", price: "0.41" })
      expect(yield* queuePosition(alice, first.order_id)).toBe("50.00")

      yield* cancel(alice, first.order_id)
      expect((yield* call(alice, "GET", `/portfolio/orders/${first.order_id}/queue_position`)).status).toBe(404)
    }).pipe(withExchange()))
})

describe("amend", () => {
  it.effect("shrinking keeps time priority, growing or repricing loses it, crossing fills, the id stays", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const mine = yield* placeOk(alice, { price: "0.41" })
      const theirs = yield* placeOk(bob, { price: "0.41" })

      const shrunk = yield* amend(alice, mine.order_id, { price: "0.41", count: "5" })
      expect(shrunk.status).toBe(200)
      expect(shrunk.body).toMatchObject({ order_id: mine.order_id, remaining_count: "5.00", fill_count: "0.00" })
      expect(yield* queuePosition(alice, mine.order_id)).toBe("150.00")
      expect(yield* queuePosition(bob, theirs.order_id)).toBe("155.00")
      expect(str(yield* balanceOf(alice.userId))).toBe("997.92") // 5 × 0.41 and 0.03 of maker-fee headroom

      const grown = yield* amend(alice, mine.order_id, { price: "0.41", count: "12" })
      expect(grown.body.remaining_count).toBe("12.00")
      expect(yield* queuePosition(alice, mine.order_id)).toBe("160.00")
      expect(yield* queuePosition(bob, theirs.order_id)).toBe("150.00")

      const repriced = yield* amend(alice, mine.order_id, { price: "0.42", count: "12" })
      expect(repriced.body).toMatchObject({ remaining_count: "12.00", fill_count: "0.00", average_fill_price: null })
      expect(yield* queuePosition(alice, mine.order_id)).toBe("0.00")
      expect((yield* bookOf(T55)).bids[0]).toEqual(["0.42", "12"])

      const crossed = yield* amend(alice, mine.order_id, { price: "0.44", count: "12" })
      expect(crossed.body).toMatchObject({
        order_id: mine.order_id,
        remaining_count: "0.00",
        fill_count: "12.00",
        average_fill_price: "0.4400"
      })
      expect(yield* getOrder(alice, mine.order_id)).toMatchObject({
        status: "executed",
        fill_count_fp: "12.00",
        yes_price_dollars: "0.4400",
        initial_count_fp: "12.00"
      })
      expect((yield* amend(alice, mine.order_id, { price: "0.44", count: "13" })).status).toBe(404)
    }).pipe(withExchange()))

  it.effect("count is the new total including what already filled", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const partly = yield* placeOk(alice, { count: "160", price: "0.44" })
      expect(partly).toMatchObject({ fill_count: "150.00", remaining_count: "10.00" })
      const reduced = yield* amend(alice, partly.order_id, { price: "0.44", count: "155" })
      expect(reduced.body).toMatchObject({ remaining_count: "5.00", fill_count: "0.00" })
      expect(yield* getOrder(alice, partly.order_id)).toMatchObject({
        fill_count_fp: "150.00",
        remaining_count_fp: "5.00",
        initial_count_fp: "155.00"
      })
      const tooSmall = yield* amend(alice, partly.order_id, { price: "0.44", count: "150" })
      expect(tooSmall.status).toBe(400)
      const renamed = yield* amend(alice, partly.order_id, {
        price: "0.44",
        count: "155",
        updated_client_order_id: "renamed-1"
      })
      expect(renamed.body).toMatchObject({ client_order_id: "renamed-1", remaining_count: null, fill_count: null })
      expect((yield* getOrder(alice, partly.order_id)).client_order_id).toBe("renamed-1")
    }).pipe(withExchange()))

  it.effect("refuses mismatches and other subaccounts", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const mine = yield* placeOk(alice, { price: "0.30" })
      expect((yield* amend(alice, mine.order_id, { side: "ask", price: "0.30", count: "5" })).status).toBe(400)
      expect((yield* amend(alice, mine.order_id, { price: "0.305", count: "5" })).status).toBe(400)
      expect((yield* amend(alice, mine.order_id, { price: "0.30", count: "5" }, "?subaccount=1")).status).toBe(404)
      expect((yield* amend(alice, "no-such-order", { price: "0.30", count: "5" })).status).toBe(404)
      const postOnly = yield* placeOk(alice, { price: "0.31", post_only: true })
      const crossing = yield* amend(alice, postOnly.order_id, { price: "0.44", count: "10" })
      expect(crossing.status).toBe(400)
      expect((yield* getOrder(alice, postOnly.order_id)).yes_price_dollars).toBe("0.3100")
    }).pipe(withExchange()))
})

describe("decrease", () => {
  it.effect("reduces by or to a count, keeps priority, releases the reserve, and cancels at zero", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const mine = yield* placeOk(alice, { price: "0.30" })
      const by = yield* decrease(alice, mine.order_id, { reduce_by: "3" })
      expect(by.status).toBe(200)
      expect(by.body).toMatchObject({ order_id: mine.order_id, remaining_count: "7.00" })
      expect(str(yield* balanceOf(alice.userId))).toBe("997.87") // 7 × 0.30 and 0.03 of maker-fee headroom
      expect((yield* decrease(alice, mine.order_id, { reduce_to: "2.50" })).body.remaining_count).toBe("2.50")
      expect((yield* decrease(alice, mine.order_id, { reduce_to: "3" })).status).toBe(400)
      expect((yield* decrease(alice, mine.order_id, { reduce_by: "1", reduce_to: "1" })).status).toBe(400)
      expect((yield* decrease(alice, mine.order_id, {})).status).toBe(400)
      expect((yield* decrease(alice, mine.order_id, { reduce_to: "1" }, "?subaccount=2")).status).toBe(404)
      const zero = yield* decrease(alice, mine.order_id, { reduce_to: "0" })
      expect(zero.body.remaining_count).toBe("0.00")
      expect((yield* getOrder(alice, mine.order_id)).status).toBe("canceled")
      expect(str(yield* balanceOf(alice.userId))).toBe("1000")
      expect((yield* decrease(alice, mine.order_id, { reduce_by: "1" })).status).toBe(404)
    }).pipe(withExchange()))
})

describe("cancel", () => {
  it.effect("cancels a resting order once; unknown, canceled, executed and foreign orders are 404", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      const resting = yield* placeOk(alice, { price: "0.30" })
      expect((yield* cancel(bob, resting.order_id)).status).toBe(404)
      expect((yield* cancel(alice, resting.order_id, "?subaccount=1")).status).toBe(404)
      const canceled = yield* cancel(alice, resting.order_id)
      expect(canceled.status).toBe(200)
      expect(canceled.body).toMatchObject({ order_id: resting.order_id, reduced_by: "10.00", ts_ms: 0 })
      expect(str(yield* balanceOf(alice.userId))).toBe("1000")
      const again = yield* cancel(alice, resting.order_id)
      expect(again.status).toBe(404)
      expect((again.body as unknown as ErrorBody).code).toBe("not_found")
      expect((yield* cancel(alice, "no-such-order")).status).toBe(404)
      const executed = yield* placeOk(alice, { price: "0.44" })
      expect((yield* cancel(alice, executed.order_id)).status).toBe(404)
    }).pipe(withExchange()))

  it.effect("routes by exchange_index: a shard-1 order is found only on shard 1", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const onShard1 = yield* placeOk(alice, { ticker: H0, price: "0.50" })
      expect((yield* getOrder(alice, onShard1.order_id)).exchange_index).toBe(1)
      expect((yield* cancel(alice, onShard1.order_id)).status).toBe(404)
      expect((yield* cancel(alice, onShard1.order_id, "?exchange_index=-1")).status).toBe(400)
      expect((yield* cancel(alice, onShard1.order_id, `?exchange_index=0&market_ticker=${H0}`)).status).toBe(400)
      expect((yield* cancel(alice, onShard1.order_id, `?exchange_index=-1&market_ticker=${H0}`)).status).toBe(200)
      const other = yield* placeOk(alice, { ticker: H0, price: "0.50" })
      expect((yield* cancel(alice, other.order_id, "?exchange_index=1")).status).toBe(200)
    }).pipe(withExchange()))

  it.effect("cancel-all answers 204 and honours the subaccount filter across shards", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      yield* exchange.deposit(alice.userId, dec("100"), { subaccount: 1 })
      const primary = yield* placeOk(alice, { price: "0.30" })
      const shard1 = yield* placeOk(alice, { ticker: H0, price: "0.50" })
      const sub = yield* placeOk(alice, { price: "0.30", subaccount: 1 })
      expect(str(yield* balanceOf(alice.userId, 1))).toBe("96.96")

      const onlySub = yield* call(alice, "DELETE", "/portfolio/events/orders?subaccount=1")
      expect(onlySub.status).toBe(204)
      expect(onlySub.text).toBe("")
      expect((yield* getOrder(alice, sub.order_id)).status).toBe("canceled")
      expect((yield* getOrder(alice, primary.order_id)).status).toBe("resting")
      expect(str(yield* balanceOf(alice.userId, 1))).toBe("100")

      expect((yield* call(alice, "DELETE", "/portfolio/events/orders")).status).toBe(204)
      expect((yield* getOrder(alice, primary.order_id)).status).toBe("canceled")
      expect((yield* getOrder(alice, shard1.order_id)).status).toBe("canceled")
      expect(str(yield* balanceOf(alice.userId))).toBe("1000")
      expect((yield* bookOf(T55)).bids[0]).toEqual(["0.41", "150"])
    }).pipe(withExchange()))
})

describe("batches", () => {
  it.effect("batch create answers 201 with one entry per leg, failed legs carrying an error", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const good = order({ price: "0.30" })
      const reply = yield* call<{ readonly orders: ReadonlyArray<CreateReply> }>(
        alice,
        "POST",
        "/portfolio/events/orders/batched",
        {
          orders: [
            good,
            order({ price: "0.305" }),
            { ...order(), client_order_id: good.client_order_id },
            { ...order(), colour: "blue" },
            order({ count: "5", price: "0.44" })
          ]
        }
      )
      expect(reply.status).toBe(201)
      const [ok, offGrid, duplicate, unknownField, filled] = reply.body.orders
      expect(ok).toMatchObject({
        client_order_id: good.client_order_id,
        fill_count: "0.00",
        remaining_count: "10.00",
        error: null
      })
      expect(offGrid).toMatchObject({ order_id: null, fill_count: null, remaining_count: null, ts_ms: null })
      expect(offGrid?.error?.code).toBe("invalid_price")
      expect(duplicate?.error?.code).toBe("order_already_exists")
      expect(duplicate?.client_order_id).toBe(good.client_order_id)
      expect(unknownField?.error?.code).toBe("invalid_parameters")
      expect(filled).toMatchObject({ fill_count: "5.00", average_fill_price: "0.4400", error: null })
      const orders = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(alice, "GET", "/portfolio/orders")
      expect(orders.body.orders).toHaveLength(2)
    }).pipe(withExchange()))

  it.effect("batch cancel answers 200 with per-leg results and errors", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const resting = yield* placeOk(alice, { price: "0.30" })
      const reply = yield* call<{
        readonly orders: ReadonlyArray<{
          order_id: string
          client_order_id: string | null
          reduced_by: string
          ts_ms: number | null
          error: ErrorBody | null
        }>
      }>(alice, "DELETE", "/portfolio/events/orders/batched", {
        orders: [{ order_id: resting.order_id }, { order_id: "no-such-order", subaccount: 0 }]
      })
      expect(reply.status).toBe(200)
      expect(reply.body.orders[0]).toMatchObject({
        order_id: resting.order_id,
        client_order_id: resting.client_order_id,
        reduced_by: "10.00",
        ts_ms: 0,
        error: null
      })
      expect(reply.body.orders[1]).toMatchObject({ order_id: "no-such-order", reduced_by: "0.00", ts_ms: null })
      expect(reply.body.orders[1]?.error?.code).toBe("not_found")
      expect((yield* getOrder(alice, resting.order_id)).status).toBe("canceled")
    }).pipe(withExchange()))
})

describe("client_order_id", () => {
  it.effect("is required, and reusing one answers 409 order_already_exists", () =>
    Effect.gen(function*() {
      const [alice, bob] = yield* Effect.all([trader(), trader()])
      expect((yield* place(alice, { client_order_id: undefined })).status).toBe(400)
      expect((yield* place(alice, { client_order_id: "" })).status).toBe(400)
      expect((yield* place(alice, { client_order_id: "mine-1", price: "0.30" })).status).toBe(201)
      const again = yield* place(alice, { client_order_id: "mine-1", price: "0.31" })
      expect(again.status).toBe(409)
      expect((again.body as unknown as ErrorBody).code).toBe("order_already_exists")
      // Another account may use the same id.
      expect((yield* place(bob, { client_order_id: "mine-1", price: "0.30" })).status).toBe(201)
      // A killed order still used its id.
      expect((yield* place(alice, { client_order_id: "fok-1", count: "1000", time_in_force: "fill_or_kill" })).status)
        .toBe(201)
      expect((yield* place(alice, { client_order_id: "fok-1" })).status).toBe(409)
    }).pipe(withExchange()))
})

describe("exchange_index on create", () => {
  it.effect("must be the market's shard; -1 auto-routes", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const wrong = yield* place(alice, { ticker: H0, price: "0.50", exchange_index: 0 })
      expect(wrong.status).toBe(400)
      expect(wrong.body.code).toBe("invalid_exchange_index")
      expect((yield* place(alice, { ticker: H0, price: "0.50", exchange_index: 1 })).status).toBe(201)
      expect((yield* place(alice, { ticker: H0, price: "0.50", exchange_index: -1 })).status).toBe(201)
      expect((yield* place(alice, { price: "0.30", exchange_index: 1 })).status).toBe(400)
      expect((yield* place(alice, { price: "0.30", exchange_index: -2 })).status).toBe(400)
    }).pipe(withExchange()))
})

describe("subaccounts", () => {
  it.effect("orders, fills and balances are kept per subaccount", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      // A subaccount that was never opened (POST /portfolio/subaccounts, or a deposit) takes no orders.
      expect((yield* place(alice, { subaccount: 3 })).body.code).toBe("subaccount_not_found")
      yield* exchange.deposit(alice.userId, dec("50"), { subaccount: 3 })
      const onSub = yield* placeOk(alice, { subaccount: 3, count: "5" })
      expect((yield* getOrder(alice, onSub.order_id)).subaccount_number).toBe(3)
      const sub3 = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(
        alice,
        "GET",
        "/portfolio/orders?subaccount=3"
      )
      expect(sub3.body.orders.map((o) => o.order_id)).toEqual([onSub.order_id])
      const sub0 = yield* call<{ readonly orders: ReadonlyArray<OrderWire> }>(
        alice,
        "GET",
        "/portfolio/orders?subaccount=0"
      )
      expect(sub0.body.orders).toEqual([])
      const balance = yield* call<{ readonly balance_dollars: string }>(alice, "GET", "/portfolio/balance?subaccount=3")
      // 50 - 5 × 0.44 - ceil(0.07·5·0.2464) = 0.09
      expect(balance.body.balance_dollars).toBe("47.7100")
      const fills = yield* call<{ readonly fills: ReadonlyArray<{ subaccount_number: number }> }>(
        alice,
        "GET",
        "/portfolio/fills?subaccount=3"
      )
      expect(fills.body.fills.map((f) => f.subaccount_number)).toEqual([3])
    }).pipe(withExchange()))
})
