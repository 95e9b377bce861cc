/**
 * The client's rate limiter against the embedded exchange at the Basic tier (read 200 tokens/s, write 100
 * tokens/s, one second of capacity, 10 tokens a request, 2 a cancel), on the test clock. With a headroom of
 * 100 ms (10 tokens) the client allows itself 90 write tokens at once: nine creates.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Tracer } from "effect"
import { Effect, Either, Fiber, Layer, Logger, Metric, Option, TestClock } from "effect"
import { KalshiClient, Markets, Orders, RateLimiter } from "../../src/index.js"
import { EmbeddedExchange } from "../../src/testing.js"
import * as S from "../support/scripted.js"
import { bids, drive, exchangeWithClient, H0, limitsRead, pendingSleeps, place, placeMany, tokens } from "./support.js"

const limiterOf = Effect.flatMap(KalshiClient.KalshiClient, (client) => Effect.fromNullable(client.rateLimiter))

/** The creates of a burst of `n`, all started at once, as successes and failures. */
const burst = (n: number) =>
  Effect.forEach(Array.from({ length: n }), () => Effect.either(place()), { concurrency: "unbounded" })

const refusedBy429 = (
  results: ReadonlyArray<Either.Either<unknown, { readonly _tag: string; readonly status?: number | undefined }>>
) => results.filter((r) => Either.isLeft(r) && r.left._tag === "RateLimitError" && r.left.status === 429).length

describe("a burst above the write rate", () => {
  it.effect("with the limiter: 40 creates (four times the bucket) all pass, paced over 3.1 seconds", () =>
    Effect.gen(function*() {
      const waits = Metric.value(Metric.tagged(RateLimiter.waitTime, "bucket", "write"))
      const before = yield* waits
      const results = yield* drive(burst(40), "25 millis", 1_000)
      expect(results.filter(Either.isRight)).toHaveLength(40)
      // 400 tokens: 90 at once, the other 310 at 100 a second.
      expect(yield* TestClock.currentTimeMillis).toBeGreaterThanOrEqual(3_100)
      // Nine went at once (not recorded), the 31 others waited 100 ms, 200 ms, … 3.1 s.
      const after = yield* waits
      expect(after.count - before.count).toBe(31)
      expect(after.sum - before.sum).toBeCloseTo(100 * (31 * 32) / 2)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("without it: the exchange refuses 30 of the 40 with a 429", () =>
    Effect.gen(function*() {
      const results = yield* burst(40)
      expect(results.filter(Either.isRight)).toHaveLength(10)
      expect(refusedBy429(results)).toBe(30)
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: false }))))
})

describe("buckets and costs", () => {
  it.effect("a batch takes the cost of all its legs at once, and the next one waits for them", () =>
    Effect.gen(function*() {
      const legs = bids(5)
      const first = yield* Orders.batchCreateV2({ orders: yield* legs })
      expect(first.orders.every((leg) => leg.error == null)).toBe(true)
      expect(yield* tokens("write")).toBe(40)
      // 50 more tokens: 10 short, 100 ms of refill.
      const second = yield* Effect.fork(Effect.flatMap(legs, (orders) => Orders.batchCreateV2({ orders })))
      expect(yield* pendingSleeps).toEqual([100])
      yield* TestClock.adjust("100 millis")
      expect((yield* Fiber.join(second)).orders.every((leg) => leg.error == null)).toBe(true)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("single writes to shard 1 draw on its own bucket; the main bucket is untouched by them", () =>
    Effect.gen(function*() {
      yield* placeMany(9)
      expect(yield* tokens("write")).toBe(0)
      // Shard 1 has its own 90: nine creates pass without waiting.
      yield* placeMany(9, H0, { exchange_index: 1 })
      expect(yield* tokens("write/1")).toBe(0)
      expect(yield* tokens("write")).toBe(0)
      expect(yield* pendingSleeps).toEqual([])
      // Both buckets are empty now: one more create on each waits 100 ms.
      const main = yield* Effect.fork(place())
      const shard = yield* Effect.fork(place(H0, { exchange_index: 1 }))
      expect(yield* pendingSleeps).toEqual([100, 100])
      yield* TestClock.adjust("100 millis")
      yield* Fiber.join(main)
      yield* Fiber.join(shard)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("by default the headroom is 250 ms of refill: 75 of the 100 write tokens, 150 of the 200 read", () =>
    Effect.gen(function*() {
      yield* placeMany(7)
      expect(yield* tokens("write")).toBe(5)
      // Reading the limits took 10 read tokens.
      expect(yield* tokens("read")).toBe(140)
      const eighth = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([50])
      yield* TestClock.adjust("50 millis")
      yield* Fiber.join(eighth)
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: { headroom: undefined } }))))

  it.effect("a cancel costs what the exchange's endpoint costs say (2), a read comes from the read bucket", () =>
    Effect.gen(function*() {
      const order = yield* place()
      expect(yield* tokens("write")).toBe(80)
      yield* Orders.cancelV2(order.order_id)
      expect(yield* tokens("write")).toBe(78)
      // The read bucket allows 180 at once; reading the limits cost 10, this read 10 more.
      yield* Orders.get(order.order_id)
      expect(yield* tokens("read")).toBe(160)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("a bucket has one gauge, whatever metric labels its callers run with", () =>
    Effect.gen(function*() {
      yield* place()
      yield* place().pipe(Effect.tagMetrics("strategy", "momentum"))
      // The second create is counted in the bucket's own gauge, not in one of the caller's labels.
      expect(yield* tokens("write")).toBe(70)
      const labelled = yield* Metric.value(
        Metric.tagged(Metric.tagged(RateLimiter.tokensRemaining, "bucket", "write"), "strategy", "momentum")
      )
      expect(labelled.value).toBe(0)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("unsigned requests (market data) are not limited", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(Array.from({ length: 50 }), () => Markets.list({ limit: 1 }), { discard: true })
      expect(yield* pendingSleeps).toEqual([])
    }).pipe(Effect.provide(exchangeWithClient())))
})

describe("a 429 from the exchange", () => {
  it.effect("drains the local bucket, so the next write waits for a whole request's worth of tokens", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* place()
      expect(yield* tokens("write")).toBe(80)
      yield* exchange.injectFault({
        route: { method: "POST", path: "/portfolio/events/orders" },
        kind: EmbeddedExchange.FaultKind.Status({ status: 429 })
      })
      const refused = yield* Effect.flip(place())
      expect(refused._tag === "RateLimitError" && refused.status === 429 && refused.local).toBe(undefined)
      expect(yield* tokens("write")).toBe(0)
      const next = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([100])
      yield* TestClock.adjust("100 millis")
      yield* Fiber.join(next)
    }).pipe(Effect.provide(exchangeWithClient())))
})

describe("when tokens run out", () => {
  it.effect("fail: a local RateLimitError at once, nothing sent, and a read is not retried", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* placeMany(9)
      const sent = yield* exchange.requestCount
      const refused = yield* Effect.flip(place())
      expect(refused).toMatchObject({ _tag: "RateLimitError", local: true, method: "POST" })
      expect(refused.status).toBeUndefined()
      for (let i = 0; i < 18; i++) yield* Orders.list({ limit: 1 })
      const read = yield* Effect.flip(Orders.list({ limit: 1 }))
      expect(read).toMatchObject({ _tag: "RateLimitError", local: true, path: "/portfolio/orders" })
      expect(yield* exchange.requestCount).toBe(sent + 18)
      expect(yield* pendingSleeps).toEqual([])
    }).pipe(
      Effect.provide(exchangeWithClient({ rateLimit: { onExceeded: "fail", limits: RateLimiter.ofTier("basic") } }))
    ))

  it.effect("wait: a wait longer than maxWait fails at once and gives the tokens back", () =>
    Effect.gen(function*() {
      yield* placeMany(9)
      const refused = yield* Effect.flip(place())
      expect(refused).toMatchObject({ _tag: "RateLimitError", local: true })
      expect(refused.message).toContain(
        "10 tokens of the write bucket would take 100 ms to refill, longer than the limiter may wait (50 ms)"
      )
      expect(yield* tokens("write")).toBe(0)
      expect(yield* pendingSleeps).toEqual([])
      // Nothing was kept: 100 ms later one create's worth has refilled.
      yield* TestClock.adjust("100 millis")
      yield* place()
      expect(yield* pendingSleeps).toEqual([])
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: { maxWait: "50 millis" } }))))

  it.effect("a request interrupted while it waits gives its tokens back", () =>
    Effect.gen(function*() {
      yield* placeMany(9)
      const abandoned = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([100])
      expect(yield* tokens("write")).toBe(-10)
      yield* Fiber.interrupt(abandoned)
      expect(yield* tokens("write")).toBe(0)
      // The next create waits 100 ms, not 200 (the test clock still lists the interrupted sleep).
      const next = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([100, 100])
      yield* TestClock.adjust("100 millis")
      yield* Fiber.join(next)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("a headroom that leaves less than one request's cost still lets requests through, paced", () =>
    Effect.gen(function*() {
      // 950 ms of 100 tokens a second kept back: 5 of the 100 write tokens allowed at once, a create costs 10.
      yield* limitsRead
      const first = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([50])
      yield* TestClock.adjust("50 millis")
      yield* Fiber.join(first)
      const second = yield* Effect.fork(place())
      expect(yield* pendingSleeps).toEqual([150])
      yield* TestClock.adjust("100 millis")
      yield* Fiber.join(second)
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: { headroom: "950 millis" } }))))

  it.effect("a batch bigger than the whole bucket fails locally and is never sent", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const orders = yield* bids(11)
      yield* Effect.flatMap(limiterOf, (limiter) => limiter.limits)
      const sent = yield* exchange.requestCount
      const refused = yield* Effect.flip(Orders.batchCreateV2({ orders }))
      expect(refused).toMatchObject({ _tag: "RateLimitError", local: true })
      expect(refused.message).toContain("110 tokens, more than the whole write bucket (100)")
      expect(yield* exchange.requestCount).toBe(sent)
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("a batch of the whole bucket (10 legs) still passes: it waits for the headroom it uses", () =>
    Effect.gen(function*() {
      const orders = yield* bids(10)
      yield* limitsRead
      const batch = yield* Effect.fork(Orders.batchCreateV2({ orders }))
      expect(yield* pendingSleeps).toEqual([100])
      yield* TestClock.adjust("100 millis")
      expect((yield* Fiber.join(batch)).orders.every((leg) => leg.error == null)).toBe(true)
    }).pipe(Effect.provide(exchangeWithClient())))
})

describe("the limits", () => {
  it.effect("come from the exchange's /account/limits and /account/endpoint_costs", () =>
    Effect.gen(function*() {
      const limiter = yield* limiterOf
      expect(yield* limiter.limits).toEqual({
        usage_tier: "advanced",
        read: { refill_rate: 300, bucket_capacity: 300 },
        write: { refill_rate: 300, bucket_capacity: 600 },
        default_cost: 10,
        endpoint_costs: [
          { method: "DELETE", path: "/portfolio/events/orders/{order_id}", cost: 2 },
          { method: "DELETE", path: "/portfolio/events/orders/batched", cost: 2 }
        ]
      })
      // Advanced: 570 of the 600 write tokens at once (100 ms of 300 a second kept back).
      yield* place()
      expect(yield* tokens("write")).toBe(560)
    }).pipe(Effect.provide(exchangeWithClient({}, { rateLimits: { tier: "advanced" } }))))

  it.effect("fall back to the Basic tier, with a warning, when they cannot be read; refresh asks again", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const limiter = yield* limiterOf
      yield* exchange.injectFault({
        route: { method: "GET", path: "/account/limits" },
        kind: EmbeddedExchange.FaultKind.Status({ status: 500 })
      })
      const logs: Array<unknown> = []
      const limits = yield* limiter.limits.pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => logs.push(message))))
      )
      expect(limits).toEqual(RateLimiter.defaults)
      expect(String(logs)).toContain("could not read the account's rate limits from Kalshi; assuming the Basic tier")
      const { read, usage_tier, write } = RateLimiter.ofTier("expert")
      expect(yield* limiter.refresh).toMatchObject({ usage_tier, read, write })
      expect(yield* limiter.limits).toMatchObject({ usage_tier, read, write })
    }).pipe(Effect.provide(exchangeWithClient({ retry: false }, { rateLimits: { tier: "expert" } }))))

  it.effect("are read in a span of their own, under the span of the call that found them unknown", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = yield* S.recordingTracer(spans)
      yield* place().pipe(Effect.withSpan("caller"), Effect.withTracer(recording))
      const named = (name: string) => spans.filter((span) => span.name === name)
      const [caller] = named("caller"), [refresh] = named("RateLimiter.refresh"), [create] = named("Orders.createV2")
      const [fetch] = named("RateLimiter.fetchLimits")
      const parentOf = (span: Tracer.Span) => Option.getOrUndefined(Option.map(span.parent, (parent) => parent.spanId))
      expect(parentOf(refresh!)).toBe(caller!.spanId)
      expect(parentOf(fetch!)).toBe(refresh!.spanId)
      expect(parentOf(create!)).toBe(caller!.spanId)
      // The two reads of the limits, which name no operation, in HTTP spans under their fetch; the order's
      // operation is its own HTTP client span.
      const http = spans.filter((span) => span.name.startsWith("http.client"))
      expect(http.map(parentOf)).toEqual([fetch!.spanId, fetch!.spanId])
      expect(create!.attributes.get("http.request.method")).toBe("POST")
    }).pipe(Effect.provide(exchangeWithClient())))

  it.effect("are asked again after refreshEvery", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* place()
      const before = yield* exchange.requestCount
      yield* place()
      expect(yield* exchange.requestCount).toBe(before + 1)
      yield* TestClock.adjust("1 minute")
      yield* place()
      expect(yield* exchange.requestCount).toBe(before + 4)
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: { refreshEvery: "1 minute" } }))))

  it.effect("without credentials, or with rateLimit: false, there is no limiter", () =>
    Effect.gen(function*() {
      const anonymous = yield* KalshiClient.KalshiClient.pipe(
        Effect.provide(
          KalshiClient.layer({ baseUrl: EmbeddedExchange.baseUrl }).pipe(
            Layer.provide(EmbeddedExchange.layerInMemory())
          )
        )
      )
      expect(anonymous.rateLimiter).toBeUndefined()
      expect((yield* KalshiClient.KalshiClient).rateLimiter).toBeUndefined()
    }).pipe(Effect.provide(exchangeWithClient({ rateLimit: false }))))
})
