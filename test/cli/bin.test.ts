/**
 * The whole round trip as a user makes it, with the real executable: start the sandbox, take the
 * `KALSHI_*` variables it prints, place an order, and list it with `--json`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { placeBid } from "./harness.js"
import { runBin, start } from "./spawn.js"

const ticker = "KXHIGHNY-26NOV21-T55"

describe("effect-kalshi trading commands, spawned", () => {
  it.live(
    "orders place then orders list --json against the sandbox, with the variables it printed",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const keyPath = join(mkdtempSync(join(tmpdir(), "effect-kalshi-")), "key.pem")
        const { env } = yield* start(["--port", "0", "--key-file", keyPath])

        const placed = yield* runBin([...placeBid(ticker, "2", "0.07"), "--client-order-id", "spawned-1"], env)
        expect(placed).toMatchObject({ code: 0, stderr: "" })
        expect(placed.stdout).toMatch(/^client order id +spawned-1$/m)
        expect(placed.stdout).toMatch(/^resting +2\.00$/m)

        // Production without --yes, and stdin not a terminal: refused, nothing sent.
        const refused = yield* runBin(placeBid(ticker, "1", "0.06"), { ...env, KALSHI_ENV: "production" })
        expect(refused.code).toBe(1)
        expect(refused.stdout).toBe("")
        expect(refused.stderr).toBe(
          `effect-kalshi: refusing to place bid 1.00 ${ticker} @ 0.0600 on Kalshi production without --yes ` +
            "(not an interactive session): nothing was sent\n"
        )

        const listed = yield* runBin(["orders", "list", "--json"], env)
        expect(listed.code).toBe(0)
        const { orders } = JSON.parse(listed.stdout) as { orders: ReadonlyArray<Record<string, unknown>> }
        expect(orders).toHaveLength(1)
        expect(orders[0]).toMatchObject({
          client_order_id: "spawned-1",
          ticker,
          book_side: "bid",
          status: "resting",
          yes_price_dollars: "0.0700",
          remaining_count_fp: "2.00"
        })

        // A typed error from the exchange: one line, exit 1, no stack trace.
        const missing = yield* runBin(["orders", "cancel", "no-such-order"], env)
        expect(missing.code).toBe(1)
        expect(missing.stderr).toMatch(/^effect-kalshi: NotFoundError: [^\n]*\n$/)
      })),
    { timeout: 90_000 }
  )
})
