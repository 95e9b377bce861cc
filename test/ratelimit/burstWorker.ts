/**
 * One independent client process of the Redis test (`redis.test.ts` starts two): it signs with its own key
 * of the shared account, rate-limits through the Redis store (or, as the control, its own memory), reads
 * the limits, prints `ready`, waits for `go` on stdin, places `RL_ORDERS` resting bids at once, and prints
 * what happened as one JSON line.
 *
 * Environment: RL_BASE_URL, RL_KEY_ID, RL_PRIVATE_KEY, RL_ACCOUNT, RL_ORDERS, RL_STORE (`redis` or `memory`),
 * RL_REDIS_PORT.
 */
import * as RedisRateLimiter from "@effect/experimental/RateLimiter/Redis"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Either, Layer, Logger, Redacted } from "effect"
import { FixedPoint, KalshiClient, Orders } from "../../src/index.js"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`burstWorker: ${name} is not set`)
  return value
}

const store = env("RL_STORE") === "redis"
  ? RedisRateLimiter.layerStore({ host: "127.0.0.1", port: Number(env("RL_REDIS_PORT")), maxRetriesPerRequest: 1 })
  : Layer.empty

const client = KalshiClient.layer({
  baseUrl: env("RL_BASE_URL"),
  credentials: { keyId: env("RL_KEY_ID"), privateKey: Redacted.make(env("RL_PRIVATE_KEY")) },
  // A wider latency allowance than the default 250 ms: on a loaded machine (CI runs the suite in parallel)
  // a request can take longer than that to reach the exchange, whose refill starts when it arrives.
  rateLimit: { account: env("RL_ACCOUNT"), headroom: "500 millis" }
}).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.provide(store))

const go = Effect.async<void>((resume) => {
  process.stdin.setEncoding("utf8")
  process.stdin.on("data", (chunk) => {
    if (String(chunk).includes("go")) resume(Effect.void)
  })
})

const createBid = Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
  Orders.createV2({
    ticker: "KXHIGHNY-26NOV21-T55",
    client_order_id,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: FixedPoint.unsafeMake("0.30"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  }))

const warnings: Array<string> = []

const program = Effect.gen(function*() {
  const limiter = (yield* KalshiClient.KalshiClient).rateLimiter
  if (limiter === undefined) return yield* Effect.dieMessage("burstWorker: the client has no rate limiter")
  yield* limiter.limits
  process.stdout.write("ready\n")
  yield* go
  const started = Date.now()
  const results = yield* Effect.forEach(
    Array.from({ length: Number(env("RL_ORDERS")) }),
    () => Effect.either(createBid),
    { concurrency: "unbounded" }
  )
  const errors = results.filter(Either.isLeft).map((result) => result.left)
  return {
    placed: results.filter(Either.isRight).length,
    rateLimited: errors.filter((error) => error._tag === "RateLimitError" && error.status === 429).length,
    otherErrors: errors.filter((error) => !(error._tag === "RateLimitError" && error.status === 429)).map(String),
    warnings,
    elapsedMillis: Date.now() - started
  }
})

const collectWarnings = Logger.replace(
  Logger.defaultLogger,
  Logger.make(({ logLevel, message }) => {
    if (logLevel._tag === "Warning" || logLevel._tag === "Error") warnings.push(String(message))
  })
)

Effect.runPromise(program.pipe(Effect.provide(client), Effect.provide(collectWarnings))).then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`)
    process.exit(0)
  },
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
