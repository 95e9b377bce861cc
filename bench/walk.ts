/**
 * Walking every order with `Orders.listAll` (pages of 1000 from a loopback server), as a ratio to a raw
 * loop of `fetch` + hand signing + `JSON.parse` over the same pages, and the heap the walk grows by.
 */
import { Effect, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import { createPrivateKey, generateKeyPairSync } from "node:crypto"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { performance } from "node:perf_hooks"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import * as Orders from "../src/Orders.js"
import { orderPage } from "./decoding.js"
import { fmt } from "./measure.js"
import { rawCall } from "./requests.js"

/** A full collection when node runs with `--expose-gc` (as `npm run bench` does). */
const collect = () => (globalThis as { gc?: () => void }).gc?.()

/** The time of one run of `task`, in milliseconds. */
const timed = async (task: () => Promise<unknown>) => {
  const began = performance.now()
  await task()
  return performance.now() - began
}

/**
 * Runs `task` while sampling the heap, and returns the peak heap above the start (garbage included) and
 * what the walk left behind once collected (what it retains). Separate from the timed runs: the forced
 * collections it needs are not something a program does before a walk.
 */
const heapOf = async (task: () => Promise<unknown>) => {
  collect()
  const start = process.memoryUsage().heapUsed
  let peak = start
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5)
  await task()
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  collect()
  const mb = (bytes: number) => bytes / 2 ** 20
  return { peakMb: mb(peak - start), retainedMb: mb(process.memoryUsage().heapUsed - start) }
}

export const run = async (pages: number) => {
  // One page text per cursor, built once: the server only writes bytes.
  const bodies = Array.from({ length: pages }, (_, i) => orderPage(1000, i + 1 < pages ? `page-${i + 1}` : ""))
  const server = createServer((request, response) => {
    const cursor = new URL(request.url ?? "/", "http://localhost").searchParams.get("cursor")
    const index = cursor === null ? 0 : Number(cursor.slice("page-".length))
    response.writeHead(200, { "content-type": "application/json" }).end(bodies[index])
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" }
  })
  const keyId = "bench-key"
  const sdk = ManagedRuntime.make(
    // The page server answers only the order list: no rate limiter (it would read the account's limits).
    NodeKalshiClient.layer({
      baseUrl,
      credentials: { keyId, privateKey: Redacted.make(privateKey) },
      retry: false,
      rateLimit: false
    })
      .pipe(Layer.orDie)
  )
  const key = createPrivateKey(privateKey)
  let rawCount = 0
  let sdkCount = 0
  const raw = async () => {
    let cursor = ""
    do {
      const path = `/portfolio/orders?limit=1000${cursor === "" ? "" : `&cursor=${cursor}`}`
      const page = await rawCall(baseUrl, keyId, key, "GET", path) as { orders: Array<unknown>; cursor: string }
      rawCount += page.orders.length
      cursor = page.cursor
    } while (cursor !== "")
  }
  const viaSdk = () =>
    sdk.runPromise(Stream.runCount(Orders.listAll({ limit: 1000 })).pipe(Effect.map((n) => (sdkCount += n))))
  try {
    await raw()
    await viaSdk()
    // Alternating rounds, so that a busy machine slows both alike; the median of each.
    const rounds = 5
    const rawMs: Array<number> = []
    const sdkMs: Array<number> = []
    for (let round = 0; round < rounds; round++) {
      rawCount = sdkCount = 0
      rawMs.push(await timed(raw))
      sdkMs.push(await timed(viaSdk))
      if (rawCount !== sdkCount || sdkCount !== pages * 1000) {
        throw new Error(`counts differ: ${rawCount} / ${sdkCount}`)
      }
    }
    const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
    const baseline = { ms: median(rawMs), ...(await heapOf(raw)) }
    const walked = { ms: median(sdkMs), ...(await heapOf(viaSdk)) }
    console.log(
      `\nOrders.listAll over ${pages} pages of 1000 orders (loopback), whole walk, median of ${rounds} alternating rounds`
    )
    console.log(`${"".padEnd(22)}  raw (ms)  SDK (ms)   ratio (goal ≤ 2x)`)
    console.log(
      `${"walk".padEnd(22)} ${fmt(baseline.ms, 0)} ${fmt(walked.ms, 0)}   ${fmt(walked.ms / baseline.ms, 2, 5)}x`
    )
    const heap = (label: string, h: typeof walked) =>
      `${label} peak ${fmt(h.peakMb, 0, 4)} MB (garbage included), retained ${fmt(h.retainedMb, 1, 5)} MB`
    console.log(`heap (goal: under 50 MB)  ${heap("raw", baseline)};  ${heap("SDK", walked)}`)
  } finally {
    await sdk.dispose()
    server.close()
  }
}
