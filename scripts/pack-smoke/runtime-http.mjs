// The quick start over real HTTP on the runtime running this file (Node, Bun, Deno): the embedded
// exchange's loopback server, and the client over each transport the README recommends for that runtime
// (`fetch`: FetchHttpClient; `node-http`: @effect/platform-node's node:http client; `undici`: its undici
// client, Node only). Usage: <runtime> runtime-http.mjs fetch node-http …  Prints one "placed" line each.
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { BigDecimal, Console, Effect, Layer } from "effect"
import { FixedPoint, KalshiClient, Markets, Orders } from "effect-kalshi"
import { EmbeddedExchange } from "effect-kalshi/testing"
import { EmbeddedExchangeServer } from "effect-kalshi/testing/node"

const transports = {
  fetch: FetchHttpClient.layer,
  "node-http": NodeHttpClient.layer,
  undici: NodeHttpClient.layerUndici
}

const quickStart = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const order = yield* Orders.createV2({
    ticker: markets[0].ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: FixedPoint.unsafeMake("0.01"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  })
  return `${order.order_id}: ${BigDecimal.format(order.remaining_count)} resting`
})

const program = Effect.gen(function*() {
  const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
  const exchange = yield* EmbeddedExchange.EmbeddedExchange
  for (const name of process.argv.slice(2)) {
    const trader = yield* exchange.generateCredentials()
    const client = KalshiClient.layer({
      baseUrl: server.baseUrl,
      credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem }
    }).pipe(Layer.provide(transports[name]))
    yield* Console.log(`placed over ${name}: ${yield* quickStart.pipe(Effect.provide(client))}`)
  }
})

await Effect.runPromise(program.pipe(Effect.provide(EmbeddedExchangeServer.layerWithExchange())))
