// The quick start over real HTTP on the runtime running this file (Node, Bun, Deno): the embedded
// exchange's loopback server, and the client over each transport the README recommends for that runtime
// (`fetch`: FetchHttpClient; `node-http`: @effect/platform-node's node:http client; `undici`: its undici
// client, Node only; `key-file`: `KalshiClient.layerConfig()` over fetch, reading the key from
// `KALSHI_PRIVATE_KEY_PATH` with @effect/platform-node's file system). Usage: <runtime> runtime-http.mjs
// fetch node-http …  Prints one "placed" line each.
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { BigDecimal, ConfigProvider, Console, Effect, Layer, Redacted } from "effect"
import { FixedPoint, KalshiClient, Markets, Orders } from "effect-kalshi"
import { EmbeddedExchange } from "effect-kalshi/testing"
import { EmbeddedExchangeServer } from "effect-kalshi/testing/node"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

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

/** The client from the standard variables, the key in a file of its own in the app (removed with the client). */
const fromKeyFile = (baseUrl, trader) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const directory = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(process.cwd(), "key-"))),
      (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
    )
    const path = join(directory, "key.pem")
    writeFileSync(path, Redacted.value(trader.privateKeyPem), { mode: 0o600 })
    const variables = new Map([
      ["KALSHI_API_KEY_ID", trader.keyId],
      ["KALSHI_PRIVATE_KEY_PATH", path],
      ["KALSHI_BASE_URL", baseUrl]
    ])
    return KalshiClient.layerConfig().pipe(
      Layer.provide(Layer.merge(FetchHttpClient.layer, NodeFileSystem.layer)),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(variables)))
    )
  }))

const program = Effect.gen(function*() {
  const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
  const exchange = yield* EmbeddedExchange.EmbeddedExchange
  for (const name of process.argv.slice(2)) {
    const trader = yield* exchange.generateCredentials()
    const client = name === "key-file"
      ? fromKeyFile(server.baseUrl, trader)
      : KalshiClient.layer({
        baseUrl: server.baseUrl,
        credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem }
      }).pipe(Layer.provide(transports[name]))
    yield* Console.log(`placed over ${name}: ${yield* quickStart.pipe(Effect.provide(client))}`)
  }
})

await Effect.runPromise(program.pipe(Effect.provide(EmbeddedExchangeServer.layerWithExchange())))
