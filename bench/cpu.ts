/**
 * Client CPU per signed request: the SDK (`Portfolio.balance()`) against the bare `@effect/platform`
 * HttpClient making the same signed request (`GET /portfolio/balance`, RSA-PSS with `node:crypto`, the
 * body parsed with `JSON.parse`), both over undici, against the same embedded exchange running in a
 * process of its own (bench/server.ts), so that `process.cpuUsage()` counts the client only. Rounds
 * alternate between the two; the ratio is of the medians.
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

/** CPU microseconds (user + system) of this process per call of `task`, over `calls` sequential calls. */
const cpuPerCall = async (calls: number, task: () => Promise<unknown>) => {
  const start = process.cpuUsage()
  for (let i = 0; i < calls; i++) await task()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / calls
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

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
    const sdkRuntime = (rateLimit: boolean) =>
      ManagedRuntime.make(
        KalshiClient.layer({
          baseUrl: served.baseUrl,
          credentials: { keyId: served.keyId, privateKey: Redacted.make(served.privateKeyPem) },
          retry: false,
          ...(rateLimit ? {} : { rateLimit: false })
        }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
      )
    const sdk = sdkRuntime(true)
    const sdkNoLimiter = sdkRuntime(false)
    const tasks = {
      bare: bareCall,
      sdk: () => sdk.runPromise(Portfolio.balance()),
      "sdk, no rate limiter": () => sdkNoLimiter.runPromise(Portfolio.balance())
    }
    const rounds = 7
    const perRound = Math.max(10, Math.round(calls / rounds))
    for (const task of Object.values(tasks)) await cpuPerCall(Math.min(100, perRound * 2), task) // warm-up
    const samples: Record<string, Array<number>> = { bare: [], sdk: [], "sdk, no rate limiter": [] }
    for (let round = 0; round < rounds; round++) {
      for (const [name, task] of Object.entries(tasks)) samples[name]!.push(await cpuPerCall(perRound, task))
    }
    const base = median(samples.bare!)
    console.log(`\nClient CPU per signed request (GET /portfolio/balance over undici; the exchange in another process)`)
    console.log(
      `${rounds} alternating rounds of ${perRound} calls; median CPU µs per call (user + system); goal ≤ 1.2×`
    )
    for (const [name, values] of Object.entries(samples)) {
      const m = median(values)
      console.log(`${name.padEnd(22)} ${fmt(m, 0)} µs   ${fmt(m / base, 2, 5)}x`)
    }
    await Promise.all([bare.dispose(), sdk.dispose(), sdkNoLimiter.dispose()])
  } finally {
    stop()
  }
}
