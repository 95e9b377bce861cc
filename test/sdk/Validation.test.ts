/**
 * Requests are validated before anything is sent: each case fails with a `ValidationError` and the
 * scripted transport receives nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import type { BigDecimal } from "effect"
import { Effect } from "effect"
import type { KalshiClient, KalshiError } from "../../src/index.js"
import { Markets, Orders, Portfolio } from "../../src/index.js"
import * as S from "../support/scripted.js"

const d = S.dec

const order = S.order()

/** A value the types would refuse, as a caller without types (or with a cast) could still pass it. */
const loose = <A>(value: unknown): A => value as A

const amend: Orders.AmendOrderV2Request = { ticker: "KXPRES-24-DJT", side: "bid", price: d("0.5"), count: d("1") }

/**
 * Runs the call with a success queued (so that a call that wrongly gets through would succeed) and
 * checks it fails with a ValidationError whose message contains `fragment`, having sent nothing.
 */
const rejected = (
  call: Effect.Effect<unknown, KalshiError.KalshiError, KalshiClient.KalshiClient>,
  fragment: string
) =>
  Effect.gen(function*() {
    yield* S.reply(S.json(201, { order_id: "x", fill_count: "0", remaining_count: "0", ts_ms: 0 }))
    const error = yield* S.failure(call)
    expect(error._tag).toBe("ValidationError")
    expect(error.message).toContain(fragment)
    expect(error.status).toBeUndefined()
    expect(yield* S.requests).toHaveLength(0)
  }).pipe(Effect.provide(S.layer()))

describe("create requests", () => {
  it.effect("refuse unknown keys", () => rejected(Orders.createV2(loose({ ...order, yes_price: 56 })), "yes_price"))

  it.effect("refuse unknown keys in a batch leg", () =>
    rejected(Orders.batchCreateV2({ orders: [order, loose({ ...order, action: "buy" })] }), "action"))

  it.effect("refuse unknown keys at the top of a batch", () =>
    rejected(Orders.batchCreateV2(loose({ orders: [order], dry_run: true })), "dry_run"))

  it.effect("refuse an empty batch", () => rejected(Orders.batchCreateV2(loose({ orders: [] })), "orders"))

  for (const price of ["1.01", "-0.01", "2"]) {
    it.effect(`refuse a price of ${price} (outside [0, 1])`, () =>
      rejected(Orders.createV2({ ...order, price: d(price) }), "within [0, 1]"))
  }

  it.effect("refuse a price with 5 decimals", () =>
    rejected(Orders.createV2({ ...order, price: d("0.56001") }), "at most 4 decimals"))

  it.effect("accept a price with trailing zeros beyond 4 decimals (0.560000 is 0.56)", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, { order_id: "x", fill_count: "0", remaining_count: "10", ts_ms: 0 }))
      yield* Orders.createV2({ ...order, price: d("0.560000") })
      const request = yield* S.onlyRequest
      expect((request.json as Record<string, unknown>).price).toBe("0.5600")
    }).pipe(Effect.provide(S.layer())))

  for (const count of ["0", "-1", "-0.01"]) {
    it.effect(`refuse a count of ${count}`, () => rejected(Orders.createV2({ ...order, count: d(count) }), "positive"))
  }

  it.effect("refuse a count with 3 decimals", () =>
    rejected(Orders.createV2({ ...order, count: d("1.005") }), "at most 2 decimals"))

  it.effect("refuse a JS number as a price", () =>
    rejected(Orders.createV2({ ...order, price: loose<BigDecimal.BigDecimal>(0.56) }), "price"))

  it.effect("refuse a JS number as a count", () =>
    rejected(Orders.createV2({ ...order, count: loose<BigDecimal.BigDecimal>(10) }), "count"))

  it.effect("refuse a decimal string as a price", () =>
    rejected(Orders.createV2({ ...order, price: loose<BigDecimal.BigDecimal>("0.56") }), "price"))

  it.effect("refuse a missing client_order_id", () => {
    const { client_order_id: _, ...withoutId } = order
    return rejected(Orders.createV2(loose(withoutId)), "client_order_id")
  })

  it.effect("refuse an empty client_order_id", () =>
    rejected(Orders.createV2({ ...order, client_order_id: "" }), "client_order_id"))

  it.effect("refuse an empty ticker", () => rejected(Orders.createV2({ ...order, ticker: "" }), "ticker"))

  it.effect("refuse a legacy side", () => rejected(Orders.createV2(loose({ ...order, side: "yes" })), "side"))

  it.effect("refuse immediate_or_cancel with an expiration_time", () =>
    rejected(
      Orders.createV2({ ...order, time_in_force: "immediate_or_cancel", expiration_time: 1785585600 }),
      "immediate_or_cancel"
    ))

  it.effect("refuse a negative subaccount", () => rejected(Orders.createV2({ ...order, subaccount: -1 }), "subaccount"))
})

describe("cancel, amend and decrease requests", () => {
  it.effect("cancel refuses exchange_index -1 without a market ticker", () =>
    rejected(Orders.cancelV2("ord-1", { exchange_index: -1 }), "market_ticker"))

  it.effect("cancel refuses unknown routing keys", () =>
    rejected(Orders.cancelV2("ord-1", loose({ subacount: 1 })), "subacount"))

  it.effect("batch cancel refuses an entry with exchange_index -1 and no market ticker", () =>
    rejected(
      Orders.batchCancelV2({ orders: [{ order_id: "ord-1" }, { order_id: "ord-2", exchange_index: -1 }] }),
      "market_ticker"
    ))

  it.effect("batch cancel refuses an entry with an unknown key", () =>
    rejected(Orders.batchCancelV2({ orders: [loose({ order_id: "ord-1", side: "bid" })] }), "side"))

  it.effect("batch cancel refuses an empty order id in an entry", () =>
    rejected(Orders.batchCancelV2({ orders: [{ order_id: "" }] }), "order_id"))

  it.effect("decrease refuses both reduce_by and reduce_to", () =>
    rejected(Orders.decreaseV2("ord-1", { reduce_by: d("1"), reduce_to: d("2") }), "exactly one"))

  it.effect("decrease refuses neither reduce_by nor reduce_to", () =>
    rejected(Orders.decreaseV2("ord-1", {}), "exactly one"))

  it.effect("decrease refuses exchange_index -1 without a market ticker", () =>
    rejected(Orders.decreaseV2("ord-1", { reduce_by: d("1"), exchange_index: -1 }), "market_ticker"))

  it.effect("decrease refuses reduce_by 0", () =>
    rejected(Orders.decreaseV2("ord-1", { reduce_by: d("0") }), "positive"))

  it.effect("decrease refuses a count with 3 decimals", () =>
    rejected(Orders.decreaseV2("ord-1", { reduce_to: d("0.001") }), "at most 2 decimals"))

  it.effect("amend refuses an unknown key", () =>
    rejected(Orders.amendV2("ord-1", loose({ ...amend, subaccount: 1 })), "subaccount"))

  it.effect("amend refuses a price above 1", () =>
    rejected(Orders.amendV2("ord-1", { ...amend, price: d("1.5") }), "within [0, 1]"))

  it.effect("amend refuses an unknown query key", () =>
    rejected(Orders.amendV2("ord-1", amend, loose({ exchange_index: 0 })), "exchange_index"))
})

describe("ids in paths", () => {
  const emptyId: ReadonlyArray<
    readonly [string, Effect.Effect<unknown, KalshiError.KalshiError, KalshiClient.KalshiClient>]
  > = [
    ["Orders.get", Orders.get("")],
    ["Orders.cancelV2", Orders.cancelV2("")],
    ["Orders.amendV2", Orders.amendV2("", amend)],
    ["Orders.decreaseV2", Orders.decreaseV2("", { reduce_by: d("1") })],
    ["Orders.queuePosition", Orders.queuePosition("")],
    ["Markets.get", Markets.get("")]
  ]
  for (const [name, call] of emptyId) {
    it.effect(`${name} refuses an empty id`, () => rejected(call, "non-empty"))
  }

  // "." and ".." are dot segments: URL parsing removes them, so the request would reach another
  // endpoint (cancelV2("..") would be DELETE /portfolio/events, cancelV2(".") DELETE
  // /portfolio/events/orders/, next to cancel-all). They cannot be order ids: refuse them.
  for (const id of [".", ".."]) {
    it.effect(`Orders.cancelV2 refuses the dot segment "${id}"`, () => rejected(Orders.cancelV2(id), "order_id"))
    it.effect(`Orders.get refuses the dot segment "${id}"`, () => rejected(Orders.get(id), "order_id"))
  }
})

describe("list parameters", () => {
  for (const limit of [0, 1001, 1.5]) {
    it.effect(`Orders.list refuses limit ${limit}`, () => rejected(Orders.list({ limit }), "limit"))
  }
  it.effect("Portfolio.fills refuses limit 0", () => rejected(Portfolio.fills({ limit: 0 }), "limit"))
  it.effect("Markets.list refuses limit 1001", () => rejected(Markets.list({ limit: 1001 }), "limit"))

  it.effect("the limits 1 and 1000 are accepted", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: [] }), S.json(200, { orders: [] }))
      yield* Orders.list({ limit: 1 })
      yield* Orders.list({ limit: 1000 })
      expect((yield* S.requests).map((r) => r.query.limit)).toEqual(["1", "1000"])
    }).pipe(Effect.provide(S.layer())))

  it.effect("Orders.list refuses an unknown filter", () => rejected(Orders.list(loose({ state: "open" })), "state"))
  it.effect("Orders.list refuses an unknown status", () => rejected(Orders.list(loose({ status: "open" })), "status"))
  it.effect("Orders.list refuses more than 10 event tickers", () =>
    rejected(
      Orders.list({ event_ticker: ["EV-0", ...Array.from({ length: 10 }, (_, i) => `EV-${i + 1}`)] }),
      "event_ticker"
    ))
  it.effect("Orders.list refuses an empty event_ticker list", () =>
    rejected(Orders.list(loose({ event_ticker: [] })), "event_ticker"))
  it.effect("Orders.queuePositions refuses an empty market_tickers list", () =>
    rejected(Orders.queuePositions(loose({ market_tickers: [] })), "market_tickers"))
  it.effect("Markets.list refuses an empty tickers list", () =>
    rejected(Markets.list(loose({ tickers: [] })), "tickers"))
  it.effect("Markets.list refuses an empty ticker in tickers", () =>
    rejected(Markets.list({ tickers: ["A", ""] }), "tickers"))
  it.effect("Portfolio.balance refuses a negative exchange index", () =>
    rejected(Portfolio.balance({ exchange_index: -1 }), "exchange_index"))
})

describe("the error of a refused request", () => {
  it.effect("names the method and the path template", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Orders.createV2({ ...order, price: d("1.2") }))
      expect(error._tag).toBe("ValidationError")
      expect(error.method).toBe("POST")
      expect(error.path).toBe("/portfolio/events/orders")
      const cancel = yield* S.failure(Orders.cancelV2("ord-1", { exchange_index: -1 }))
      expect(cancel.method).toBe("DELETE")
      expect(cancel.path).toBe("/portfolio/events/orders/ord-1")
    }).pipe(Effect.provide(S.layer())))
})
