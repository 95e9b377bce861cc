/**
 * `effect-kalshi exchange`: the embedded Kalshi exchange as a local sandbox on 127.0.0.1. It registers a fresh
 * API key, writes its private key to a file only the user can read (mode 0600), and prints the base URL and
 * the `KALSHI_*` variables to export, so that any Kalshi client (this SDK, Kalshi's own SDKs, curl) trades
 * against it unchanged. It runs until interrupted.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as BigDecimal from "effect/BigDecimal"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as EmbeddedExchange from "../exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeServer from "../exchange/EmbeddedExchangeServer.js"

const port = Options.integer("port").pipe(
  Options.withDescription("the port to listen on, on 127.0.0.1 (0 picks a free one)"),
  Options.withDefault(8080)
)

const seed = Options.integer("seed").pipe(
  Options.withDescription("run a simulated participant that quotes and trades, seeded for repeatable activity"),
  Options.optional
)

const tick = Options.integer("tick-ms").pipe(
  Options.withDescription("how often the simulated participant acts, in milliseconds"),
  Options.withDefault(1000)
)

const keyFile = Options.file("key-file").pipe(
  Options.withDescription("where to write the new API key's private key (PEM, mode 0600)"),
  Options.withDefault("kalshi-sandbox-key.pem")
)

const balance = Options.text("balance").pipe(
  Options.withDescription("the new account's starting balance in dollars"),
  Options.withDefault("1000")
)

const tiers = ["basic", "advanced", "expert", "premier", "paragon", "prime", "prestige", "unlimited"] as const

const tier = Options.choice("tier", tiers).pipe(
  Options.withDescription("the rate-limit tier the exchange enforces"),
  Options.withDefault("basic" as const)
)

/**
 * The lines a shell evaluates to point a Kalshi client at the sandbox.
 *
 * @since 0.1.0
 */
export const exports = (settings: { readonly baseUrl: string; readonly keyId: string; readonly keyPath: string }) => [
  `export KALSHI_BASE_URL=${settings.baseUrl}`,
  `export KALSHI_API_KEY_ID=${settings.keyId}`,
  `export KALSHI_PRIVATE_KEY_PATH=${settings.keyPath}`
]

/**
 * The `exchange` command.
 *
 * @since 0.1.0
 */
export const command = Command.make(
  "exchange",
  { port, seed, tick, keyFile, balance, tier },
  (options) =>
    Effect.gen(function*() {
      const dollars = yield* BigDecimal.fromString(options.balance).pipe(
        Option.filter((amount) => !BigDecimal.isNegative(amount)),
        Effect.orElseFail(() => new Error(`--balance must be a dollar amount, got ${options.balance}`))
      )
      const exchangeOptions: EmbeddedExchange.Options = {
        rateLimits: options.tier === "unlimited" ? "unlimited" : { tier: options.tier },
        ...Option.match(options.seed, {
          onNone: () => ({}),
          onSome: (value) => ({ simulation: { seed: value, intervalMillis: options.tick } })
        })
      }
      yield* Effect.gen(function*() {
        const exchange = yield* EmbeddedExchange.EmbeddedExchange
        const server = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        const trader = yield* exchange.generateCredentials({ balance: dollars })
        const keyPath = path.resolve(options.keyFile)
        yield* fs.writeFileString(keyPath, Redacted.value(trader.privateKeyPem), { mode: 0o600 })
        yield* fs.chmod(keyPath, 0o600)
        yield* Console.log(`Kalshi sandbox (effect-kalshi's embedded exchange) listening on ${server.baseUrl}`)
        yield* Console.log(`API key ${trader.keyId} (user ${trader.userId}, $${BigDecimal.format(dollars)})`)
        yield* Console.log(`private key written to ${keyPath} (mode 0600)`)
        yield* Console.log(
          Option.match(options.seed, {
            onNone: () => "no simulated activity (pass --seed to add some)",
            onSome: (value) => `simulated participant: seed ${value}, every ${options.tick} ms`
          })
        )
        yield* Console.log("")
        yield* Console.log(exports({ baseUrl: server.baseUrl, keyId: trader.keyId, keyPath }).join("\n"))
        yield* Console.log("")
        yield* Console.log("Ctrl-C stops it.")
        return yield* Effect.never
      }).pipe(
        Effect.provide(EmbeddedExchangeServer.layerWithExchange(exchangeOptions, { port: options.port })),
        Effect.catchTag("ServeError", () => Effect.fail(new Error(`cannot listen on 127.0.0.1:${options.port}`)))
      )
    })
).pipe(Command.withDescription("run the embedded Kalshi exchange on 127.0.0.1 as a sandbox for any Kalshi client"))
