#!/usr/bin/env node
/**
 * The `effect-kalshi` executable: `effect-kalshi exchange --port 8080 --seed 1`. A bad command line prints
 * its help (by @effect/cli), any other failure its message on stderr, and both exit with status 1.
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Cli from "./cli/Cli.js"

Cli.run(process.argv).pipe(
  Effect.tapError((error) =>
    ValidationError.isValidationError(error) ? Effect.void : Console.error(`effect-kalshi: ${error.message}`)
  ),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
