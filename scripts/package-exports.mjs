// Derives package.json's "exports" and "typesVersions" from the entry modules, so that every public
// module has a subpath (`effect-kalshi/Orders`, `effect-kalshi/Markets`, …): declaration emit in a
// library using the SDK can then name every type it infers (no TS2742), and `moduleResolution: node10`
// finds the same declarations through typesVersions.
//
//   node scripts/package-exports.mjs          rewrites package.json
//   node scripts/package-exports.mjs --check  fails when package.json is stale (CI)
//
// The entries are the files below; the public modules are the namespaces they re-export
// (`export * as Name from "./path.js"`), each reachable as `effect-kalshi/Name`.
import { readFileSync, writeFileSync } from "node:fs"

const root = new URL("../", import.meta.url)
const entries = [
  [".", "index"],
  ["./node", "node"],
  ["./testing", "testing"],
  ["./testing/node", "testing/node"]
]

const namespaces = (file) => {
  const text = readFileSync(new URL(`src/${file}.ts`, root), "utf8")
  const directory = new URL(`src/${file}.ts`, root)
  return [...text.matchAll(/^export \* as (\w+) from "([\w./]+)\.js"$/gm)].map(([, name, from]) => [
    `./${name}`,
    new URL(from, directory).pathname.slice(new URL("src/", root).pathname.length)
  ])
}
const modules = entries.flatMap(([, file]) => namespaces(file))

const all = [...entries, ...modules]
const exports = Object.fromEntries([
  ...all.map(([subpath, file]) => [subpath, { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` }]),
  ["./package.json", "./package.json"]
])
const typesVersions = {
  "*": Object.fromEntries(
    all.filter(([subpath]) => subpath !== ".").map(([subpath, file]) => [
      subpath.slice(2),
      [`./dist/${file}.d.ts`]
    ])
  )
}

const path = new URL("package.json", root)
const text = readFileSync(path, "utf8")
const pkg = JSON.parse(text)
const updated = `${
  JSON.stringify({ ...pkg, main: "./dist/index.js", types: "./dist/index.d.ts", exports, typesVersions }, null, 2)
}\n`
if (process.argv.includes("--check")) {
  if (updated !== text) {
    console.error("package.json's exports or typesVersions are stale: run node scripts/package-exports.mjs")
    process.exit(1)
  }
} else {
  writeFileSync(path, updated)
}
