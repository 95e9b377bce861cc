/**
 * Kalshi's response quirks: unknown fields, `null` arrays, omitted optionals, empty strings for
 * numbers, 6-decimal dollars, batch entries that mix successes and failures.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect } from "effect"
import { Markets, Orders, Portfolio } from "../../src/index.js"
import * as S from "../support/scripted.js"

describe("unknown and missing fields", () => {
  it.effect("unknown fields are ignored, at every level", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        orders: [S.wireOrder({ brand_new_field: { nested: [1, 2] }, another: "x" })],
        cursor: "",
        server_version: "3.31"
      }))
      const page = yield* Orders.list()
      expect(page.orders).toHaveLength(1)
      expect(Object.keys(page.orders[0] ?? {})).not.toContain("brand_new_field")
      expect(Object.keys(page.orders[0] ?? {})).not.toContain("another")
      expect(Object.keys(page)).not.toContain("server_version")
    }).pipe(Effect.provide(S.layer())))

  it.effect("an order with only the fields the spec requires decodes, the optional ones absent", () =>
    Effect.gen(function*() {
      const {
        action: _action,
        cancel_order_on_pause: _pause,
        created_time: _created,
        exchange_index: _index,
        expiration_time: _expiration,
        last_update_time: _updated,
        order_group_id: _group,
        self_trade_prevention_type: _stp,
        side: _side,
        subaccount_number: _subaccount,
        ...required
      } = S.wireOrder()
      yield* S.reply(S.json(200, { order: required }))
      const result = yield* Orders.get("ord-1")
      expect(result.status).toBe("resting")
      expect(result.expiration_time).toBeUndefined()
      expect(result.order_group_id).toBeUndefined()
      expect(result.subaccount_number).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))

  it.effect("null optional fields decode as null (no value), not as a failure", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { order: S.wireOrder({ expiration_time: null, order_group_id: null, exchange_index: null }) })
      )
      const result = yield* Orders.get("ord-1")
      expect(result.expiration_time).toBeNull()
      expect(result.order_group_id).toBeNull()
      expect(result.exchange_index).toBeNull()
    }).pipe(Effect.provide(S.layer())))

  it.effect("a market missing a field the spec requires is a ProtocolError that names the field", () =>
    Effect.gen(function*() {
      const { rules_primary: _, ...withoutRules } = S.wireMarket()
      yield* S.reply(S.json(200, { market: withoutRules }))
      const error = yield* S.failure(Markets.get("T"))
      expect(error._tag).toBe("ProtocolError")
      expect(error.message).toContain("rules_primary")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a missing required field is a ProtocolError", () =>
    Effect.gen(function*() {
      const { yes_price_dollars: _, ...withoutPrice } = S.wireOrder()
      yield* S.reply(S.json(200, { order: withoutPrice }))
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error._tag).toBe("ProtocolError")
      expect(error.message).toContain("yes_price_dollars")
    }).pipe(Effect.provide(S.layer())))

  it.effect("an order status Kalshi adds later decodes (response enums are open)", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order: S.wireOrder({ status: "pending", book_side: "cross" }) }))
      const result = yield* Orders.get("ord-1")
      expect(result.status).toBe("pending")
      expect(result.book_side).toBe("cross")
    }).pipe(Effect.provide(S.layer())))
})

describe("null arrays read as empty", () => {
  it.effect("orders: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: null, cursor: null }))
      const page = yield* Orders.list()
      expect(page.orders.length).toBe(0)
      expect(page.cursor).toBeNull()
    }).pipe(Effect.provide(S.layer())))

  it.effect("orders omitted", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {}))
      expect((yield* Orders.list()).orders.length).toBe(0)
    }).pipe(Effect.provide(S.layer())))

  it.effect("fills: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { fills: null, cursor: "" }))
      expect((yield* Portfolio.fills()).fills.length).toBe(0)
    }).pipe(Effect.provide(S.layer())))

  it.effect("queue_positions: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { queue_positions: null }))
      expect((yield* Orders.queuePositions({ market_tickers: ["A"] })).length).toBe(0)
    }).pipe(Effect.provide(S.layer())))

  it.effect("markets: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: null }))
      expect((yield* Markets.list()).markets.length).toBe(0)
    }).pipe(Effect.provide(S.layer())))

  it.effect("price_ranges: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { market: S.wireMarket({ price_ranges: null }) }))
      expect((yield* Markets.get("KXPRES-24-DJT")).price_ranges).toEqual([])
    }).pipe(Effect.provide(S.layer())))

  it.effect("batch orders: null", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: null }))
      expect((yield* Orders.batchCancelV2({ orders: [{ order_id: "ord-1" }] })).orders.length).toBe(0)
    }).pipe(Effect.provide(S.layer())))
})

describe("numbers", () => {
  const priceFields = ["yes_price_dollars", "no_price_dollars", "taker_fees_dollars"]
  const countFields = ["fill_count_fp", "remaining_count_fp", "initial_count_fp"]
  for (const field of [...priceFields, ...countFields]) {
    it.effect(`"" for ${field} is a ProtocolError, never zero`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(200, { order: S.wireOrder({ [field]: "" }) }))
        const error = yield* S.failure(Orders.get("ord-1"))
        expect(error._tag).toBe("ProtocolError")
        expect(error.message).toContain(field)
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect(`"" for a create's fill_count is a ProtocolError`, () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, { order_id: "o", fill_count: "", remaining_count: "1.00", ts_ms: 1 }))
      const error = yield* S.failure(Orders.createV2(S.order()))
      expect(error._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))

  it.effect(`"" for a queue position is a ProtocolError`, () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { queue_position_fp: "" }))
      const error = yield* S.failure(Orders.queuePosition("ord-1"))
      expect(error._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))

  for (const bad of ["1e3", "abc", "0x10", " 0.5", 0.5]) {
    it.effect(`${JSON.stringify(bad)} for a price is a ProtocolError`, () =>
      Effect.gen(function*() {
        yield* S.reply(S.json(200, { order: S.wireOrder({ yes_price_dollars: bad }) }))
        const error = yield* S.failure(Orders.get("ord-1"))
        expect(error._tag).toBe("ProtocolError")
      }).pipe(Effect.provide(S.layer())))
  }

  it.effect("6-decimal dollar strings decode exactly", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        order: S.wireOrder({
          yes_price_dollars: "0.123456",
          no_price_dollars: "0.876544",
          maker_fees_dollars: "0.000001"
        })
      }))
      const result = yield* Orders.get("ord-1")
      expect(BigDecimal.equals(result.yes_price_dollars, S.dec("0.123456"))).toBe(true)
      expect(BigDecimal.equals(result.yes_price_dollars, S.dec("0.1235"))).toBe(false)
      expect(BigDecimal.equals(result.no_price_dollars, S.dec("0.876544"))).toBe(true)
      S.expectDecimal(result.maker_fees_dollars, "0.000001")
      expect(BigDecimal.equals(BigDecimal.sum(result.yes_price_dollars, result.no_price_dollars), S.dec("1"))).toBe(
        true
      )
    }).pipe(Effect.provide(S.layer())))

  it.effect("counts with and without decimals decode to the same value", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, {
          order: S.wireOrder({ fill_count_fp: "10", remaining_count_fp: "10.00", initial_count_fp: "20.5" })
        })
      )
      const result = yield* Orders.get("ord-1")
      expect(BigDecimal.equals(result.fill_count_fp, result.remaining_count_fp)).toBe(true)
      S.expectDecimal(result.initial_count_fp, "20.5")
    }).pipe(Effect.provide(S.layer())))

  it.effect("negative dollar amounts decode", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order: S.wireOrder({ maker_fees_dollars: "-0.0100" }) }))
      S.expectDecimal((yield* Orders.get("ord-1")).maker_fees_dollars, "-0.01")
    }).pipe(Effect.provide(S.layer())))
})

describe("batch entries", () => {
  it.effect("a batch create mixing placed and refused legs tells them apart by error", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, {
        orders: [
          { order_id: "o-1", client_order_id: "c-1", fill_count: "0.00", remaining_count: "10.00", ts_ms: 10 },
          { client_order_id: "c-2", error: { code: "insufficient_balance", message: "not enough money" } },
          {
            order_id: "o-3",
            client_order_id: "c-3",
            fill_count: "1.00",
            remaining_count: "0.00",
            average_fill_price: "0.990000",
            ts_ms: 12,
            error: null
          }
        ]
      }))
      const leg = (i: number): Orders.CreateOrderV2Request => ({
        ticker: "T",
        client_order_id: `c-${i}`,
        side: "bid",
        count: S.dec("1"),
        price: S.dec("0.5"),
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "maker"
      })
      const legs = (yield* Orders.batchCreateV2({ orders: [leg(1), leg(2), leg(3)] })).orders
      expect(legs.map((leg) => leg.error === undefined || leg.error === null)).toEqual([true, false, true])
      expect(legs[1]?.error?.code).toBe("insufficient_balance")
      expect(legs[1]?.order_id).toBeUndefined()
      const placed = legs[2]
      if (placed === undefined || !("average_fill_price" in placed)) return expect.fail("leg 3 is a success")
      S.expectDecimal(placed.average_fill_price, "0.99")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a batch cancel mixing canceled and failed orders tells them apart by error", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        orders: [
          { order_id: "o-1", reduced_by: "3.00", ts_ms: 10 },
          {
            order_id: "o-2",
            reduced_by: "0.00",
            ts_ms: null,
            error: { code: "not_found", message: "order not found", details: "o-2" }
          }
        ]
      }))
      const entries = (yield* Orders.batchCancelV2({ orders: [{ order_id: "o-1" }, { order_id: "o-2" }] })).orders
      expect(entries.map((e) => e.error ?? null)).toEqual([null, {
        code: "not_found",
        message: "order not found",
        details: "o-2"
      }])
      S.expectDecimal(entries[0]?.reduced_by, "3")
      S.expectDecimal(entries[1]?.reduced_by, "0")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a batch entry that is neither a success nor a failure is a ProtocolError", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: [{ order_id: "o-1" }] }))
      const error = yield* S.failure(Orders.batchCancelV2({ orders: [{ order_id: "o-1" }] }))
      expect(error._tag).toBe("ProtocolError")
    }).pipe(Effect.provide(S.layer())))
})
