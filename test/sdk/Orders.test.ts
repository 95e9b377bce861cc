/**
 * The Orders surface on the wire: method, path, query versus body placement, exact JSON bodies,
 * headers, and what each method returns.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Chunk, Effect, Stream } from "effect"
import { readFileSync } from "node:fs"
import { Orders, Signer } from "../../src/index.js"
import * as S from "../support/scripted.js"

const d = S.dec

const order = S.order

const created = {
  order_id: "ord-1",
  client_order_id: "coid-1",
  fill_count: "0.00",
  remaining_count: "10.00",
  ts_ms: 1715793600123
}
const canceled = { order_id: "ord-1", client_order_id: "coid-1", reduced_by: "10.00", ts_ms: 1715793660456 }

const signatureHeaders = ["kalshi-access-key", "kalshi-access-timestamp", "kalshi-access-signature"]

/** The request carries the three signing headers, with our key id. */
const expectSigned = (request: S.Recorded) => {
  for (const name of signatureHeaders) expect(request.headers[name], name).toBeTypeOf("string")
  expect(request.headers["kalshi-access-key"]).toBe(S.keyId)
}

describe("Orders.createV2", () => {
  it.effect("POSTs the order to /portfolio/events/orders with prices at 4 decimals and counts at 2", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, created))
      const result = yield* Orders.createV2(order())
      const request = yield* S.onlyRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/portfolio/events/orders")
      expect(request.queryEntries).toEqual([])
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.json).toStrictEqual({
        ticker: "KXPRES-24-DJT",
        client_order_id: "coid-1",
        side: "bid",
        count: "10.00",
        price: "0.5600",
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "taker_at_cross"
      })
      expect(request.body).toContain(`"price":"0.5600"`)
      expect(request.body).toContain(`"count":"10.00"`)
      expectSigned(request)
      expect(result.order_id).toBe("ord-1")
      expect(result.client_order_id).toBe("coid-1")
      S.expectDecimal(result.fill_count, "0")
      S.expectDecimal(result.remaining_count, "10")
      expect(result.ts_ms).toBe(1715793600123)
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends every optional field, with subaccount and exchange_index in the body", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(201, {
          ...created,
          fill_count: "2.50",
          remaining_count: "0.00",
          average_fill_price: "0.3700",
          average_fee_paid: "0.001234"
        })
      )
      const result = yield* Orders.createV2(order({
        side: "ask",
        count: d("2.5"),
        price: d("0.37"),
        time_in_force: "fill_or_kill",
        self_trade_prevention_type: "maker",
        expiration_time: 1785585600,
        post_only: false,
        cancel_order_on_pause: true,
        reduce_only: true,
        subaccount: 3,
        order_group_id: "grp-1",
        exchange_index: 2
      }))
      const request = yield* S.onlyRequest
      expect(request.queryEntries).toEqual([])
      expect(request.json).toStrictEqual({
        ticker: "KXPRES-24-DJT",
        client_order_id: "coid-1",
        side: "ask",
        count: "2.50",
        price: "0.3700",
        time_in_force: "fill_or_kill",
        self_trade_prevention_type: "maker",
        expiration_time: 1785585600,
        post_only: false,
        cancel_order_on_pause: true,
        reduce_only: true,
        subaccount: 3,
        order_group_id: "grp-1",
        exchange_index: 2
      })
      S.expectDecimal(result.fill_count, "2.5")
      S.expectDecimal(result.average_fill_price, "0.37")
      S.expectDecimal(result.average_fee_paid, "0.001234")
    }).pipe(Effect.provide(S.layer())))

  it.effect("formats the edges of the price range and fractional counts exactly", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, created), S.json(201, created), S.json(201, created))
      yield* Orders.createV2(order({ price: d("1"), count: d("0.01") }))
      yield* Orders.createV2(order({ price: d("0"), count: d("1.5") }))
      yield* Orders.createV2(order({ price: d("0.0001"), count: d("100000") }))
      const bodies = (yield* S.requests).map((r) => r.json)
      expect(bodies.map((b) => [(b as Record<string, unknown>).price, (b as Record<string, unknown>).count])).toEqual([
        ["1.0000", "0.01"],
        ["0.0000", "1.50"],
        ["0.0001", "100000.00"]
      ])
    }).pipe(Effect.provide(S.layer())))

  it.effect("passes extra headers through, next to the signature", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, created))
      yield* Orders.createV2(order(), { headers: { "X-Request-Id": "req-42" } })
      const request = yield* S.onlyRequest
      expect(request.headers["x-request-id"]).toBe("req-42")
      expectSigned(request)
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends the user agent and asks for JSON", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, created))
      yield* Orders.createV2(order())
      const request = yield* S.onlyRequest
      expect(request.headers["user-agent"]).toBe("my-bot/1.0")
      expect(request.headers["accept"]).toBe("application/json")
    }).pipe(Effect.provide(S.layer({ userAgent: "my-bot/1.0" }))))

  it.effect("by default, names the package and its version as published", () =>
    Effect.gen(function*() {
      const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
      yield* S.reply(S.json(201, created))
      yield* Orders.createV2(order())
      expect((yield* S.onlyRequest).headers["user-agent"]).toBe(`effect-kalshi/${version}`)
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.batchCreateV2", () => {
  it.effect("POSTs every leg to /portfolio/events/orders/batched and tells failed legs by their error", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, {
        orders: [
          { ...created, fill_count: "5.00", remaining_count: "5.00", average_fill_price: "0.6000", error: null },
          {
            order_id: null,
            client_order_id: "coid-2",
            fill_count: null,
            remaining_count: null,
            ts_ms: null,
            error: { code: "invalid_price", message: "price is off the grid", details: "step 0.01" }
          }
        ]
      }))
      const result = yield* Orders.batchCreateV2({
        orders: [
          order(),
          order({
            client_order_id: "coid-2",
            side: "ask",
            price: d("0.425"),
            count: d("3"),
            exchange_index: 0,
            subaccount: 1
          })
        ]
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("POST")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/batched")
      expect(request.queryEntries).toEqual([])
      expect(request.json).toStrictEqual({
        orders: [
          {
            ticker: "KXPRES-24-DJT",
            client_order_id: "coid-1",
            side: "bid",
            count: "10.00",
            price: "0.5600",
            time_in_force: "good_till_canceled",
            self_trade_prevention_type: "taker_at_cross"
          },
          {
            ticker: "KXPRES-24-DJT",
            client_order_id: "coid-2",
            side: "ask",
            count: "3.00",
            price: "0.4250",
            time_in_force: "good_till_canceled",
            self_trade_prevention_type: "taker_at_cross",
            exchange_index: 0,
            subaccount: 1
          }
        ]
      })
      expectSigned(request)
      expect(result.orders).toHaveLength(2)
      const [placed, failed] = result.orders
      expect(placed?.error ?? undefined).toBeUndefined()
      expect(failed?.error).toEqual({ code: "invalid_price", message: "price is off the grid", details: "step 0.01" })
      expect(failed?.client_order_id).toBe("coid-2")
      if (placed === undefined || placed.error !== undefined && placed.error !== null) {
        return expect.fail("the first leg should have decoded as a success")
      }
      if (!("fill_count" in placed)) return expect.fail("a success entry carries fill_count")
      S.expectDecimal(placed.fill_count, "5")
      S.expectDecimal(placed.average_fill_price, "0.6")
    }).pipe(Effect.provide(S.layer())))

  it.effect("reads a success entry that leaves error out", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, { orders: [created] }))
      const result = yield* Orders.batchCreateV2({ orders: [order()] })
      expect(result.orders).toHaveLength(1)
      expect(result.orders[0]?.error ?? undefined).toBeUndefined()
      expect(result.orders[0]?.order_id).toBe("ord-1")
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.cancelV2", () => {
  it.effect("DELETEs /portfolio/events/orders/{id} with routing in the query and no body", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, canceled))
      const result = yield* Orders.cancelV2("ord-1", {
        subaccount: 2,
        exchange_index: -1,
        market_ticker: "KXPRES-24-DJT"
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("DELETE")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/ord-1")
      expect(request.query).toStrictEqual({ subaccount: "2", exchange_index: "-1", market_ticker: "KXPRES-24-DJT" })
      expect(request.queryEntries).toHaveLength(3)
      expect(request.body).toBeUndefined()
      expect(request.headers["content-type"]).toBeUndefined()
      expectSigned(request)
      expect(result.order_id).toBe("ord-1")
      S.expectDecimal(result.reduced_by, "10")
      expect(result.ts_ms).toBe(1715793660456)
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends no query at all without routing", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, canceled))
      yield* Orders.cancelV2("ord-1")
      const request = yield* S.onlyRequest
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/portfolio/events/orders/ord-1")
      expect(request.body).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))

  it.effect("URI-encodes the order id as one path segment", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, canceled))
      yield* Orders.cancelV2("ord/1 ?x#y")
      const request = yield* S.onlyRequest
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/ord%2F1%20%3Fx%23y")
      expect(request.queryEntries).toEqual([])
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.batchCancelV2", () => {
  it.effect("DELETEs /portfolio/events/orders/batched with a JSON body and per-entry results", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        orders: [
          { ...canceled, error: null },
          {
            order_id: "ord-2",
            client_order_id: null,
            reduced_by: "0.00",
            ts_ms: null,
            error: { code: "not_found", message: "order not found" }
          }
        ]
      }))
      const result = yield* Orders.batchCancelV2({
        orders: [
          { order_id: "ord-1", subaccount: 0 },
          { order_id: "ord-2", subaccount: 1, exchange_index: -1, market_ticker: "KXPRES-24-DJT" }
        ]
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("DELETE")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/batched")
      expect(request.queryEntries).toEqual([])
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.json).toStrictEqual({
        orders: [
          { order_id: "ord-1", subaccount: 0 },
          { order_id: "ord-2", subaccount: 1, exchange_index: -1, market_ticker: "KXPRES-24-DJT" }
        ]
      })
      expectSigned(request)
      const [ok, failed] = result.orders
      expect(ok?.error ?? undefined).toBeUndefined()
      expect(ok?.order_id).toBe("ord-1")
      S.expectDecimal(ok?.reduced_by, "10")
      expect(failed?.order_id).toBe("ord-2")
      expect(failed?.error).toEqual({ code: "not_found", message: "order not found" })
      S.expectDecimal(failed?.reduced_by, "0")
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.cancelAll", () => {
  it.effect("DELETEs /portfolio/events/orders with the subaccount in the query and succeeds on 204", () =>
    Effect.gen(function*() {
      yield* S.reply(S.noContent)
      const result = yield* Orders.cancelAll({ subaccount: 3 })
      const request = yield* S.onlyRequest
      expect(result).toBeUndefined()
      expect(request.method).toBe("DELETE")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders")
      expect(request.query).toStrictEqual({ subaccount: "3" })
      expect(request.body).toBeUndefined()
      expectSigned(request)
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends no query without a subaccount", () =>
    Effect.gen(function*() {
      yield* S.reply(S.noContent)
      yield* Orders.cancelAll()
      const request = yield* S.onlyRequest
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/portfolio/events/orders")
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.amendV2", () => {
  it.effect("POSTs to …/{id}/amend with subaccount in the query and exchange_index in the body", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        order_id: "ord-9",
        client_order_id: "coid-9",
        remaining_count: "8.00",
        fill_count: "4.00",
        average_fill_price: "0.6600",
        average_fee_paid: null,
        ts_ms: 1715793690123
      }))
      const result = yield* Orders.amendV2(
        "ord-1",
        {
          ticker: "KXPRES-24-DJT",
          side: "bid",
          price: d("0.66"),
          count: d("12"),
          client_order_id: "coid-1",
          updated_client_order_id: "coid-9",
          exchange_index: 0
        },
        { subaccount: 1 }
      )
      const request = yield* S.onlyRequest
      expect(request.method).toBe("POST")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/ord-1/amend")
      expect(request.query).toStrictEqual({ subaccount: "1" })
      expect(request.json).toStrictEqual({
        ticker: "KXPRES-24-DJT",
        side: "bid",
        price: "0.6600",
        count: "12.00",
        client_order_id: "coid-1",
        updated_client_order_id: "coid-9",
        exchange_index: 0
      })
      expectSigned(request)
      expect(result.order_id).toBe("ord-9")
      S.expectDecimal(result.remaining_count, "8")
      S.expectDecimal(result.fill_count, "4")
      expect(result.average_fee_paid ?? undefined).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))

  it.effect("reads an amend answer with only the required fields", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order_id: "ord-1", ts_ms: 1 }))
      const result = yield* Orders.amendV2("ord-1", { ticker: "T", side: "ask", price: d("0.5"), count: d("1") })
      const request = yield* S.onlyRequest
      expect(request.queryEntries).toEqual([])
      expect(request.json).toStrictEqual({ ticker: "T", side: "ask", price: "0.5000", count: "1.00" })
      expect(result).toStrictEqual({ order_id: "ord-1", ts_ms: 1 })
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.decreaseV2", () => {
  it.effect("POSTs to …/{id}/decrease with subaccount in the query and exchange_index in the body", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { order_id: "ord-1", client_order_id: "coid-1", remaining_count: "7.00", ts_ms: 1715793680789 })
      )
      const result = yield* Orders.decreaseV2("ord-1", { reduce_by: d("3"), exchange_index: 1 }, { subaccount: 0 })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("POST")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/events/orders/ord-1/decrease")
      expect(request.query).toStrictEqual({ subaccount: "0" })
      expect(request.json).toStrictEqual({ reduce_by: "3.00", exchange_index: 1 })
      expectSigned(request)
      S.expectDecimal(result.remaining_count, "7")
      expect(result.ts_ms).toBe(1715793680789)
    }).pipe(Effect.provide(S.layer())))

  it.effect("sends reduce_to, zero included, with the market ticker of an auto-routed order", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order_id: "ord-1", remaining_count: "0.00", ts_ms: 2 }))
      yield* Orders.decreaseV2("ord-1", { reduce_to: d("0"), exchange_index: -1, market_ticker: "KXPRES-24-DJT" })
      const request = yield* S.onlyRequest
      expect(request.queryEntries).toEqual([])
      expect(request.json).toStrictEqual({ reduce_to: "0.00", exchange_index: -1, market_ticker: "KXPRES-24-DJT" })
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders reads", () => {
  it.effect("get GETs /portfolio/orders/{id} and returns the order itself", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order: S.wireOrder() }))
      const result = yield* Orders.get("ord-1")
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/portfolio/orders/ord-1")
      expect(request.body).toBeUndefined()
      expectSigned(request)
      expect(result.order_id).toBe("ord-1")
      expect(result.book_side).toBe("bid")
      expect(result.outcome_side).toBe("yes")
      expect(result.status).toBe("resting")
      S.expectDecimal(result.yes_price_dollars, "0.56")
      S.expectDecimal(result.no_price_dollars, "0.44")
      S.expectDecimal(result.remaining_count_fp, "8")
      expect(result.expiration_time ?? undefined).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))

  it.effect("list GETs /portfolio/orders with every filter in the query and event tickers comma-joined", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: [S.wireOrder(), S.wireOrder({ order_id: "ord-2" })], cursor: "next-page" }))
      const page = yield* Orders.list({
        ticker: "KXPRES-24-DJT",
        event_ticker: ["KXPRES-24", "KXSEN-24"],
        min_ts: 1700000000,
        max_ts: 1800000000,
        status: "resting",
        limit: 50,
        cursor: "abc",
        subaccount: 2,
        exchange_index: 1
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/orders")
      expect(request.query).toStrictEqual({
        ticker: "KXPRES-24-DJT",
        event_ticker: "KXPRES-24,KXSEN-24",
        min_ts: "1700000000",
        max_ts: "1800000000",
        status: "resting",
        limit: "50",
        cursor: "abc",
        subaccount: "2",
        exchange_index: "1"
      })
      expect(request.queryEntries.filter(([k]) => k === "event_ticker")).toHaveLength(1)
      expect(request.body).toBeUndefined()
      expectSigned(request)
      expect(page.orders.map((o) => o.order_id)).toEqual(["ord-1", "ord-2"])
      expect(page.cursor).toBe("next-page")
    }).pipe(Effect.provide(S.layer())))

  it.effect("list takes a single event ticker as a string and sends no query without filters", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { orders: [], cursor: "" }), S.json(200, { orders: [] }))
      yield* Orders.list({ event_ticker: "KXPRES-24" })
      yield* Orders.list()
      const [first, second] = yield* S.requests
      expect(first?.query).toStrictEqual({ event_ticker: "KXPRES-24" })
      expect(second?.url).toBe("https://kalshi.test/trade-api/v2/portfolio/orders")
    }).pipe(Effect.provide(S.layer())))

  it.effect("queuePositions GETs /portfolio/orders/queue_positions with market tickers comma-joined", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, {
        queue_positions: [
          { order_id: "ord-1", market_ticker: "A-1", queue_position_fp: "120.00" },
          { order_id: "ord-2", market_ticker: "B-2", queue_position_fp: "0.00" }
        ]
      }))
      const positions = yield* Orders.queuePositions({
        market_tickers: ["A-1", "B-2"],
        event_ticker: "EV",
        subaccount: 1
      })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/orders/queue_positions")
      expect(request.query).toStrictEqual({ market_tickers: "A-1,B-2", event_ticker: "EV", subaccount: "1" })
      expect(request.queryEntries.filter(([k]) => k === "market_tickers")).toHaveLength(1)
      expectSigned(request)
      expect(positions.map((p) => [p.order_id, p.market_ticker])).toEqual([["ord-1", "A-1"], ["ord-2", "B-2"]])
      S.expectDecimal(positions[0]?.queue_position_fp, "120")
    }).pipe(Effect.provide(S.layer())))

  it.effect("queuePosition GETs /portfolio/orders/{id}/queue_position and returns a bare BigDecimal", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { queue_position_fp: "42.50" }))
      const position = yield* Orders.queuePosition("ord-1")
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://kalshi.test/trade-api/v2/portfolio/orders/ord-1/queue_position")
      expectSigned(request)
      expect(BigDecimal.isBigDecimal(position)).toBe(true)
      S.expectDecimal(position, "42.5")
    }).pipe(Effect.provide(S.layer())))
})

describe("Orders.fills / Orders.fillsAll (deprecated aliases)", () => {
  it.effect("fills reads /portfolio/fills and logs a deprecation warning", () => {
    const logs = S.captureLogs()
    return Effect.gen(function*() {
      yield* S.reply(S.json(200, { fills: [S.wireFill()], cursor: "" }))
      const page = yield* Orders.fills({ ticker: "KXPRES-24-DJT", limit: 10 })
      const request = yield* S.onlyRequest
      expect(request.method).toBe("GET")
      expect(request.pathname).toBe("/trade-api/v2/portfolio/fills")
      expect(request.query).toStrictEqual({ ticker: "KXPRES-24-DJT", limit: "10" })
      expect(page.fills.map((f) => f.fill_id)).toEqual(["fill-1"])
      expect(logs.lines).toEqual([{ level: "WARN", message: expect.stringContaining("deprecated") }])
      expect(logs.lines[0]?.message).toContain("Portfolio.fills")
    }).pipe(Effect.provide(S.layer()), Effect.provide(logs.layer))
  })

  it.effect("fillsAll walks /portfolio/fills and logs a deprecation warning once", () => {
    const logs = S.captureLogs()
    return Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { fills: [S.wireFill({ fill_id: "f-1" })], cursor: "c-2" }),
        S.json(200, { fills: [S.wireFill({ fill_id: "f-2" })], cursor: "" })
      )
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(Orders.fillsAll({ order_id: "ord-1" })))
      const requests = yield* S.requests
      expect(requests.map((r) => r.query)).toEqual([{ order_id: "ord-1" }, { order_id: "ord-1", cursor: "c-2" }])
      expect(requests.every((r) => r.pathname === "/trade-api/v2/portfolio/fills")).toBe(true)
      expect(all.map((f) => f.fill_id)).toEqual(["f-1", "f-2"])
      expect(logs.lines).toEqual([{ level: "WARN", message: expect.stringContaining("deprecated") }])
      expect(logs.lines[0]?.message).toContain("Portfolio.fillsAll")
    }).pipe(Effect.provide(S.layer()), Effect.provide(logs.layer))
  })
})

describe("signing headers", () => {
  it.effect("every Orders call is signed with the configured key", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { order: S.wireOrder() }))
      yield* Orders.get("ord-1")
      const request = yield* S.onlyRequest
      expect(request.headers[Signer.headerNames.key.toLowerCase()]).toBe(S.keyId)
      expect(request.headers[Signer.headerNames.timestamp.toLowerCase()]).toBe("0")
    }).pipe(Effect.provide(S.layer())))
})
