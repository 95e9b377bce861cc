/**
 * The sandbox as a user runs it: spawn `effect-kalshi exchange`, read what it prints, sign a request with the
 * printed key (node:crypto, as any client would), and stop it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as NodeCrypto from "node:crypto"
import { mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runBin, start } from "./spawn.js"

const signedGet = (baseUrl: string, keyId: string, pem: string, path: string) =>
  Effect.tryPromise(async () => {
    const url = new URL(`${baseUrl}${path}`)
    const timestamp = String(Date.now())
    const signature = NodeCrypto.sign("sha256", Buffer.from(`${timestamp}GET${url.pathname}`), {
      key: NodeCrypto.createPrivateKey(pem),
      padding: NodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32
    }).toString("base64")
    const response = await fetch(url, {
      headers: {
        "KALSHI-ACCESS-KEY": keyId,
        "KALSHI-ACCESS-TIMESTAMP": timestamp,
        "KALSHI-ACCESS-SIGNATURE": signature
      },
      signal: AbortSignal.timeout(5_000)
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  })

describe("effect-kalshi exchange", () => {
  it.live(
    "starts a sandbox, writes a private key only its owner can read, and serves the printed key",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const keyPath = join(mkdtempSync(join(tmpdir(), "effect-kalshi-")), "key.pem")
        const { env, output } = yield* start([
          "--port",
          "0",
          "--key-file",
          keyPath,
          "--balance",
          "250",
          "--seed",
          "7",
          "--tick-ms",
          "20"
        ])
        expect(env["KALSHI_BASE_URL"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/)
        expect(env["KALSHI_PRIVATE_KEY_PATH"]).toBe(keyPath)
        expect(statSync(keyPath).mode & 0o777).toBe(0o600)
        const pem = readFileSync(keyPath, "utf8")
        expect(pem).toContain("BEGIN RSA PRIVATE KEY")
        // The private key is written to the file, never printed.
        expect(output).not.toContain("PRIVATE KEY")

        const balance = yield* signedGet(env["KALSHI_BASE_URL"]!, env["KALSHI_API_KEY_ID"]!, pem, "/portfolio/balance")
        expect(balance).toMatchObject({ status: 200, body: { balance: 25000 } })
        const status = yield* Effect.tryPromise(() =>
          fetch(`${env["KALSHI_BASE_URL"]}/exchange/status`).then((r) => r.json() as Promise<Record<string, unknown>>)
        )
        expect(status).toMatchObject({ exchange_active: true, trading_active: true })
        // The seeded participant trades on its own.
        const traded = yield* Effect.tryPromise(() =>
          fetch(`${env["KALSHI_BASE_URL"]}/markets/trades`).then((r) =>
            r.json() as Promise<{ readonly trades: ReadonlyArray<unknown> }>
          )
        ).pipe(
          Effect.filterOrFail((body) => body.trades.length > 0, () => new Error("no trades yet")),
          Effect.retry({ times: 50, schedule: Schedule.spaced("100 millis") })
        )
        expect(traded.trades.length).toBeGreaterThan(0)
      })),
    { timeout: 60_000 }
  )

  it.live("refuses a bad balance with a message and a failing exit", () =>
    Effect.gen(function*() {
      const exit = yield* runBin(["exchange", "--port", "0", "--balance", "lots"])
      expect(exit.code).not.toBe(0)
      expect(exit.stderr).toContain("effect-kalshi: --balance must be a dollar amount, got lots")
    }), { timeout: 60_000 })
})
