/**
 * Request signing, exactly as Kalshi verifies it.
 *
 * Every authenticated request carries `KALSHI-ACCESS-KEY`, `KALSHI-ACCESS-TIMESTAMP` (milliseconds from
 * Effect's `Clock`) and `KALSHI-ACCESS-SIGNATURE`: base64 of a signature over
 * `timestamp + METHOD + path`, where `path` is the URL path from the host root (including
 * `/trade-api/v2`) without the query string. RSA keys sign with RSA-PSS / SHA-256 / MGF1-SHA-256 / salt
 * 32; Ed25519 keys sign with Ed25519. PKCS#1 (`BEGIN RSA PRIVATE KEY`, as Kalshi issues them) and PKCS#8
 * (`BEGIN PRIVATE KEY`) PEM keys are accepted.
 *
 * The signature itself comes from the {@link Crypto} in context: WebCrypto by default, so it runs on Node
 * 20+, Deno, Bun and browsers alike; the Node layers (`effect-kalshi/node`) use `node:crypto`, which costs
 * about half the CPU per signature. The key is parsed once, when the signer is made, and stays `Redacted`
 * until then.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Der from "./internal/der.js"
import { InvalidKeyError } from "./KalshiError.js"

/**
 * The signature algorithms Kalshi accepts.
 *
 * @since 0.1.0
 */
export type Algorithm = "RSA-PSS" | "Ed25519"

/**
 * The names of the three authentication headers.
 *
 * @since 0.1.0
 */
export const headerNames = {
  key: "KALSHI-ACCESS-KEY",
  timestamp: "KALSHI-ACCESS-TIMESTAMP",
  signature: "KALSHI-ACCESS-SIGNATURE"
} as const

/**
 * The authentication headers of one request.
 *
 * @since 0.1.0
 */
export type AuthHeaders = Readonly<Record<(typeof headerNames)[keyof typeof headerNames], string>>

/**
 * Signs Kalshi requests with one API key.
 *
 * @since 0.1.0
 */
export class Signer extends Context.Tag("effect-kalshi/Signer")<Signer, {
  /** The API key id (a UUID); not a secret, sent as `KALSHI-ACCESS-KEY`. */
  readonly keyId: string
  /** The algorithm of the private key. */
  readonly algorithm: Algorithm
  /** The base64 signature of a message. */
  readonly sign: (message: string) => Effect.Effect<string>
  /** The headers for a request, timed by `Clock`; `path` is the URL pathname, without the query. */
  readonly headers: (method: string, path: string) => Effect.Effect<AuthHeaders>
}>() {}

/**
 * What a {@link Signer} is made from.
 *
 * @since 0.1.0
 */
export interface Credentials {
  /** The API key id shown by Kalshi next to the key. */
  readonly keyId: string
  /** The private key, PEM text (PKCS#1 or PKCS#8; RSA or Ed25519). */
  readonly privateKey: Redacted.Redacted<string>
}

/**
 * Whether a text can be an API key id: Kalshi's are UUIDs; any token of letters, digits, `.`, `_` and
 * `-` up to 128 characters is accepted. Anything else (a PEM pasted in the wrong place, a line break)
 * is refused before it could be sent as the `KALSHI-ACCESS-KEY` header.
 *
 * @since 0.1.0
 */
export const isKeyId = (text: string): boolean => /^[A-Za-z0-9._-]{1,128}$/.test(text)

/**
 * A private key as the {@link Crypto} receives it: PKCS#8 DER and the algorithm it signs with.
 *
 * @since 0.1.0
 */
export interface PrivateKey {
  readonly pkcs8: Uint8Array<ArrayBuffer>
  readonly algorithm: Algorithm
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/

/**
 * Reads a PEM private key into PKCS#8 DER plus its algorithm. Pure; fails with a message that never
 * quotes the key.
 */
const parsePem = (pem: string): PrivateKey | string => {
  const match = pemBlock.exec(pem)
  if (match === null) return "the private key is not PEM text (expected -----BEGIN … PRIVATE KEY-----)"
  const [, label, body = ""] = match
  // A legacy OpenSSL-encrypted PEM (`openssl rsa -aes256`) keeps its label and adds these headers.
  if (/Proc-Type:\s*4,ENCRYPTED/.test(body)) {
    return "encrypted private keys are not supported: decrypt it first (openssl rsa -in key.pem -out plain.pem)"
  }
  const der = Encoding.decodeBase64(body.replace(/\s+/g, ""))
  if (der._tag === "Left") return "the private key's PEM body is not valid base64"
  switch (label) {
    case "RSA PRIVATE KEY":
      return { pkcs8: Der.pkcs1ToPkcs8(der.right), algorithm: "RSA-PSS" }
    case "PRIVATE KEY": {
      const algorithm = Der.pkcs8Algorithm(der.right)
      return algorithm === undefined
        ? "the PKCS#8 private key is neither RSA nor Ed25519"
        : { pkcs8: new Uint8Array(der.right), algorithm }
    }
    case "ENCRYPTED PRIVATE KEY":
      return "encrypted private keys are not supported: decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)"
    default:
      return `unsupported PEM block "${label}": expected an RSA or Ed25519 private key`
  }
}

const importParams = (algorithm: Algorithm): RsaHashedImportParams | Algorithm =>
  algorithm === "RSA-PSS" ? { name: "RSA-PSS", hash: "SHA-256" } : "Ed25519"

const signParams = (algorithm: Algorithm): RsaPssParams | Algorithm =>
  // Kalshi verifies with salt length 32 (the SHA-256 digest length).
  algorithm === "RSA-PSS" ? { name: "RSA-PSS", saltLength: 32 } : "Ed25519"

const encoder = new TextEncoder()

/** WebCrypto (`crypto.subtle`), available on every runtime Effect runs on. */
const webCrypto = {
  importKey: (
    { algorithm, pkcs8 }: PrivateKey
  ): Effect.Effect<(message: string) => Effect.Effect<string>, InvalidKeyError> =>
    Effect.tryPromise({
      try: () => crypto.subtle.importKey("pkcs8", pkcs8, importParams(algorithm), false, ["sign"]),
      catch: () => new InvalidKeyError({ message: `the ${algorithm} private key could not be imported` })
    }).pipe(
      Effect.map((key) => (message: string) =>
        Effect.promise(() => crypto.subtle.sign(signParams(algorithm), key, encoder.encode(message))).pipe(
          Effect.map((signature) => Encoding.encodeBase64(new Uint8Array(signature)))
        )
      )
    )
}

/**
 * The signature primitive a {@link Signer} is made with: imports a {@link PrivateKey} once and answers the
 * function that signs a message with it (the signature in base64). WebCrypto unless another is provided;
 * `NodeSigner.layerCrypto` (from `effect-kalshi/node`) provides `node:crypto`.
 *
 * @since 0.1.0
 */
export class Crypto extends Context.Reference<Crypto>()("effect-kalshi/Signer/Crypto", {
  defaultValue: () => webCrypto
}) {}

/**
 * Makes a signer from credentials: checks the key id ({@link isKeyId}), parses and imports the key once, with
 * the {@link Crypto} in context.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("Signer.make")(function*(credentials: Credentials) {
  if (typeof credentials.keyId !== "string" || !isKeyId(credentials.keyId)) {
    return yield* new InvalidKeyError({
      message: "the API key id is not a key id, a UUID-like token (its value is not shown)"
    })
  }
  const parsed = parsePem(Redacted.value(credentials.privateKey))
  if (typeof parsed === "string") return yield* new InvalidKeyError({ message: parsed })
  const { algorithm } = parsed
  const sign = yield* (yield* Crypto).importKey(parsed)
  const headers = (method: string, path: string) =>
    Effect.clockWith((clock) => {
      const timestamp = String(Math.floor(clock.unsafeCurrentTimeMillis()))
      return Effect.map(sign(timestamp + method.toUpperCase() + path), (signature): AuthHeaders => ({
        [headerNames.key]: credentials.keyId,
        [headerNames.timestamp]: timestamp,
        [headerNames.signature]: signature
      }))
    })
  return Signer.of({ keyId: credentials.keyId, algorithm, sign, headers })
})

/**
 * A layer providing a {@link Signer} for the given credentials.
 *
 * @since 0.1.0
 */
export const layer = (credentials: Credentials): Layer.Layer<Signer, InvalidKeyError> =>
  Layer.effect(Signer, make(credentials))
