#!/usr/bin/env node
/**
 * The `effect-kalshi` executable: `effect-kalshi exchange --port 8080 --seed 1`, `effect-kalshi markets list`,
 * … A bad command line prints its help (by @effect/cli), any other failure one line on stderr, and both
 * exit with status 1.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Cli from "./cli/Cli.js"
import * as Confirm from "./cli/Confirm.js"

Cli.main(process.argv).pipe(
  Effect.provide(NodeContext.layer),
  Effect.provideService(Confirm.InteractiveSession, process.stdin.isTTY === true && process.stdout.isTTY === true),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
