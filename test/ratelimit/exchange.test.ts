/**
 * The embedded exchange's side of rate limiting, by raw signed HTTP: it reports its buckets and costs in
 * Kalshi's format, keys the buckets per account, and gives shard buckets only to shards it has.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import { call, H0, place, placeOk, trader, withExchange } from "../exchange/support.js"

const now = TestClock.setTime(1_763_700_000_000)

interface Schema {
  readonly required?: ReadonlyArray<string>
  readonly properties?: Readonly<Record<string, { readonly $ref?: string }>>
}
const spec: { readonly components: { readonly schemas: Readonly<Record<string, Schema>> } } = parse(
  readFileSync(new URL("../../../shared/kalshi/openapi.yaml", import.meta.url), "utf8")
)

/** The required fields of a spec schema that `value` lacks, one level of `$ref` deep. */
const missing = (value: unknown, name: string): ReadonlyArray<string> => {
  const schema = spec.components.schemas[name]!
  const record = value as Record<string, unknown>
  return (schema.required ?? []).flatMap((field) => {
    if (!(field in record)) return [field]
    const ref = schema.properties?.[field]?.$ref
    return ref === undefined ? [] : missing(record[field], ref.split("/").at(-1)!).map((inner) => `${field}.${inner}`)
  })
}

describe("GET /account/limits", () => {
  it.effect("reports the Basic tier's buckets in Kalshi's shape, signed, and costs a read", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      const limits = yield* call(alice, "GET", "/account/limits")
      expect(limits.status).toBe(200)
      expect(limits.body).toEqual({
        usage_tier: "basic",
        read: { refill_rate: 200, bucket_capacity: 200 },
        write: { refill_rate: 100, bucket_capacity: 100 },
        grants: []
      })
      expect(missing(limits.body, "GetAccountApiLimitsResponse")).toEqual([])
      expect((yield* call(undefined, "GET", "/account/limits")).status).toBe(401)
      // 200 read tokens: the limits took 10, 19 more reads empty the bucket.
      for (let i = 0; i < 19; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/account/limits")).status).toBe(429)
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("follows the tier and the overrides; without limits, buckets no test can empty", () =>
    Effect.gen(function*() {
      const advanced = yield* Effect.flatMap(trader(), (alice) => call(alice, "GET", "/account/limits")).pipe(
        withExchange({ rateLimits: { tier: "advanced", read: { refillRate: 50, capacity: 80 } } })
      )
      expect(advanced.body).toMatchObject({
        usage_tier: "advanced",
        read: { refill_rate: 50, bucket_capacity: 80 },
        write: { refill_rate: 300, bucket_capacity: 600 }
      })
      const unlimited = yield* Effect.flatMap(trader(), (alice) => call(alice, "GET", "/account/limits")).pipe(
        withExchange()
      )
      expect(unlimited.body).toMatchObject({
        usage_tier: "unlimited",
        read: { refill_rate: 1_000_000_000, bucket_capacity: 1_000_000_000 }
      })
    }))
})

describe("GET /account/endpoint_costs", () => {
  it.effect("is public, and lists the cancels (2 tokens, per leg for the batch) against the default 10", () =>
    Effect.gen(function*() {
      const costs = yield* call(undefined, "GET", "/account/endpoint_costs")
      expect(costs.status).toBe(200)
      expect(costs.body).toEqual({
        default_cost: 10,
        endpoint_costs: [
          { method: "DELETE", path: "/portfolio/events/orders/{order_id}", cost: 2 },
          { method: "DELETE", path: "/portfolio/events/orders/batched", cost: 2 }
        ]
      })
      expect(missing(costs.body, "GetAccountEndpointCostsResponse")).toEqual([])
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("lists nothing when every endpoint costs the default", () =>
    Effect.gen(function*() {
      const costs = yield* call(undefined, "GET", "/account/endpoint_costs")
      expect(costs.body).toEqual({ default_cost: 25, endpoint_costs: [] })
    }).pipe(withExchange({ rateLimits: { costs: { default: 25, cancel: 25 } } })))
})

describe("the buckets", () => {
  it.effect("belong to the account: its keys share them", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      const aliceAgain = yield* trader({ algorithm: "ed25519", userId: alice.userId })
      expect(aliceAgain.keyId).not.toBe(alice.keyId)
      for (let i = 0; i < 10; i++) yield* placeOk(alice, { price: "0.30" })
      expect((yield* place(aliceAgain, { price: "0.30" })).status).toBe(429)
      // Another account still has its own.
      expect((yield* place(yield* trader(), { price: "0.30" })).status).toBe(201)
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("made-up exchange_index values pay from shard 0's bucket; only real shards have their own", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      for (let i = 0; i < 10; i++) yield* placeOk(alice, { price: "0.30" })
      // Shard 0's write bucket is empty: cancels routed to shards the exchange does not have are refused...
      for (let shard = 2; shard < 40; shard++) {
        expect((yield* call(alice, "DELETE", `/portfolio/events/orders/unknown?exchange_index=${shard}`)).status)
          .toBe(429)
      }
      // ...while shard 1, which exists (H0 trades there), has its own bucket: the cancel is paid, and 404s.
      const market = yield* call<{ readonly market: { readonly exchange_index: number } }>(
        undefined,
        "GET",
        `/markets/${H0}`
      )
      expect(market.body.market.exchange_index).toBe(1)
      expect((yield* call(alice, "DELETE", "/portfolio/events/orders/unknown?exchange_index=1")).status).toBe(404)
    }).pipe(withExchange({ rateLimits: {} })))
})
