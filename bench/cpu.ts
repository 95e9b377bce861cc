/**
 * Client CPU per signed request: the SDK (`Portfolio.balance()`) against the bare `@effect/platform`
 * HttpClient making the same signed request (`GET /portfolio/balance`, RSA-PSS with `node:crypto`, the same
 * headers, the body parsed with `JSON.parse`), both over undici, against the same embedded exchange running
 * in a process of its own (bench/server.ts).
 *
 * Each client runs in a process of its own (bench/cpuClient.ts), so that `process.cpuUsage()` counts its
 * own work, garbage collection included, and never another client's. The SDK is the built package (what
 * users run, not the sources compiled on the fly by tsx), as Node users get it
 * (`NodeKalshiClient.layer` with its defaults: undici, `node:crypto` signing, retries of reads and the rate
 * limiter on), without the rate limiter, and over the portable layer (WebCrypto signing). The clients take
 * turns of a few calls in a row, in a new random order every round, so that a busy machine slows them
 * alike. The mean counts every turn; the mean of the fastest 90% of the turns is shown beside it, less
 * disturbed by the machine.
 */
import { spawn } from "node:child_process"
import type { ChildProcessByStdio } from "node:child_process"
import { createInterface } from "node:readline"
import type { Readable, Writable } from "node:stream"
import type { Client, Served, Setup } from "./cpuClient.js"
import { builtPackage, fmt } from "./measure.js"

const clients: ReadonlyArray<Client> = ["bare", "SDK (Node layer)", "SDK, no rate limiter", "SDK, portable layer"]

/** Runs a script of this directory under tsx; resolves with the process and its first line of output. */
const start = async (script: string, args: ReadonlyArray<string> = []) => {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ["--import", "tsx", new URL(script, import.meta.url).pathname, ...args],
    { stdio: ["pipe", "pipe", "inherit"] }
  )
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 120 s`)), 120_000)
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)))
    void lines.next().then((line) => {
      clearTimeout(timer)
      resolve(String(line.value))
    })
  })
  return { child, first, next: async () => String((await lines.next()).value) }
}

/**
 * Calls per turn: a client makes this many calls in a row (hot, as in a program that keeps trading) before
 * the next client's turn; one sample is their CPU per call.
 */
const batch = 10

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length

/** The mean of the fastest 90% of the samples. */
const fastestMean = (values: ReadonlyArray<number>) =>
  mean([...values].sort((a, b) => a - b).slice(0, Math.max(1, Math.floor(values.length * 0.9))))

/** A new random order of `items` (Fisher–Yates). */
const shuffled = <A>(items: ReadonlyArray<A>): Array<A> => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export const run = async (calls: number) => {
  const dist = builtPackage().href
  const server = await start("./server.ts")
  const served = JSON.parse(server.first) as Served
  const workers: Array<{ readonly client: Client; readonly worker: Awaited<ReturnType<typeof start>> }> = []
  try {
    for (const client of clients) {
      const setup: Setup = { ...served, client, warmup: Math.min(300, calls), dist }
      workers.push({ client, worker: await start("./cpuClient.ts", [JSON.stringify(setup)]) })
    }
    const samples = new Map(clients.map((client) => [client, [] as Array<number>]))
    for (let i = 0; i < calls; i += batch) {
      for (const { client, worker } of shuffled(workers)) {
        worker.child.stdin.write(`${Math.min(batch, calls - i)}\n`)
        samples.get(client)!.push(Number(await worker.next()))
      }
    }
    const bareSamples = samples.get("bare")!
    console.log(`\nClient CPU per signed request (GET /portfolio/balance over undici; each in a process of its own)`)
    console.log(
      `${calls} calls each, in turns of ${batch} alternating; CPU µs per call (user + system); goal ≤ 1.2×`
    )
    console.log(
      `${"".padEnd(22)} ${"mean".padStart(9)} ${"ratio".padStart(6)}   ${"fastest 90%".padStart(11)} ${
        "ratio".padStart(6)
      }`
    )
    for (const [name, values] of samples) {
      const all = mean(values)
      const fastest = fastestMean(values)
      console.log(
        `${name.padEnd(22)} ${fmt(all, 0)} µs ${fmt(all / mean(bareSamples), 2, 5)}x   ${fmt(fastest, 0)} µs ${
          fmt(fastest / fastestMean(bareSamples), 2, 5)
        }x`
      )
    }
  } finally {
    for (const { worker } of workers) worker.child.stdin.end()
    server.child.stdin.end()
  }
}
