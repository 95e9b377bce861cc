/**
 * The `effect-kalshi` command line: one root command whose subcommands are the project's tools (today the
 * `exchange` sandbox).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ExchangeCommand from "./ExchangeCommand.js"

/**
 * The root command, `effect-kalshi`.
 *
 * @since 0.1.0
 */
export const command = Command.make("effect-kalshi").pipe(
  Command.withDescription("tools for Kalshi's Trade API: a local sandbox exchange"),
  Command.withSubcommands([ExchangeCommand.command])
)

/**
 * Runs the command line on `argv` (as `process.argv`: the first two entries are skipped).
 *
 * @since 0.1.0
 */
export const run = Command.run(command, { name: "effect-kalshi", version: "0.1.0" })
