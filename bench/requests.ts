/**
 * Request cost through the SDK against the embedded exchange over loopback HTTP, next to a baseline in
 * the same process against the same server: raw `fetch` with hand-made `node:crypto` signing and a bare
 * `JSON.parse`. Both sign every request with the same RSA key; the SDK also validates the request,
 * decodes the response into `BigDecimal`s, and runs inside an Effect runtime.
 */
import { BigDecimal, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { constants, createPrivateKey, sign } from "node:crypto"
import type { KeyObject } from "node:crypto"
import * as FixedPoint from "../src/FixedPoint.js"
import * as NodeKalshiClient from "../src/NodeKalshiClient.js"
import * as Orders from "../src/Orders.js"
import { EmbeddedExchange } from "../src/testing.js"
import { EmbeddedExchangeServer } from "../src/testing/node.js"
import type { Summary } from "./measure.js"
import { fmt, measure } from "./measure.js"

const ticker = "KXHIGHNY-26NOV21-T55"

/** Hand-made Kalshi signing, as Kalshi's own guide shows it. */
const rawHeaders = (keyId: string, key: KeyObject, method: string, path: string): Record<string, string> => {
  const timestamp = String(Date.now())
  const signature = sign("sha256", Buffer.from(timestamp + method + path), {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32
  }).toString("base64")
  return { "KALSHI-ACCESS-KEY": keyId, "KALSHI-ACCESS-TIMESTAMP": timestamp, "KALSHI-ACCESS-SIGNATURE": signature }
}

export const rawCall = async (
  baseUrl: string,
  keyId: string,
  key: KeyObject,
  method: string,
  path: string,
  body?: unknown
) => {
  const url = new URL(baseUrl + path)
  const headers = { ...rawHeaders(keyId, key, method, url.pathname), "content-type": "application/json" }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(json)}`)
  return json
}

const row = (label: string, sdk: Summary, raw: Summary) =>
  console.log(
    `${label.padEnd(22)} ${fmt(raw.p50Ms)} ${fmt(sdk.p50Ms)} ${fmt(raw.p99Ms)} ${fmt(sdk.p99Ms)} ${
      fmt(raw.perSecond, 0)
    } ${fmt(sdk.perSecond, 0)}   ` +
      `${fmt(sdk.p50Ms / raw.p50Ms, 2, 5)}x ${fmt(raw.perSecond / sdk.perSecond, 2, 5)}x`
  )

export const run = async (callsSequential: number, callsConcurrent: number) => {
  const exchangeLayer = EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })
  const exchangeRuntime = ManagedRuntime.make(exchangeLayer)
  try {
    const { server, credentials } = await exchangeRuntime.runPromise(
      Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const credentials = yield* exchange.generateCredentials({ balance: FixedPoint.unsafeMake("1000000") })
        return { server: yield* EmbeddedExchangeServer.EmbeddedExchangeServer, credentials }
      })
    )
    const pem = Redacted.value(credentials.privateKeyPem)
    const key = createPrivateKey(pem)
    const sdk = ManagedRuntime.make(
      NodeKalshiClient.layer({
        baseUrl: server.baseUrl,
        credentials: { keyId: credentials.keyId, privateKey: credentials.privateKeyPem },
        retry: false
      }).pipe(Layer.orDie)
    )
    let n = 0
    const createRequest = (): Orders.CreateOrderV2Request => ({
      ticker,
      client_order_id: `bench-${++n}-${crypto.randomUUID()}`,
      side: "bid",
      count: FixedPoint.unsafeMake("1"),
      price: FixedPoint.unsafeMake("0.01"),
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross"
    })
    const rawCreateBody = () => {
      const request = createRequest()
      return { ...request, count: "1.00", price: "0.0100" }
    }
    const placed = await sdk.runPromise(Orders.createV2(createRequest()))
    const getPath = `/portfolio/orders/${placed.order_id}`

    const tasks = {
      "get": {
        sdk: () => sdk.runPromise(Orders.get(placed.order_id)),
        raw: () => rawCall(server.baseUrl, credentials.keyId, key, "GET", getPath)
      },
      "createV2": {
        sdk: () => sdk.runPromise(Orders.createV2(createRequest())),
        raw: () => rawCall(server.baseUrl, credentials.keyId, key, "POST", "/portfolio/events/orders", rawCreateBody())
      }
    } as const

    console.log(`\nRequests against the embedded exchange over loopback (${server.baseUrl})`)
    console.log("Baseline: raw fetch + node:crypto signing + JSON.parse. Latency in ms; throughput in requests/s.")
    console.log(
      `${"call @ concurrency".padEnd(22)} ${"raw p50".padStart(9)} ${"SDK p50".padStart(9)} ${"raw p99".padStart(9)} ${
        "SDK p99".padStart(9)
      } ` +
        `${"raw rps".padStart(9)} ${"SDK rps".padStart(9)}   p50 ratio  slowdown`
    )
    for (const [name, task] of Object.entries(tasks)) {
      for (const [concurrency, calls] of [[1, callsSequential], [32, callsConcurrent]] as const) {
        await measure(Math.min(50, calls), concurrency, task.raw) // warm-up
        await measure(Math.min(50, calls), concurrency, task.sdk)
        const raw = await measure(calls, concurrency, task.raw)
        const viaSdk = await measure(calls, concurrency, task.sdk)
        row(`${name} @ ${concurrency}`, viaSdk, raw)
      }
    }
    const order = await sdk.runPromise(Orders.get(placed.order_id))
    if (!BigDecimal.equals(order.remaining_count_fp, FixedPoint.unsafeMake("1"))) {
      throw new Error("the benchmark order changed")
    }
    await sdk.dispose()
  } finally {
    await exchangeRuntime.dispose()
  }
}
