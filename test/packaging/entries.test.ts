/**
 * The entry points need what they say they need: the walk follows every relative import from an entry
 * module and collects the packages the modules reached import. The SDK and the in-memory exchange
 * (`effect-kalshi`, `effect-kalshi/testing`) must load with `effect` and `@effect/platform` (and the rate
 * limiter's `@effect/experimental`) alone; only the Node entries may reach `@effect/platform-node` or `node:`.
 */
import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"

const src = new URL("../../src/", import.meta.url).pathname

/** The bare specifiers imported at run time (type-only imports excluded) by everything `entry` reaches. */
const packagesReached = (entry: string): ReadonlySet<string> => {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, "utf8")
    for (const [, specifier] of text.matchAll(/^(?:import|export)(?! type)[^"]*?from "([^"]+)"/gm)) {
      if (specifier!.startsWith(".")) visit(join(dirname(file), specifier!.replace(/\.js$/, ".ts")))
      else packages.add(specifier!)
    }
  }
  visit(join(src, entry))
  return packages
}

const portable = (specifier: string) =>
  specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/platform/") ||
  specifier.startsWith("@effect/experimental/")

describe("entry points", () => {
  it("effect-kalshi loads with effect, @effect/platform and @effect/experimental only", () => {
    expect([...packagesReached("index.ts")].filter((p) => !portable(p))).toEqual([])
  })

  it("effect-kalshi/testing loads with effect and @effect/platform only (no Node server)", () => {
    const reached = [...packagesReached("testing.ts")]
    expect(reached.filter((p) => !portable(p))).toEqual([])
    expect(reached).not.toContain("@effect/platform-node/NodeHttpServer")
  })

  it("the Node entries reach @effect/platform-node", () => {
    expect([...packagesReached("node.ts")]).toContain("@effect/platform-node/NodeHttpClient")
    expect([...packagesReached("testing/node.ts")]).toContain("@effect/platform-node/NodeHttpServer")
  })

  it("package.json's exports and typesVersions list every public module", () => {
    execFileSync(process.execPath, [new URL("../../scripts/package-exports.mjs", import.meta.url).pathname, "--check"])
  })
})
