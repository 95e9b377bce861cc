/**
 * The real executable, spawned as a user runs it (`node --import tsx src/bin.ts …`): the sandbox started and
 * stopped, and one-shot commands run to their exit.
 */
import * as Effect from "effect/Effect"
import { type ChildProcess, spawn } from "node:child_process"

/** The executable's source. */
export const bin = new URL("../../src/bin.ts", import.meta.url).pathname

/** Starts the sandbox; answers the child and the `KALSHI_*` variables once it has printed them. */
export const start = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<
      { readonly child: ChildProcess; readonly env: Record<string, string>; readonly output: string },
      Error
    >(
      (resume) => {
        const child = spawn(process.execPath, ["--import", "tsx", bin, "exchange", ...args], {
          stdio: ["ignore", "pipe", "pipe"]
        })
        let output = ""
        const timer = setTimeout(() => resume(Effect.fail(new Error(`no exports in time:\n${output}`))), 30_000)
        child.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString()
          const env = Object.fromEntries(
            [...output.matchAll(/^export (KALSHI_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!])
          )
          if (Object.keys(env).length === 3) {
            clearTimeout(timer)
            resume(Effect.succeed({ child, env, output }))
          }
        })
        child.stderr!.on("data", (chunk: Buffer) => {
          output += chunk.toString()
        })
        child.on("exit", (code) => {
          clearTimeout(timer)
          resume(Effect.fail(new Error(`exited with ${code}:\n${output}`)))
        })
        return Effect.sync(() => child.kill("SIGKILL"))
      }
    ),
    ({ child }) =>
      Effect.async<void>((resume) => {
        if (child.exitCode !== null) return resume(Effect.void)
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
        child.on("exit", () => {
          clearTimeout(timer)
          resume(Effect.void)
        })
        child.kill("SIGINT")
      })
  )

/** How a one-shot run ended. */
export interface Exited {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** This process's environment without any `KALSHI_*` variable, so that runs see only the ones a test sets. */
const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("KALSHI_")))

/** Runs `effect-kalshi …args` to its exit (at most 30 s), stdin closed, with `env`'s `KALSHI_*` variables. */
export const runBin = (args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}) =>
  Effect.async<Exited>((resume) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...baseEnv(), ...env }
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.on("exit", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })
