/**
 * The exchange against Kalshi's spec, operation by operation: each operation it serves answers with a status
 * the operation declares and a body that validates against the operation's response schema; each one it does
 * not serve answers 501 `not_implemented` naming that very operation, never another route's answer.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { EmbeddedExchange } from "../../src/testing.js"
import { declaredStatuses, operation, operations, responseSchema, validate } from "./spec.js"
import { C25, call, dec, H0, placeOk, T55, type Trader, trader, withExchange } from "./support.js"

/** The operations the exchange serves. Everything else in the spec must answer 501. */
const served = new Set([
  "GetAccountApiLimits",
  "GetAccountEndpointCosts",
  "GetMarkets",
  "GetMarket",
  "GetMarketOrderbook",
  "GetMarketOrderbooks",
  "GetTrades",
  "GetMarketCandlesticks",
  "BatchGetMarketCandlesticks",
  "GetEvents",
  "GetEvent",
  "GetSeriesList",
  "GetSeries",
  "GetExchangeStatus",
  "GetExchangeSchedule",
  "GetBalance",
  "GetFills",
  "GetOrders",
  "GetOrder",
  "GetOrderQueuePositions",
  "GetOrderQueuePosition",
  "CreateOrderV2",
  "BatchCreateOrdersV2",
  "CancelOrderV2",
  "BatchCancelOrdersV2",
  "CancelAllOrders",
  "AmendOrderV2",
  "DecreaseOrderV2",
  "GetPositions",
  "GetSettlements",
  "GetPortfolioRestingOrderTotalValue",
  "CreateSubaccount",
  "GetSubaccountBalances",
  "ApplySubaccountTransfer",
  "GetSubaccountTransfers",
  "GetOrderGroups",
  "CreateOrderGroup",
  "GetOrderGroup",
  "DeleteOrderGroup",
  "UpdateOrderGroupLimit",
  "ResetOrderGroup",
  "TriggerOrderGroup"
])

interface Sample {
  readonly path: string
  readonly body?: unknown
}

/** A session with something in every list: fills, trades, a settlement, a subaccount, a transfer, groups. */
const prepare = Effect.gen(function*() {
  const exchange = yield* EmbeddedExchange.EmbeddedExchange
  const alice = yield* trader()
  yield* call(alice, "POST", "/portfolio/subaccounts", {})
  yield* call(alice, "POST", "/portfolio/subaccounts/transfer", {
    client_transfer_id: crypto.randomUUID(),
    from_subaccount: 0,
    to_subaccount: 1,
    amount_cents: 1000
  })
  const group = (yield* call<{ readonly order_group_id: string }>(alice, "POST", "/portfolio/order_groups/create", {
    contracts_limit_fp: "100.00"
  })).body.order_group_id
  yield* placeOk(alice, { price: "0.29", order_group_id: group })
  const resting = yield* placeOk(alice, { price: "0.30" })
  yield* placeOk(alice, { count: "5", time_in_force: "immediate_or_cancel" })
  yield* placeOk(alice, { ticker: H0, count: "3", price: "0.66", time_in_force: "immediate_or_cancel" })
  yield* placeOk(alice, { ticker: C25, count: "4", price: "0.33", time_in_force: "immediate_or_cancel" })
  yield* exchange.settleMarket(C25, { result: "yes" })
  return { alice, group, orderId: resting.order_id }
})

/** A request for each served operation that should succeed; unserved ones get dummy parameters. */
const samples = (ids: { readonly group: string; readonly orderId: string }): Record<string, Sample> => ({
  GetMarket: { path: `/markets/${T55}` },
  GetMarketOrderbook: { path: `/markets/${T55}/orderbook?depth=1` },
  GetMarketOrderbooks: { path: `/markets/orderbooks?tickers=${T55}&tickers=${H0}` },
  GetMarketCandlesticks: {
    path: `/series/KXHIGHNY/markets/${T55}/candlesticks?start_ts=0&end_ts=86400&period_interval=1`
  },
  BatchGetMarketCandlesticks: {
    path: `/markets/candlesticks?market_tickers=${T55},${H0}&start_ts=0&end_ts=86400&period_interval=60`
  },
  GetEvents: { path: "/events?with_nested_markets=true" },
  GetEvent: { path: "/events/KXHIGHNY-26NOV21?with_nested_markets=true" },
  GetSeriesList: { path: "/series?include_volume=true" },
  GetSeries: { path: "/series/KXHIGHNY" },
  GetOrder: { path: `/portfolio/orders/${ids.orderId}` },
  GetOrderQueuePosition: { path: `/portfolio/orders/${ids.orderId}/queue_position` },
  GetOrderGroup: { path: `/portfolio/order_groups/${ids.group}` },
  GetPositions: { path: "/portfolio/positions" },
  CreateOrderV2: {
    path: "/portfolio/events/orders",
    body: {
      ticker: T55,
      client_order_id: crypto.randomUUID(),
      side: "bid",
      count: "1",
      price: "0.20",
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross"
    }
  },
  BatchCreateOrdersV2: { path: "/portfolio/events/orders/batched", body: { orders: [] } },
  BatchCancelOrdersV2: { path: "/portfolio/events/orders/batched", body: { orders: [] } },
  AmendOrderV2: {
    path: `/portfolio/events/orders/${ids.orderId}/amend`,
    body: { ticker: T55, side: "bid", price: "0.31", count: "10" }
  },
  DecreaseOrderV2: { path: `/portfolio/events/orders/${ids.orderId}/decrease`, body: { reduce_by: "1" } },
  CancelOrderV2: { path: `/portfolio/events/orders/${ids.orderId}` },
  CreateSubaccount: { path: "/portfolio/subaccounts", body: {} },
  ApplySubaccountTransfer: {
    path: "/portfolio/subaccounts/transfer",
    body: { client_transfer_id: crypto.randomUUID(), from_subaccount: 1, to_subaccount: 0, amount_cents: 1 }
  },
  CreateOrderGroup: { path: "/portfolio/order_groups/create", body: { contracts_limit: 5 } },
  UpdateOrderGroupLimit: { path: `/portfolio/order_groups/${ids.group}/limit`, body: { contracts_limit_fp: "50" } },
  ResetOrderGroup: { path: `/portfolio/order_groups/${ids.group}/reset`, body: {} },
  TriggerOrderGroup: { path: `/portfolio/order_groups/${ids.group}/trigger`, body: {} },
  DeleteOrderGroup: { path: `/portfolio/order_groups/${ids.group}` }
})

/** Reads first, then writes, the destructive ones (cancel all, delete) last. */
const order = (method: string, operationId: string) =>
  (method === "GET" ? 0 : 1) + (operationId === "CancelOrderV2" ? 1 : 0) +
  (["CancelAllOrders", "DeleteOrderGroup"].includes(operationId) ? 2 : 0)

const dummyPath = (template: string) => template.replace(/\{[^}]+\}/g, "X")

const request = (who: Trader, method: string, sample: Sample) =>
  call<unknown>(who, method as "GET", sample.path, sample.body ?? (method === "GET" ? undefined : {}))

describe("the exchange against the spec", () => {
  it("knows every operation it claims to serve", () => {
    for (const operationId of served) expect(() => operation(operationId)).not.toThrow()
  })

  it.effect("answers each operation it serves as declared, validating against the response schema", () =>
    Effect.gen(function*() {
      const setup = yield* prepare
      const table = samples(setup)
      const problems: Array<string> = []
      const ops = operations.filter((op) => served.has(op.operation.operationId))
        .sort((a, b) => order(a.method, a.operation.operationId) - order(b.method, b.operation.operationId))
      for (const op of ops) {
        const id = op.operation.operationId
        const sample = table[id] ?? { path: op.path }
        const reply = yield* request(setup.alice, op.method, sample)
        if (!declaredStatuses(op.operation).includes(reply.status) || reply.status >= 400) {
          problems.push(`${id}: ${reply.status} ${reply.text.slice(0, 300)}`)
          continue
        }
        const schema = responseSchema(op.operation, reply.status)
        if (schema !== undefined) problems.push(...validate(schema, reply.body).map((p) => `${id}: ${p}`))
      }
      expect(problems).toEqual([])
    }).pipe(withExchange()))

  it.effect("answers every other operation 501 in Kalshi's shape, naming that operation", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const problems: Array<string> = []
      for (const op of operations.filter((op) => !served.has(op.operation.operationId))) {
        const reply = yield* request(alice, op.method, { path: dummyPath(op.path) })
        const body = reply.body as { readonly code?: string; readonly message?: string; readonly details?: string }
        if (
          reply.status !== 501 || body.code !== "not_implemented" ||
          !body.message?.startsWith(`${op.operation.operationId} `) || typeof body.details !== "string"
        ) problems.push(`${op.method} ${op.path}: ${reply.status} ${reply.text.slice(0, 200)}`)
      }
      expect(problems).toEqual([])
      // Paths that are no operation at all are still 404.
      expect((yield* call(alice, "GET", "/markets/X/nothing")).status).toBe(404)
    }).pipe(withExchange()))

  it.effect("served reads with unknown ids answer a status the operation declares, from the right route", () =>
    Effect.gen(function*() {
      const alice = yield* trader()
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* exchange.deposit(alice.userId, dec("1"))
      const problems: Array<string> = []
      for (const op of operations.filter((op) => op.method === "GET" && served.has(op.operation.operationId))) {
        const reply = yield* request(alice, op.method, { path: dummyPath(op.path) })
        if (!declaredStatuses(op.operation).includes(reply.status)) {
          problems.push(`${op.operation.operationId}: ${reply.status} ${reply.text.slice(0, 200)}`)
        }
      }
      expect(problems).toEqual([])
    }).pipe(withExchange()))
})
