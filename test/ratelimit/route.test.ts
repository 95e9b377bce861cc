/**
 * Which bucket a request draws on and what it costs, from the request alone.
 */
import { describe, expect, it } from "@effect/vitest"
import { charge, costTable } from "../../src/internal/rateLimitRoute.js"

const kalshiCosts = costTable(10, [
  { method: "DELETE", path: "/trade-api/v2/portfolio/events/orders/{order_id}", cost: 2 },
  { method: "DELETE", path: "/portfolio/events/orders/batched", cost: 2 },
  { method: "get", path: "/portfolio/orders/:order_id/queue_position", cost: 1 }
])

describe("costTable", () => {
  it("matches listed endpoints by method and path template, with or without the API root", () => {
    expect(kalshiCosts("DELETE", "/portfolio/events/orders/ord-1")).toBe(2)
    expect(kalshiCosts("GET", "/portfolio/orders/ord-1/queue_position")).toBe(1)
    // The literal `batched` wins over the `{order_id}` template that also matches it.
    expect(kalshiCosts("DELETE", "/portfolio/events/orders/batched")).toBe(2)
  })

  it("charges the default cost to everything else", () => {
    expect(kalshiCosts("POST", "/portfolio/events/orders")).toBe(10)
    expect(kalshiCosts("GET", "/portfolio/orders/ord-1")).toBe(10)
    expect(kalshiCosts("DELETE", "/portfolio/events/orders")).toBe(10)
    expect(kalshiCosts("POST", "/portfolio/events/orders/ord-1")).toBe(10)
    expect(costTable(7, [])("GET", "/anything")).toBe(7)
  })
})

describe("charge", () => {
  it("reads draw on the read bucket, writes on the write bucket", () => {
    expect(charge(kalshiCosts, { method: "GET", path: "/portfolio/balance" })).toEqual({
      bucket: "read",
      kind: "read",
      cost: 10
    })
    expect(charge(kalshiCosts, { method: "POST", path: "/portfolio/events/orders", body: { ticker: "T" } })).toEqual({
      bucket: "write",
      kind: "write",
      cost: 10
    })
  })

  it("a single write naming a shard ≥ 1 draws on that shard's bucket, from the body or the query", () => {
    const create = { method: "POST", path: "/portfolio/events/orders", body: { ticker: "T", exchange_index: 1 } }
    expect(charge(kalshiCosts, create).bucket).toBe("write/1")
    const cancel = { method: "DELETE", path: "/portfolio/events/orders/ord-1", query: { exchange_index: 3 } }
    expect(charge(kalshiCosts, cancel)).toEqual({ bucket: "write/3", kind: "write", cost: 2 })
    expect(charge(kalshiCosts, { ...cancel, query: { exchange_index: "2" } }).bucket).toBe("write/2")
    // Shard 0, auto-routing (-1) and nonsense stay on the main bucket.
    for (const exchange_index of [0, -1, 1.5, "x", null]) {
      expect(charge(kalshiCosts, { ...cancel, query: { exchange_index } }).bucket).toBe("write")
    }
  })

  it("a batch costs one leg times its legs, from the main write bucket, whatever its legs' shards", () => {
    const legs = Array.from({ length: 7 }, () => ({ ticker: "T", exchange_index: 1 }))
    expect(charge(kalshiCosts, { method: "POST", path: "/portfolio/events/orders/batched", body: { orders: legs } }))
      .toEqual({ bucket: "write", kind: "write", cost: 70 })
    expect(
      charge(kalshiCosts, {
        method: "DELETE",
        path: "/portfolio/events/orders/batched",
        body: { orders: [{ order_id: "a" }, { order_id: "b" }, { order_id: "c" }] }
      })
    ).toEqual({ bucket: "write", kind: "write", cost: 6 })
    // The legacy batch cancel lists `ids`.
    expect(charge(kalshiCosts, { method: "DELETE", path: "/portfolio/orders/batched", body: { ids: ["a", "b"] } }).cost)
      .toBe(20)
  })
})
