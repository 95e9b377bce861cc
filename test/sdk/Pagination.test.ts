/**
 * `…All` streams: they walk pages until the cursor is empty or missing, pass each cursor on, fail with a
 * `PageLimitError` when `maxPages` cuts the list short, and fail on a cursor that comes back (a cycle).
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Markets, Orders, Pagination, Portfolio } from "../../src/index.js"
import * as S from "../support/scripted.js"

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

const orderPage = (ids: ReadonlyArray<string>, cursor?: string | null) =>
  S.json(200, { orders: ids.map((order_id) => S.wireOrder({ order_id })), ...(cursor === undefined ? {} : { cursor }) })

describe("Orders.listAll", () => {
  it.effect("walks pages until the cursor is empty, passing each cursor and keeping the filters", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1", "o-2"], "c-1"), orderPage(["o-3"], "c-2"), orderPage(["o-4"], ""))
      const all = yield* collect(Orders.listAll({ status: "resting", limit: 2, event_ticker: ["A", "B"] }))
      expect(all.map((o) => o.order_id)).toEqual(["o-1", "o-2", "o-3", "o-4"])
      const requests = yield* S.requests
      expect(requests.map((r) => r.query)).toEqual([
        { status: "resting", limit: "2", event_ticker: "A,B" },
        { status: "resting", limit: "2", event_ticker: "A,B", cursor: "c-1" },
        { status: "resting", limit: "2", event_ticker: "A,B", cursor: "c-2" }
      ])
      expect(requests.every((r) => r.method === "GET" && r.pathname === "/trade-api/v2/portfolio/orders")).toBe(true)
      expect(requests.every((r) => typeof r.headers["kalshi-access-signature"] === "string")).toBe(true)
    }).pipe(Effect.provide(S.layer())))

  it.effect("stops when the cursor is missing", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), orderPage(["o-2"]))
      const all = yield* collect(Orders.listAll())
      expect(all.map((o) => o.order_id)).toEqual(["o-1", "o-2"])
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer())))

  it.effect("stops when the cursor is null", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], null))
      expect((yield* collect(Orders.listAll())).map((o) => o.order_id)).toEqual(["o-1"])
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))

  it.effect("walks past empty pages that still carry a cursor", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage([], "c-1"), orderPage(["o-1"], ""))
      expect((yield* collect(Orders.listAll())).map((o) => o.order_id)).toEqual(["o-1"])
    }).pipe(Effect.provide(S.layer())))

  it.effect("reaching maxPages with more pages left delivers the pages read, then fails with PageLimitError", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), orderPage(["o-2"], "c-2"), orderPage(["o-3"], "c-3"))
      const seen: Array<string> = []
      const error = yield* S.failure(
        Stream.runForEach(Orders.listAll({}, { maxPages: 2 }), (o) => Effect.sync(() => seen.push(o.order_id)))
      )
      expect(seen).toEqual(["o-1", "o-2"])
      if (error._tag !== "PageLimitError") return expect.fail(`expected a PageLimitError, got ${error._tag}`)
      expect(error.maxPages).toBe(2)
      expect(error.path).toBe("/portfolio/orders")
      expect(error.message).toContain("more than 2 pages")
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer())))

  it.effect("a list that ends exactly at maxPages is complete: no error", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), orderPage(["o-2"], ""))
      const all = yield* collect(Orders.listAll({}, { maxPages: 2 }))
      expect(all.map((o) => o.order_id)).toEqual(["o-1", "o-2"])
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer())))

  it.effect("fetches nothing until pulled, and only as many pages as taken", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1", "o-2"], "c-1"), orderPage(["o-3"], "c-2"))
      const stream = Orders.listAll()
      expect(yield* S.requests).toHaveLength(0)
      const firstTwo = yield* collect(Stream.take(stream, 2))
      expect(firstTwo.map((o) => o.order_id)).toEqual(["o-1", "o-2"])
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))

  it.effect("fails with a ProtocolError when a cursor comes back (a cycle)", () =>
    Effect.gen(function*() {
      yield* S.reply(
        orderPage(["o-1"], "c-1"),
        orderPage(["o-2"], "c-2"),
        orderPage(["o-3"], "c-1"),
        orderPage(["o-4"], "")
      )
      const error = yield* S.failure(collect(Orders.listAll()))
      expect(error._tag).toBe("ProtocolError")
      expect(error.message).toContain("c-1")
      expect(error.path).toBe("/portfolio/orders")
      expect(yield* S.requests).toHaveLength(3)
    }).pipe(Effect.provide(S.layer())))

  it.effect("fails with a ProtocolError when a page hands back its own cursor", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), orderPage(["o-2"], "c-1"), orderPage(["o-3"], ""))
      const error = yield* S.failure(collect(Orders.listAll()))
      expect(error._tag).toBe("ProtocolError")
      expect(yield* S.requests).toHaveLength(2)
    }).pipe(Effect.provide(S.layer())))

  it.effect("the items before a failing page are delivered, then the page's error", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), S.json(400, { code: "bad_cursor", message: "cursor expired" }))
      const seen: Array<string> = []
      const error = yield* S.failure(
        Stream.runForEach(Orders.listAll(), (o) => Effect.sync(() => seen.push(o.order_id)))
      )
      expect(seen).toEqual(["o-1"])
      if (error._tag !== "ValidationError") return expect.fail(`expected a ValidationError, got ${error._tag}`)
      expect(error.code).toBe("bad_cursor")
    }).pipe(Effect.provide(S.layer())))

  it.effect("a page that fails transiently is retried with the same cursor", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), S.json(503, {}), orderPage(["o-2"], ""))
      const all = yield* S.withClock(collect(Orders.listAll()))
      expect(all.map((o) => o.order_id)).toEqual(["o-1", "o-2"])
      expect((yield* S.requests).map((r) => r.query.cursor)).toEqual([undefined, "c-1", "c-1"])
    }).pipe(Effect.provide(S.layer())))

  it.effect("passes extra headers on every page", () =>
    Effect.gen(function*() {
      yield* S.reply(orderPage(["o-1"], "c-1"), orderPage(["o-2"], ""))
      yield* collect(Orders.listAll({}, { headers: { "x-run": "r-7" } }))
      expect((yield* S.requests).map((r) => r.headers["x-run"])).toEqual(["r-7", "r-7"])
    }).pipe(Effect.provide(S.layer())))
})

describe("Portfolio.fillsAll", () => {
  it.effect("walks /portfolio/fills until the cursor is empty", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { fills: [S.wireFill({ fill_id: "f-1" })], cursor: "c-1" }),
        S.json(200, { fills: null, cursor: "c-2" }),
        S.json(200, { fills: [S.wireFill({ fill_id: "f-2" })], cursor: "" })
      )
      const all = yield* collect(Portfolio.fillsAll({ ticker: "KXPRES-24-DJT" }))
      expect(all.map((f) => f.fill_id)).toEqual(["f-1", "f-2"])
      const requests = yield* S.requests
      expect(requests.map((r) => r.query)).toEqual([
        { ticker: "KXPRES-24-DJT" },
        { ticker: "KXPRES-24-DJT", cursor: "c-1" },
        { ticker: "KXPRES-24-DJT", cursor: "c-2" }
      ])
      expect(requests.every((r) => r.pathname === "/trade-api/v2/portfolio/fills")).toBe(true)
    }).pipe(Effect.provide(S.layer())))

  it.effect("detects a cycle", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { fills: [], cursor: "a" }),
        S.json(200, { fills: [], cursor: "b" }),
        S.json(200, { fills: [], cursor: "a" })
      )
      const error = yield* S.failure(collect(Portfolio.fillsAll()))
      expect(error._tag).toBe("ProtocolError")
      expect(error.path).toBe("/portfolio/fills")
    }).pipe(Effect.provide(S.layer())))

  it.effect("fails with PageLimitError after maxPages when more pages are left", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { fills: [S.wireFill()], cursor: "a" }),
        S.json(200, { fills: [S.wireFill()], cursor: "b" })
      )
      const error = yield* S.failure(collect(Portfolio.fillsAll({}, { maxPages: 1 })))
      expect(error._tag).toBe("PageLimitError")
      expect(yield* S.requests).toHaveLength(1)
    }).pipe(Effect.provide(S.layer())))
})

describe("Markets.listAll", () => {
  it.effect("walks /markets, unsigned, until the cursor is empty", () =>
    Effect.gen(function*() {
      yield* S.reply(
        S.json(200, { markets: [S.wireMarket({ ticker: "M-1" })], cursor: "c-1" }),
        S.json(200, { markets: [S.wireMarket({ ticker: "M-2" })], cursor: "" })
      )
      const all = yield* collect(Markets.listAll({ status: "open", limit: 1 }))
      expect(all.map((m) => m.ticker)).toEqual(["M-1", "M-2"])
      const requests = yield* S.requests
      expect(requests.map((r) => r.query)).toEqual([{ status: "open", limit: "1" }, {
        status: "open",
        limit: "1",
        cursor: "c-1"
      }])
      expect(requests.flatMap((r) => Object.keys(r.headers).filter((h) => h.startsWith("kalshi-access-")))).toEqual([])
    }).pipe(Effect.provide(S.layer({ credentials: undefined }))))

  it.effect("detects a cycle and stops at maxPages", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [], cursor: "x" }), S.json(200, { markets: [], cursor: "x" }))
      const cycle = yield* S.failure(collect(Markets.listAll()))
      expect(cycle._tag === "ProtocolError" && cycle.reason).toBe("cursor_cycle")
      yield* S.reply(S.json(200, { markets: [], cursor: "y" }), S.json(200, { markets: [], cursor: "z" }))
      expect((yield* S.failure(collect(Markets.listAll({}, { maxPages: 1 }))))._tag).toBe("PageLimitError")
      expect(yield* S.requests).toHaveLength(3)
    }).pipe(Effect.provide(S.layer())))
})

describe("Pagination.stream", () => {
  it.effect("defaults to a cap of 1000 pages: the 1000 pages are delivered, then PageLimitError", () =>
    Effect.gen(function*() {
      let fetched = 0
      const all: Array<string> = []
      const error = yield* S.failure(Stream.runForEach(
        Pagination.stream("/things", (cursor) =>
          Effect.sync(() => {
            fetched++
            return { items: [cursor ?? "first"], cursor: `c-${fetched}` }
          })),
        (item) => Effect.sync(() => all.push(item))
      ))
      expect(Pagination.defaultMaxPages).toBe(1000)
      expect(fetched).toBe(1000)
      expect(all).toHaveLength(1000)
      expect(all.slice(0, 3)).toEqual(["first", "c-1", "c-2"])
      expect(error).toMatchObject({ _tag: "PageLimitError", maxPages: 1000, path: "/things" })
    }))
})
