/**
 * `effect-kalshi markets …` in-process against the embedded exchange over loopback HTTP: tables for
 * people, `--json` in Kalshi's wire form, typed errors on one line.
 */
import { describe, expect, it } from "@effect/vitest"
import { type BigDecimal, Effect, Exit } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeServer from "../../src/exchange/EmbeddedExchangeServer.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import { cli, cliJson, Sandbox, sandbox } from "./harness.js"

const ticker = "KXHIGHNY-26NOV21-T55"

const fetchJson = (url: string) =>
  Effect.tryPromise(() => fetch(url).then((response) => response.json() as Promise<Record<string, unknown>>))

/** The cells of a table's lines (columns are separated by two or more blanks). */
const cells = (table: string) => table.split("\n").map((line) => line.trim().split(/ {2,}/))

describe("effect-kalshi markets", () => {
  it.live("list prints a table of the markets, filtered, one page at a time", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const all = yield* cli(["markets", "list"], { env })
      expect(all.exit).toStrictEqual(Exit.void)
      const [header, ...rows] = cells(all.stdout)
      expect(header).toEqual(["TICKER", "STATUS", "YES BID", "YES ASK", "LAST", "VOLUME", "CLOSES", "TITLE"])
      expect(rows.map((row) => row[0])).toContain(ticker)
      // Prices as Kalshi writes them: four decimals, never a float's rounding.
      for (const row of rows) expect(row[2]).toMatch(/^\d\.\d{4}$/)

      const closed = yield* cli(["markets", "list", "--status", "closed"], { env })
      expect(cells(closed.stdout).slice(1).map((row) => row[1])).toEqual(["closed"])

      const fed = yield* cliJson(["markets", "list", "--series", "KXFEDDECISION"], { env })
      const fedTickers = (fed.markets as ReadonlyArray<{ ticker: string }>).map((m) => m.ticker)
      expect(fedTickers.length).toBeGreaterThan(0)
      expect(fedTickers.every((t) => t.startsWith("KXFEDDECISION-"))).toBe(true)

      const first = yield* cli(["markets", "list", "--limit", "2"], { env })
      const more = first.stdout.match(/^more: --cursor (\S+)$/m)
      expect(cells(first.stdout).length).toBe(1 + 2 + 1)
      expect(more).not.toBeNull()
      const second = yield* cliJson(["markets", "list", "--limit", "2", "--cursor", more![1]!], { env })
      const secondTickers = (second.markets as ReadonlyArray<{ ticker: string }>).map((m) => m.ticker)
      expect(secondTickers).toHaveLength(2)
      expect(secondTickers).not.toContain(cells(first.stdout)[1]![0])
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live("get --json prints the market exactly as the exchange sent it", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
      const printed = yield* cliJson(["markets", "get", ticker], { env })
      const { market } = (yield* fetchJson(`${server.baseUrl}/markets/${ticker}`)) as {
        market: Record<string, unknown>
      }
      // Every field the exchange sent is printed in its wire form ("0.4300", "10.00"); lists it left out
      // print as the SDK reads them, empty.
      const sent = Object.keys(market).filter((field) => field in printed)
      expect(sent.length).toBeGreaterThan(30)
      for (const field of sent) expect([field, printed[field]]).toEqual([field, market[field]])
      for (const field of Object.keys(printed).filter((field) => !(field in market))) {
        expect([field, printed[field]]).toEqual([field, []])
      }

      const table = yield* cli(["markets", "get", ticker], { env })
      expect(table.stdout).toMatch(new RegExp(`^ticker +${ticker}$`, "m"))
      expect(table.stdout).toMatch(
        new RegExp(`^yes bid +${market.yes_bid_dollars} \\(${market.yes_bid_size_fp}\\)$`, "m")
      )
      expect(table.stdout).toMatch(/^price grid +0\.0100–0\.9900 by 0\.0100$/m)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })

  it.live(
    "an unknown market is one line on stderr and a failing exit, nothing on stdout",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const run = yield* cli(["markets", "get", "KXNOPE-1"], { env })
        expect(Exit.isFailure(run.exit)).toBe(true)
        expect(run.stdout).toBe("")
        expect(run.stderr).toBe(
          "effect-kalshi: NotFoundError: Market not found: KXNOPE-1 [404 not_found] (GET /markets/KXNOPE-1)"
        )
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )

  it.live(
    "book shows the yes bids beside the no bids as yes asks, best first, to the depth asked",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const book = yield* exchange.orderBook(ticker)
        const run = yield* cli(["markets", "book", ticker], { env })
        const [header, ...rows] = cells(run.stdout)
        expect(header).toEqual(["BID SIZE", "YES BID", "YES ASK", "ASK SIZE"])
        const price = (n: BigDecimal.BigDecimal) => FixedPoint.toFixed(n, 4)
        expect(rows[0]).toEqual([
          FixedPoint.toFixed(book.bids[0]!.count, 2),
          price(book.bids[0]!.price),
          price(book.asks[0]!.price),
          FixedPoint.toFixed(book.asks[0]!.count, 2)
        ])
        expect(rows).toHaveLength(Math.max(book.bids.length, book.asks.length))

        const shallow = yield* cliJson(["markets", "book", ticker, "--depth", "1"], { env })
        expect(shallow).toEqual({
          orderbook_fp: {
            yes_dollars: [[price(book.bids[0]!.price), FixedPoint.toFixed(book.bids[0]!.count, 2)]],
            no_dollars: [[
              price(FixedPoint.complement(book.asks[0]!.price)),
              FixedPoint.toFixed(book.asks[0]!.count, 2)
            ]]
          }
        })
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )

  it.live("bad input is refused before anything is sent", () =>
    Effect.gen(function*() {
      const { env } = yield* Sandbox
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const before = yield* exchange.requestCount
      const deep = yield* cli(["markets", "book", ticker, "--depth", "500"], { env })
      expect(Exit.isFailure(deep.exit)).toBe(true)
      expect(deep.stderr).toMatch(/^effect-kalshi: ValidationError: invalid request: depth: .*500/)
      const limit = yield* cli(["markets", "list", "--limit", "5000"], { env })
      expect(limit.stderr).toMatch(/^effect-kalshi: ValidationError: invalid request: limit: /)
      expect(yield* exchange.requestCount).toBe(before)
    }).pipe(Effect.provide(sandbox)), { timeout: 30_000 })
})
