/**
 * Client CPU per signed request: the SDK (`Portfolio.balance()`) against the bare `@effect/platform`
 * HttpClient making the same signed request (`GET /portfolio/balance`, RSA-PSS with `node:crypto`, the
 * body parsed with `JSON.parse`), both over undici, against the same embedded exchange running in a
 * process of its own (bench/server.ts), so that `process.cpuUsage()` counts the client only.
 *
 * The SDK runs as Node users get it (`NodeKalshiClient.layer`: undici, `node:crypto` signing, the rate
 * limiter on), without the rate limiter, and over the portable layer (WebCrypto signing). Calls alternate
 * one by one between the clients, so that a busy machine slows them alike. The mean counts every call (the
 * SDK's garbage collection included); the mean of the fastest 90% is shown beside it, less disturbed by
 * the machine.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { spawn } from "node:child_process"
import { constants, createPrivateKey, sign } from "node:crypto"
import { createInterface } from "node:readline"
import * as Portfolio from "../src/generated/Portfolio.js"
import * as KalshiClient from "../src/KalshiClient.js"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import { fmt } from "./measure.js"

interface Served {
  readonly baseUrl: string
  readonly keyId: string
  readonly privateKeyPem: string
}

const startServer = async () => {
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./server.ts", import.meta.url).pathname], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the exchange did not start in 60 s")), 60_000)
    createInterface({ input: child.stdout! }).once("line", (text) => {
      clearTimeout(timer)
      resolve(text)
    })
    child.once("exit", (code) => reject(new Error(`the exchange exited with ${code}`)))
  })
  return { served: JSON.parse(line) as Served, stop: () => child.stdin!.end() }
}

/** CPU microseconds (user + system) this process spends on one call of `task`. */
const cpuOf = async (task: () => Promise<unknown>) => {
  const start = process.cpuUsage()
  await task()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length

/** The mean of the fastest 90% of the samples. */
const fastestMean = (values: ReadonlyArray<number>) =>
  mean([...values].sort((a, b) => a - b).slice(0, Math.max(1, Math.floor(values.length * 0.9))))

export const run = async (calls: number) => {
  const { served, stop } = await startServer()
  try {
    const key = createPrivateKey(served.privateKeyPem)
    const path = "/portfolio/balance"
    const url = served.baseUrl + path
    const signedPath = new URL(url).pathname
    const bare = ManagedRuntime.make(NodeHttpClient.layerUndici)
    const bareCall = () =>
      bare.runPromise(
        Effect.gen(function*() {
          const timestamp = String(Date.now())
          const signature = sign("sha256", Buffer.from(`${timestamp}GET${signedPath}`), {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 32
          }).toString("base64")
          const response = yield* HttpClient.execute(
            HttpClientRequest.get(url).pipe(HttpClientRequest.setHeaders({
              "KALSHI-ACCESS-KEY": served.keyId,
              "KALSHI-ACCESS-TIMESTAMP": timestamp,
              "KALSHI-ACCESS-SIGNATURE": signature
            }))
          )
          if (response.status !== 200) return yield* Effect.die(new Error(`HTTP ${response.status}`))
          return JSON.parse(yield* response.text) as unknown
        }).pipe(Effect.scoped)
      )
    const credentials = { keyId: served.keyId, privateKey: Redacted.make(served.privateKeyPem) }
    const clients = {
      "SDK (Node layer)": NodeKalshiClient.layer({ baseUrl: served.baseUrl, credentials, retry: false }),
      "SDK, no rate limiter": NodeKalshiClient.layer({
        baseUrl: served.baseUrl,
        credentials,
        retry: false,
        rateLimit: false
      }),
      "SDK, portable layer": KalshiClient.layer({ baseUrl: served.baseUrl, credentials, retry: false }).pipe(
        Layer.provide(NodeHttpClient.layerUndici)
      )
    }
    const runtimes = Object.entries(clients).map(([name, layer]) =>
      [name, ManagedRuntime.make(Layer.orDie(layer))] as const
    )
    const tasks: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
      ["bare", bareCall],
      ...runtimes.map(([name, runtime]) => [name, () => runtime.runPromise(Portfolio.balance())] as const)
    ]
    for (const [, task] of tasks) for (let i = 0; i < Math.min(300, calls); i++) await task() // warm-up
    const samples = new Map(tasks.map(([name]) => [name, [] as Array<number>]))
    for (let i = 0; i < calls; i++) {
      for (const [name, task] of tasks) samples.get(name)!.push(await cpuOf(task))
    }
    const bareSamples = samples.get("bare")!
    console.log(`\nClient CPU per signed request (GET /portfolio/balance over undici; the exchange in another process)`)
    console.log(`${calls} calls each, alternating; CPU µs per call (user + system); goal ≤ 1.2×`)
    console.log(
      `${"".padEnd(22)} ${"mean".padStart(9)} ${"ratio".padStart(6)}   ${"fastest 90%".padStart(11)} ${
        "ratio".padStart(6)
      }`
    )
    for (const [name, values] of samples) {
      const all = mean(values)
      const fastest = fastestMean(values)
      console.log(
        `${name.padEnd(22)} ${fmt(all, 0)} µs ${fmt(all / mean(bareSamples), 2, 5)}x   ${fmt(fastest, 0)} µs ${
          fmt(fastest / fastestMean(bareSamples), 2, 5)
        }x`
      )
    }
    await Promise.all([bare.dispose(), ...runtimes.map(([, runtime]) => runtime.dispose())])
  } finally {
    stop()
  }
}
