/**
 * The command line driven in-process: `Cli.main` on an argv, configured by `KALSHI_*` variables through a
 * `ConfigProvider` (the same `Config` the executable reads from the environment), its stdout and stderr
 * captured from `Console`, against the embedded exchange served on 127.0.0.1 and reached over undici.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Terminal from "@effect/platform/Terminal"
import { ConfigProvider, Console, Context, Effect, Exit, Layer, Mailbox, Option, Redacted } from "effect"
import * as Cli from "../../src/cli/Cli.js"
import * as Confirm from "../../src/cli/Confirm.js"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeServer from "../../src/exchange/EmbeddedExchangeServer.js"
import * as FixedPoint from "../../src/FixedPoint.js"

/** A trader on a fresh exchange, and the variables that point the command line at it as that trader. */
export class Sandbox extends Context.Tag("test/cli/Sandbox")<Sandbox, {
  readonly trader: EmbeddedExchange.Credentials
  readonly env: Readonly<Record<string, string>>
}>() {}

/** A fresh exchange on 127.0.0.1, with a trader whose key the command line gets from `KALSHI_PRIVATE_KEY`. */
export const sandbox: Layer.Layer<
  Sandbox | EmbeddedExchange.EmbeddedExchange | EmbeddedExchangeServer.EmbeddedExchangeServer
> = Layer.effect(
  Sandbox,
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
    const trader = yield* exchange.generateCredentials()
    return {
      trader,
      env: {
        KALSHI_BASE_URL: server.baseUrl,
        KALSHI_API_KEY_ID: trader.keyId,
        KALSHI_PRIVATE_KEY: Redacted.value(trader.privateKeyPem)
      }
    }
  })
).pipe(Layer.provideMerge(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })), Layer.orDie)

/** What a run printed and how it ended. */
export interface Run {
  readonly exit: Exit.Exit<void, unknown>
  readonly stdout: string
  readonly stderr: string
  /** What the terminal displayed (the confirmation prompt). */
  readonly displayed: string
}

/** A key as the terminal reports it: one character typed. */
export const key = (char: string): Terminal.UserInput => ({
  input: Option.some(char),
  key: { name: char, ctrl: false, meta: false, shift: false }
})

/** Ctrl-C, which ends a terminal's input (as `NodeTerminal` does). */
export const ctrlC: Terminal.UserInput = {
  input: Option.none(),
  key: { name: "c", ctrl: true, meta: false, shift: false }
}

/** A terminal whose user types `keys`, recording what is displayed to it. */
const scriptedTerminal = (keys: ReadonlyArray<Terminal.UserInput>, displayed: Array<string>): Terminal.Terminal => ({
  columns: Effect.succeed(100),
  rows: Effect.succeed(40),
  isTTY: Effect.succeed(true),
  readInput: Effect.tap(Mailbox.make<Terminal.UserInput>(), (mailbox) =>
    Effect.zipRight(
      mailbox.offerAll(keys),
      keys.some((input) => input.key.ctrl && input.key.name === "c") ? mailbox.end : Effect.void
    )),
  readLine: Effect.never,
  display: (text) => Effect.sync(() => void displayed.push(text))
})

/** How a run is set up: the variables, and whether (and what) a user answers at a terminal. */
export interface RunOptions {
  readonly env: Readonly<Record<string, string>>
  /** An interactive session whose user types these keys; absent: not interactive. */
  readonly keys?: ReadonlyArray<Terminal.UserInput> | undefined
  /** Called with each line printed on stdout as it is printed (a live view's progress). */
  readonly onStdout?: ((text: string) => void) | undefined
}

/** Runs `effect-kalshi …args` in-process. */
export const cli = (args: ReadonlyArray<string>, options: RunOptions) =>
  Effect.gen(function*() {
    const stdout: Array<string> = []
    const stderr: Array<string> = []
    const displayed: Array<string> = []
    const ambient = yield* Console.consoleWith(Effect.succeed)
    const console: Console.Console = {
      ...ambient,
      log: (...parts: ReadonlyArray<unknown>) =>
        Effect.sync(() => {
          stdout.push(parts.join(" "))
          options.onStdout?.(parts.join(" "))
        }),
      error: (...parts: ReadonlyArray<unknown>) => Effect.sync(() => void stderr.push(parts.join(" ")))
    }
    const exit = yield* Cli.main(["node", "effect-kalshi", ...args]).pipe(
      Effect.provideService(Terminal.Terminal, scriptedTerminal(options.keys ?? [], displayed)),
      Effect.provideService(Confirm.InteractiveSession, options.keys !== undefined),
      Effect.provide(NodeContext.layer),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(options.env)))),
      Console.withConsole(console),
      Effect.exit
    )
    return { exit, stdout: stdout.join("\n"), stderr: stderr.join("\n"), displayed: displayed.join("") } satisfies Run
  })

/** Runs a command that must succeed and parses its `--json` document. */
export const cliJson = (args: ReadonlyArray<string>, options: RunOptions) =>
  Effect.flatMap(cli([...args, "--json"], options), (run) =>
    Exit.isSuccess(run.exit)
      ? Effect.try(() => JSON.parse(run.stdout) as Record<string, unknown>)
      : Effect.dieMessage(`${args.join(" ")} failed: ${run.stderr}`))

/** The arguments of `orders place` for a bid of `count` contracts of `ticker` at `price` (dollars). */
export const placeBid = (ticker: string, count: string, price: string): ReadonlyArray<string> => [
  "orders",
  "place",
  "--ticker",
  ticker,
  "--side",
  "bid",
  "--count",
  count,
  "--price",
  price
]

/** The same bid, immediate or cancel: it takes what it crosses and rests nothing. */
export const takingBid = (ticker: string, count: string, price: string): ReadonlyArray<string> => [
  ...placeBid(ticker, count, price),
  "--tif",
  "immediate_or_cancel"
]

/** Takes the best ask of `ticker` for `count` contracts with `orders place` (immediate or cancel): one fill. */
export const buyAtBestAsk = (env: Readonly<Record<string, string>>, ticker: string, count: string) =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const ask = (yield* exchange.orderBook(ticker)).asks[0]!
    return yield* cliJson(takingBid(ticker, count, FixedPoint.toFixed(ask.price, 4)), { env })
  })
