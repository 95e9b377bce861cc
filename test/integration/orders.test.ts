/**
 * The Orders, Portfolio and Markets surface against the embedded exchange, through the in-memory client
 * and over loopback HTTP: the same assertions on both transports.
 */
import { describe, expect, layer } from "@effect/vitest"
import { BigDecimal, Chunk, Effect, Either, Layer, Redacted, Stream } from "effect"
import { generateKeyPairSync } from "node:crypto"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import * as Markets from "../../src/generated/Markets.js"
import * as Portfolio from "../../src/generated/Portfolio.js"
import * as KalshiClient from "../../src/KalshiClient.js"
import * as Orders from "../../src/Orders.js"
import * as Signer from "../../src/Signer.js"
import { Trader, transports } from "./harness.js"

const d = FixedPoint.unsafeMake
const ticker = "KXHIGHNY-26NOV21-T55"

const bid = (price: string, count = "1", extra: Partial<Orders.CreateOrderV2Request> = {}) =>
  Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
    ticker,
    client_order_id,
    side: "bid",
    count: d(count),
    price: d(price),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    ...extra
  }))

const requestsSeenDuring = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const before = yield* exchange.requestCount
    const result = yield* Effect.either(effect)
    return { result, requests: (yield* exchange.requestCount) - before }
  })

for (const [name, transport] of transports) {
  describe(`Orders over ${name}`, () => {
    // Live services: the loopback server verifies signatures against the real clock.
    layer(transport, { timeout: "30 seconds", excludeTestServices: true })((it) => {
      it.effect("walks an order's whole life: create, get, list, queue, amend, decrease, cancel, 404", () =>
        Effect.gen(function*() {
          const request = yield* bid("0.05", "2")
          const placed = yield* Orders.createV2(request)
          expect(placed.client_order_id).toBe(request.client_order_id)
          expect(BigDecimal.equals(placed.remaining_count, d("2"))).toBe(true)
          expect(BigDecimal.isZero(placed.fill_count)).toBe(true)

          const order = yield* Orders.get(placed.order_id)
          expect(order).toMatchObject({ status: "resting", ticker, book_side: "bid", outcome_side: "yes" })
          expect(BigDecimal.equals(order.yes_price_dollars, d("0.05"))).toBe(true)
          expect(BigDecimal.equals(order.no_price_dollars, d("0.95"))).toBe(true)

          const resting = yield* Orders.listAll({ status: "resting", ticker }).pipe(Stream.runCollect)
          expect(Chunk.toReadonlyArray(resting).map((o) => o.order_id)).toContain(placed.order_id)

          const positions = yield* Orders.queuePositions({ market_tickers: [ticker] })
          expect(positions.map((p) => p.order_id)).toContain(placed.order_id)
          expect(BigDecimal.isZero(yield* Orders.queuePosition(placed.order_id))).toBe(true)

          const amended = yield* Orders.amendV2(placed.order_id, {
            ticker,
            side: "bid",
            price: d("0.06"),
            count: d("5")
          })
          expect(amended.remaining_count && BigDecimal.equals(amended.remaining_count, d("5"))).toBe(true)
          expect(BigDecimal.equals((yield* Orders.get(placed.order_id)).yes_price_dollars, d("0.06"))).toBe(true)

          const decreased = yield* Orders.decreaseV2(placed.order_id, { reduce_to: d("3") })
          expect(BigDecimal.equals(decreased.remaining_count, d("3"))).toBe(true)

          const canceled = yield* Orders.cancelV2(placed.order_id)
          expect(BigDecimal.equals(canceled.reduced_by, d("3"))).toBe(true)
          expect((yield* Orders.get(placed.order_id)).status).toBe("canceled")

          const again = yield* Effect.flip(Orders.cancelV2(placed.order_id))
          expect(again).toMatchObject({ _tag: "NotFoundError", status: 404, method: "DELETE" })
        }))

      it.effect("refuses a reused client_order_id with a ConflictError", () =>
        Effect.gen(function*() {
          const request = yield* bid("0.03")
          yield* Orders.createV2(request)
          const error = yield* Effect.flip(Orders.createV2(request))
          expect(error).toMatchObject({ _tag: "ConflictError", status: 409 })
        }))

      it.effect("answers a batch create and a batch cancel entry by entry", () =>
        Effect.gen(function*() {
          const good = yield* bid("0.04")
          const offGrid = yield* bid("0.0450")
          const created = yield* Orders.batchCreateV2({ orders: [good, offGrid] })
          expect(created.orders).toHaveLength(2)
          const [first, second] = created.orders
          expect(first?.error ?? undefined).toBeUndefined()
          expect(second?.error?.code).toBeDefined()
          const placedId = first && !first.error ? first.order_id ?? "" : ""

          const canceled = yield* Orders.batchCancelV2({
            orders: [{ order_id: placedId }, { order_id: "no-such-order" }]
          })
          expect(canceled.orders).toHaveLength(2)
          expect(canceled.orders[0]?.error ?? undefined).toBeUndefined()
          expect(canceled.orders[1]?.error).toBeDefined()
        }))

      it.effect("fills a marketable order and shows it in fills, balance and the order", () =>
        Effect.gen(function*() {
          const market = yield* Markets.get(ticker)
          const ask = market.yes_ask_dollars
          expect(ask).toBeDefined()
          const before = yield* Portfolio.balance()
          const taken = yield* Orders.createV2(
            yield* bid(BigDecimal.format(ask!), "1", { time_in_force: "immediate_or_cancel" })
          )
          expect(BigDecimal.equals(taken.fill_count, d("1"))).toBe(true)
          expect(taken.average_fill_price && BigDecimal.equals(taken.average_fill_price, ask!)).toBe(true)

          const fills = yield* Portfolio.fillsAll({ order_id: taken.order_id }).pipe(Stream.runCollect)
          expect(Chunk.size(fills)).toBe(1)
          expect(Chunk.unsafeHead(fills)).toMatchObject({ order_id: taken.order_id, is_taker: true, book_side: "bid" })

          const after = yield* Portfolio.balance()
          expect(after.balance).toBeLessThan(before.balance)
          expect((yield* Orders.get(taken.order_id)).status).toBe("executed")
        }))

      it.effect("pages through every order with a small limit", () =>
        Effect.gen(function*() {
          const placed = yield* Effect.forEach(["0.07", "0.08", "0.09"], (price) =>
            Effect.flatMap(bid(price), Orders.createV2))
          const all = yield* Orders.listAll({ ticker, limit: 2 }).pipe(Stream.runCollect)
          const ids = Chunk.toReadonlyArray(all).map((o) =>
            o.order_id
          )
          for (const p of placed) expect(ids).toContain(p.order_id)
          expect(new Set(ids).size).toBe(ids.length)
          const firstPage = yield* Orders.list({ ticker, limit: 2 })
          expect(firstPage.orders).toHaveLength(2)
          expect(firstPage.cursor).not.toBe("")
        }))

      it.effect("cancels every resting order with cancelAll", () =>
        Effect.gen(function*() {
          yield* Orders.createV2(yield* bid("0.02"))
          yield* Orders.cancelAll()
          const resting = yield* Orders.list({ status: "resting" })
          expect(resting.orders).toHaveLength(0)
        }))

      it.effect("rejects bad input before the exchange sees anything", () =>
        Effect.gen(function*() {
          const good = yield* bid("0.05")
          const cases: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }, KalshiClient.KalshiClient>> = [
            Orders.createV2({ ...good, price: d("1.5") }),
            Orders.createV2({ ...good, count: d("0.001") }),
            Orders.createV2({ ...good, price: 0.5 as unknown as BigDecimal.BigDecimal }),
            Orders.createV2({ ...good, client_order_id: "" }),
            Orders.decreaseV2("some-order", { reduce_by: d("1"), reduce_to: d("1") }),
            Orders.cancelV2("some-order", { exchange_index: -1 })
          ]
          for (const effect of cases) {
            const { requests, result } = yield* requestsSeenDuring(effect)
            expect(Either.isLeft(result) && result.left._tag).toBe("ValidationError")
            expect(requests).toBe(0)
          }
        }))

      it.effect("reads markets without credentials and maps an unknown ticker to NotFoundError", () =>
        Effect.gen(function*() {
          const { baseUrl } = yield* KalshiClient.KalshiClient
          const anonymous = yield* Markets.list({ status: "open" }).pipe(
            Effect.provide(KalshiClient.layer({ baseUrl }))
          )
          expect(anonymous.markets.length).toBeGreaterThan(0)
          const open = yield* Markets.listAll({ status: "open", limit: 2 }).pipe(Stream.runCollect)
          expect(Chunk.size(open)).toBeGreaterThan(2)
          for (const market of open) expect(market.status).toBe("active")
          const market = yield* Markets.get(ticker)
          expect(market.price_ranges.length).toBeGreaterThan(0)
          expect(yield* Effect.flip(Markets.get("KXNOPE-00"))).toMatchObject({ _tag: "NotFoundError", status: 404 })
        }))

      it.effect("retries a read through injected 503s, and never retries a write", () =>
        Effect.gen(function*() {
          const exchange = yield* EmbeddedExchange.EmbeddedExchange
          yield* exchange.injectFault({
            count: 2,
            route: { method: "GET", path: "/portfolio/balance" },
            kind: EmbeddedExchange.FaultKind.Status({ status: 503 })
          })
          const read = yield* requestsSeenDuring(Portfolio.balance())
          expect(Either.isRight(read.result)).toBe(true)
          expect(read.requests).toBe(3)

          yield* exchange.injectFault({
            route: { method: "POST", path: "/portfolio/events/orders" },
            kind: EmbeddedExchange.FaultKind.Status({ status: 500 })
          })
          const write = yield* requestsSeenDuring(Effect.flatMap(bid("0.05"), Orders.createV2))
          expect(Either.isLeft(write.result) && write.result.left._tag).toBe("ServerError")
          expect(write.requests).toBe(1)
        }))

      it.effect("types every injected fault", () =>
        Effect.gen(function*() {
          const exchange = yield* EmbeddedExchange.EmbeddedExchange
          const placed = yield* Orders.createV2(yield* bid("0.05"))
          const faulted = <A, E extends { readonly _tag: string }, R>(
            kind: EmbeddedExchange.FaultKind,
            effect: Effect.Effect<A, E, R>
          ) => Effect.zipRight(exchange.injectFault({ kind }), Effect.flip(effect))

          const cancel = Orders.cancelV2(placed.order_id)
          expect((yield* faulted(EmbeddedExchange.FaultKind.NoContent(), cancel))._tag).toBe("ProtocolError")
          expect((yield* faulted(EmbeddedExchange.FaultKind.MalformedBody(), cancel))._tag).toBe("ProtocolError")
          expect((yield* faulted(EmbeddedExchange.FaultKind.TruncatedBody(), cancel))._tag).toBe("ProtocolError")
          expect((yield* faulted(EmbeddedExchange.FaultKind.DropConnection(), cancel))._tag).toBe("TransportError")
          expect((yield* faulted(EmbeddedExchange.FaultKind.Status({ status: 429 }), cancel))._tag).toBe(
            "RateLimitError"
          )
          // The order survived every faulted cancel: none of them reached the matching engine.
          expect((yield* Orders.get(placed.order_id)).status).toBe("resting")
        }))

      it.effect("signs with a Signer provided as a layer when the options carry no credentials", () =>
        Effect.gen(function*() {
          const trader = yield* Trader
          const { baseUrl } = yield* KalshiClient.KalshiClient
          const viaSignerLayer = KalshiClient.layer({ baseUrl }).pipe(
            Layer.provide(Signer.layer({ keyId: trader.keyId, privateKey: trader.privateKeyPem }))
          )
          const page = yield* Orders.list({ limit: 1 }).pipe(Effect.provide(viaSignerLayer))
          expect(page.orders.length).toBeLessThanOrEqual(1)
          const anonymous = yield* Effect.flip(Orders.list().pipe(Effect.provide(KalshiClient.layer({ baseUrl }))))
          // Refused before sending: no HTTP status.
          expect(anonymous).toMatchObject({ _tag: "AuthenticationError" })
          expect("status" in anonymous && anonymous.status).toBeFalsy()
        }))

      it.effect("refuses a key the exchange does not know with an AuthenticationError", () =>
        Effect.gen(function*() {
          const trader = yield* Trader
          const { baseUrl } = yield* KalshiClient.KalshiClient
          const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
            type: "pkcs8",
            format: "pem"
          }).toString()
          const error = yield* Effect.flip(
            Orders.list().pipe(
              Effect.provide(
                KalshiClient.layer({
                  baseUrl,
                  credentials: { keyId: trader.keyId, privateKey: Redacted.make(stranger) }
                })
              )
            )
          )
          expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401 })
        }))
    })
  })
}
