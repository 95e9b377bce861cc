/**
 * Signing cost per request: the SDK's `Signer` (WebCrypto, key parsed once, `Clock` timestamp, base64)
 * against a bare `node:crypto` signature of the same message with the same key.
 */
import { Effect, Redacted } from "effect"
import { constants, createPrivateKey, generateKeyPairSync, sign } from "node:crypto"
import * as Signer from "../src/Signer.js"
import { fmt, measure } from "./measure.js"

const path = "/trade-api/v2/portfolio/orders"

const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" })
  .toString()
const edPem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString()

const bareSigner = (pem: string, algorithm: Signer.Algorithm) => {
  const key = createPrivateKey(pem)
  return () => {
    const message = `${Date.now()}GET${path}`
    return algorithm === "RSA-PSS"
      ? sign("sha256", Buffer.from(message), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        .toString("base64")
      : sign(null, Buffer.from(message), key).toString("base64")
  }
}

export const run = async (calls: number) => {
  console.log(`\nSigning cost per request (${calls} signatures, sequential)`)
  console.log("key        node:crypto µs   SDK Signer µs   ratio (SDK / bare)")
  for (const [name, pem, algorithm] of [["RSA-2048", rsaPem, "RSA-PSS"], ["Ed25519", edPem, "Ed25519"]] as const) {
    const signer = await Effect.runPromise(Signer.make({ keyId: "bench", privateKey: Redacted.make(pem) }))
    const bare = bareSigner(pem, algorithm)
    const baseline = await measure(calls, 1, async () => bare())
    const sdk = await measure(calls, 1, () => Effect.runPromise(signer.headers("GET", path)))
    const perCall = (s: { seconds: number }) => (s.seconds / calls) * 1e6
    console.log(
      `${name.padEnd(10)} ${fmt(perCall(baseline), 1, 14)}  ${fmt(perCall(sdk), 1, 14)}   ${
        fmt(perCall(sdk) / perCall(baseline), 2, 6)
      }x`
    )
  }
}
