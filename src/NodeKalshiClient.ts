/**
 * Node conveniences: the client over undici (`@effect/platform-node`), signing with `node:crypto`
 * ({@link NodeSigner}), configured from the standard `KALSHI_*` variables, with key files read from disk.
 *
 * ```ts
 * import { NodeKalshiClient } from "effect-kalshi/node"
 * program.pipe(Effect.provide(NodeKalshiClient.layerConfig()))
 * ```
 *
 * @since 0.1.0
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as KalshiClient from "./KalshiClient.js"
import type * as KalshiConfig from "./KalshiConfig.js"
import type { InvalidKeyError } from "./KalshiError.js"
import * as NodeSigner from "./NodeSigner.js"

/**
 * The client from options, over Node's undici transport, signing with `node:crypto`.
 *
 * @since 0.1.0
 */
export const layer = (
  options: KalshiClient.Options = {}
): Layer.Layer<KalshiClient.KalshiClient, InvalidKeyError | ConfigError.ConfigError> =>
  KalshiClient.layer({ transportFollowsRedirects: false, ...options }).pipe(
    Layer.provide(Layer.merge(NodeHttpClient.layerUndici, NodeSigner.layerCrypto))
  )

/**
 * The client from `Config` (the standard `KALSHI_*` variables by default), over undici, reading a
 * `KALSHI_PRIVATE_KEY_PATH` file from disk, signing with `node:crypto`.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config?: Config.Config<KalshiConfig.KalshiConfig>,
  options?: Omit<KalshiClient.Options, "environment" | "baseUrl" | "credentials">
): Layer.Layer<KalshiClient.KalshiClient, ConfigError.ConfigError | InvalidKeyError> =>
  KalshiClient.layerConfig(config, { transportFollowsRedirects: false, ...options }).pipe(
    Layer.provide(Layer.mergeAll(NodeHttpClient.layerUndici, NodeFileSystem.layer, NodeSigner.layerCrypto))
  )
