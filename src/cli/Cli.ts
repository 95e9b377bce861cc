/**
 * The `effect-kalshi` command line: one root command whose subcommands are the project's tools: the
 * `exchange` sandbox, and the trading commands `markets`, `orders` and `portfolio`, configured by the
 * same `KALSHI_*` variables as the SDK (`NodeKalshiClient.layerConfig()`).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as NodeKalshiClient from "../NodeKalshiClient.js"
import * as ExchangeCommand from "./ExchangeCommand.js"
import * as Failure from "./Failure.js"
import * as MarketsCommand from "./MarketsCommand.js"
import * as OrdersCommand from "./OrdersCommand.js"
import * as PortfolioCommand from "./PortfolioCommand.js"

/**
 * The client the trading commands use: the SDK's, from the `KALSHI_*` variables, over undici. Built only
 * when a trading command runs (`exchange` never reads the variables). Client-side rate limiting is off:
 * one command sends one or two requests, and its buckets would cost two more reads to size.
 */
const client = NodeKalshiClient.layerConfig(undefined, { rateLimit: false })

/**
 * The root command, `effect-kalshi`.
 *
 * @since 0.1.0
 */
export const command = Command.make("effect-kalshi").pipe(
  Command.withDescription("tools for Kalshi's Trade API: trading commands and a local sandbox exchange"),
  Command.withSubcommands([
    ExchangeCommand.command,
    MarketsCommand.command.pipe(Command.provide(client)),
    OrdersCommand.command.pipe(Command.provide(client)),
    PortfolioCommand.command.pipe(Command.provide(client))
  ])
)

/**
 * Runs the command line on `argv` (as `process.argv`: the first two entries are skipped).
 *
 * @since 0.1.0
 */
export const run = Command.run(command, { name: "effect-kalshi", version: "0.1.0" })

/**
 * {@link run}, reporting a failure as one line on stderr (see {@link Failure.report}); the effect still
 * fails, so that the executable exits with a non-zero status.
 *
 * @since 0.1.0
 */
export const main = (argv: ReadonlyArray<string>) => run(argv).pipe(Effect.tapErrorCause(Failure.report))
