/**
 * Token buckets per API key, one for reads (GET) and one for writes (plus one per shard ≥ 1 for single
 * writes routed there), refilled continuously from the exchange clock. Tokens are kept in thousandths so refills stay exact integers.
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
  readonly limits: { readonly read: BucketLimit; readonly write: BucketLimit } | undefined
  readonly costs: Costs
  readonly buckets: Map<string, Bucket>
}

export const make = (options: RateLimits | "unlimited" | undefined): RateLimiter => {
  const settings = options === "unlimited" ? undefined : (options ?? {})
  const tier = tiers[settings?.tier ?? "basic"]
  const writeSeconds = settings?.tier === undefined || settings.tier === "basic" ? 1 : 2
  return {
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
 * Takes `cost` tokens from the key's bucket if it holds them all; answers whether it did. Single writes to
 * shard 1 and above draw on that shard's own write bucket, of the same size.
 */
export const take = (
  limiter: RateLimiter,
  keyId: string,
  kind: BucketKind,
  cost: number,
  now: number,
  shard = 0
): boolean => {
  if (limiter.limits === undefined) return true
  const limit = limiter.limits[kind]
  const id = shard === 0 ? `${keyId}/${kind}` : `${keyId}/${kind}/${shard}`
  const bucket = limiter.buckets.get(id) ?? { milliTokens: limit.capacity * 1000, lastMillis: now }
  limiter.buckets.set(id, bucket)
  const elapsed = Math.max(0, now - bucket.lastMillis)
  bucket.milliTokens = Math.min(limit.capacity * 1000, bucket.milliTokens + elapsed * limit.refillRate)
  bucket.lastMillis = now
  if (bucket.milliTokens < cost * 1000) return false
  bucket.milliTokens -= cost * 1000
  return true
}
