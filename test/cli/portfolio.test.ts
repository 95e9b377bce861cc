/**
 * `effect-kalshi portfolio …` in-process against the embedded exchange over loopback HTTP, and how the
 * command line reports configuration and credential problems without printing a secret.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import { buyAtBestAsk, cli, cliJson, Sandbox, sandbox } from "./harness.js"

const ticker = "KXHIGHNY-26NOV21-T55"

describe("effect-kalshi portfolio", () => {
  it.live("balance shows the account's dollars exactly as the exchange holds them", () =>
    Effect.gen(function*() {
      const { env, trader } = yield* Sandbox
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* buyAtBestAsk(env, ticker, "2")
      const available = FixedPoint.toFixed(yield* exchange.balance(trader.userId), 4)
      const wire = yield* cliJson(["portfolio", "balance"], { env })
      expect(wire.balance_dollars).toBe(available)
      const table = yield* cli(["portfolio", "balance"], { env })
      expect(table.stdout).toMatch(new RegExp(`^balance +${available.replace(".", "\\.")}$`, "m"))
      expect(table.stdout).toMatch(/^portfolio value +\d+\.\d{2}$/m)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("positions and fills show a trade", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const placed = yield* buyAtBestAsk(env, ticker, "2")
      expect(placed.fill_count).toBe("2.00")

      const positions = yield* cliJson(["portfolio", "positions"], { env })
      expect(positions.market_positions).toMatchObject([{ ticker, position_fp: "2.00" }])
      const positionTable = yield* cli(["portfolio", "positions", "--ticker", ticker], { env })
      expect(positionTable.stdout).toMatch(new RegExp(`^${ticker} +2\\.00 `, "m"))

      const fills = yield* cliJson(["portfolio", "fills", "--ticker", ticker, "--limit", "5"], { env })
      const [fill] = fills.fills as ReadonlyArray<Record<string, unknown>>
      expect(fill).toMatchObject({ order_id: placed.order_id, count_fp: "2.00", book_side: "bid", is_taker: true })
      const fillTable = yield* cli(["portfolio", "fills"], { env })
      expect(fillTable.stdout).toMatch(
        new RegExp(
          `${ticker} +bid +${fill!.yes_price_dollars} +2\\.00 +taker +${fill!.fee_cost} +${placed.order_id}$`,
          "m"
        )
      )
      // Nothing for another market.
      const none = yield* cli(["portfolio", "fills", "--ticker", "KXFEDDECISION-26DEC-H0"], { env })
      expect(none.stdout.split("\n")[1]).toBe("(none)")
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("a key file configured by KALSHI_PRIVATE_KEY_PATH signs like the key itself", () =>
    Effect.gen(function*() {
      const { env, trader } = yield* Sandbox
      const keyPath = join(mkdtempSync(join(tmpdir(), "effect-kalshi-cli-")), "key.pem")
      writeFileSync(keyPath, Redacted.value(trader.privateKeyPem), { mode: 0o600 })
      const { KALSHI_PRIVATE_KEY: _, ...rest } = env
      const run = yield* cli(["portfolio", "balance", "--json"], { env: { ...rest, KALSHI_PRIVATE_KEY_PATH: keyPath } })
      expect(run.exit).toStrictEqual(Exit.void)
      expect(JSON.parse(run.stdout)).toMatchObject({ balance_dollars: "1000.0000" })
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live(
    "configuration and credential problems are one line each, and never print a secret",
    () =>
      Effect.gen(function*() {
        const { env, trader } = yield* Sandbox
        const pem = Redacted.value(trader.privateKeyPem)
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const before = yield* exchange.requestCount
        const runs = [
          [
            { ...env, KALSHI_ENV: "staging" },
            "configuration: KALSHI_ENV must be demo or production (its value is not shown)"
          ],
          [
            { ...env, KALSHI_BASE_URL: pem },
            "configuration: KALSHI_BASE_URL is not an absolute URL (its value is not shown)"
          ],
          [
            { KALSHI_BASE_URL: env.KALSHI_BASE_URL!, KALSHI_PRIVATE_KEY: pem },
            "configuration: a private key is set but KALSHI_API_KEY_ID is not"
          ],
          [
            { ...env, KALSHI_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" },
            /^InvalidKeyError: /
          ],
          [
            { KALSHI_BASE_URL: env.KALSHI_BASE_URL! },
            "AuthenticationError: this endpoint needs credentials: set KALSHI_API_KEY_ID and a private key " +
            "(GET /portfolio/balance)"
          ]
        ] as const
        for (const [runEnv, line] of runs) {
          const run = yield* cli(["portfolio", "balance"], { env: runEnv })
          expect(Exit.isFailure(run.exit)).toBe(true)
          expect(run.stdout).toBe("")
          expect(run.stderr.split("\n")).toHaveLength(1)
          if (typeof line === "string") expect(run.stderr).toBe(`effect-kalshi: ${line}`)
          else expect(run.stderr.replace("effect-kalshi: ", "")).toMatch(line)
          expect(run.stderr).not.toContain("PRIVATE KEY")
          expect(run.stderr).not.toContain(pem.split("\n")[1])
          expect(run.stderr).not.toMatch(/^\s+at /m)
        }
        expect(yield* exchange.requestCount).toBe(before)

        // A signature the exchange refuses: Kalshi's 401, as one line, without the key or the signature.
        const other = yield* exchange.generateCredentials()
        const refused = yield* cli(["portfolio", "balance"], {
          env: { ...env, KALSHI_PRIVATE_KEY: Redacted.value(other.privateKeyPem) }
        })
        expect(refused.stderr).toMatch(
          /^effect-kalshi: AuthenticationError: .*\[401 [a-z_]+\] \(GET \/portfolio\/balance\)$/
        )
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )
})
