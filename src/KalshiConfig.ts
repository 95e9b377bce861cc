/**
 * Configuration from `Config`: the standard variable names, and how they become client options.
 *
 * | variable | meaning |
 * |---|---|
 * | `KALSHI_API_KEY_ID` | the API key id; absent (with no key) means no credentials: public endpoints only |
 * | `KALSHI_PRIVATE_KEY_PATH` | path of the PEM private key (PKCS#1 or PKCS#8, RSA or Ed25519) |
 * | `KALSHI_PRIVATE_KEY` | the PEM text itself; setting both this and the path is an error |
 * | `KALSHI_ENV` | `demo` (default) or `production` |
 * | `KALSHI_BASE_URL` | overrides the environment's API root (the embedded exchange, a proxy) |
 *
 * The library never reads `process.env` itself: these are `Config` values, resolved by whichever
 * `ConfigProvider` the application runs with.
 *
 * @since 0.1.0
 */
import { FileSystem } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Config, ConfigError, Effect, Either, Option, Redacted } from "effect"
import type { Credentials } from "./Signer.js"

/**
 * Where the private key comes from.
 *
 * @since 0.1.0
 */
export type KeySource =
  | { readonly _tag: "Path"; readonly path: string }
  | { readonly _tag: "Pem"; readonly pem: Redacted.Redacted<string> }

/**
 * The configuration of a client.
 *
 * @since 0.1.0
 */
export interface KalshiConfig {
  readonly environment: "demo" | "production"
  readonly baseUrl: Option.Option<string>
  readonly credentials: Option.Option<{ readonly keyId: string; readonly key: KeySource }>
}

const keySource = Config.all({
  path: Config.option(Config.string("KALSHI_PRIVATE_KEY_PATH")),
  pem: Config.option(Config.redacted("KALSHI_PRIVATE_KEY"))
}).pipe(
  Config.mapOrFail(({ path, pem }): Either.Either<Option.Option<KeySource>, ConfigError.ConfigError> => {
    if (Option.isSome(path) && Option.isSome(pem)) {
      return Either.left(ConfigError.InvalidData([], "set KALSHI_PRIVATE_KEY_PATH or KALSHI_PRIVATE_KEY, not both"))
    }
    return Either.right(Option.orElse(
      Option.map(path, (p): KeySource => ({ _tag: "Path", path: p })),
      () => Option.map(pem, (p): KeySource => ({ _tag: "Pem", pem: p }))
    ))
  })
)

const credentials = Config.all({ keyId: Config.option(Config.string("KALSHI_API_KEY_ID")), key: keySource }).pipe(
  Config.mapOrFail(({ key, keyId }) => {
    if (Option.isNone(keyId) && Option.isNone(key)) return Either.right(Option.none())
    if (Option.isNone(keyId)) {
      return Either.left(
        ConfigError.MissingData(["KALSHI_API_KEY_ID"], "a private key is set but KALSHI_API_KEY_ID is not")
      )
    }
    if (Option.isNone(key)) {
      return Either.left(
        ConfigError.MissingData(
          ["KALSHI_PRIVATE_KEY_PATH"],
          "KALSHI_API_KEY_ID is set but neither KALSHI_PRIVATE_KEY_PATH nor KALSHI_PRIVATE_KEY is"
        )
      )
    }
    return Either.right(Option.some({ keyId: keyId.value, key: key.value }))
  })
)

/**
 * The standard variables (see the module documentation).
 *
 * @since 0.1.0
 */
export const fromEnv: Config.Config<KalshiConfig> = Config.all({
  environment: Config.literal("demo", "production")("KALSHI_ENV").pipe(Config.withDefault("demo" as const)),
  baseUrl: Config.option(Config.string("KALSHI_BASE_URL")),
  credentials
})

/**
 * Turns a configuration into client options, reading a key file with the `FileSystem` in context.
 *
 * @since 0.1.0
 */
export const resolve = Effect.fn("KalshiConfig.resolve")(function*(config: KalshiConfig) {
  const resolvedCredentials: Option.Option<Credentials> = Option.isNone(config.credentials)
    ? Option.none()
    : Option.some({
      keyId: config.credentials.value.keyId,
      privateKey: yield* readKey(config.credentials.value.key)
    })
  return {
    environment: config.environment,
    baseUrl: Option.getOrUndefined(config.baseUrl),
    credentials: Option.getOrUndefined(resolvedCredentials)
  }
})

const readKey = (source: KeySource): Effect.Effect<Redacted.Redacted<string>, PlatformError, FileSystem.FileSystem> =>
  source._tag === "Pem"
    ? Effect.succeed(source.pem)
    : Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(source.path)).pipe(Effect.map(Redacted.make))
