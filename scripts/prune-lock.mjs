// Drops, from package-lock.json, optional dependencies that the lock has no entry for.
//
// Why: the npm registry mirror this project builds against serves only some platforms' builds of
// packages such as @rollup/rollup-* (vitest's bundler) and @msgpackr-extract/*. `npm install` then
// writes a lock whose packages still name those optional dependencies, and `npm ci` refuses the lock
// as out of sync. Removing the dangling names makes the lock self-consistent; on a machine with the
// full registry, `npm install` restores them. Run with `npm run lock`.
import { readFileSync, writeFileSync } from "node:fs"

const path = new URL("../package-lock.json", import.meta.url)
const lock = JSON.parse(readFileSync(path, "utf8"))
const packages = lock.packages
let removed = 0
for (const [location, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies
  if (optional === undefined) continue
  for (const name of Object.keys(optional)) {
    const nested = `${location}/node_modules/${name}`
    if (packages[nested] === undefined && packages[`node_modules/${name}`] === undefined) {
      delete optional[name]
      removed++
    }
  }
  if (Object.keys(optional).length === 0) delete entry.optionalDependencies
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
process.stdout.write(`pruned ${removed} dangling optional dependencies from package-lock.json\n`)
