/**
 * What the client-side rate limiter costs when tokens are available: the SDK with its limiter (the default
 * when it signs) against the same SDK with `rateLimit: false`, both against the embedded exchange over
 * loopback with buckets too large to empty, so no request ever waits. The two clients alternate round by
 * round and each keeps its best round: on a busy machine noise only ever adds time, so best rounds compare
 * the work itself. The limiter's own step (taking a request's tokens from the in-memory store, recording the
 * gauge) is also timed alone, as the share of a request it adds.
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import { performance } from "node:perf_hooks"
import * as FixedPoint from "../src/FixedPoint.js"
import type * as KalshiClient from "../src/KalshiClient.js"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import * as Orders from "../src/Orders.js"
import * as RateLimiter from "../src/RateLimiter.js"
import { EmbeddedExchange } from "../src/testing.js"
import { EmbeddedExchangeServer } from "../src/testing/node.js"
import type { Summary } from "./measure.js"
import { fmt, measure } from "./measure.js"

const ticker = "KXHIGHNY-26NOV21-T55"
const rounds = 7

/** Buckets no benchmark can empty, so every request finds its tokens. */
const roomy: RateLimiter.Limits = {
  ...RateLimiter.ofTier("prestige"),
  read: { refill_rate: 1_000_000_000, bucket_capacity: 1_000_000_000 },
  write: { refill_rate: 1_000_000_000, bucket_capacity: 1_000_000_000 }
}

const best = (summaries: ReadonlyArray<Summary>): Summary =>
  [...summaries].sort((a, b) => b.perSecond - a.perSecond)[0]!

/** Microseconds the limiter's step adds to a request (best of five runs of `calls`). */
const limiterStep = async (calls: number) => {
  const limiter = await Effect.runPromise(
    RateLimiter.make({ limits: roomy }, { account: "bench", execute: () => Effect.dieMessage("not used") })
  )
  if (limiter === undefined) throw new Error("no limiter")
  const request = { method: "POST", path: "/portfolio/events/orders", body: { ticker }, authenticated: true }
  const loop = (step: Effect.Effect<void, unknown>) =>
    Effect.gen(function*() {
      for (let i = 0; i < calls; i++) yield* step
    })
  const timed = async (step: Effect.Effect<void, unknown>) => {
    let fastest = Number.POSITIVE_INFINITY
    for (let run = 0; run < 5; run++) {
      const start = performance.now()
      await Effect.runPromise(loop(step))
      fastest = Math.min(fastest, performance.now() - start)
    }
    return fastest
  }
  const withLimiter = await timed(limiter.limit(request, Effect.void))
  const without = await timed(Effect.void)
  return ((withLimiter - without) * 1000) / calls
}

const row = (label: string, off: Summary, on: Summary) =>
  console.log(
    `${label.padEnd(22)} ${fmt(off.p50Ms)} ${fmt(on.p50Ms)} ${fmt(off.perSecond, 0)} ${fmt(on.perSecond, 0)}   ` +
      `${fmt(on.p50Ms / off.p50Ms, 3, 5)}x ${fmt(off.perSecond / on.perSecond, 3, 5)}x`
  )

export const run = async (calls: number) => {
  const exchangeRuntime = ManagedRuntime.make(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" }))
  try {
    const { baseUrl, credentials } = await exchangeRuntime.runPromise(
      Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const credentials = yield* exchange.generateCredentials({ balance: FixedPoint.unsafeMake("1000000") })
        return { baseUrl: (yield* EmbeddedExchangeServer.EmbeddedExchangeServer).baseUrl, credentials }
      })
    )
    const client = (rateLimit: RateLimiter.Options | false) =>
      ManagedRuntime.make(
        NodeKalshiClient.layer({
          baseUrl,
          credentials: { keyId: credentials.keyId, privateKey: credentials.privateKeyPem },
          retry: false,
          rateLimit
        }).pipe(Layer.orDie)
      )
    const limited = client({ limits: roomy })
    const unlimited = client(false)
    let n = 0
    const create = Effect.suspend(() =>
      Orders.createV2({
        ticker,
        client_order_id: `bench-rl-${++n}-${crypto.randomUUID()}`,
        side: "bid",
        count: FixedPoint.unsafeMake("1"),
        price: FixedPoint.unsafeMake("0.01"),
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "taker_at_cross"
      })
    )
    const placed = await unlimited.runPromise(create)
    const tasks: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, KalshiClient.KalshiClient>]> = [
      ["get", Orders.get(placed.order_id)],
      ["createV2", create]
    ]

    console.log("\nRate limiter overhead when tokens are available (embedded exchange over loopback)")
    console.log("Baseline: the same client with rateLimit: false; best of alternating rounds. Latency in ms.")
    console.log(
      `${"call @ concurrency".padEnd(22)} ${"off p50".padStart(9)} ${"on p50".padStart(9)} ${"off rps".padStart(9)} ${
        "on rps".padStart(9)
      }   p50 ratio  slowdown`
    )
    const perRound = Math.max(20, Math.round(calls / rounds))
    let fastestRequestMs = Number.POSITIVE_INFINITY
    for (const [name, task] of tasks) {
      const off = () => unlimited.runPromise(task)
      const on = () => limited.runPromise(task)
      for (const concurrency of [1, 32]) {
        await measure(Math.min(50, perRound), concurrency, off) // warm-up
        await measure(Math.min(50, perRound), concurrency, on)
        const offRounds: Array<Summary> = []
        const onRounds: Array<Summary> = []
        for (let round = 0; round < rounds; round++) {
          offRounds.push(await measure(perRound, concurrency, off))
          onRounds.push(await measure(perRound, concurrency, on))
        }
        const offBest = best(offRounds)
        if (concurrency === 1) fastestRequestMs = Math.min(fastestRequestMs, offBest.p50Ms)
        row(`${name} @ ${concurrency}`, offBest, best(onRounds))
      }
    }
    const step = await limiterStep(calls * 10)
    console.log(
      `The limiter's step alone (in-memory store): ${fmt(step, 1, 0)} µs per request, ` +
        `${fmt((100 * step) / (1000 * fastestRequestMs), 2, 0)}% of the fastest request above ` +
        `(${fmt(fastestRequestMs, 2, 0)} ms).`
    )
    await limited.dispose()
    await unlimited.dispose()
  } finally {
    await exchangeRuntime.dispose()
  }
}
