/**
 * One client of the CPU benchmark (bench/cpu.ts), in a process of its own so that its CPU, its garbage and
 * its garbage collections are its own; the SDK is the built package, as published. Given the exchange, the
 * package and the client's name as one JSON argument, it warms up, prints `ready`, then for every line it
 * reads, a number of calls, makes them one after the other and answers the CPU microseconds (user + system)
 * they took per call.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { constants, createPrivateKey, sign } from "node:crypto"
import { readFileSync } from "node:fs"
import { createInterface } from "node:readline"
import type * as PortfolioModule from "../src/generated/Portfolio.js"
import type * as KalshiClientModule from "../src/KalshiClient.js"
import type * as NodeKalshiClientModule from "../src/NodeKalshiClient.js"

type Sdk = readonly [typeof PortfolioModule, typeof KalshiClientModule, typeof NodeKalshiClientModule]

/** The SDK's modules from the built package (`Setup.dist`), as users run them. */
const loadSdk = (dist: string): Promise<Sdk> =>
  Promise.all([
    import(new URL("generated/Portfolio.js", dist).href),
    import(new URL("KalshiClient.js", dist).href),
    import(new URL("NodeKalshiClient.js", dist).href)
  ])

/** The clients compared: the bare `@effect/platform` HttpClient, and the SDK as Node users get it and varied. */
export type Client = "bare" | "SDK (Node layer)" | "SDK, no rate limiter" | "SDK, portable layer"

/** What the exchange (bench/server.ts) prints: where it serves and a funded trader's key. */
export interface Served {
  readonly baseUrl: string
  readonly keyId: string
  readonly privateKeyPem: string
}

export interface Setup extends Served {
  readonly client: Client
  readonly warmup: number
  /** The URL of the built package (bench/measure.ts `builtPackage`). */
  readonly dist: string
}

/** The SDK's default `User-Agent`, `effect-kalshi/<version>`. */
const sdkUserAgent = `effect-kalshi/${
  (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { readonly version: string })
    .version
}`

/**
 * `GET /portfolio/balance` signed by hand (RSA-PSS with `node:crypto`), the body parsed with `JSON.parse`: the
 * request the SDK sends, header for header (its default `User-Agent` and `Accept`, and no trace headers, which
 * the SDK does not send to Kalshi unless asked to).
 */
const bareCall = async (setup: Setup) => {
  const key = createPrivateKey(setup.privateKeyPem)
  const url = `${setup.baseUrl}/portfolio/balance`
  const signedPath = new URL(url).pathname
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const client = await runtime.runPromise(Effect.map(HttpClient.HttpClient, HttpClient.withTracerPropagation(false)))
  return () =>
    runtime.runPromise(
      Effect.gen(function*() {
        const timestamp = String(Date.now())
        const signature = sign("sha256", Buffer.from(`${timestamp}GET${signedPath}`), {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32
        }).toString("base64")
        const response = yield* client.execute(
          HttpClientRequest.get(url).pipe(HttpClientRequest.setHeaders({
            "user-agent": sdkUserAgent,
            accept: "application/json",
            "KALSHI-ACCESS-KEY": setup.keyId,
            "KALSHI-ACCESS-TIMESTAMP": timestamp,
            "KALSHI-ACCESS-SIGNATURE": signature
          }))
        )
        if (response.status !== 200) return yield* Effect.die(new Error(`HTTP ${response.status}`))
        return JSON.parse(yield* response.text) as unknown
      })
    )
}

/** `Portfolio.balance()` with the client's defaults (retries and rate limiter on) unless the name says otherwise. */
const sdkCall = async (setup: Setup) => {
  const [Portfolio, KalshiClient, NodeKalshiClient] = await loadSdk(setup.dist)
  const options = {
    baseUrl: setup.baseUrl,
    credentials: { keyId: setup.keyId, privateKey: Redacted.make(setup.privateKeyPem) }
  }
  const layer = setup.client === "SDK, portable layer"
    ? KalshiClient.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
    : NodeKalshiClient.layer(setup.client === "SDK, no rate limiter" ? { ...options, rateLimit: false } : options)
  const runtime = ManagedRuntime.make(Layer.orDie(layer))
  return () => runtime.runPromise(Portfolio.balance())
}

const main = async (setup: Setup) => {
  const call = setup.client === "bare" ? await bareCall(setup) : await sdkCall(setup)
  for (let i = 0; i < setup.warmup; i++) await call()
  console.log("ready")
  for await (const line of createInterface({ input: process.stdin })) {
    const calls = Number(line)
    const start = process.cpuUsage()
    for (let i = 0; i < calls; i++) await call()
    const used = process.cpuUsage(start)
    console.log((used.user + used.system) / calls)
  }
  process.exit(0)
}

await main(JSON.parse(process.argv[2] ?? "{}") as Setup)
