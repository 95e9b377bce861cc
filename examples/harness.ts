/**
 * How the examples run: against the embedded exchange on 127.0.0.1 by default (a fresh key pair is
 * generated and registered), or against Kalshi with `--live` (or `KALSHI_LIVE=1`), configured by the
 * standard `KALSHI_*` variables. The programs themselves only need `KalshiClient` and `KalshiWebSocket`
 * (which connects only when a program subscribes), so the same code runs on both.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Config, Effect, Layer, Option } from "effect"
import { pathToFileURL } from "node:url"
import type * as KalshiClient from "../src/KalshiClient.js"
import * as KalshiWebSocket from "../src/KalshiWebSocket.js"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import * as NodeKalshiWebSocket from "../src/NodeKalshiWebSocket.js"
import { EmbeddedExchangeWebSocket } from "../src/testing.js"
import { EmbeddedExchangeServer } from "../src/testing/node.js"

/** Whether the run targets Kalshi itself rather than the embedded exchange. */
export const isLive = process.argv.includes("--live") || process.env.KALSHI_LIVE === "1"

/** What the example programs need. */
export type Clients = KalshiClient.KalshiClient | KalshiWebSocket.KalshiWebSocket

/**
 * The embedded exchange on loopback, with a REST client and a WebSocket client signed by freshly
 * registered credentials (undici and `ws` over 127.0.0.1).
 */
export const embeddedLayer = (options?: KalshiClient.Options) =>
  Layer.unwrapEffect(
    Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) =>
      EmbeddedExchangeWebSocket.layerTrader({
        client: { ...options, baseUrl: server.baseUrl },
        webSocket: { url: Option.getOrThrow(KalshiWebSocket.urlFromBaseUrl(server.baseUrl)) }
      }))
  ).pipe(
    Layer.provide(Layer.merge(NodeHttpClient.layerUndici, NodeKalshiWebSocket.layerConnector)),
    Layer.provideMerge(EmbeddedExchangeServer.layerWithExchange())
  )

/**
 * Kalshi's demo environment from the standard variables. Examples place real orders, so production is
 * refused here: these are walkthroughs, not strategies.
 */
const liveLayer = Layer.unwrapEffect(
  Effect.gen(function*() {
    const environment = yield* Config.string("KALSHI_ENV").pipe(Config.withDefault("demo"))
    if (environment !== "demo") {
      return yield* Effect.dieMessage("the examples run against KALSHI_ENV=demo only: they place real orders")
    }
    return Layer.merge(NodeKalshiClient.layerConfig(), NodeKalshiWebSocket.layerConfig())
  })
)

/** The clients the examples run with: embedded by default, Kalshi's demo with `--live`. */
export const clientLayer: Layer.Layer<Clients, unknown> = isLive ? liveLayer : embeddedLayer()

/**
 * Runs an example program with {@link clientLayer} when its file is the one Node was started with
 * (so tests can import the program without running it), reporting failures through the exit code.
 */
export const runExample = <E>(module: ImportMeta, program: Effect.Effect<void, E, Clients>) => {
  if (process.argv[1] !== undefined && module.url === pathToFileURL(process.argv[1]).href) {
    program.pipe(Effect.provide(clientLayer), NodeRuntime.runMain)
  }
}
