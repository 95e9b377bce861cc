/**
 * The embedded exchange on a loopback port in a process of its own, for benchmarks that measure the
 * client's CPU alone: prints one JSON line `{ baseUrl, keyId, privateKeyPem, userId }` (a funded trader) and
 * serves until its stdin closes.
 */
import { Effect, Redacted } from "effect"
import * as FixedPoint from "../src/FixedPoint.js"
import { EmbeddedExchange } from "../src/testing.js"
import { EmbeddedExchangeServer } from "../src/testing/node.js"

const program = Effect.gen(function*() {
  const exchange = yield* EmbeddedExchange.EmbeddedExchange
  const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
  const trader = yield* exchange.generateCredentials({ balance: FixedPoint.unsafeMake("1000") })
  console.log(JSON.stringify({
    baseUrl: server.baseUrl,
    keyId: trader.keyId,
    privateKeyPem: Redacted.value(trader.privateKeyPem),
    userId: trader.userId
  }))
  yield* Effect.async<void>((resume) => {
    process.stdin.on("close", () => resume(Effect.void))
    process.stdin.resume()
  })
})

Effect.runFork(
  program.pipe(Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })), Effect.scoped)
)
