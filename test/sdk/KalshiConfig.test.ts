/**
 * Configuration from `Config`: the standard `KALSHI_*` variables, resolved by whichever
 * `ConfigProvider` runs (here `ConfigProvider.fromMap`), a key file read through `FileSystem`. Only a key
 * path needs a file system: the other tests provide none.
 */
import { FileSystem } from "@effect/platform"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { SystemError } from "@effect/platform/Error"
import { describe, expect, it } from "@effect/vitest"
import { Config, ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import { constants, createPublicKey, verify } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { KalshiClient, KalshiConfig, Orders } from "../../src/index.js"
import * as S from "../support/scripted.js"

const pem = S.rsaKeys.privateKey
const pemLines = pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"))

const withEnv = (vars: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars))))

/** A file system that has exactly the given files, and records each path read. */
const fakeFileSystem = (files: Record<string, string>) => {
  const reads: Array<string> = []
  const layer = FileSystem.layerNoop({
    readFileString: (path) => {
      reads.push(path)
      const content = files[path]
      return content === undefined
        ? Effect.fail(
          new SystemError({
            reason: "NotFound",
            module: "FileSystem",
            method: "readFileString",
            pathOrDescriptor: path
          })
        )
        : Effect.succeed(content)
    }
  })
  return { reads, layer }
}

/**
 * The configured client over the scripted transport (rate limiter off, as in `S.layer`), and its controls;
 * with no file system unless one is given (only a key path needs one).
 */
const clientLayer = (
  fs?: Layer.Layer<FileSystem.FileSystem>,
  options: Parameters<typeof KalshiClient.layerConfig>[1] = {}
) => {
  const configured = KalshiClient.layerConfig(undefined, { rateLimit: false, ...options }).pipe(
    Layer.provideMerge(S.layerHttp)
  )
  return fs === undefined ? configured : Layer.provide(configured, fs)
}

const client = KalshiClient.KalshiClient

describe("KalshiConfig.fromEnv", () => {
  it.effect("no variables: demo, no base URL override, no credentials", () =>
    Effect.gen(function*() {
      const config = yield* KalshiConfig.fromEnv
      expect(config.environment).toBe("demo")
      expect(Option.isNone(config.baseUrl)).toBe(true)
      expect(Option.isNone(config.credentials)).toBe(true)
    }).pipe(withEnv({})))

  it.effect("reads the key id and the PEM text, keeping the key redacted", () =>
    Effect.gen(function*() {
      const config = yield* KalshiConfig.fromEnv
      if (Option.isNone(config.credentials)) return expect.fail("credentials expected")
      expect(config.credentials.value.keyId).toBe(S.keyId)
      const key = config.credentials.value.key
      if (key._tag !== "Pem") return expect.fail("a PEM key source expected")
      expect(Redacted.isRedacted(key.pem)).toBe(true)
      expect(Redacted.value(key.pem)).toBe(pem)
      expect(String(key.pem)).toBe("<redacted>")
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY: pem })))

  it.effect("reads a key path", () =>
    Effect.gen(function*() {
      const config = yield* KalshiConfig.fromEnv
      expect(Option.map(config.credentials, (c) => c.key)).toEqual(
        Option.some({ _tag: "Path", path: "/secrets/kalshi.pem" })
      )
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" })))

  it.effect("an unknown KALSHI_ENV fails", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(KalshiConfig.fromEnv)
      expect(String(error)).toContain("KALSHI_ENV")
    }).pipe(withEnv({ KALSHI_ENV: "staging" })))

  it.effect("a key id without a key fails", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(KalshiConfig.fromEnv)
      expect(String(error)).toContain("KALSHI_PRIVATE_KEY")
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId })))

  it.effect("a key without a key id fails, without printing the key", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(KalshiConfig.fromEnv)
      const text = String(error)
      expect(text).toContain("KALSHI_API_KEY_ID")
      for (const line of pemLines) expect(text).not.toContain(line)
    }).pipe(withEnv({ KALSHI_PRIVATE_KEY: pem })))

  it.effect("a key path without a key id fails", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(KalshiConfig.fromEnv)
      expect(String(error)).toContain("KALSHI_API_KEY_ID")
    }).pipe(withEnv({ KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" })))

  it.effect("both KALSHI_PRIVATE_KEY_PATH and KALSHI_PRIVATE_KEY fail, without printing the key", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(KalshiConfig.fromEnv)
      const text = String(error)
      expect(text).toContain("KALSHI_PRIVATE_KEY_PATH")
      expect(text).toContain("not both")
      for (const line of pemLines) expect(text).not.toContain(line)
    }).pipe(
      withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY: pem, KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" })
    ))
})

describe("KalshiClient.layerConfig", () => {
  it.effect("no variables: the demo base URL and no credentials", () =>
    Effect.gen(function*() {
      const c = yield* client
      expect(c.baseUrl).toBe("https://external-api.demo.kalshi.co/trade-api/v2")
      expect(c.authenticated).toBe(false)
      const error = yield* S.failure(Orders.get("ord-1"))
      expect(error._tag).toBe("AuthenticationError")
      expect(yield* S.requests).toHaveLength(0)
    }).pipe(Effect.provide(clientLayer()), withEnv({})))

  it.effect("KALSHI_ENV=demo is the demo base URL", () =>
    Effect.gen(function*() {
      expect((yield* client).baseUrl).toBe("https://external-api.demo.kalshi.co/trade-api/v2")
    }).pipe(Effect.provide(clientLayer()), withEnv({ KALSHI_ENV: "demo" })))

  it.effect("KALSHI_ENV=production is the production base URL, where requests go", () =>
    Effect.gen(function*() {
      expect((yield* client).baseUrl).toBe("https://external-api.kalshi.com/trade-api/v2")
      yield* S.reply(S.json(200, { markets: [] }))
      yield* Effect.flatMap(client, (c) =>
        c.execute({ method: "GET", path: "/markets", authenticated: false, status: 200, response: S.anyJson }))
      expect((yield* S.onlyRequest).url).toBe("https://external-api.kalshi.com/trade-api/v2/markets")
    }).pipe(Effect.provide(clientLayer()), withEnv({ KALSHI_ENV: "production" })))

  it.effect("KALSHI_BASE_URL overrides the environment", () =>
    Effect.gen(function*() {
      expect((yield* client).baseUrl).toBe("http://127.0.0.1:4000/trade-api/v2")
    }).pipe(
      Effect.provide(clientLayer()),
      withEnv({ KALSHI_ENV: "production", KALSHI_BASE_URL: "http://127.0.0.1:4000/trade-api/v2" })
    ))

  it.effect("a PEM in KALSHI_PRIVATE_KEY signs requests", () =>
    Effect.gen(function*() {
      expect((yield* client).authenticated).toBe(true)
      yield* S.reply(S.json(200, { order: S.wireOrder() }))
      yield* Orders.get("ord-1")
      const request = yield* S.onlyRequest
      expect(request.headers["kalshi-access-key"]).toBe(S.keyId)
      expect(verifySignature(request)).toBe(true)
    }).pipe(Effect.provide(clientLayer()), withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY: pem })))

  it.effect("a key path with no FileSystem provided fails the layer with a ConfigError saying so, not the path", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Effect.provide(client, clientLayer()))
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("KALSHI_PRIVATE_KEY_PATH")
      expect(String(error)).toContain("no FileSystem is provided")
      expect(String(error)).not.toContain("/secrets/kalshi.pem")
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" })))

  it.effect("a key path is read through the FileSystem", () => {
    const fs = fakeFileSystem({ "/secrets/kalshi.pem": pem })
    return Effect.gen(function*() {
      expect((yield* client).authenticated).toBe(true)
      expect(fs.reads).toEqual(["/secrets/kalshi.pem"])
      yield* S.reply(S.json(200, { order: S.wireOrder() }))
      yield* Orders.get("ord-1")
      expect(verifySignature(yield* S.onlyRequest)).toBe(true)
      expect(fs.reads).toHaveLength(1)
    }).pipe(
      Effect.provide(clientLayer(fs.layer)),
      withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" })
    )
  })

  it.effect("a key path that does not exist fails the layer with a ConfigError naming the variable, not the path", () => {
    const fs = fakeFileSystem({})
    return Effect.gen(function*() {
      const error = yield* S.failure(Effect.provide(client, clientLayer(fs.layer)))
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("KALSHI_PRIVATE_KEY_PATH")
      expect(String(error)).toContain("NotFound")
      expect(String(error)).not.toContain("/secrets/missing.pem")
      expect(fs.reads).toEqual(["/secrets/missing.pem"])
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: "/secrets/missing.pem" }))
  })

  it.scoped("a key file on disk is read with NodeFileSystem", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-kalshi-test-"))),
        (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
      )
      const path = join(dir, "kalshi.pem")
      writeFileSync(path, pem, { mode: 0o600 })
      yield* Effect.gen(function*() {
        expect((yield* client).authenticated).toBe(true)
        yield* S.reply(S.json(200, { orders: [] }))
        yield* Orders.list({ limit: 1 })
        expect(verifySignature(yield* S.onlyRequest)).toBe(true)
      }).pipe(
        Effect.provide(clientLayer(NodeFileSystem.layer)),
        withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: path })
      )
    }))

  it.effect("a key file that is not a key fails with InvalidKeyError", () => {
    const fs = fakeFileSystem({ "/secrets/kalshi.pem": "not a key" })
    return Effect.gen(function*() {
      const error = yield* S.failure(Effect.provide(client, clientLayer(fs.layer)))
      expect(error._tag).toBe("InvalidKeyError")
    }).pipe(withEnv({ KALSHI_API_KEY_ID: S.keyId, KALSHI_PRIVATE_KEY_PATH: "/secrets/kalshi.pem" }))
  })

  it.effect("a configuration error fails the layer", () =>
    Effect.gen(function*() {
      const error = yield* S.failure(Effect.provide(client, clientLayer()))
      expect(String(error)).toContain("KALSHI_API_KEY_ID")
    }).pipe(withEnv({ KALSHI_PRIVATE_KEY: pem })))

  it.effect("the other options still apply", () =>
    Effect.gen(function*() {
      yield* S.reply(S.json(200, { markets: [] }))
      yield* Effect.flatMap(client, (c) =>
        c.execute({ method: "GET", path: "/markets", authenticated: false, status: 200, response: S.anyJson }))
      expect((yield* S.onlyRequest).headers["user-agent"]).toBe("config-test/2")
    }).pipe(Effect.provide(clientLayer(undefined, { userAgent: "config-test/2" })), withEnv({})))

  it.effect("a custom Config can stand in for the standard variables", () =>
    Effect.gen(function*() {
      expect((yield* client).baseUrl).toBe("https://external-api.kalshi.com/trade-api/v2")
    }).pipe(
      Effect.provide(
        KalshiClient.layerConfig(
          Config.succeed({ environment: "production" as const, baseUrl: Option.none(), credentials: Option.none() }),
          {}
        ).pipe(Layer.provide(S.layerHttp))
      ),
      withEnv({})
    ))
})

const verifySignature = (request: S.Recorded) =>
  verify(
    "sha256",
    Buffer.from(`${request.headers["kalshi-access-timestamp"]}${request.method}${request.pathname}`),
    { key: createPublicKey(S.rsaKeys.publicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    Buffer.from(request.headers["kalshi-access-signature"] ?? "", "base64")
  )
