/**
 * `effect-kalshi orders …` in-process against the embedded exchange over loopback HTTP: placing, listing
 * and cancelling as the configured trader, input refused before sending, and the confirmation of writes
 * on production.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Exit } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import { cli, cliJson, ctrlC, key, placeBid, Sandbox, sandbox, takingBid } from "./harness.js"

const ticker = "KXHIGHNY-26NOV21-T55"

/** A bid far below the book, so that it rests. */
const restingBid = placeBid(ticker, "3", "0.05")

interface WireOrder {
  readonly order_id: string
  readonly client_order_id: string
  readonly status: string
  readonly yes_price_dollars: string
  readonly remaining_count_fp: string
}

const listOrders = (env: Readonly<Record<string, string>>, ...filters: ReadonlyArray<string>) =>
  Effect.map(cliJson(["orders", "list", ...filters], { env }), (page) => page.orders as ReadonlyArray<WireOrder>)

describe("effect-kalshi orders", () => {
  it.live("place rests an order as the configured trader; list and cancel see it", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const placed = yield* cliJson([...restingBid, "--client-order-id", "cli-test-1"], { env })
      expect(placed).toMatchObject({ client_order_id: "cli-test-1", fill_count: "0.00", remaining_count: "3.00" })
      const orderId = placed.order_id as string

      const resting = yield* listOrders(env, "--status", "resting")
      expect(resting).toHaveLength(1)
      expect(resting[0]).toMatchObject({
        order_id: orderId,
        client_order_id: "cli-test-1",
        status: "resting",
        yes_price_dollars: "0.0500",
        remaining_count_fp: "3.00"
      })
      const table = yield* cli(["orders", "list", "--ticker", ticker], { env })
      expect(table.stdout.split("\n")[0]!.trim().split(/ {2,}/)).toEqual([
        "ORDER",
        "TICKER",
        "SIDE",
        "PRICE",
        "FILLED",
        "RESTING",
        "STATUS",
        "CREATED"
      ])
      expect(table.stdout).toMatch(new RegExp(`^${orderId} +${ticker} +bid +0\\.0500 +0\\.00 +3\\.00 +resting `, "m"))

      const canceled = yield* cliJson(["orders", "cancel", orderId], { env })
      expect(canceled).toMatchObject({ order_id: orderId, reduced_by: "3.00" })
      expect(yield* listOrders(env, "--status", "resting")).toEqual([])

      // Cancelling again is Kalshi's 404: one line, a failing exit.
      const again = yield* cli(["orders", "cancel", orderId], { env })
      expect(Exit.isFailure(again.exit)).toBe(true)
      expect(again.stderr).toMatch(
        new RegExp(
          `^effect-kalshi: NotFoundError: .* \\[404 [a-z_]+\\] \\(DELETE /portfolio/events/orders/${orderId}\\)$`
        )
      )
      // A reused client_order_id is Kalshi's 409.
      const reused = yield* cli([...restingBid, "--client-order-id", "cli-test-1"], { env })
      expect(reused.stderr).toMatch(/^effect-kalshi: ConflictError: .*\[409 order_already_exists\]/)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("place prints what happened, in a table by default", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const ask = (yield* exchange.orderBook(ticker)).asks[0]!
      // The price in cents' precision; the table prints it in the wire's four decimals.
      const run = yield* cli(takingBid(ticker, "1", FixedPoint.toFixed(ask.price, 2)), { env })
      expect(run.exit).toStrictEqual(Exit.void)
      expect(run.stdout).toMatch(/^order +[0-9a-f-]{36}$/m)
      expect(run.stdout).toMatch(new RegExp(`^price +${FixedPoint.toFixed(ask.price, 4)}$`, "m"))
      expect(run.stdout).toMatch(/^filled +1\.00$/m)
      expect(run.stdout).toMatch(/^resting +0\.00$/m)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("a bad price or count is refused, naming the option, before anything is sent", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const before = yield* exchange.requestCount
      const place = (count: string, price: string) =>
        cli(["orders", "place", "--ticker", ticker, "--side", "ask", "--count", count, "--price", price], { env })
      const cases = [
        [place("3", "1.5"), "--price: price must be within [0, 1] dollars, got 1.5"],
        [place("3", "0.12345"), "--price: price must have at most 4 decimals, got 0.12345"],
        [place("3", "0.5e1"), `--price: expected a fixed-point decimal string, got "0.5e1"`],
        [place("1.005", "0.5"), "--count: count must have at most 2 decimals, got 1.005"],
        [place("-1", "0.5"), "--count: count must be positive, got -1"],
        [place("ten", "0.5"), `--count: expected a fixed-point decimal string, got "ten"`]
      ] as const
      for (const [run, problem] of cases) {
        const { exit, stderr, stdout } = yield* run
        expect(Exit.isFailure(exit)).toBe(true)
        expect(stdout).toBe("")
        expect(stderr).toBe(
          `effect-kalshi: ValidationError: invalid order: ${problem} (POST /portfolio/events/orders)`
        )
      }
      expect(yield* exchange.requestCount).toBe(before)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live(
    "on production, a write without --yes in a non-interactive session is refused and nothing is sent",
    () =>
      Effect.gen(function*() {
        const sandboxEnv = (yield* Sandbox).env
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        // KALSHI_BASE_URL still points at the local exchange: KALSHI_ENV says what the user means.
        const env = { ...sandboxEnv, KALSHI_ENV: "production" }
        const before = yield* exchange.requestCount
        const refused = yield* cli(restingBid, { env })
        expect(Exit.isFailure(refused.exit)).toBe(true)
        expect(refused.stdout).toBe("")
        expect(refused.stderr).toBe(
          `effect-kalshi: refusing to place bid 3.00 ${ticker} @ 0.0500 on Kalshi production without --yes ` +
            "(not an interactive session): nothing was sent"
        )
        const cancelAll = yield* cli(["orders", "cancel-all"], { env })
        expect(cancelAll.stderr).toMatch(/^effect-kalshi: refusing to cancel every resting order on Kalshi production/)
        expect(yield* exchange.requestCount).toBe(before)

        // With --yes it goes ahead; so does cancel-all.
        const placed = yield* cliJson([...restingBid, "--yes"], { env })
        expect(yield* listOrders(env, "--status", "resting")).toMatchObject([{ order_id: placed.order_id }])
        expect(yield* cliJson(["orders", "cancel-all", "-y"], { env })).toEqual({})
        expect(yield* listOrders(env, "--status", "resting")).toEqual([])
        // Reads need no confirmation.
        expect((yield* cli(["portfolio", "balance"], { env })).exit).toStrictEqual(Exit.void)
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )

  it.live("on production, an interactive session asks, and only a yes sends", () =>
    Effect.gen(function*() {
      const sandboxEnv = (yield* Sandbox).env
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const env = { ...sandboxEnv, KALSHI_ENV: "production" }
      const before = yield* exchange.requestCount

      const declined = yield* cli(restingBid, { env, keys: [key("n")] })
      expect(declined.displayed).toContain(`place bid 3.00 ${ticker} @ 0.0500 on Kalshi PRODUCTION (real money)?`)
      expect(declined.stderr).toBe("effect-kalshi: not confirmed: nothing was sent")
      // Quitting the prompt is a no as well.
      const quit = yield* cli(restingBid, { env, keys: [ctrlC] })
      expect(quit.stderr).toBe("effect-kalshi: not confirmed: nothing was sent")
      expect(yield* exchange.requestCount).toBe(before)

      const confirmed = yield* cli([...restingBid, "--json"], { env, keys: [key("y")] })
      expect(confirmed.exit).toStrictEqual(Exit.void)
      // The prompt goes to the terminal; stdout holds only the JSON document.
      expect(JSON.parse(confirmed.stdout)).toMatchObject({ remaining_count: "3.00" })
      const resting = yield* listOrders(env, "--status", "resting")
      expect(resting).toHaveLength(1)

      const keep = yield* cli(["orders", "cancel-all"], { env, keys: [key("n")] })
      expect(Exit.isFailure(keep.exit)).toBe(true)
      expect(yield* listOrders(env, "--status", "resting")).toHaveLength(1)
      const cancelAll = yield* cli(["orders", "cancel-all"], { env, keys: [key("y")] })
      expect(cancelAll.stdout).toBe("canceled every resting order")
      expect(yield* listOrders(env, "--status", "resting")).toEqual([])
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("demo writes go ahead without asking", () =>
    Effect.gen(function*() {
      const { env, trader } = yield* Sandbox
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const run = yield* cli(restingBid, { env: { ...env, KALSHI_ENV: "demo" }, keys: [] })
      expect(run.exit).toStrictEqual(Exit.void)
      expect(run.displayed).toBe("")
      const balance = yield* exchange.balance(trader.userId)
      expect(BigDecimal.lessThan(balance, FixedPoint.unsafeMake("1000"))).toBe(true)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })
})
