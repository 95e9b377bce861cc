/**
 * Real loopback servers for the hostile-server suite: plain `node:http` on 127.0.0.1, ephemeral ports,
 * closed with the test's scope. Each records what it received (method, URL, headers), and big bodies
 * record how many bytes were written before the client went away.
 */
import { Effect } from "effect"
import type { IncomingMessage, ServerResponse } from "node:http"
import { createServer } from "node:http"

/** One request as a server received it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
}

/** How far a streamed body got. */
export interface Streamed {
  written: number
  readonly total: number
  closed: boolean
}

/** A running server. */
export interface Running {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  readonly port: number
  readonly seen: Array<Seen>
  /** Streamed bodies by scenario name. */
  readonly streamed: Map<string, Streamed>
}

/** What a handler gets: the request, the response, and the server's own record. */
export type Handler = (request: IncomingMessage, response: ServerResponse, self: Running) => void

/** Starts a server on 127.0.0.1 for the scope's lifetime. */
export const listen = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.async<{ readonly running: Running; readonly close: () => Promise<void> }>((resume) => {
      const seen: Array<Seen> = []
      const streamed = new Map<string, Streamed>()
      let running: Running | undefined
      const server = createServer((request, response) => {
        seen.push({ method: request.method ?? "", url: request.url ?? "", headers: { ...request.headers } })
        // Drain the request body (a POST) before answering.
        request.resume()
        request.on("end", () => handler(request, response, running!))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        running = { origin: `http://127.0.0.1:${port}`, port, seen, streamed }
        resume(Effect.succeed({
          running,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            })
        }))
      })
    }),
    ({ close }) => Effect.promise(close)
  ).pipe(Effect.map(({ running }) => running))

/** The port of a server that was started and closed again: nothing listens there. */
export const closedPort = Effect.scoped(Effect.map(listen((_, response) => response.end()), (running) => running.port))

/**
 * Writes `total` bytes of `chunk`s with backpressure, stopping when the client goes away; records the
 * progress under `name`.
 */
export const streamBody = (
  response: ServerResponse,
  self: Running,
  name: string,
  total: number,
  announce: boolean
) => {
  const chunk = Buffer.alloc(64 * 1024, "0")
  const progress: Streamed = { written: 0, total, closed: false }
  self.streamed.set(name, progress)
  response.writeHead(200, {
    "content-type": "application/json",
    ...(announce ? { "content-length": String(total) } : {})
  })
  response.on("close", () => {
    progress.closed = true
  })
  const pump = () => {
    while (progress.written < total && !progress.closed) {
      progress.written += chunk.length
      if (!response.write(chunk)) {
        response.once("drain", pump)
        return
      }
    }
    if (!progress.closed) response.end()
  }
  pump()
}
