/**
 * The explicit confirmation of a write on Kalshi's production exchange (real money). A run is taken to
 * be on production when `KALSHI_ENV` is `production` (also when `KALSHI_BASE_URL` points elsewhere: the
 * variable says what the user means) or when the client's base URL is on `kalshi.com` (a
 * `KALSHI_BASE_URL` of Kalshi's production host with `KALSHI_ENV` left at `demo`). There, a write goes
 * ahead only with `--yes`, or after a yes to a prompt in an interactive session; a non-interactive
 * session without `--yes` is refused, and nothing is sent.
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as KalshiClient from "../KalshiClient.js"
import * as KalshiConfig from "../KalshiConfig.js"

/**
 * Whether the session can ask the user (stdin and stdout are terminals). Off unless the executable says
 * otherwise, so that a run nobody can answer never waits for an answer.
 *
 * @since 0.1.0
 */
export class InteractiveSession extends Context.Reference<InteractiveSession>()(
  "effect-kalshi/cli/InteractiveSession",
  { defaultValue: () => false }
) {}

/**
 * A production write was not confirmed: refused without `--yes` in a non-interactive session, declined at
 * the prompt, or the prompt was quit. Nothing was sent.
 *
 * @since 0.1.0
 */
export class NotConfirmed extends Schema.TaggedError<NotConfirmed>()("NotConfirmed", {
  message: Schema.String
}) {}

/**
 * The `--yes` flag of the writes that need confirmation on production.
 *
 * @since 0.1.0
 */
export const yes = Options.boolean("yes").pipe(
  Options.withAlias("y"),
  Options.withDescription("confirm a write on Kalshi's production exchange without asking")
)

/**
 * Whether a base URL is one of Kalshi's production hosts (`*.kalshi.com`; the demo is on `kalshi.co`).
 *
 * @since 0.1.0
 */
export const isProductionUrl = (baseUrl: string): boolean => {
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : ""
  return host === "kalshi.com" || host.endsWith(".kalshi.com")
}

/**
 * Whether this run trades on production: `KALSHI_ENV=production`, or a client whose base URL is on
 * Kalshi's production host.
 *
 * @since 0.1.0
 */
export const isProduction = Effect.gen(function*() {
  const { environment } = yield* KalshiConfig.fromEnv
  const client = yield* KalshiClient.KalshiClient
  return environment === "production" || isProductionUrl(client.baseUrl)
})

/**
 * Confirms a write described by `action` (`"place bid 10 KX… @ 0.5600"`): it succeeds at once off
 * production or with `--yes`, asks in an interactive session, and fails with {@link NotConfirmed}
 * otherwise.
 *
 * @since 0.1.0
 */
export const production = Effect.fn("Confirm.production")(function*(action: string, confirmed: boolean) {
  if (confirmed || !(yield* isProduction)) return
  if (!(yield* InteractiveSession)) {
    return yield* new NotConfirmed({
      message: `refusing to ${action} on Kalshi production without --yes (not an interactive session): nothing was sent`
    })
  }
  const answer = yield* Prompt.confirm({ message: `${action} on Kalshi PRODUCTION (real money)?` }).pipe(
    Effect.catchTag("QuitException", () => Effect.succeed(false))
  )
  if (!answer) return yield* new NotConfirmed({ message: `not confirmed: nothing was sent` })
})
