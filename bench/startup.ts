/**
 * Import cost of the main entry: `import("effect-kalshi")` (the built package, compiled for this run
 * into node_modules/.cache/bench-dist) against `import("effect")` plus `import("@effect/platform/HttpClient")`
 * alone, each in fresh Node processes, alternating; median wall time of the import and the process's RSS
 * after it.
 */
import { execFileSync } from "node:child_process"
import { builtPackage, fmt } from "./measure.js"

const root = new URL("../", import.meta.url)

const probe = (imports: ReadonlyArray<string>) =>
  `const t = performance.now(); ${imports.map((i) => `await import(${JSON.stringify(i)});`).join(" ")} ` +
  `console.log(JSON.stringify({ ms: performance.now() - t, rss: process.memoryUsage().rss }))`

const once = (imports: ReadonlyArray<string>): { ms: number; rss: number } =>
  JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", probe(imports)], {
      cwd: root.pathname,
      encoding: "utf8"
    })
  )

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export const run = (runs: number) => {
  const dist = builtPackage()
  const entries = {
    "effect + @effect/platform/HttpClient": ["effect", "@effect/platform/HttpClient"],
    "effect-kalshi": [new URL("index.js", dist).href],
    "effect-kalshi/testing": [new URL("testing.js", dist).href]
  }
  const samples = Object.fromEntries(
    Object.keys(entries).map((name) => [name, { ms: [] as Array<number>, rss: [] as Array<number> }])
  )
  for (let i = 0; i < runs; i++) {
    for (const [name, imports] of Object.entries(entries)) {
      const { ms, rss } = once(imports)
      samples[name]!.ms.push(ms)
      samples[name]!.rss.push(rss)
    }
  }
  const base = median(samples["effect + @effect/platform/HttpClient"]!.ms)
  console.log(`\nImport of the main entry, ${runs} fresh processes each, alternating (median); goal ≤ 1.3×`)
  for (const [name, { ms, rss }] of Object.entries(samples)) {
    console.log(
      `${name.padEnd(38)} ${fmt(median(ms), 0)} ms ${fmt(median(rss) / 1e6, 0, 6)} MB   ${
        fmt(median(ms) / base, 2, 5)
      }x`
    )
  }
}
