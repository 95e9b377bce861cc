/**
 * Just enough DER to hand Kalshi's PKCS#1 RSA keys to WebCrypto, which imports private keys only as
 * PKCS#8: wrap the PKCS#1 bytes in a PrivateKeyInfo, and tell RSA from Ed25519 in a PKCS#8 key.
 *
 * @internal
 */
import type { Algorithm } from "../Signer.js"

const SEQUENCE = 0x30
const OCTET_STRING = 0x04

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const rsaAlgorithmIdentifier = Uint8Array.of(
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00
)
const rsaOid = rsaAlgorithmIdentifier.subarray(2, 13)
// OBJECT IDENTIFIER id-Ed25519 (1.3.101.112)
const ed25519Oid = Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x70)
// INTEGER 0: the PrivateKeyInfo version
const version0 = Uint8Array.of(0x02, 0x01, 0x00)

const encodeLength = (length: number): Uint8Array => {
  if (length < 0x80) return Uint8Array.of(length)
  const bytes: Array<number> = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

const concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const tlv = (tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> =>
  concat(Uint8Array.of(tag), encodeLength(content.length), content)

/** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
export const pkcs1ToPkcs8 = (pkcs1: Uint8Array): Uint8Array<ArrayBuffer> =>
  tlv(SEQUENCE, concat(version0, rsaAlgorithmIdentifier, tlv(OCTET_STRING, pkcs1)))

const contains = (haystack: Uint8Array, needle: Uint8Array, within: number): boolean => {
  const end = Math.min(haystack.length, within) - needle.length
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/** The algorithm of a PKCS#8 key, read from the algorithm identifier near its start. */
export const pkcs8Algorithm = (pkcs8: Uint8Array): Algorithm | undefined =>
  contains(pkcs8, rsaOid, 32) ? "RSA-PSS" : contains(pkcs8, ed25519Oid, 32) ? "Ed25519" : undefined
