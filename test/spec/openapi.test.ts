/**
 * Kalshi's OpenAPI document (read from ../shared, never copied into the repo) against both sides of the
 * project: the SDK's models use only the spec's wire names and never require what the spec lets the
 * exchange leave out; every query parameter the SDK sends is one the operation declares; and the
 * embedded exchange's real responses carry every field the spec marks required.
 */
import { HttpClient, HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Ref, Schema, SchemaAST, Stream } from "effect"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import * as KalshiClient from "../../src/KalshiClient.js"
import * as Markets from "../../src/Markets.js"
import * as Orders from "../../src/Orders.js"
import * as Portfolio from "../../src/Portfolio.js"
import * as S from "../support/scripted.js"

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

const resolve = <A extends { readonly $ref?: string | undefined }>(node: A, table: Readonly<Record<string, A>>): A =>
  node.$ref === undefined ? node : resolve(table[node.$ref.split("/").pop() ?? ""]!, table)

const component = (name: string): JsonSchema => {
  const schema = spec.components.schemas[name]
  if (schema === undefined) throw new Error(`no schema ${name} in the spec`)
  return schema
}

/** An array schema's item schema, e.g. the entries of `BatchCreateOrdersV2Response.orders`. */
const itemsOf = (schema: JsonSchema, property: string): JsonSchema =>
  resolve(schema.properties?.[property]?.items ?? {}, spec.components.schemas)

/** The wire fields of an SDK schema: names, and whether each may be absent. */
const wireFields = (schema: Schema.Schema.Any) =>
  SchemaAST.getPropertySignatures(SchemaAST.encodedAST(schema.ast)).map((p) => ({
    name: String(p.name),
    optional: p.isOptional
  }))

const queryParameters = (method: string, path: string): ReadonlyArray<string> => {
  const operation = spec.paths[path]?.[method]
  if (operation === undefined) throw new Error(`no ${method.toUpperCase()} ${path} in the spec`)
  return (operation.parameters ?? [])
    .map((p) => resolve(p, spec.components.parameters))
    .filter((p) => p.in === "query")
    .map((p) => p.name ?? "")
}

describe("the SDK's models against the spec", () => {
  const requests: ReadonlyArray<readonly [string, Schema.Schema.Any, JsonSchema]> = [
    ["CreateOrderV2Request", Orders.CreateOrderV2Request, component("CreateOrderV2Request")],
    ["BatchCreateOrdersV2Request", Orders.BatchCreateOrdersV2Request, component("BatchCreateOrdersV2Request")],
    ["AmendOrderV2Request", Orders.AmendOrderV2Request, component("AmendOrderV2Request")],
    ["DecreaseOrderV2Request", Orders.DecreaseOrderV2Request, component("DecreaseOrderV2Request")],
    ["BatchCancelOrdersV2Request", Orders.BatchCancelOrdersV2Request, component("BatchCancelOrdersV2Request")],
    [
      "BatchCancelOrdersV2RequestOrder",
      Orders.BatchCancelOrdersV2RequestOrder,
      itemsOf(component("BatchCancelOrdersV2Request"), "orders")
    ]
  ]
  for (const [name, schema, wire] of requests) {
    it(`${name} sends only spec fields and every field the spec requires`, () => {
      const fields = wireFields(schema)
      expect(fields.map((f) => f.name).filter((n) => !(n in (wire.properties ?? {})))).toEqual([])
      const required = fields.filter((f) => !f.optional).map((f) => f.name)
      expect((wire.required ?? []).filter((n) => !required.includes(n))).toEqual([])
    })
  }

  const responses: ReadonlyArray<readonly [string, Schema.Schema.Any, JsonSchema]> = [
    ["Order", Orders.Order, component("Order")],
    ["GetOrdersResponse", Orders.GetOrdersResponse, component("GetOrdersResponse")],
    ["OrderQueuePosition", Orders.OrderQueuePosition, component("OrderQueuePosition")],
    ["CreateOrderV2Response", Orders.CreateOrderV2Response, component("CreateOrderV2Response")],
    ["CancelOrderV2Response", Orders.CancelOrderV2Response, component("CancelOrderV2Response")],
    ["AmendOrderV2Response", Orders.AmendOrderV2Response, component("AmendOrderV2Response")],
    ["DecreaseOrderV2Response", Orders.DecreaseOrderV2Response, component("DecreaseOrderV2Response")],
    ["Fill", Portfolio.Fill, component("Fill")],
    ["GetFillsResponse", Portfolio.GetFillsResponse, component("GetFillsResponse")],
    ["GetBalanceResponse", Portfolio.GetBalanceResponse, component("GetBalanceResponse")],
    ["IndexedBalance", Portfolio.IndexedBalance, component("IndexedBalance")],
    ["Market", Markets.Market, component("Market")],
    ["PriceRange", Markets.PriceRange, component("PriceRange")],
    ["GetMarketsResponse", Markets.GetMarketsResponse, component("GetMarketsResponse")]
  ]
  for (const [name, schema, wire] of responses) {
    it(`${name} reads only spec fields and requires none the spec lets the exchange omit`, () => {
      const fields = wireFields(schema)
      expect(fields.map((f) => f.name).filter((n) => !(n in (wire.properties ?? {})))).toEqual([])
      expect(fields.filter((f) => !f.optional && !(wire.required ?? []).includes(f.name)).map((f) => f.name)).toEqual(
        []
      )
    })
  }

  // The spec folds a batch entry's two shapes into one with every field optional; the SDK splits them,
  // and a success entry (no `error`) must carry its result, so only the names are checked here.
  const batchEntries: ReadonlyArray<readonly [string, Schema.Schema.Any, JsonSchema]> = [
    [
      "BatchCreateOrderV2Success",
      Orders.BatchCreateOrderV2Success,
      itemsOf(component("BatchCreateOrdersV2Response"), "orders")
    ],
    ["BatchEntryFailure", Orders.BatchEntryFailure, itemsOf(component("BatchCreateOrdersV2Response"), "orders")],
    [
      "BatchCancelOrderV2Success",
      Orders.BatchCancelOrderV2Success,
      itemsOf(component("BatchCancelOrdersV2Response"), "orders")
    ],
    [
      "BatchCancelOrderV2Failure",
      Orders.BatchCancelOrderV2Failure,
      itemsOf(component("BatchCancelOrdersV2Response"), "orders")
    ]
  ]
  for (const [name, schema, wire] of batchEntries) {
    it(`${name} reads only spec fields`, () => {
      expect(wireFields(schema).map((f) => f.name).filter((n) => !(n in (wire.properties ?? {})))).toEqual([])
    })
  }

  const queries: ReadonlyArray<readonly [string, Schema.Schema.Any, string, string]> = [
    ["ListOrdersParams", Orders.ListOrdersParams, "get", "/portfolio/orders"],
    ["QueuePositionsParams", Orders.QueuePositionsParams, "get", "/portfolio/orders/queue_positions"],
    ["CancelOrderV2Params", Orders.CancelOrderV2Params, "delete", "/portfolio/events/orders/{order_id}"],
    ["CancelAllParams", Orders.CancelAllParams, "delete", "/portfolio/events/orders"],
    ["SubaccountParams (amend)", Orders.SubaccountParams, "post", "/portfolio/events/orders/{order_id}/amend"],
    ["SubaccountParams (decrease)", Orders.SubaccountParams, "post", "/portfolio/events/orders/{order_id}/decrease"],
    ["FillsParams", Portfolio.FillsParams, "get", "/portfolio/fills"],
    ["BalanceParams", Portfolio.BalanceParams, "get", "/portfolio/balance"],
    ["ListMarketsParams", Markets.ListMarketsParams, "get", "/markets"]
  ]
  for (const [name, schema, method, path] of queries) {
    it(`${name} sends only query parameters that ${method.toUpperCase()} ${path} declares`, () => {
      const declared = queryParameters(method, path)
      expect(wireFields(schema).map((f) => f.name).filter((n) => !declared.includes(n))).toEqual([])
    })
  }
})

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

describe("the SDK's endpoints against the spec", () => {
  /** Every request the SDK makes, recorded by a transport that then fails it. */
  const recordedCalls = Effect.gen(function*() {
    const seen = yield* Ref.make<ReadonlyArray<readonly [string, string]>>([])
    const transport = HttpClient.make((request, url) =>
      Effect.zipRight(
        Ref.update(seen, (calls) => [...calls, [request.method.toLowerCase(), url.pathname] as const]),
        Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport" }))
      )
    )
    const client = KalshiClient.layer({
      baseUrl: "https://kalshi.test/trade-api/v2",
      credentials: S.credentials,
      retry: false,
      // One request per call: the rate limiter's own reads of the limits are left out here.
      rateLimit: false
    })
      .pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, transport)))
    const calls: ReadonlyArray<Effect.Effect<unknown, unknown, KalshiClient.KalshiClient>> = [
      Orders.createV2(S.order()),
      Orders.batchCreateV2({ orders: [S.order()] }),
      Orders.cancelV2("ord-1"),
      Orders.batchCancelV2({ orders: [{ order_id: "ord-1" }] }),
      Orders.cancelAll(),
      Orders.amendV2("ord-1", { ticker: "T", side: "bid", price: S.dec("0.5"), count: S.dec("1") }),
      Orders.decreaseV2("ord-1", { reduce_by: S.dec("1") }),
      Orders.get("ord-1"),
      Orders.list(),
      Stream.runDrain(Orders.listAll()),
      Orders.queuePositions(),
      Orders.queuePosition("ord-1"),
      Portfolio.fills(),
      Stream.runDrain(Portfolio.fillsAll()),
      Portfolio.balance(),
      Markets.list(),
      Stream.runDrain(Markets.listAll()),
      Markets.get("KXHIGHNY-26NOV21-T55")
    ]
    yield* Effect.forEach(calls, (call) => Effect.ignore(Effect.provide(call, client)), { discard: true })
    return yield* Ref.get(seen)
  })

  /** The spec's path templates as patterns over real paths (`{order_id}` matches one segment). */
  const templates = Object.entries(spec.paths).flatMap(([template, operations]) =>
    Object.keys(operations).map((method) => ({
      method,
      template,
      pattern: new RegExp(`^/trade-api/v2${template.replace(/\{[^}]+\}/g, "[^/]+")}$`)
    }))
  )

  it.effect("every method and path the SDK sends is an operation of the spec", () =>
    Effect.gen(function*() {
      const calls = yield* recordedCalls
      expect(calls.length).toBe(18)
      const unknown = calls.filter(([method, path]) =>
        !templates.some((t) => t.method === method && t.pattern.test(path))
      )
      expect(unknown).toEqual([])
    }))
})
