// Type-checks every ```ts block of README.md against the repository's sources, as CI does.
//
// A block with an `import` is a module and must be complete as written. A block without one is a fragment
// of a program: it is checked inside `Effect.gen(function*() { … })`, after the imports every fragment may
// use (the prelude below) and after the declarations of a one-line HTML comment right above its fence,
// `<!-- readme-check: declare const orderId: string -->`, which name what the fragment takes as given.
// `effect-kalshi` and its subpaths resolve to src/ through package.json's exports (dist/X.js is src/X.ts).
//
//   node scripts/readme-check.mjs
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"

const root = new URL("../", import.meta.url)
const out = new URL("node_modules/.cache/readme-check/", root)

const prelude = [
  `import { BigDecimal, Config, Console, Duration, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"`,
  `import * as TestClock from "effect/TestClock"`,
  `import { expect, it } from "@effect/vitest"`,
  `import { FixedPoint, KalshiClient, KalshiConfig, KalshiError, Markets, Orders, Portfolio, RateLimiter, Signer } from "effect-kalshi"`,
  `import { NodeKalshiClient } from "effect-kalshi/node"`,
  `import { EmbeddedExchange } from "effect-kalshi/testing"`
]

/** The ```ts blocks: their first line in README.md, code, and the declarations of a comment just above. */
const blocks = (text) => {
  const lines = text.split("\n")
  const found = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue
    const end = lines.indexOf("```", i + 1)
    const comment = /^<!-- readme-check:(.*)-->$/.exec(lines[i - 1] ?? "")
    found.push({ line: i + 2, code: lines.slice(i + 1, end).join("\n"), declarations: comment?.[1].trim() ?? "" })
    i = end
  }
  return found
}

const source = (block) => {
  if (/^import /m.test(block.code)) return { header: 0, text: `${block.code}\n` }
  const head = [...prelude, block.declarations, "export const block = Effect.gen(function*() {"].join("\n")
  return { header: head.split("\n").length, text: `${head}\n${block.code}\n})\n` }
}

const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"))
const paths = Object.fromEntries(
  Object.entries(pkg.exports).filter(([, target]) => typeof target === "object").map(([subpath, target]) => [
    `effect-kalshi${subpath.slice(1)}`,
    [`../../../${target.types.replace("./dist/", "src/").replace(/\.d\.ts$/, ".ts")}`]
  ])
)

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const all = blocks(readFileSync(new URL("README.md", root), "utf8"))
const files = all.map((block) => {
  const { header, text } = source(block)
  const name = `block-${String(block.line).padStart(4, "0")}.ts`
  writeFileSync(new URL(name, out), text)
  return { name, header, line: block.line }
})
writeFileSync(
  new URL("tsconfig.json", out),
  JSON.stringify({
    extends: "../../../tsconfig.json",
    compilerOptions: {
      noEmit: true,
      noUnusedLocals: false,
      noUnusedParameters: false,
      module: "ESNext",
      moduleResolution: "Bundler",
      paths
    },
    include: ["*.ts"]
  })
)

try {
  execFileSync(process.execPath, [new URL("node_modules/typescript/bin/tsc", root).pathname, "-p", out.pathname], {
    encoding: "utf8"
  })
  console.log(`README: ${files.length} TypeScript blocks type-check`)
} catch (error) {
  // Point each diagnostic at its README line.
  const report = String(error.stdout).replace(
    /(?:\S*\/)?(block-(\d+)\.ts)\((\d+),(\d+)\)/g,
    (_, name, __, row, column) => {
      const file = files.find((f) => f.name === name)
      return `README.md:${file.line + Number(row) - 1 - file.header}:${column}`
    }
  )
  console.error(report)
  process.exit(1)
}
