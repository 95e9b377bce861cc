import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCrypto from "node:crypto"
import { EmbeddedExchange } from "../../src/testing.js"
import { call, H0, order, place, placeOk, signerFor, trader, withExchange } from "./support.js"

/** A realistic wall-clock time for the test clock, so timestamps look like Kalshi's. */
const now = TestClock.setTime(1_763_700_000_000)

const expectUnauthorized = (reply: { readonly status: number; readonly body: { readonly code: string } }) => {
  expect(reply.status).toBe(401)
  expect(reply.body.code).toBe("unauthorized")
}

describe("signatures", () => {
  it.effect("every /portfolio route needs the three headers; /markets is public", () =>
    Effect.gen(function*() {
      yield* now
      expect((yield* call(undefined, "GET", "/markets")).status).toBe(200)
      expectUnauthorized(yield* call(undefined, "GET", "/portfolio/balance"))
      expectUnauthorized(yield* call(undefined, "POST", "/portfolio/events/orders", order()))
      expectUnauthorized(yield* call(undefined, "DELETE", "/portfolio/events/orders"))
      const alice = yield* trader()
      const partial = yield* call(alice, "GET", "/portfolio/balance", undefined, {
        headers: { "KALSHI-ACCESS-KEY": alice.keyId, "KALSHI-ACCESS-TIMESTAMP": "1763700000000" }
      })
      expectUnauthorized(partial)
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
    }).pipe(withExchange()))

  it.effect("rejects unknown keys, wrong signatures, a signed query string and stale timestamps", () =>
    Effect.gen(function*() {
      yield* now
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const alice = yield* trader()
      const mallory = yield* trader()
      expectUnauthorized(yield* call({ ...alice, keyId: "not-a-key" }, "GET", "/portfolio/balance"))
      // Alice's key id with Mallory's signature.
      expectUnauthorized(yield* call({ ...alice, sign: mallory.sign }, "GET", "/portfolio/balance"))
      expectUnauthorized(
        yield* call(alice, "GET", "/portfolio/balance", undefined, { signedPath: "/portfolio/balance" })
      )
      expectUnauthorized(
        yield* call(alice, "GET", "/portfolio/orders", undefined, { signedPath: "/trade-api/v2/portfolio/balance" })
      )
      // The query string is not signed: signing it by mistake fails, signing the bare path passes.
      expectUnauthorized(
        yield* call(alice, "GET", "/portfolio/orders?limit=5", undefined, {
          signedPath: "/trade-api/v2/portfolio/orders?limit=5"
        })
      )
      expect((yield* call(alice, "GET", "/portfolio/orders?limit=5")).status).toBe(200)
      expectUnauthorized(yield* call(alice, "GET", "/portfolio/balance", undefined, { skewMillis: -31_000 }))
      expectUnauthorized(yield* call(alice, "GET", "/portfolio/balance", undefined, { skewMillis: 31_000 }))
      expect((yield* call(alice, "GET", "/portfolio/balance", undefined, { skewMillis: -29_000 })).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/balance", undefined, { skewMillis: 29_000 })).status).toBe(200)
      // A signature is bound to its method.
      const timestamp = "1763700000000"
      expectUnauthorized(
        yield* call(alice, "DELETE", "/portfolio/events/orders", undefined, {
          headers: {
            "KALSHI-ACCESS-KEY": alice.keyId,
            "KALSHI-ACCESS-TIMESTAMP": timestamp,
            "KALSHI-ACCESS-SIGNATURE": alice.sign(`${timestamp}GET/trade-api/v2/portfolio/events/orders`)
          }
        })
      )
      expectUnauthorized(
        yield* call(alice, "GET", "/portfolio/balance", undefined, {
          headers: {
            "KALSHI-ACCESS-KEY": alice.keyId,
            "KALSHI-ACCESS-TIMESTAMP": timestamp,
            "KALSHI-ACCESS-SIGNATURE": "%%%"
          }
        })
      )
      // A rejected create changes nothing.
      expectUnauthorized(yield* call(mallory, "POST", "/portfolio/events/orders", order(), { skewMillis: 60_000 }))
      expect(String((yield* exchange.orderBook("KXHIGHNY-26NOV21-T55")).asks[0]?.count.value)).toBe("150")
      const orders = yield* call<{ readonly orders: ReadonlyArray<unknown> }>(mallory, "GET", "/portfolio/orders")
      expect(orders.body.orders).toEqual([])
    }).pipe(withExchange()))

  it.effect("the window follows the exchange clock", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      const timestamp = "1763700000000"
      const headers = {
        "KALSHI-ACCESS-KEY": alice.keyId,
        "KALSHI-ACCESS-TIMESTAMP": timestamp,
        "KALSHI-ACCESS-SIGNATURE": alice.sign(`${timestamp}GET/trade-api/v2/portfolio/balance`)
      }
      expect((yield* call(alice, "GET", "/portfolio/balance", undefined, { headers })).status).toBe(200)
      yield* TestClock.adjust("30 seconds")
      expect((yield* call(alice, "GET", "/portfolio/balance", undefined, { headers })).status).toBe(200)
      yield* TestClock.adjust("1 second")
      expectUnauthorized(yield* call(alice, "GET", "/portfolio/balance", undefined, { headers }))
    }).pipe(withExchange()))

  it.effect("accepts generated RSA keys in PKCS#1 and PKCS#8 and Ed25519 keys", () =>
    Effect.gen(function*() {
      yield* now
      const pkcs1 = yield* trader({})
      expect(Redacted.value(pkcs1.privateKeyPem)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
      const pkcs8 = yield* trader({ algorithm: "rsa", privateKeyFormat: "pkcs8" })
      expect(Redacted.value(pkcs8.privateKeyPem)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      const ed25519 = yield* trader({ algorithm: "ed25519" })
      expect(NodeCrypto.createPrivateKey(Redacted.value(ed25519.privateKeyPem)).asymmetricKeyType).toBe("ed25519")
      expect(NodeCrypto.createPrivateKey(Redacted.value(pkcs1.privateKeyPem)).asymmetricKeyDetails?.modulusLength).toBe(
        2048
      )
      for (const who of [pkcs1, pkcs8, ed25519]) {
        expect((yield* call(who, "GET", "/portfolio/balance")).status).toBe(200)
        expect((yield* place(who, { price: "0.30" })).status).toBe(201)
      }
      // RSA-PSS with the wrong salt length does not verify.
      const key = NodeCrypto.createPrivateKey(Redacted.value(pkcs8.privateKeyPem))
      const badSalt = (message: string) =>
        NodeCrypto.sign("sha256", Buffer.from(message), {
          key,
          padding: NodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 20
        }).toString(
          "base64"
        )
      expectUnauthorized(yield* call({ ...pkcs8, sign: badSalt }, "GET", "/portfolio/balance"))
      expect(String(pkcs1.privateKeyPem)).not.toContain("PRIVATE KEY")
    }).pipe(withExchange()))

  it.effect("registers users' own public keys, for new or existing accounts", () =>
    Effect.gen(function*() {
      yield* now
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const rsa = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
      const pem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString()
      const registered = yield* exchange.registerKey(pem, { keyId: "my-key" })
      expect(registered.keyId).toBe("my-key")
      const me = {
        ...registered,
        privateKeyPem: Redacted.make(""),
        sign: signerFor(rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString())
      }
      expect((yield* placeOk(me, { price: "0.30" })).remaining_count).toBe("10.00")
      const ed = NodeCrypto.generateKeyPairSync("ed25519")
      const second = yield* exchange.registerKey(ed.publicKey.export({ type: "spki", format: "pem" }).toString(), {
        userId: registered.userId
      })
      expect(second.userId).toBe(registered.userId)
      const both = {
        ...second,
        privateKeyPem: Redacted.make(""),
        sign: signerFor(ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString())
      }
      const orders = yield* call<{ readonly orders: ReadonlyArray<unknown> }>(both, "GET", "/portfolio/orders")
      expect(orders.body.orders).toHaveLength(1)

      const invalid = yield* Effect.exit(
        exchange.registerKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
      )
      expect(Exit.isFailure(invalid) && invalid.cause._tag === "Fail" && invalid.cause.error._tag).toBe(
        "InvalidPublicKey"
      )
      const privateKey = yield* Effect.exit(
        exchange.registerKey(rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString())
      )
      expect(Exit.isFailure(privateKey)).toBe(true)
    }).pipe(withExchange()))
})

describe("rate limits", () => {
  it.effect("a key's read bucket holds 200 tokens at 10 a read, answers 429 and refills with the clock", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      for (let i = 0; i < 20; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      const limited = yield* call(alice, "GET", "/portfolio/orders")
      expect(limited.status).toBe(429)
      expect(limited.text).toBe("{\"error\": \"too many requests\"}")
      // Writes draw on their own bucket; other keys on their own buckets; market data is not limited.
      expect((yield* place(alice, { price: "0.30" })).status).toBe(201)
      expect((yield* call(yield* trader(), "GET", "/portfolio/balance")).status).toBe(200)
      for (let i = 0; i < 30; i++) expect((yield* call(undefined, "GET", "/markets")).status).toBe(200)
      // 200 tokens per second: 50 ms buys one read.
      yield* TestClock.adjust("49 millis")
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(429)
      yield* TestClock.adjust("1 millis")
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(429)
      yield* TestClock.adjust("10 seconds")
      for (let i = 0; i < 20; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(429)
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("writes cost 10, cancels 2, and a batch must fit at once", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      const resting = yield* placeOk(alice, { price: "0.30" })
      for (let i = 0; i < 8; i++) yield* placeOk(alice, { price: "0.30" })
      // 90 tokens spent: one more create fits, then only cancels at 2 each.
      const last = yield* placeOk(alice, { price: "0.30" })
      expect((yield* place(alice, { price: "0.30" })).status).toBe(429)
      yield* TestClock.adjust("20 millis")
      expect((yield* call(alice, "DELETE", `/portfolio/events/orders/${resting.order_id}`)).status).toBe(200)
      expect((yield* call(alice, "DELETE", `/portfolio/events/orders/${last.order_id}`)).status).toBe(429)
      yield* TestClock.adjust("10 seconds")
      const tooBig = yield* call(alice, "POST", "/portfolio/events/orders/batched", {
        orders: Array.from({ length: 11 }, () => order({ price: "0.30" }))
      })
      expect(tooBig.status).toBe(429)
      expect(tooBig.text).toBe("{\"error\": \"too many requests\"}")
      const fits = yield* call<{ readonly orders: ReadonlyArray<unknown> }>(
        alice,
        "POST",
        "/portfolio/events/orders/batched",
        {
          orders: Array.from({ length: 10 }, () => order({ price: "0.30" }))
        }
      )
      expect(fits.status).toBe(201)
      expect(fits.body.orders).toHaveLength(10)
      expect((yield* place(alice, { price: "0.30" })).status).toBe(429)
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("single writes to shard 1 draw on that shard's own write bucket; batches on the main one", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      // Ten creates empty shard 0's write bucket (100 tokens at 10 each)...
      for (let i = 0; i < 10; i++) yield* placeOk(alice, { price: "0.30" })
      expect((yield* place(alice, { price: "0.30" })).status).toBe(429)
      // ...while shard 1 (KXFEDDECISION-26DEC-H0 lives there) still has its own 100.
      const shardOne = yield* placeOk(alice, { ticker: H0, price: "0.30" })
      for (let i = 0; i < 8; i++) yield* placeOk(alice, { ticker: H0, price: "0.30" })
      // A cancel routed to shard 1 by its market ticker pays 2 from shard 1's bucket too.
      const cancel = yield* call(alice, "DELETE", `/portfolio/events/orders/${shardOne.order_id}?market_ticker=${H0}`)
      expect(cancel.status).toBe(200)
      expect((yield* place(alice, { ticker: H0, price: "0.30" })).status).toBe(429)
      // A batch, even of shard-1 legs, pays from the main bucket, which is empty.
      const batch = yield* call(alice, "POST", "/portfolio/events/orders/batched", {
        orders: [order({ ticker: H0, price: "0.30" })]
      })
      expect(batch.status).toBe(429)
    }).pipe(withExchange({ rateLimits: {} })))

  it.effect("tiers, buckets and costs are configurable", () =>
    Effect.gen(function*() {
      yield* now
      const alice = yield* trader()
      for (let i = 0; i < 4; i++) expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(200)
      expect((yield* call(alice, "GET", "/portfolio/balance")).status).toBe(429)
      // Advanced tier: the write bucket holds two seconds (600 tokens) at cost 50.
      for (let i = 0; i < 12; i++) expect((yield* place(alice, { price: "0.30" })).status).toBe(201)
      expect((yield* place(alice, { price: "0.30" })).status).toBe(429)
    }).pipe(
      withExchange({
        rateLimits: { tier: "advanced", read: { refillRate: 200, capacity: 200 }, costs: { default: 50 } }
      })
    ))
})
