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
 * `ConfigProvider` the application runs with. Errors name the variable and never quote its value: a
 * private key pasted into the wrong variable must not end up in a log or a trace.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { baseUrlProblem } from "./internal/baseUrl.js"
import type { Credentials } from "./Signer.js"
import { isKeyId } from "./Signer.js"

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
    if (!isKeyId(keyId.value)) {
      return Either.left(
        ConfigError.InvalidData(
          ["KALSHI_API_KEY_ID"],
          "KALSHI_API_KEY_ID is not an API key id, a UUID-like token (its value is not shown)"
        )
      )
    }
    return Either.right(Option.some({ keyId: keyId.value, key: key.value }))
  })
)

const environment = Config.string("KALSHI_ENV").pipe(
  Config.mapOrFail((text): Either.Either<"demo" | "production", ConfigError.ConfigError> =>
    text === "demo" || text === "production"
      ? Either.right(text)
      : Either.left(ConfigError.InvalidData([], "KALSHI_ENV must be demo or production (its value is not shown)"))
  ),
  Config.withDefault("demo" as const)
)

const baseUrl = Config.option(
  Config.string("KALSHI_BASE_URL").pipe(
    Config.mapOrFail((text) => {
      const problem = baseUrlProblem(text)
      return problem === undefined
        ? Either.right(text)
        : Either.left(ConfigError.InvalidData([], `KALSHI_BASE_URL ${problem} (its value is not shown)`))
    })
  )
)

/**
 * The standard variables (see the module documentation).
 *
 * @since 0.1.0
 */
export const fromEnv: Config.Config<KalshiConfig> = Config.all({ environment, baseUrl, credentials })

/**
 * Turns a configuration into client options. A key file (`KALSHI_PRIVATE_KEY_PATH`) is read with the
 * `FileSystem` in context, if there is one: a PEM key (`KALSHI_PRIVATE_KEY`) or no key needs none, and a
 * key path with no `FileSystem` provided is a `ConfigError` saying so. A key file that cannot be read is a
 * `ConfigError` naming `KALSHI_PRIVATE_KEY_PATH` and the file system's reason (`NotFound`,
 * `PermissionDenied`, …), never the path itself.
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

const keyPathError = (what: string) =>
  ConfigError.InvalidData(["KALSHI_PRIVATE_KEY_PATH"], `${what} (the path is not shown)`)

const readKey = (
  source: KeySource
): Effect.Effect<Redacted.Redacted<string>, ConfigError.ConfigError> => {
  if (source._tag === "Pem") return Effect.succeed(source.pem)
  if (source.path.includes("-----BEGIN")) {
    return Effect.fail(keyPathError("holds PEM text, not a path: put the key in KALSHI_PRIVATE_KEY instead"))
  }
  return Effect.flatMap(Effect.serviceOption(FileSystem.FileSystem), (fs) =>
    Option.isNone(fs)
      ? Effect.fail(
        keyPathError(
          "is set but no FileSystem is provided to read it: provide one (NodeKalshiClient.layerConfig does) or put the key in KALSHI_PRIVATE_KEY"
        )
      )
      : fs.value.readFileString(source.path).pipe(
        Effect.mapError((error) =>
          keyPathError(
            `the key file could not be read (${error._tag === "SystemError" ? error.reason : "BadArgument"})`
          )
        ),
        Effect.map(Redacted.make)
      ))
}
