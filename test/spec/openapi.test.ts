/**
 * Kalshi's OpenAPI document (read from ../shared, never copied into the repo) against the embedded
 * exchange: its real responses carry every field the spec marks required. (The SDK's side is checked
 * operation by operation in contract.test.ts.)
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import * as KalshiClient from "../../src/KalshiClient.js"
import * as Orders from "../../src/Orders.js"

interface JsonSchema {
  readonly $ref?: string
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: ReadonlyArray<string>
  readonly items?: JsonSchema
}
interface Parameter {
  readonly $ref?: string
  readonly name?: string
  readonly in?: string
}
interface Spec {
  readonly paths: Readonly<Record<string, Readonly<Record<string, { readonly parameters?: ReadonlyArray<Parameter> }>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>
    readonly parameters: Readonly<Record<string, Parameter>>
  }
}

const spec: Spec = parse(readFileSync(new URL("../../../shared/kalshi/openapi.yaml", import.meta.url), "utf8"))

const component = (name: string): JsonSchema => {
  const schema = spec.components.schemas[name]
  if (schema === undefined) throw new Error(`no schema ${name} in the spec`)
  return schema
}

/** The raw JSON the exchange answers, through the SDK's client (signing, routing) without decoding. */
const raw = (
  method: KalshiClient.Method,
  path: string,
  status: 200 | 201,
  options: { readonly body?: unknown; readonly query?: KalshiClient.Query } = {}
) =>
  Effect.flatMap(
    KalshiClient.KalshiClient,
    (client) =>
      client.execute({
        method,
        path,
        status,
        response: Schema.Unknown,
        authenticated: !path.startsWith("/markets"),
        ...options
      })
  )

const missingRequired = (value: unknown, wire: JsonSchema): ReadonlyArray<string> =>
  (wire.required ?? []).filter((name) => typeof value !== "object" || value === null || !(name in value))

const client = EmbeddedExchange.layerTraderClient().pipe(
  Layer.provide(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" }))
)

describe("the embedded exchange's responses against the spec", () => {
  it.effect("carry every required field of markets, orders, fills, balances and write results", () =>
    Effect.gen(function*() {
      const markets = (yield* raw("GET", "/markets", 200)) as { readonly markets: ReadonlyArray<unknown> }
      expect(missingRequired(markets, component("GetMarketsResponse"))).toEqual([])
      for (const market of markets.markets) expect(missingRequired(market, component("Market"))).toEqual([])

      const ticker = "KXHIGHNY-26NOV21-T55"
      const order = (price: string, time_in_force: Orders.TimeInForce) =>
        Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
          Schema.encode(Orders.CreateOrderV2Request)({
            ticker,
            client_order_id,
            side: "bid",
            count: FixedPoint.unsafeMake("2"),
            price: FixedPoint.unsafeMake(price),
            time_in_force,
            self_trade_prevention_type: "taker_at_cross"
          }))
      const resting = yield* raw("POST", "/portfolio/events/orders", 201, {
        body: yield* order("0.05", "good_till_canceled")
      })
      expect(missingRequired(resting, component("CreateOrderV2Response"))).toEqual([])
      const taken = yield* raw("POST", "/portfolio/events/orders", 201, {
        body: yield* order("0.44", "immediate_or_cancel")
      })
      expect(missingRequired(taken, component("CreateOrderV2Response"))).toEqual([])

      const orders = (yield* raw("GET", "/portfolio/orders", 200)) as { readonly orders: ReadonlyArray<unknown> }
      expect(missingRequired(orders, component("GetOrdersResponse"))).toEqual([])
      expect(orders.orders.length).toBe(2)
      for (const o of orders.orders) expect(missingRequired(o, component("Order"))).toEqual([])

      const fills = (yield* raw("GET", "/portfolio/fills", 200)) as { readonly fills: ReadonlyArray<unknown> }
      expect(missingRequired(fills, component("GetFillsResponse"))).toEqual([])
      expect(fills.fills.length).toBeGreaterThan(0)
      for (const fill of fills.fills) expect(missingRequired(fill, component("Fill"))).toEqual([])

      const positions =
        (yield* raw("GET", "/portfolio/orders/queue_positions", 200, { query: { market_tickers: ticker } })) as {
          readonly queue_positions: ReadonlyArray<unknown>
        }
      expect(positions.queue_positions.length).toBe(1)
      for (const p of positions.queue_positions) expect(missingRequired(p, component("OrderQueuePosition"))).toEqual([])

      expect(missingRequired(yield* raw("GET", "/portfolio/balance", 200), component("GetBalanceResponse"))).toEqual([])
      const restingId = (resting as { readonly order_id: string }).order_id
      const decreased = yield* raw("POST", `/portfolio/events/orders/${restingId}/decrease`, 200, {
        body: { reduce_by: "1" }
      })
      expect(missingRequired(decreased, component("DecreaseOrderV2Response"))).toEqual([])
      const amended = yield* raw("POST", `/portfolio/events/orders/${restingId}/amend`, 200, {
        body: { ticker, side: "bid", price: "0.0600", count: "3" }
      })
      expect(missingRequired(amended, component("AmendOrderV2Response"))).toEqual([])
      const canceled = yield* raw("DELETE", `/portfolio/events/orders/${restingId}`, 200)
      expect(missingRequired(canceled, component("CancelOrderV2Response"))).toEqual([])
    }).pipe(Effect.provide(client)))
})
