// A library built on the SDK, compiled with declarations in the scratch app: every type it infers must
// be nameable through the package's subpaths (no TS2742), under NodeNext and node10 resolution alike.
import { Effect, Layer } from "effect"
import { FixedPoint, KalshiClient, Markets, Orders, Portfolio } from "effect-kalshi"
import { NodeKalshiClient } from "effect-kalshi/node"
import { EmbeddedExchange } from "effect-kalshi/testing"
import { EmbeddedExchangeServer } from "effect-kalshi/testing/node"

export const firstMarket = Effect.map(Markets.list({ status: "open", limit: 1 }), (page) => page.markets[0])
export const place = (ticker: string) =>
  Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
    Orders.createV2({
      ticker,
      client_order_id,
      side: "bid",
      count: FixedPoint.unsafeMake("1"),
      price: FixedPoint.unsafeMake("0.01"),
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross"
    }))
export const balance = Portfolio.balance()
export const fills = Portfolio.fillsAll({})
export const cancel = (orderId: string) => Orders.cancelV2(orderId)
export const configured = KalshiClient.layerConfig()
export const nodeClient = NodeKalshiClient.layerConfig()
export const testClient = EmbeddedExchange.layerTraderClient().pipe(
  Layer.provideMerge(EmbeddedExchange.layerInMemory())
)
export const trader = Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.generateCredentials())
export const server = EmbeddedExchangeServer.layerWithExchange()
