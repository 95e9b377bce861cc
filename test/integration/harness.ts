/**
 * The SDK wired to the embedded exchange, two ways: through the in-memory `HttpClient` (no socket) and
 * over real HTTP on 127.0.0.1 (undici against the Node server). Integration suites run once per
 * transport, with the same assertions.
 */
import type { HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Context, Effect, Layer } from "effect"
import * as KalshiClient from "../../src/KalshiClient.js"
import { EmbeddedExchange } from "../../src/testing.js"
import { EmbeddedExchangeServer } from "../../src/testing/node.js"

/** The account the suite's client trades as. */
export class Trader extends Context.Tag("test/Trader")<Trader, EmbeddedExchange.Credentials>() {}

/** Fast read retries, so that fault tests do not wait on the default backoff. */
const clientOptions: KalshiClient.Options = { retry: { maxRetries: 2, baseDelay: "5 millis" }, timeout: "5 seconds" }

const withTrader = <R>(baseUrl: Effect.Effect<string, never, R>) =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const trader = yield* exchange.generateCredentials()
      const client = KalshiClient.layer({
        ...clientOptions,
        baseUrl: yield* baseUrl,
        credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem }
      })
      return Layer.merge(client, Layer.succeed(Trader, trader))
    })
  )

/** What a suite gets: the client, the exchange behind it, and the trader's credentials. */
export type Env = KalshiClient.KalshiClient | EmbeddedExchange.EmbeddedExchange | Trader | HttpClient.HttpClient

/** The SDK over the in-memory client. */
export const inMemory: Layer.Layer<Env> = withTrader(Effect.succeed(EmbeddedExchange.baseUrl)).pipe(
  Layer.provideMerge(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" })),
  Layer.orDie
)

/** The SDK over undici against the exchange's loopback server. */
export const loopback: Layer.Layer<Env> = withTrader(
  Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) => server.baseUrl)
).pipe(
  Layer.provideMerge(
    Layer.merge(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" }), NodeHttpClient.layerUndici)
  ),
  Layer.orDie
)

/** Both transports, named, for `describe.each`-style suites. */
export const transports = [["in-memory", inMemory], ["loopback HTTP", loopback]] as const
