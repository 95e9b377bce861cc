/**
 * How the examples run: against the embedded exchange on 127.0.0.1 by default (a fresh key pair is
 * generated and registered), or against Kalshi with `--live` (or `KALSHI_LIVE=1`), configured by the
 * standard `KALSHI_*` variables. The programs themselves only need `KalshiClient`, so the same code
 * runs on both.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Config, Effect, Layer } from "effect"
import { pathToFileURL } from "node:url"
import type * as KalshiClient from "../src/KalshiClient.js"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import { EmbeddedExchange } from "../src/testing.js"
import { EmbeddedExchangeServer } from "../src/testing/node.js"

/** Whether the run targets Kalshi itself rather than the embedded exchange. */
export const isLive = process.argv.includes("--live") || process.env.KALSHI_LIVE === "1"

/** The embedded exchange on loopback, with a client signed by freshly registered credentials. */
export const embeddedLayer = (options?: KalshiClient.Options) =>
  Layer.unwrapEffect(
    Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) =>
      EmbeddedExchange.layerTraderClient({ client: { ...options, baseUrl: server.baseUrl } }))
  ).pipe(
    Layer.provide(NodeHttpClient.layerUndici),
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
    return NodeKalshiClient.layerConfig()
  })
)

/** The client the examples run with: embedded by default, Kalshi's demo with `--live`. */
export const clientLayer: Layer.Layer<KalshiClient.KalshiClient, unknown> = isLive ? liveLayer : embeddedLayer()

/**
 * Runs an example program with {@link clientLayer} when its file is the one Node was started with
 * (so tests can import the program without running it), reporting failures through the exit code.
 */
export const runExample = <E>(module: ImportMeta, program: Effect.Effect<void, E, KalshiClient.KalshiClient>) => {
  if (process.argv[1] !== undefined && module.url === pathToFileURL(process.argv[1]).href) {
    program.pipe(Effect.provide(clientLayer), NodeRuntime.runMain)
  }
}
