/**
 * Signing exactly as Kalshi verifies it: RSA-PSS (SHA-256, salt 32) for PKCS#1 and PKCS#8 RSA keys,
 * Ed25519, over `timestamp + METHOD + path` where the path is the URL pathname without the query and
 * the timestamp comes from Effect's `Clock`. Keys are generated for the run; never committed.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import { Duration, Effect, Inspectable, Layer, Redacted, TestClock } from "effect"
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, verify } from "node:crypto"
import { inspect } from "node:util"
import { KalshiClient, Markets, Orders, Signer } from "../../src/index.js"
import { NodeSigner } from "../../src/node.js"
import * as S from "../support/scripted.js"

const rsaPkcs1 = S.rsaKeys.privateKey
const rsaPkcs8 = createPrivateKey(rsaPkcs1).export({ type: "pkcs8", format: "pem" }).toString()
const rsaPublic = createPublicKey(S.rsaKeys.publicKey)
const ed25519 = generateKeyPairSync("ed25519", {
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" }
})
const ed25519Public = createPublicKey(ed25519.publicKey)

const verifyRsa = (message: string, signature: string, saltLength = 32) =>
  verify(
    "sha256",
    Buffer.from(message),
    { key: rsaPublic, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
    Buffer.from(signature, "base64")
  )

const verifyEd25519 = (message: string, signature: string) =>
  verify(null, Buffer.from(message), ed25519Public, Buffer.from(signature, "base64"))

const credentialsOf = (pem: string): Signer.Credentials => ({ keyId: S.keyId, privateKey: Redacted.make(pem) })

/** Every signer test runs with both signature primitives: the portable default and Node's. */
const cryptos = [
  ["WebCrypto (the default)", Layer.empty],
  ["node:crypto (NodeSigner.layerCrypto)", NodeSigner.layerCrypto]
] as const

for (const [cryptoName, cryptoLayer] of cryptos) {
  describe(`Signer.make with ${cryptoName}`, () => {
    it.effect("a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY) signs with RSA-PSS, SHA-256, salt 32", () =>
      Effect.gen(function*() {
        expect(rsaPkcs1).toContain("BEGIN RSA PRIVATE KEY")
        const signer = yield* Signer.make(credentialsOf(rsaPkcs1))
        expect(signer.algorithm).toBe("RSA-PSS")
        expect(signer.keyId).toBe(S.keyId)
        const signature = yield* signer.sign("1703123456789GET/trade-api/v2/portfolio/orders")
        expect(verifyRsa("1703123456789GET/trade-api/v2/portfolio/orders", signature)).toBe(true)
        expect(verifyRsa("1703123456789GET/trade-api/v2/portfolio/orders", signature, 20)).toBe(false)
        expect(verifyRsa("1703123456789GET/trade-api/v2/portfolio/fills", signature)).toBe(false)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("a PKCS#8 RSA key (BEGIN PRIVATE KEY) signs the same way", () =>
      Effect.gen(function*() {
        expect(rsaPkcs8).toContain("BEGIN PRIVATE KEY")
        const signer = yield* Signer.make(credentialsOf(rsaPkcs8))
        expect(signer.algorithm).toBe("RSA-PSS")
        const signature = yield* signer.sign("hello")
        expect(verifyRsa("hello", signature)).toBe(true)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("RSA-PSS is randomised: two signatures of one message differ and both verify", () =>
      Effect.gen(function*() {
        const signer = yield* Signer.make(credentialsOf(rsaPkcs1))
        const a = yield* signer.sign("same message")
        const b = yield* signer.sign("same message")
        expect(a).not.toBe(b)
        expect(verifyRsa("same message", a)).toBe(true)
        expect(verifyRsa("same message", b)).toBe(true)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("an Ed25519 key signs with Ed25519", () =>
      Effect.gen(function*() {
        const signer = yield* Signer.make(credentialsOf(ed25519.privateKey))
        expect(signer.algorithm).toBe("Ed25519")
        const signature = yield* signer.sign("1GET/x")
        expect(verifyEd25519("1GET/x", signature)).toBe(true)
        expect(verifyEd25519("2GET/x", signature)).toBe(false)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("a PEM with CRLF line endings and text around it is read", () =>
      Effect.gen(function*() {
        const pem = `Bag Attributes\r\n${rsaPkcs1.replace(/\n/g, "\r\n")}\r\n`
        const signer = yield* Signer.make(credentialsOf(pem))
        expect(verifyRsa("m", yield* signer.sign("m"))).toBe(true)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("headers: the timestamp comes from the Clock, the message is timestamp + METHOD + path", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(1703123456789)
        const signer = yield* Signer.make(credentialsOf(rsaPkcs1))
        const headers = yield* signer.headers("get", "/trade-api/v2/portfolio/orders")
        expect(Object.keys(headers).sort()).toEqual([
          "KALSHI-ACCESS-KEY",
          "KALSHI-ACCESS-SIGNATURE",
          "KALSHI-ACCESS-TIMESTAMP"
        ])
        expect(headers["KALSHI-ACCESS-KEY"]).toBe(S.keyId)
        expect(headers["KALSHI-ACCESS-TIMESTAMP"]).toBe("1703123456789")
        expect(verifyRsa("1703123456789GET/trade-api/v2/portfolio/orders", headers["KALSHI-ACCESS-SIGNATURE"])).toBe(
          true
        )
        yield* TestClock.adjust("1500 millis")
        const later = yield* signer.headers("DELETE", "/x")
        expect(later["KALSHI-ACCESS-TIMESTAMP"]).toBe("1703123458289")
        expect(verifyRsa("1703123458289DELETE/x", later["KALSHI-ACCESS-SIGNATURE"])).toBe(true)
      }).pipe(Effect.provide(cryptoLayer)))

    it.effect("the timestamp is whole milliseconds even when the Clock reports a fraction", () =>
      Effect.gen(function*() {
        // A TestClock advanced by a jittered backoff sits between milliseconds.
        yield* TestClock.setTime(1703123456789)
        yield* TestClock.adjust(Duration.micros(250n))
        const signer = yield* Signer.make(credentialsOf(rsaPkcs1))
        const headers = yield* signer.headers("GET", "/x")
        expect(headers["KALSHI-ACCESS-TIMESTAMP"]).toMatch(/^\d+$/)
        expect(headers["KALSHI-ACCESS-TIMESTAMP"]).toBe("1703123456789")
        expect(verifyRsa("1703123456789GET/x", headers["KALSHI-ACCESS-SIGNATURE"])).toBe(true)
      }).pipe(Effect.provide(cryptoLayer)))

    it.live("under the live Clock the timestamp is the current time in milliseconds", () =>
      Effect.gen(function*() {
        const signer = yield* Signer.make(credentialsOf(rsaPkcs1))
        const before = Date.now()
        const headers = yield* signer.headers("GET", "/x")
        const after = Date.now()
        const timestamp = Number(headers["KALSHI-ACCESS-TIMESTAMP"])
        expect(timestamp).toBeGreaterThanOrEqual(before)
        expect(timestamp).toBeLessThanOrEqual(after)
      }).pipe(Effect.provide(cryptoLayer)))
  })
}

describe("Signer.layer with a bad key", () => {
  it.effect("fails to build with InvalidKeyError", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Effect.provide(Signer.Signer, Signer.layer(credentialsOf("not a key"))))
      expect(error._tag).toBe("InvalidKeyError")
    }))
})

describe("signing through the client", () => {
  it.effect("a list with query parameters signs its pathname, /trade-api/v2 included, without the query", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1703123456789)
      yield* S.reply(S.json(200, { orders: [] }))
      yield* Orders.list({ limit: 5, status: "resting", event_ticker: ["A", "B"] })
      const request = yield* S.onlyRequest
      const url = new URL(request.url)
      expect(url.search).not.toBe("")
      expect(request.headers["kalshi-access-timestamp"]).toBe("1703123456789")
      const signature = request.headers["kalshi-access-signature"] ?? ""
      expect(verifyRsa("1703123456789GET/trade-api/v2/portfolio/orders", signature)).toBe(true)
      expect(verifyRsa(`1703123456789GET${url.pathname}${url.search}`, signature)).toBe(false)
      expect(verifyRsa("1703123456789GET/portfolio/orders", signature)).toBe(false)
    }).pipe(Effect.provide(S.layer())))

  it.effect("a cancel with routing in the query signs DELETE and the pathname", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_785_585_600_123)
      yield* S.reply(S.json(200, { order_id: "ord-1", reduced_by: "1.00", ts_ms: 1 }))
      yield* Orders.cancelV2("ord-1", { subaccount: 1, exchange_index: 0 })
      const request = yield* S.onlyRequest
      const signature = request.headers["kalshi-access-signature"] ?? ""
      expect(verifyRsa("1785585600123DELETE/trade-api/v2/portfolio/events/orders/ord-1", signature)).toBe(true)
    }).pipe(Effect.provide(S.layer())))

  it.effect("a create signs POST and the path, not the body", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(201, { order_id: "o", fill_count: "0", remaining_count: "1", ts_ms: 1 }))
      yield* Orders.createV2(S.order())
      const request = yield* S.onlyRequest
      expect(request.body).toBeDefined()
      expect(verifyRsa(`0POST/trade-api/v2/portfolio/events/orders`, request.headers["kalshi-access-signature"] ?? ""))
        .toBe(true)
    }).pipe(Effect.provide(S.layer())))

  it.effect("an id that needs escaping is signed exactly as the pathname on the wire", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { queue_position_fp: "1.00" }))
      yield* Orders.queuePosition("ord 1/é")
      const request = yield* S.onlyRequest
      expect(request.pathname).toBe("/trade-api/v2/portfolio/orders/ord%201%2F%C3%A9/queue_position")
      expect(verifyRsa(`0GET${request.pathname}`, request.headers["kalshi-access-signature"] ?? "")).toBe(true)
    }).pipe(Effect.provide(S.layer())))

  it.effect("a base URL with another prefix and a trailing slash signs the full pathname", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { fills: [] }))
      yield* Orders.fills({ limit: 1 })
      const request = yield* S.onlyRequest
      expect(request.url).toBe("http://127.0.0.1:4000/proxy/trade-api/v2/portfolio/fills?limit=1")
      expect(verifyRsa("0GET/proxy/trade-api/v2/portfolio/fills", request.headers["kalshi-access-signature"] ?? ""))
        .toBe(true)
    }).pipe(Effect.provide(S.layer({ baseUrl: "http://127.0.0.1:4000/proxy/trade-api/v2/" }))))

  it.effect("an Ed25519 key signs through the client too", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(42)
      yield* S.reply(S.json(200, { orders: [] }))
      yield* Orders.list()
      const request = yield* S.onlyRequest
      expect(request.headers["kalshi-access-timestamp"]).toBe("42")
      expect(verifyEd25519("42GET/trade-api/v2/portfolio/orders", request.headers["kalshi-access-signature"] ?? ""))
        .toBe(true)
    }).pipe(Effect.provide(S.layer({ credentials: credentialsOf(ed25519.privateKey) }))))

  it.effect("public endpoints are not signed even with credentials", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [] }))
      yield* Markets.list({ limit: 1 })
      const request = yield* S.onlyRequest
      expect(request.headers["kalshi-access-signature"]).toBeUndefined()
      expect(request.headers["kalshi-access-key"]).toBeUndefined()
      expect(request.headers["kalshi-access-timestamp"]).toBeUndefined()
    }).pipe(Effect.provide(S.layer())))
})

describe("invalid keys", () => {
  const bodyOf = (pem: string) =>
    pem.split(/\r?\n/).filter((line) => line.length > 0 && !line.startsWith("-----") && !line.includes(":")).join("")

  /** No 16-character run of the key's base64 body appears in the text. */
  const expectNoKeyMaterial = (text: string, pem: string) => {
    const body = bodyOf(pem)
    for (let i = 0; i + 16 <= body.length; i += 8) expect(text).not.toContain(body.slice(i, i + 16))
  }

  const encryptedPkcs8 = createPrivateKey(rsaPkcs1)
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "hunter2" })
    .toString()
  const encryptedPkcs1 = createPrivateKey(rsaPkcs1)
    .export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase: "hunter2" })
    .toString()
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
  const ecPkcs8 = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString()
  const ecSec1 = ec.privateKey.export({ type: "sec1", format: "pem" }).toString()
  const notAKey = `-----BEGIN RSA PRIVATE KEY-----\n${
    Buffer.from("this is not an RSA key at all, only text".repeat(4)).toString("base64")
  }\n-----END RSA PRIVATE KEY-----\n`
  const badBase64 = `-----BEGIN PRIVATE KEY-----\n${bodyOf(rsaPkcs8).slice(0, 64)}!!!*\n-----END PRIVATE KEY-----\n`

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["text that is not PEM", "my-secret-key-0123456789abcdef", "not PEM"],
    ["an encrypted PKCS#8 key", encryptedPkcs8, "encrypted"],
    ["an encrypted PKCS#1 key (openssl rsa -aes256)", encryptedPkcs1, "encrypted"],
    ["an EC key in PKCS#8", ecPkcs8, "neither RSA nor Ed25519"],
    ["an EC key in SEC1", ecSec1, "unsupported"],
    ["a public key", S.rsaKeys.publicKey, "unsupported"],
    ["an RSA label over bytes that are not a key", notAKey, "could not be imported"],
    ["a PEM body that is not base64", badBase64, "base64"]
  ]

  for (const [label, pem, fragment] of cases) {
    it.effect(`${label} fails with InvalidKeyError, naming no key material`, () =>
      Effect.gen(function*() {
        for (const [, cryptoLayer] of cryptos) {
          const error = yield* S.failure(Effect.provide(Signer.make(credentialsOf(pem)), cryptoLayer))
          expect(error._tag).toBe("InvalidKeyError")
          expect(error.message).toContain(fragment)
          for (const text of [error.message, String(error), JSON.stringify(error), inspect(error)]) {
            expectNoKeyMaterial(text, pem)
            expect(text).not.toContain("my-secret-key")
          }
        }
      }))
  }

  it.effect("the client layer fails with InvalidKeyError on a bad key, before any request", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(
        Effect.provide(KalshiClient.KalshiClient, S.layer({ credentials: credentialsOf(ecSec1) }))
      )
      expect(error._tag).toBe("InvalidKeyError")
    }))
})

describe("redacted credentials", () => {
  const pemLines = rsaPkcs1.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"))
  const credentials = credentialsOf(rsaPkcs1)

  it("do not print", () => {
    const renderings = [
      String(credentials.privateKey),
      `${credentials.privateKey}`,
      JSON.stringify(credentials),
      inspect(credentials, { depth: 10 }),
      Inspectable.format(credentials),
      Inspectable.toStringUnknown(credentials)
    ]
    for (const text of renderings) {
      expect(text).not.toContain("PRIVATE KEY")
      for (const line of pemLines) expect(text).not.toContain(line)
    }
    expect(String(credentials.privateKey)).toBe("<redacted>")
    expect(Redacted.value(credentials.privateKey)).toBe(rsaPkcs1)
  })

  it.effect("the signer and the client do not print the key either", () =>
    Effect.gen(function*() {
      const signer = yield* Signer.make(credentials)
      const client = yield* KalshiClient.KalshiClient
      for (const text of [inspect(signer, { depth: 10 }), inspect(client, { depth: 10 }), Inspectable.format(signer)]) {
        expect(text).not.toContain("PRIVATE KEY")
        for (const line of pemLines) expect(text).not.toContain(line)
      }
    }).pipe(Effect.provide(S.layer({ credentials }))))
})

// Last in the file on purpose: @effect/vitest 0.30's `layer()` assigns its own `effect` / `scoped` onto
// the shared `it` (fixed upstream in effect-smol#2177), so an `it.effect` registered after it would run
// inside this layer's runtime and share its TestClock.
layer(Signer.layer(credentialsOf(ed25519.privateKey)))("Signer.layer", (it) => {
  it.effect("provides a signer for the credentials", () =>
    Effect.gen(function*() {
      const signer = yield* Signer.Signer
      expect(signer.algorithm).toBe("Ed25519")
      expect(signer.keyId).toBe(S.keyId)
      expect(verifyEd25519("0GET/y", (yield* signer.headers("GET", "/y"))["KALSHI-ACCESS-SIGNATURE"])).toBe(true)
    }))

  it.effect("parses the key once: the same signer serves every test of the layer", () =>
    Effect.gen(function*() {
      const signer = yield* Signer.Signer
      const signature = yield* signer.sign("again")
      expect(verifyEd25519("again", signature)).toBe(true)
    }))
})
