/**
 * The live views, `markets watch` and `portfolio watch-fills`, in-process against the embedded exchange over
 * loopback (REST over undici, the WebSocket over `ws`): the exchange changes while the view runs, and the view
 * prints each change, then stops after the number asked for. Every wait is bounded.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Exit, Fiber, Queue } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import { buyAtBestAsk, cli, cliJson, type Run, type RunOptions, Sandbox, sandbox } from "./harness.js"

const ticker = "KXHIGHNY-26NOV21-T55"

/** Runs a live view in the background; `printed` yields each stdout line as it is printed. */
const startView = (args: ReadonlyArray<string>, options: RunOptions) =>
  Effect.gen(function*() {
    const lines = yield* Queue.unbounded<string>()
    const fiber = yield* Effect.fork(cli(args, { ...options, onStdout: (text) => Queue.unsafeOffer(lines, text) }))
    const printed = Queue.take(lines).pipe(
      Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error(`${args.join(" ")} printed nothing`) })
    )
    const done: Effect.Effect<Run, Error> = Fiber.join(fiber).pipe(
      Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error(`${args.join(" ")} did not stop`) })
    )
    return { printed, done }
  })

/** Polls `check` every 5 ms until it holds, for at most 10 s. */
const eventually = <E, R>(check: Effect.Effect<boolean, E, R>) =>
  Effect.gen(function*() {
    while (!(yield* check)) yield* Effect.sleep("5 millis")
  }).pipe(Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error("the condition never held") }))

const price = (n: BigDecimal.BigDecimal) => FixedPoint.toFixed(n, 4)

describe("effect-kalshi markets watch", () => {
  it.live(
    "prints the book as markets book does, then again when a market maker quotes, and stops",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const before = yield* cli(["markets", "book", ticker], { env })
        const book = yield* exchange.orderBook(ticker)
        const inside = BigDecimal.sum(book.bids[0]!.price, FixedPoint.unsafeMake("0.01"))
        expect(BigDecimal.lessThan(inside, book.asks[0]!.price)).toBe(true)

        const view = yield* startView(["markets", "watch", ticker, "--updates", "2"], { env })
        const first = yield* view.printed
        yield* exchange.placeLiquidity({ ticker, side: "bid", price: inside, count: FixedPoint.unsafeMake("7") })
        const run = yield* view.done

        expect(run.exit).toStrictEqual(Exit.void)
        expect(run.stderr).toBe("")
        const states = run.stdout.split("\n\n").filter((state) => state !== "")
        expect(states).toHaveLength(2)
        expect(states[0]).toBe(first.trimEnd())
        // The snapshot: a state line, then exactly the ladder `markets book` prints.
        const [head, ...ladder] = states[0]!.split("\n")
        expect(head).toMatch(new RegExp(`^${ticker}  live  seq \\d+$`))
        expect(ladder.join("\n")).toBe(before.stdout)
        // The delta: the new best bid on top, its size exact.
        const [head2, header, top] = states[1]!.split("\n")
        expect(head2).toMatch(new RegExp(`^${ticker}  live  seq \\d+$`))
        expect(header).toBe(ladder[0])
        expect(top!.trim().split(/ +/).slice(0, 2)).toEqual(["7.00", price(inside)])
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )

  it.live(
    "--json: one line per state, to the depth asked, and says when the book is resyncing",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const rest = yield* cliJson(["markets", "book", ticker, "--depth", "1"], { env })

        const view = yield* startView(["markets", "watch", ticker, "--depth", "1", "--updates", "3", "--json"], { env })
        const first = JSON.parse(yield* view.printed)
        expect(first).toMatchObject({ market_ticker: ticker, status: "live", orderbook_fp: rest.orderbook_fp })
        // The connection drops (1006): the view says the book may be stale, then shows the fresh snapshot.
        yield* exchange.webSocket.injectFault(EmbeddedExchangeWebSocket.Fault.DropConnection())
        const run = yield* view.done

        expect(run.exit).toStrictEqual(Exit.void)
        const states = run.stdout.split("\n").map((line) => JSON.parse(line))
        expect(states.map((state) => state.status)).toEqual(["live", "resyncing", "live"])
        expect(states[2]).toMatchObject({ market_ticker: ticker, orderbook_fp: rest.orderbook_fp })
        expect(states[2].seq).toEqual(expect.any(Number))

        const text = yield* startView(["markets", "watch", ticker, "--updates", "2"], { env })
        yield* text.printed
        yield* exchange.webSocket.injectFault(EmbeddedExchangeWebSocket.Fault.DropConnection())
        expect((yield* text.done).stdout.split("\n").at(-1)).toBe(
          `${ticker}  resyncing: the view may be stale, waiting for a fresh snapshot`
        )
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )

  it.live(
    "an unknown market, missing credentials and a bad count are one line each, exit 1",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const unknown = yield* cli(["markets", "watch", "KXNOPE-1", "--updates", "1"], { env })
        expect(Exit.isFailure(unknown.exit)).toBe(true)
        expect(unknown.stdout).toBe("")
        expect(unknown.stderr).toMatch(
          /^effect-kalshi: WebSocketCommandError: [^\n]+ \[16\] \(subscribe KXNOPE-1\)$/
        )

        const anonymous = yield* cli(["markets", "watch", ticker, "--updates", "1"], {
          env: { KALSHI_BASE_URL: env.KALSHI_BASE_URL! }
        })
        expect(anonymous.stdout).toBe("")
        expect(anonymous.stderr).toBe(
          "effect-kalshi: AuthenticationError: Kalshi's WebSocket needs credentials: set KALSHI_API_KEY_ID and a " +
            "private key"
        )

        const zero = yield* cli(["markets", "watch", ticker, "--updates", "0"], { env })
        expect(Exit.isFailure(zero.exit)).toBe(true)
        expect(`${zero.stdout}\n${zero.stderr}`).toContain("--updates must be a whole number of at least 1")
        expect(zero.stdout).not.toContain("live")
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )
})

describe("effect-kalshi portfolio watch-fills", () => {
  it.live(
    "prints a trade's fill once, as it happens, then stops; --json prints it in wire form",
    () =>
      Effect.gen(function*() {
        const { env } = yield* Sandbox
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const sessions = exchange.webSocket.sessions

        const view = yield* startView(["portfolio", "watch-fills", "--count", "1"], { env })
        yield* eventually(Effect.map(sessions, (open) => open > 0))
        const placed = yield* buyAtBestAsk(env, ticker, "2")
        const run = yield* view.done
        expect(run.exit).toStrictEqual(Exit.void)
        expect(run.stderr).toBe("")
        const lines = run.stdout.split("\n")
        expect(lines).toHaveLength(1)
        const [fill] = (yield* cliJson(["portfolio", "fills", "--limit", "1"], { env })).fills as ReadonlyArray<
          Record<string, string>
        >
        expect(lines[0]).toMatch(
          new RegExp(
            `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${ticker}  bid  2\\.00 @ ${fill!.yes_price_dollars}  taker  ` +
              `fee ${fill!.fee_cost}  order ${placed.order_id}$`
          )
        )

        yield* eventually(Effect.map(sessions, (open) => open === 0))
        const json = yield* startView(["portfolio", "watch-fills", "--ticker", ticker, "--count", "1", "--json"], {
          env
        })
        yield* eventually(Effect.map(sessions, (open) => open > 0))
        const second = yield* buyAtBestAsk(env, ticker, "3")
        const printed = (yield* json.done).stdout.split("\n").map((line) => JSON.parse(line))
        expect(printed).toHaveLength(1)
        expect(printed[0]).toMatchObject({
          order_id: second.order_id,
          market_ticker: ticker,
          book_side: "bid",
          count_fp: "3.00",
          is_taker: true
        })
        expect(printed[0].yes_price_dollars).toMatch(/^0\.\d{4}$/)
      }).pipe(Effect.provide(sandbox)),
    { timeout: 30_000 }
  )
})
