/**
 * Proof that the exchange speaks Kalshi's protocol to a client nobody here wrote: Kalshi's official
 * TypeScript SDK (`kalshi-typescript`, axios, its own RSA-PSS signing) trades against the loopback server.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Configuration, MarketApi, OrdersApi, PortfolioApi } from "kalshi-typescript"
import { EmbeddedExchange } from "../../src/testing.js"
import { EmbeddedExchangeServer } from "../../src/testing/node.js"
import { T55 } from "./support.js"

const promise = <A>(f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (cause) => cause })

describe("Kalshi's official TypeScript SDK", () => {
  it.live("creates, gets, lists and cancels an order, and reads the order book and positions", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const { baseUrl } = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
      // An RSA key in PKCS#1, as Kalshi hands them out.
      const trader = yield* exchange.generateCredentials()
      const configuration = new Configuration({
        apiKey: trader.keyId,
        privateKeyPem: Redacted.value(trader.privateKeyPem),
        basePath: baseUrl
      })
      const orders = new OrdersApi(configuration)
      const markets = new MarketApi(configuration)
      const portfolio = new PortfolioApi(configuration)

      const created = yield* promise(() =>
        orders.createOrderV2({
          ticker: T55,
          client_order_id: crypto.randomUUID(),
          side: "bid",
          count: "10",
          price: "0.30",
          time_in_force: "good_till_canceled",
          self_trade_prevention_type: "taker_at_cross"
        })
      )
      expect(created.status).toBe(201)
      const orderId = created.data.order_id
      expect(created.data.remaining_count).toBe("10.00")

      const got = yield* promise(() => orders.getOrder(orderId))
      expect(got.data.order).toMatchObject({ order_id: orderId, status: "resting", yes_price_dollars: "0.3000" })
      const listed = yield* promise(() => orders.getOrders(T55, undefined, undefined, undefined, "resting"))
      expect(listed.data.orders.map((order) => order.order_id)).toEqual([orderId])

      const book = yield* promise(() => markets.getMarketOrderbook(T55))
      expect(book.data.orderbook_fp.yes_dollars).toContainEqual(["0.3000", "10.00"])
      expect(book.data.orderbook_fp.no_dollars.at(-1)).toEqual(["0.5600", "150.00"])

      const canceled = yield* promise(() => orders.cancelOrderV2(orderId))
      expect(canceled.data).toMatchObject({ order_id: orderId, reduced_by: "10.00" })
      const again = yield* Effect.flip(promise(() => orders.cancelOrderV2(orderId)))
      expect((again as { readonly response?: { readonly status: number } }).response?.status).toBe(404)

      yield* promise(() =>
        orders.createOrderV2({
          ticker: T55,
          client_order_id: crypto.randomUUID(),
          side: "bid",
          count: "5",
          price: "0.44",
          time_in_force: "immediate_or_cancel",
          self_trade_prevention_type: "taker_at_cross"
        })
      )
      const positions = yield* promise(() => portfolio.getPositions())
      expect(positions.data.market_positions).toEqual([expect.objectContaining({ ticker: T55, position_fp: "5.00" })])
      const balance = yield* promise(() => portfolio.getBalance())
      // 1000 − 5 × 0.44 − taker fee ceil(0.07·5·0.44·0.56) = 0.09
      expect(balance.data.balance).toBe(99771)
    }).pipe(
      Effect.timeout("30 seconds"),
      Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" }))
    ))
})
