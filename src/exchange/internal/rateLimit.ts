/**
 * Token buckets per account (all of an account's API keys share them, as Kalshi's do), one for reads (GET)
 * and one for writes, plus one per shard ≥ 1 that the exchange has, for single writes routed there; refilled
 * continuously from the exchange clock. Tokens are kept in thousandths so refills stay exact integers. Also
 * the bodies of `GET /account/limits` and `GET /account/endpoint_costs`, which report these same buckets and
 * costs.
 *
 * @internal
 */
import type { BucketLimit, RateLimits, Tier } from "../EmbeddedExchange.js"

export type BucketKind = "read" | "write"

/** Kalshi's tiers: read and write refill per second; write buckets above Basic hold two seconds of budget. */
export const tiers: Record<Tier, { readonly read: number; readonly write: number }> = {
  basic: { read: 200, write: 100 },
  advanced: { read: 300, write: 300 },
  expert: { read: 600, write: 600 },
  premier: { read: 1_000, write: 1_000 },
  paragon: { read: 2_000, write: 2_000 },
  prime: { read: 4_000, write: 4_000 },
  prestige: { read: 10_000, write: 8_000 }
}

export interface Costs {
  readonly default: number
  readonly cancel: number
}

interface Bucket {
  milliTokens: number
  lastMillis: number
}

export interface RateLimiter {
  readonly tier: Tier
  readonly limits: { readonly read: BucketLimit; readonly write: BucketLimit } | undefined
  readonly costs: Costs
  readonly buckets: Map<string, Bucket>
}

export const make = (options: RateLimits | "unlimited" | undefined): RateLimiter => {
  const settings = options === "unlimited" ? undefined : (options ?? {})
  const tier = tiers[settings?.tier ?? "basic"]
  const writeSeconds = settings?.tier === undefined || settings.tier === "basic" ? 1 : 2
  return {
    tier: settings?.tier ?? "basic",
    limits: settings === undefined
      ? undefined
      : {
        read: settings.read ?? { refillRate: tier.read, capacity: tier.read },
        write: settings.write ?? { refillRate: tier.write, capacity: tier.write * writeSeconds }
      },
    costs: { default: settings?.costs?.default ?? 10, cancel: settings?.costs?.cancel ?? 2 },
    buckets: new Map()
  }
}

/**
 * The shard whose bucket a single write routed to `shard` pays from: its own if the exchange has that shard,
 * otherwise shard 0's (so made-up `exchange_index` values cannot draw fresh buckets).
 */
export const bucketShard = (markets: Iterable<{ readonly exchangeIndex: number }>, shard: number): number => {
  if (shard === 0) return 0
  for (const market of markets) if (market.exchangeIndex === shard) return shard
  return 0
}

/**
 * Takes `cost` tokens from the account's bucket if it holds them all; answers whether it did. Single writes
 * to shard 1 and above draw on that shard's own write bucket, of the same size (pass a shard the exchange
 * has: see {@link bucketShard}).
 */
export const take = (
  limiter: RateLimiter,
  account: string,
  kind: BucketKind,
  cost: number,
  now: number,
  shard = 0
): boolean => {
  if (limiter.limits === undefined) return true
  const limit = limiter.limits[kind]
  const id = shard === 0 ? `${account}/${kind}` : `${account}/${kind}/${shard}`
  const bucket = limiter.buckets.get(id) ?? { milliTokens: limit.capacity * 1000, lastMillis: now }
  limiter.buckets.set(id, bucket)
  const elapsed = Math.max(0, now - bucket.lastMillis)
  bucket.milliTokens = Math.min(limit.capacity * 1000, bucket.milliTokens + elapsed * limit.refillRate)
  bucket.lastMillis = now
  if (bucket.milliTokens < cost * 1000) return false
  bucket.milliTokens -= cost * 1000
  return true
}

/** What `GET /account/limits` reports without rate limits: buckets no test can empty. */
const unlimitedBucket = { refill_rate: 1_000_000_000, bucket_capacity: 1_000_000_000 }

const wireBucket = (limit: BucketLimit) => ({ refill_rate: limit.refillRate, bucket_capacity: limit.capacity })

/** The body of `GET /account/limits` (`GetAccountApiLimitsResponse`): the buckets {@link take} enforces. */
export const accountLimits = (limiter: RateLimiter) => ({
  usage_tier: limiter.limits === undefined ? "unlimited" : limiter.tier,
  read: limiter.limits === undefined ? unlimitedBucket : wireBucket(limiter.limits.read),
  write: limiter.limits === undefined ? unlimitedBucket : wireBucket(limiter.limits.write),
  grants: []
})

/**
 * The body of `GET /account/endpoint_costs` (`GetAccountEndpointCostsResponse`): the default cost, and the
 * cancels when they cost something else (for the batch cancel, per leg).
 */
export const endpointCosts = (limiter: RateLimiter) => ({
  default_cost: limiter.costs.default,
  endpoint_costs: limiter.costs.cancel === limiter.costs.default ? [] : [
    { method: "DELETE", path: "/portfolio/events/orders/{order_id}", cost: limiter.costs.cancel },
    { method: "DELETE", path: "/portfolio/events/orders/batched", cost: limiter.costs.cancel }
  ]
})
