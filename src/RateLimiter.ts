/**
 * Client-side rate limiting that follows Kalshi's token buckets, so that a burst waits for tokens instead of
 * collecting 429s.
 *
 * Kalshi limits each account with a read bucket (GETs) and a write bucket (and, for single writes routed to
 * shard 1 or above, that shard's own write bucket), refilled continuously; each request costs tokens (10 by
 * default, less for some endpoints), a batch the cost of its legs at once. The client's limiter keeps the same
 * buckets, sized from `GET /account/limits` and priced from `GET /account/endpoint_costs` (read once, on the
 * first signed request, and again every `refreshEvery`), and takes each signed request's cost before sending
 * it. A 429 from the exchange drains the local bucket, so the client backs off even when its model was wrong.
 *
 * The buckets are token buckets of `@effect/experimental`'s `RateLimiterStore`: in memory by default, or the one
 * in context, e.g. its Redis store, to share an account's buckets between processes.
 *
 * @since 0.1.0
 */
import * as EffectRateLimiter from "@effect/experimental/RateLimiter"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as MetricKey from "effect/MetricKey"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Route from "./internal/rateLimitRoute.js"
import type { Call, KalshiClient } from "./KalshiClient.js"

/** The client's `execute`. */
type Execute = Context.Tag.Service<typeof KalshiClient>["execute"]
/** No endpoint-specific statuses. */
type Expect = Record<never, never>
import { RateLimitError } from "./KalshiError.js"
import type { KalshiError } from "./KalshiError.js"

// ---------------------------------------------------------------------------------------------------------------
// Kalshi's limits
//
// Stricter than the generated `Account` models on purpose: the limiter divides by these rates and sizes its
// buckets with them, so a zero, negative or fractional value is refused (and the Basic defaults used) rather
// than decoded.
// ---------------------------------------------------------------------------------------------------------------

/**
 * One token bucket, as `GET /account/limits` reports it: `refill_rate` tokens per second, up to
 * `bucket_capacity`.
 *
 * @since 0.1.0
 */
export const BucketLimit = Schema.Struct({
  refill_rate: Schema.Int.pipe(Schema.positive()),
  bucket_capacity: Schema.Int.pipe(Schema.positive())
})

/**
 * @since 0.1.0
 */
export interface BucketLimit extends Schema.Schema.Type<typeof BucketLimit> {}

/**
 * The body of `GET /account/limits` (the fields the limiter uses): the usage tier and the read and write
 * buckets.
 *
 * @since 0.1.0
 */
export const AccountApiLimits = Schema.Struct({
  usage_tier: Schema.String,
  read: BucketLimit,
  write: BucketLimit
})

/**
 * One entry of `GET /account/endpoint_costs`: an endpoint whose cost differs from the default. For a batch
 * endpoint the cost is per leg.
 *
 * @since 0.1.0
 */
export const EndpointCost = Schema.Struct({
  method: Schema.String,
  path: Schema.String,
  cost: Schema.Int.pipe(Schema.nonNegative())
})

/**
 * The body of `GET /account/endpoint_costs`: the default cost and the endpoints that cost something else.
 *
 * @since 0.1.0
 */
export const EndpointCosts = Schema.Struct({
  default_cost: Schema.Int.pipe(Schema.nonNegative()),
  endpoint_costs: Schema.Array(EndpointCost)
})

/**
 * The limits the limiter enforces: both of Kalshi's answers in one value.
 *
 * @since 0.1.0
 */
export interface Limits {
  readonly usage_tier: string
  readonly read: BucketLimit
  readonly write: BucketLimit
  readonly default_cost: number
  readonly endpoint_costs: ReadonlyArray<Schema.Schema.Type<typeof EndpointCost>>
}

/**
 * Kalshi's API usage tiers.
 *
 * @since 0.1.0
 */
export type Tier = "basic" | "advanced" | "expert" | "premier" | "paragon" | "prime" | "prestige"

/**
 * Kalshi's documented budgets per tier, in tokens per second (read, write).
 *
 * @since 0.1.0
 */
export const tiers: Readonly<Record<Tier, { readonly read: number; readonly write: number }>> = {
  basic: { read: 200, write: 100 },
  advanced: { read: 300, write: 300 },
  expert: { read: 600, write: 600 },
  premier: { read: 1_000, write: 1_000 },
  paragon: { read: 2_000, write: 2_000 },
  prime: { read: 4_000, write: 4_000 },
  prestige: { read: 10_000, write: 8_000 }
}

/**
 * The documented limits of a tier: read buckets hold one second of budget, write buckets one second at Basic
 * and two above; every request costs 10 tokens (an over-estimate for the endpoints that cost less, which is
 * safe).
 *
 * @since 0.1.0
 */
export const ofTier = (tier: Tier): Limits => {
  const { read, write } = tiers[tier]
  return {
    usage_tier: tier,
    read: { refill_rate: read, bucket_capacity: read },
    write: { refill_rate: write, bucket_capacity: tier === "basic" ? write : 2 * write },
    default_cost: 10,
    endpoint_costs: []
  }
}

/**
 * What the limiter assumes when Kalshi's answers cannot be read: the Basic tier, the lowest.
 *
 * @since 0.1.0
 */
export const defaults: Limits = ofTier("basic")

const accountLimitsCall: Call<typeof AccountApiLimits.Type, typeof AccountApiLimits.Encoded, Expect> = {
  method: "GET",
  path: "/account/limits",
  authenticated: true,
  status: 200,
  response: AccountApiLimits
}

const endpointCostsCall: Call<typeof EndpointCosts.Type, typeof EndpointCosts.Encoded, Expect> = {
  method: "GET",
  path: "/account/endpoint_costs",
  authenticated: false,
  status: 200,
  response: EndpointCosts
}

/**
 * Reads the account's limits from Kalshi: `GET /account/limits` and `GET /account/endpoint_costs`, in
 * parallel.
 *
 * @since 0.1.0
 */
export const fetchLimits: (execute: Execute) => Effect.Effect<Limits, KalshiError> = Effect.fn(
  "RateLimiter.fetchLimits"
)(function*(execute: Execute) {
  const [account, costs] = yield* Effect.all([execute(accountLimitsCall), execute(endpointCostsCall)], {
    concurrency: 2
  })
  return { ...account, ...costs }
})

// ---------------------------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------------------------

const tokensRemainingKey = MetricKey.gauge("kalshi_rate_limit_tokens", {
  description: "Tokens left in a Kalshi rate-limit bucket (negative: reserved by waiting requests)"
})

/**
 * Tokens left in each bucket after the last request took its cost, tagged `bucket` (`read`, `write`,
 * `write/<shard>`). Negative while requests wait: they have reserved tokens the bucket has not refilled yet.
 * A bucket is the client's, whichever request took from it last: its gauge carries no metric labels of the
 * caller's fiber (`Effect.tagMetrics`).
 *
 * @since 0.1.0
 */
export const tokensRemaining: Metric.Metric.Gauge<number> = Metric.fromMetricKey(tokensRemainingKey)

/**
 * The {@link tokensRemaining} gauge of one bucket, its tag in the key: `Metric.tagged` would build (and hash) a
 * new key on every update, and this one is updated on every signed request.
 */
const bucketGauge = (name: string): Metric.Metric.Gauge<number> =>
  Metric.fromMetricKey(MetricKey.tagged(tokensRemainingKey, "bucket", name))

/**
 * How long each signed request that had to wait for tokens waited before it was sent, tagged `bucket` (the
 * requests that found their tokens at once are not recorded).
 *
 * @since 0.1.0
 */
export const waitTime = Metric.timer("kalshi_rate_limit_wait", "Time requests waited for rate-limit tokens")

// ---------------------------------------------------------------------------------------------------------------
// The limiter
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of the client's limiter (`KalshiClient` option `rateLimit`; `false` turns it off). It is on by
 * default when the client signs.
 *
 * @since 0.1.0
 */
export interface Options {
  /**
   * When a request would have to wait for tokens: `"wait"` (default) waits, up to `maxWait`; `"fail"` fails at
   * once. Either way the refusal is a `RateLimitError` with `local: true`, and nothing is sent.
   */
  readonly onExceeded?: "wait" | "fail" | undefined
  /** The longest a request may wait for tokens (default 10 seconds); a longer wait fails at once instead. */
  readonly maxWait?: Duration.DurationInput | undefined
  /** Fixed limits (e.g. `RateLimiter.ofTier("advanced")`) instead of asking Kalshi. */
  readonly limits?: Limits | undefined
  /** How often Kalshi is asked again for the limits (default 1 hour). */
  readonly refreshEvery?: Duration.DurationInput | undefined
  /**
   * The name of the buckets in the store (default the API key id). Processes that share a store and one
   * Kalshi account through different keys must give the same name.
   */
  readonly account?: string | undefined
  /**
   * The latency allowance (default 250 ms): each bucket keeps `refill_rate × headroom` tokens unused, so that
   * requests that reach Kalshi up to that much later or closer together than they were let go (a cold
   * connection, jitter, several processes) still find their tokens there. A batch may still use the whole
   * bucket, after waiting for the headroom it takes.
   */
  readonly headroom?: Duration.DurationInput | undefined
}

/**
 * A signed request as the limiter sees it.
 *
 * @since 0.1.0
 */
export interface Request {
  readonly method: string
  readonly path: string
  readonly query?: Readonly<Record<string, unknown>> | undefined
  readonly body?: unknown
  readonly authenticated: boolean
}

/**
 * The client's limiter (`KalshiClient.rateLimiter`).
 *
 * @since 0.1.0
 */
export interface Limiter {
  /** The limits in force: Kalshi's, read on first use and every `refreshEvery`, or the fixed ones. */
  readonly limits: Effect.Effect<Limits>
  /** Asks Kalshi for the limits now (or keeps the fixed ones), and answers them. */
  readonly refresh: Effect.Effect<Limits>
  /**
   * Runs `effect` (one attempt of `request`) once the request's cost is taken from its bucket, waiting for
   * tokens if needed; a 429 from `effect` drains the bucket. Unsigned requests pass untouched.
   */
  readonly limit: <A, E>(request: Request, effect: Effect.Effect<A, E>) => Effect.Effect<A, E | RateLimitError>
}

/** One bucket as the store sees it: the server's `capacity`, the `limit` the client allows itself. */
interface Bucket {
  readonly name: string
  readonly key: string
  readonly capacity: number
  readonly limit: number
  /** The time the bucket takes to refill one token: 1 / refill_rate seconds. */
  readonly refill: Duration.Duration
  readonly remaining: Metric.Metric.Gauge<number>
  readonly waited: typeof waitTime
}

/** The limits with what the hot path needs precomputed. */
interface Model {
  readonly limits: Limits
  readonly costOf: (method: string, path: string) => number
  readonly buckets: Map<string, Bucket>
}

const defaultMaxWait = Duration.seconds(10)
const defaultRefresh = Duration.hours(1)
/** How soon Kalshi is asked again after its limits could not be read. */
const retryFetchAfter = Duration.minutes(1)
const defaultHeadroom = Duration.millis(250)

const millis = (duration: Duration.Duration) => `${Math.ceil(Duration.toMillis(duration))} ms`

const localError = (request: Request, message: string) =>
  new RateLimitError({ message, method: request.method, path: request.path, local: true })

const isExchangeRateLimit = (error: unknown): boolean =>
  error instanceof RateLimitError && error.local !== true && error.status === 429

/**
 * Makes the limiter of a client that signs as `account`, or `undefined` when `options` is `false` or there is
 * no account (no credentials: nothing is signed, nothing is limited). `execute` is the client's own, used to
 * read the limits.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("RateLimiter.make")(function*(
  options: Options | false | undefined,
  client: {
    readonly account: string | undefined
    readonly execute: Execute
  }
) {
  if (options === false || client.account === undefined) return undefined
  const settings = options ?? {}
  const account = settings.account ?? client.account
  const maxWait = settings.onExceeded === "fail" ? Duration.zero : Duration.decode(settings.maxWait ?? defaultMaxWait)
  const headroomSeconds = Duration.toSeconds(settings.headroom ?? defaultHeadroom)
  const refreshMillis = Duration.toMillis(settings.refreshEvery ?? defaultRefresh)

  const store = yield* Effect.serviceOption(EffectRateLimiter.RateLimiterStore).pipe(
    Effect.flatMap(Option.match({
      onSome: Effect.succeed,
      onNone: () => Effect.provide(EffectRateLimiter.RateLimiterStore, EffectRateLimiter.layerStoreMemory)
    }))
  )

  const bucketOf = (model: Model, name: string, limit: BucketLimit): Bucket => {
    const existing = model.buckets.get(name)
    if (existing !== undefined) return existing
    const allowed = Math.max(1, Math.floor(limit.bucket_capacity - limit.refill_rate * headroomSeconds))
    const bucket: Bucket = {
      name,
      key: `effect-kalshi:${account}:${name}`,
      capacity: limit.bucket_capacity,
      limit: allowed,
      refill: Duration.millis(1000 / limit.refill_rate),
      remaining: bucketGauge(name),
      waited: Metric.tagged(waitTime, "bucket", name)
    }
    model.buckets.set(name, bucket)
    return bucket
  }

  const bucketFor = (model: Model, charge: Route.Charge) =>
    bucketOf(model, charge.bucket, charge.kind === "read" ? model.limits.read : model.limits.write)

  /**
   * Takes `tokens` (negative: gives them back) from the store's bucket, overdrawing it when it has too few, even
   * beyond the client's own limit (a batch may use the headroom): the tokens left (negative: owed, each owed
   * token a `refill` to wait).
   */
  const consume = (bucket: Bucket, tokens: number): Effect.Effect<number, EffectRateLimiter.RateLimiterError> =>
    store.tokenBucket({ key: bucket.key, tokens, limit: bucket.limit, refillRate: bucket.refill, allowOverflow: true })

  /**
   * Sets the bucket's gauge. The bucket belongs to the client, not to the request that took from it last: the
   * gauge is set without the metric labels of the caller's fiber.
   */
  const record = (bucket: Bucket, remaining: number) => bucket.remaining.unsafeUpdate(remaining, [])

  const storeFailed = (bucket: Bucket) => (error: EffectRateLimiter.RateLimiterError) =>
    Effect.logWarning(`effect-kalshi: the rate-limit store failed; sending without the ${bucket.name} bucket`).pipe(
      Effect.annotateLogs("cause", error.message)
    )

  /**
   * Runs `taking`, a change to the store's bucket that no request waits on, and records the tokens it leaves in
   * the bucket's gauge; a store that fails is logged, not the caller's error.
   */
  const recorded = (bucket: Bucket, taking: Effect.Effect<number, EffectRateLimiter.RateLimiterError>) =>
    taking.pipe(
      Effect.map((remaining) => record(bucket, remaining)),
      Effect.catchTag("RateLimiterError", storeFailed(bucket))
    )

  /** Returns tokens a request took but will not use. */
  const giveBack = (bucket: Bucket, cost: number) => recorded(bucket, consume(bucket, -cost))

  /**
   * Runs `effect` once `cost` tokens are taken from the bucket, waiting for them if needed; a store that fails
   * lets it run without the bucket.
   */
  const takeThen = <A, E>(
    bucket: Bucket,
    cost: number,
    request: Request,
    effect: Effect.Effect<A, E>
  ): Effect.Effect<A, E | RateLimitError> => {
    if (cost > bucket.capacity) {
      return localError(
        request,
        `the request costs ${cost} tokens, more than the whole ${bucket.name} bucket (${bucket.capacity})`
      )
    }
    return Effect.matchEffect(consume(bucket, cost), {
      onFailure: (error) => Effect.zipRight(storeFailed(bucket)(error), effect),
      onSuccess: (remaining): Effect.Effect<A, E | RateLimitError> => {
        record(bucket, remaining)
        if (remaining >= 0) return effect
        const delay = Duration.times(bucket.refill, -remaining)
        if (Duration.greaterThan(delay, maxWait)) {
          return giveBack(bucket, cost).pipe(
            Effect.zipRight(localError(
              request,
              `${cost} tokens of the ${bucket.name} bucket would take ${millis(delay)} to refill, longer than ` +
                `the limiter may wait (${millis(maxWait)})`
            ))
          )
        }
        // A request interrupted while it waits gives its tokens back.
        const wait = Effect.onInterrupt(Effect.sleep(delay), () => giveBack(bucket, cost))
        return Metric.update(bucket.waited, delay).pipe(Effect.zipRight(wait), Effect.zipRight(effect))
      }
    })
  }

  /** Empties the bucket after a 429: the exchange has fewer tokens than the model thought. */
  const drain = (bucket: Bucket) =>
    recorded(
      bucket,
      Effect.flatMap(consume(bucket, 0), (remaining) =>
        remaining > 0 ? consume(bucket, remaining) : Effect.succeed(remaining))
    )

  const modelOf = (limits: Limits): Model => ({
    limits,
    costOf: Route.costTable(limits.default_cost, limits.endpoint_costs),
    buckets: new Map()
  })

  /** Kalshi's limits, or the defaults (asked again sooner) when they cannot be read. */
  const load: Effect.Effect<{ readonly limits: Limits; readonly fresh: boolean }> = settings.limits !== undefined
    ? Effect.succeed({ limits: settings.limits, fresh: true })
    : Effect.suspend(() => fetchLimits(client.execute)).pipe(
      Effect.map((limits) => ({ limits, fresh: true })),
      Effect.catchAll((error) =>
        Effect.as(
          Effect.logWarning(
            "effect-kalshi: could not read the account's rate limits from Kalshi; assuming the Basic tier"
          ).pipe(Effect.annotateLogs("cause", error.message)),
          { limits: defaults, fresh: false }
        )
      )
    )

  let cached: { readonly model: Model; readonly expires: number } | undefined
  const lock = yield* Effect.makeSemaphore(1)

  const reload = Effect.gen(function*() {
    const { fresh, limits } = yield* load
    const now = yield* Clock.currentTimeMillis
    const model = modelOf(limits)
    cached = { model, expires: now + (fresh ? refreshMillis : Duration.toMillis(retryFetchAfter)) }
    // The exchange charged the read of the limits too.
    if (settings.limits === undefined) {
      const charge = Route.charge(model.costOf, accountLimitsCall)
      const bucket = bucketFor(model, charge)
      yield* recorded(bucket, consume(bucket, charge.cost))
    }
    return model
  }).pipe(
    // Its own span: it runs in the caller's fiber, not in the span of the operation that found the limits stale.
    Effect.withSpan("RateLimiter.refresh")
  )

  /** Runs `f` with the current model, once the limits are known (reloaded by one caller at a time when stale). */
  const withModel = <A, E>(f: (model: Model) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.clockWith((clock) => {
      const entry = cached
      return entry !== undefined && clock.unsafeCurrentTimeMillis() < entry.expires
        ? f(entry.model)
        : Effect.flatMap(
          lock.withPermits(1)(Effect.suspend(() => {
            const again = cached
            return again !== undefined && clock.unsafeCurrentTimeMillis() < again.expires
              ? Effect.succeed(again.model)
              : reload
          })),
          f
        )
    })

  const limit = <A, E>(request: Request, effect: Effect.Effect<A, E>): Effect.Effect<A, E | RateLimitError> => {
    // The limiter's own read of the limits is charged once they are known (see `reload`).
    if (!request.authenticated || (request as unknown) === accountLimitsCall) return effect
    return withModel((model) => {
      const charge = Route.charge(model.costOf, request)
      const bucket = bucketFor(model, charge)
      // A 429 from the exchange drains the bucket, and is still the caller's error.
      return takeThen(bucket, charge.cost, request, effect).pipe(
        Effect.catchIf(isExchangeRateLimit, (error) => Effect.zipRight(drain(bucket), Effect.fail(error)))
      )
    })
  }

  const self: Limiter = {
    limits: withModel((model) => Effect.succeed(model.limits)),
    refresh: Effect.map(lock.withPermits(1)(reload), (model) => model.limits),
    limit
  }
  return self
})
