/**
 * Safe write retries against the embedded exchange's `AnswerLost` fault (the exchange places the order,
 * then drops the connection instead of answering), in memory and over loopback HTTP: whatever is lost,
 * exactly one order exists for the `client_order_id`, and the caller gets it, marked `Found` when an
 * earlier attempt placed it.
 */
import { describe, expect, layer } from "@effect/vitest"
import { BigDecimal, Chunk, Effect, Option, Stream } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import type * as KalshiClient from "../../src/KalshiClient.js"
import * as Orders from "../../src/Orders.js"
import { transports } from "../integration/harness.js"

const d = FixedPoint.unsafeMake
const ticker = "KXHIGHNY-26NOV21-T55"
const createRoute = { method: "POST", path: "/portfolio/events/orders" } as const
const fast = { baseDelay: "5 millis" } as const

const bid = (price: string, count = "1") =>
  Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
    ticker,
    client_order_id,
    side: "bid",
    count: d(count),
    price: d(price),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  }))

/** Every order of the trader with this client_order_id, as the read endpoint lists them. */
const withClientOrderId = (clientOrderId: string) =>
  Orders.listAll({ ticker }).pipe(
    Stream.filter((order) => order.client_order_id === clientOrderId),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray)
  )

/** The contracts resting on the bid side at a price, read from the exchange itself (not through the SDK). */
const restingAt = (price: string) =>
  Effect.flatMap(
    EmbeddedExchange.EmbeddedExchange,
    (exchange) =>
      Effect.map(exchange.orderBook(ticker), (book) =>
        book.bids.filter((level) =>
          BigDecimal.equals(level.price, d(price))
        ).reduce(
          (sum, level) => BigDecimal.sum(sum, level.count),
          BigDecimal.fromBigInt(0n)
        ))
  )

const injectFault = (kind: EmbeddedExchange.FaultKind, count = 1) =>
  Effect.flatMap(
    EmbeddedExchange.EmbeddedExchange,
    (exchange) => exchange.injectFault({ count, route: createRoute, kind })
  )

const requestCount = Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.requestCount)

/** Runs `body` for a fresh request at a price level, checking that exactly `count` contracts were added. */
const exactlyOnce = <A, E>(
  price: string,
  body: (
    request: Orders.CreateOrderV2Request
  ) => Effect.Effect<A, E, KalshiClient.KalshiClient | EmbeddedExchange.EmbeddedExchange>
) =>
  Effect.gen(function*() {
    const request = yield* bid(price, "3")
    const before = yield* restingAt(price)
    const result = yield* body(request)
    const orders = yield* withClientOrderId(request.client_order_id)
    expect(orders).toHaveLength(1)
    expect(BigDecimal.equals(BigDecimal.subtract(yield* restingAt(price), before), d("3"))).toBe(true)
    return { request, result, order: orders[0]! }
  })

for (const [name, transport] of transports) {
  describe(`Orders.createV2Safely over ${name}`, () => {
    layer(transport, { timeout: "30 seconds", excludeTestServices: true })((it) => {
      it.effect("the exchange places the order and the answer is lost: the resend's 409 finds it (Found)", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.AnswerLost())
          const { order, result } = yield* exactlyOnce("0.03", (request) => Orders.createV2Safely(request, fast))
          expect([result._tag, result.attempts]).toEqual(["Found", 2])
          if (result._tag !== "Found") return
          expect(result.order.order_id).toBe(order.order_id)
          expect(result.order.status).toBe("resting")
        }))

      it.effect("two answers lost in a row: still one order, found on the third attempt", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.AnswerLost(), 2)
          const { order, result } = yield* exactlyOnce("0.03", (request) => Orders.createV2Safely(request, fast))
          expect([result._tag, result.attempts]).toEqual(["Found", 3])
          expect(result.order.order_id).toBe(order.order_id)
        }))

      it.effect("nothing lost: Placed at the first attempt, with the create's own answer", () =>
        Effect.gen(function*() {
          const { order, result } = yield* exactlyOnce("0.03", (request) => Orders.createV2Safely(request, fast))
          expect([result._tag, result.attempts]).toEqual(["Placed", 1])
          expect(result.order.order_id).toBe(order.order_id)
        }))

      it.effect("a 503 before the exchange acted: the resend places it (Placed, attempt 2)", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.Status({ status: 503 }))
          const { result } = yield* exactlyOnce("0.03", (request) => Orders.createV2Safely(request, fast))
          expect([result._tag, result.attempts]).toEqual(["Placed", 2])
        }))

      it.effect("a connection dropped before the exchange acted: the resend places it", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.DropConnection())
          const { result } = yield* exactlyOnce("0.03", (request) => Orders.createV2Safely(request, fast))
          expect([result._tag, result.attempts]).toEqual(["Placed", 2])
        }))

      it.effect("every answer lost: the retries run out with a TransportError, and still only one order exists", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.AnswerLost(), 3)
          const { result } = yield* exactlyOnce(
            "0.03",
            (request) => Effect.flip(Orders.createV2Safely(request, { ...fast, maxRetries: 2 }))
          )
          expect(result._tag).toBe("TransportError")
        }))

      it.effect("an order placed earlier with the same id and terms (a restarted process) is Found at once", () =>
        Effect.gen(function*() {
          const { order, result } = yield* exactlyOnce(
            "0.03",
            (request) => Effect.zipRight(Orders.createV2(request), Orders.createV2Safely(request, fast))
          )
          expect([result._tag, result.attempts]).toEqual(["Found", 1])
          expect(result.order.order_id).toBe(order.order_id)
        }))

      it.effect("the same id on another order is a ConflictError that says so, and nothing else is placed", () =>
        Effect.gen(function*() {
          const { result } = yield* exactlyOnce("0.03", (request) =>
            Effect.zipRight(
              Orders.createV2(request),
              Effect.flip(Orders.createV2Safely({ ...request, price: d("0.04") }, fast))
            ))
          if (result._tag !== "ConflictError") return expect.fail(`expected a ConflictError, got ${result._tag}`)
          expect(result.message).toContain("another order")
          expect(result.status).toBe(409)
        }))

      it.effect("an invalid request is a ValidationError and nothing is sent", () =>
        Effect.gen(function*() {
          const request = yield* bid("0.03")
          const before = yield* requestCount
          const error = yield* Effect.flip(Orders.createV2Safely({ ...request, price: d("1.5") }, fast))
          expect(error._tag).toBe("ValidationError")
          expect((yield* requestCount) - before).toBe(0)
        }))

      it.effect("plain createV2 is never retried: the lost answer is a TransportError after one request", () =>
        Effect.gen(function*() {
          yield* injectFault(EmbeddedExchange.FaultKind.AnswerLost())
          const { request, result } = yield* exactlyOnce("0.03", (request) =>
            Effect.gen(function*() {
              const before = yield* requestCount
              const error = yield* Effect.flip(Orders.createV2(request))
              expect((yield* requestCount) - before).toBe(1)
              return error
            }))
          expect(result._tag).toBe("TransportError")
          // The order exists all the same: the lookup helper finds it.
          const found = yield* Orders.findByClientOrderId(request.client_order_id, { ticker })
          expect(Option.map(found, (order) => order.client_order_id)).toEqual(Option.some(request.client_order_id))
        }))

      it.effect("findByClientOrderId: None for an unknown id, ValidationError for an empty one", () =>
        Effect.gen(function*() {
          const unknown = yield* Orders.newClientOrderId
          expect(Option.isNone(yield* Orders.findByClientOrderId(unknown, { ticker }))).toBe(true)
          expect((yield* Effect.flip(Orders.findByClientOrderId("")))._tag).toBe("ValidationError")
        }))
    })
  })
}
