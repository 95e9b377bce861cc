/**
 * Small measuring helpers for the benchmarks: the package as published, a task run many times (sequentially
 * or with a fixed concurrency), per-call latencies summarised as p50 / p99 / throughput.
 */
import { execFileSync } from "node:child_process"
import { performance } from "node:perf_hooks"

const root = new URL("../", import.meta.url)
let built: URL | undefined

/**
 * The package as it is published (the `tsc` build of `src`, not the sources run through `tsx`), compiled into
 * node_modules/.cache/bench-dist once per run; the URL of its root.
 */
export const builtPackage = (): URL => {
  if (built !== undefined) return built
  const dist = new URL("node_modules/.cache/bench-dist/", root)
  execFileSync(
    process.execPath,
    [new URL("node_modules/typescript/bin/tsc", root).pathname, "-p", "tsconfig.build.json", "--outDir", dist.pathname],
    { cwd: root.pathname, stdio: "inherit" }
  )
  built = dist
  return dist
}

export interface Summary {
  readonly calls: number
  readonly seconds: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly perSecond: number
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

/** Runs `task` `calls` times with `concurrency` workers in flight and summarises the latencies. */
export const measure = async (calls: number, concurrency: number, task: () => Promise<unknown>): Promise<Summary> => {
  const latencies: Array<number> = []
  let next = 0
  const worker = async () => {
    while (next < calls) {
      next++
      const start = performance.now()
      await task()
      latencies.push(performance.now() - start)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - start) / 1000
  const sorted = [...latencies].sort((a, b) => a - b)
  return { calls, seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), perSecond: calls / seconds }
}

/** Formats a number with a fixed number of decimals, right-aligned in `width` characters. */
export const fmt = (n: number, decimals = 2, width = 9): string => n.toFixed(decimals).padStart(width)
