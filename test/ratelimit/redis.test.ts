/**
 * Two independent client processes, one Kalshi account, one Redis: together they stay within the account's
 * limits. A real `redis-server` (Debian's package; `.ci/run` installs it) is started on 127.0.0.1 on a free
 * port, the embedded exchange serves over loopback at the Basic tier, and each process signs with its own
 * key of the same account and bursts creates at the same moment. As a control, the same burst with each
 * process limiting only itself (in-memory buckets) draws 429s.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, Schedule } from "effect"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { EmbeddedExchange } from "../../src/testing.js"
import { EmbeddedExchangeServer } from "../../src/testing/node.js"

/** Creates per process: 2 × 12 × 10 tokens = 240, against 100 tokens at once and 100 a second. */
const ordersPerProcess = 12

const requireRedisServer = Effect.sync(() => {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" })
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      "redis-server is not installed, and this test needs a real one: run `apt-get install -y redis-server` " +
        "(.ci/run does)"
    )
  }
})

const freePort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A child process whose stdout lines are collected; killed (by its own pid) when the scope closes. */
const child = (command: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const process_ = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] })
      const lines: Array<string> = []
      let stderr = ""
      let buffered = ""
      process_.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk
        const parts = buffered.split("\n")
        buffered = parts.pop()!
        lines.push(...parts)
      })
      process_.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk
      })
      return { process: process_, lines, stderr: () => stderr }
    }),
    ({ process: p }) => Effect.sync(() => p.exitCode === null && p.signalCode === null && p.kill("SIGKILL"))
  )

interface Child {
  readonly process: ChildProcess
  readonly lines: Array<string>
  readonly stderr: () => string
}

/** Waits (polling, at most `seconds`) for a stdout line that satisfies `predicate`. */
const lineOf = (of: Child, predicate: (line: string) => boolean, seconds: number) =>
  Effect.suspend(() => {
    const line = of.lines.find(predicate)
    if (line !== undefined) return Effect.succeed(line)
    if (of.process.exitCode !== null) {
      return Effect.dieMessage(`the process exited (${of.process.exitCode}) early: ${of.stderr()}`)
    }
    return Effect.fail("not yet" as const)
  }).pipe(
    Effect.retry({ schedule: Schedule.spaced("25 millis"), times: seconds * 40 }),
    Effect.catchAll(() => Effect.dieMessage(`no expected line within ${seconds} s; stderr: ${of.stderr()}`))
  )

const redisServer = Effect.gen(function*() {
  yield* requireRedisServer
  const port = yield* freePort
  const redis = yield* child("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no"
  ])
  yield* lineOf(redis, (line) => line.includes("Ready to accept connections"), 20)
  return port
})

interface Report {
  readonly placed: number
  readonly rateLimited: number
  readonly otherErrors: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<string>
}

const worker = fileURLToPath(new URL("./burstWorker.ts", import.meta.url))

/** Two processes, each with its own key of one fresh account, bursting at the same moment. */
const twoProcesses = (store: { readonly _tag: "redis"; readonly port: number } | { readonly _tag: "memory" }) =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const { baseUrl } = yield* EmbeddedExchangeServer.EmbeddedExchangeServer
    const first = yield* exchange.generateCredentials({ algorithm: "ed25519" })
    const second = yield* exchange.generateCredentials({ algorithm: "ed25519", userId: first.userId })
    const workers = yield* Effect.forEach(
      [first, second],
      (credentials) =>
        child(process.execPath, ["--import", "tsx", worker], {
          RL_BASE_URL: baseUrl,
          RL_KEY_ID: credentials.keyId,
          RL_PRIVATE_KEY: Redacted.value(credentials.privateKeyPem),
          RL_ACCOUNT: first.userId,
          RL_ORDERS: String(ordersPerProcess),
          RL_STORE: store._tag,
          RL_REDIS_PORT: store._tag === "redis" ? String(store.port) : ""
        })
    )
    yield* Effect.forEach(workers, (w) => lineOf(w, (line) => line === "ready", 60), { concurrency: "unbounded" })
    for (const w of workers) w.process.stdin!.write("go\n")
    return yield* Effect.forEach(
      workers,
      (w) => Effect.map(lineOf(w, (line) => line.startsWith("{"), 60), (line) => JSON.parse(line) as Report),
      { concurrency: "unbounded" }
    )
  })

describe("two processes sharing one account through Redis", () => {
  it.live("stay within the account's limits together: every create passes, zero 429s", () =>
    Effect.gen(function*() {
      const port = yield* redisServer
      const reports = yield* twoProcesses({ _tag: "redis", port })
      for (const report of reports) {
        expect(report).toMatchObject({ placed: ordersPerProcess, rateLimited: 0, otherErrors: [], warnings: [] })
      }
    }).pipe(
      Effect.scoped,
      Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: { tier: "basic" } }))
    ), 120_000)

  it.live(
    "the control: each limiting only itself, together they overdraw the account and collect 429s",
    () =>
      Effect.gen(function*() {
        const reports = yield* twoProcesses({ _tag: "memory" })
        const refused = reports.reduce((sum, report) => sum + report.rateLimited, 0)
        expect(refused).toBeGreaterThan(0)
        expect(reports.reduce((sum, report) => sum + report.placed + report.rateLimited, 0)).toBe(2 * ordersPerProcess)
      }).pipe(
        Effect.scoped,
        Effect.provide(EmbeddedExchangeServer.layerWithExchange({ rateLimits: { tier: "basic" } }))
      ),
    120_000
  )
})
