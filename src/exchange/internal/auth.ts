/**
 * API keys: registration, key-pair generation and Kalshi's request signatures, verified with WebCrypto.
 *
 * The signed message is `timestamp + METHOD + path`, the path taken from the host root without the query
 * string; RSA keys sign with RSA-PSS (SHA-256, MGF1 SHA-256, salt 32), Ed25519 keys with Ed25519.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import { type ExchangeError, InvalidPublicKey, unauthorized } from "./errors.js"

/** How far a request's `KALSHI-ACCESS-TIMESTAMP` may be from the exchange's clock. */
export const signatureWindowMillis = 30_000

type VerifyParams = RsaPssParams | Algorithm

export interface ApiKey {
  readonly keyId: string
  readonly userId: string
  readonly publicKey: CryptoKey
  readonly params: VerifyParams
}

export type KeyRing = Map<string, ApiKey>

const rsaPss = { name: "RSA-PSS", hash: "SHA-256" } as const
const ed25519 = { name: "Ed25519" } as const

// ---------------------------------------------------------------------------------------------------------------
// PEM and DER
// ---------------------------------------------------------------------------------------------------------------

const pemPattern = (label: string) => new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`)

const fromPem = (pem: string, label: string): Uint8Array<ArrayBuffer> | undefined => {
  const body = pemPattern(label).exec(pem)?.[1]
  if (body === undefined) return undefined
  return Either.match(Encoding.decodeBase64(body.replace(/\s+/g, "")), {
    onLeft: () => undefined,
    onRight: (bytes) => new Uint8Array(bytes)
  })
}

const toPem = (label: string, der: Uint8Array): string => {
  const lines = Encoding.encodeBase64(der).match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`
}

/** One DER element: its tag and where its contents start and end. */
const readElement = (der: Uint8Array, offset: number) => {
  const tag = der[offset] ?? 0
  const first = der[offset + 1] ?? 0
  if (first < 0x80) return { tag, start: offset + 2, end: offset + 2 + first }
  const lengthBytes = first & 0x7f
  let length = 0
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (der[offset + 2 + i] ?? 0)
  const start = offset + 2 + lengthBytes
  return { tag, start, end: start + length }
}

/** PKCS#8 `PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING }`: the RSA key is PKCS#1. */
const pkcs8ToPkcs1 = (pkcs8: Uint8Array): Uint8Array => {
  const info = readElement(pkcs8, 0)
  const version = readElement(pkcs8, info.start)
  const algorithm = readElement(pkcs8, version.end)
  const privateKey = readElement(pkcs8, algorithm.end)
  return pkcs8.slice(privateKey.start, privateKey.end)
}

// ---------------------------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------------------------

/** Parses an SPKI (`BEGIN PUBLIC KEY`) RSA or Ed25519 key once, at registration. */
export const importPublicKey = (
  pem: string
): Effect.Effect<{ readonly publicKey: CryptoKey; readonly params: VerifyParams }, InvalidPublicKey> => {
  const der = fromPem(pem, "PUBLIC KEY")
  if (der === undefined) {
    return Effect.fail(new InvalidPublicKey({ message: "Expected a PEM SPKI public key (-----BEGIN PUBLIC KEY-----)" }))
  }
  const attempt = (algorithm: RsaHashedImportParams | Algorithm, params: VerifyParams) =>
    Effect.tryPromise({
      try: () => crypto.subtle.importKey("spki", der, algorithm, false, ["verify"]),
      catch: () => new InvalidPublicKey({ message: "The public key is neither an RSA nor an Ed25519 key" })
    }).pipe(Effect.map((publicKey) => ({ publicKey, params })))
  return attempt(rsaPss, { name: "RSA-PSS", saltLength: 32 }).pipe(Effect.orElse(() => attempt(ed25519, ed25519)))
}

export type KeyAlgorithm = "rsa" | "ed25519"
export type PrivateKeyFormat = "pkcs8" | "pkcs1"

/** Generates a key pair: RSA-2048 (private key as PKCS#8 or PKCS#1 PEM) or Ed25519 (PKCS#8 PEM). */
export const generateKeyPair = (
  algorithm: KeyAlgorithm,
  format: PrivateKeyFormat
): Effect.Effect<{ readonly publicKeyPem: string; readonly privateKeyPem: string }> =>
  Effect.promise(async () => {
    const pair = algorithm === "rsa"
      ? await crypto.subtle.generateKey(
        { ...rsaPss, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
        true,
        ["sign", "verify"]
      )
      : ((await crypto.subtle.generateKey(ed25519, true, ["sign", "verify"])) as CryptoKeyPair)
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey))
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey))
    return {
      publicKeyPem: toPem("PUBLIC KEY", spki),
      privateKeyPem: algorithm === "rsa" && format === "pkcs1"
        ? toPem("RSA PRIVATE KEY", pkcs8ToPkcs1(pkcs8))
        : toPem("PRIVATE KEY", pkcs8)
    }
  })

// ---------------------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------------------

export interface SignedRequest {
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly method: string
  /** The URL pathname from the host root, e.g. `/trade-api/v2/portfolio/balance`. */
  readonly path: string
}

const header = (request: SignedRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return value === undefined || value === "" ? undefined : value
}

/** Verifies Kalshi's three headers against the registered keys and the exchange clock (`now`, ms). */
export const authenticate = (
  keys: KeyRing,
  request: SignedRequest,
  now: number
): Effect.Effect<ApiKey, ExchangeError> =>
  Effect.gen(function*() {
    const keyId = header(request, "kalshi-access-key")
    const timestamp = header(request, "kalshi-access-timestamp")
    const signature = header(request, "kalshi-access-signature")
    if (keyId === undefined || timestamp === undefined || signature === undefined) {
      return yield* unauthorized("Missing KALSHI-ACCESS-KEY, KALSHI-ACCESS-TIMESTAMP or KALSHI-ACCESS-SIGNATURE header")
    }
    const key = keys.get(keyId)
    if (key === undefined) return yield* unauthorized("Unknown API key")
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > signatureWindowMillis) {
      return yield* unauthorized("KALSHI-ACCESS-TIMESTAMP is not within 30 seconds of the exchange clock")
    }
    const bytes = Either.getOrUndefined(Encoding.decodeBase64(signature))
    const message = new TextEncoder().encode(`${timestamp}${request.method.toUpperCase()}${request.path}`)
    const valid = bytes !== undefined &&
      (yield* Effect.promise(() =>
        crypto.subtle.verify(key.params, key.publicKey, new Uint8Array(bytes), message).catch(() => false)
      ))
    if (!valid) return yield* unauthorized("Invalid signature")
    return key
  })
