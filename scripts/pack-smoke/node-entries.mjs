// The Node entries, once @effect/platform-node is installed: the quick start's client over undici against
// the embedded exchange on a loopback port (effect-kalshi/node, effect-kalshi/testing/node).
import { Console, Effect } from "effect"
import { Markets } from "effect-kalshi"
import { NodeKalshiClient } from "effect-kalshi/node"
import { EmbeddedExchangeServer } from "effect-kalshi/testing/node"

const program = Effect.gen(function*() {
  const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
  const { markets } = yield* Markets.list({ status: "open", limit: 2 }).pipe(
    Effect.provide(NodeKalshiClient.layer({ baseUrl: server.baseUrl }))
  )
  yield* Console.log(`over undici: ${markets.length} markets from ${new URL(server.baseUrl).host}`)
})

await Effect.runPromise(program.pipe(Effect.provide(EmbeddedExchangeServer.layerWithExchange()), Effect.scoped))
