/**
 * Injected faults: queued rules that take over the next matching requests before the exchange looks at them.
 *
 * @internal
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import type { Fault, FaultKind } from "../EmbeddedExchange.js"
import { ConnectionDropped } from "./errors.js"

interface Armed {
  readonly fault: Fault
  remaining: number
}

export type Faults = Array<Armed>

export const arm = (faults: Faults, fault: Fault): void => {
  const remaining = fault.count ?? 1
  if (remaining > 0) faults.push({ fault, remaining })
}

const matches = (fault: Fault, method: string, path: string): boolean => {
  const route = fault.route
  if (route === undefined) return true
  const pattern = route.path
  return (
    (route.method === undefined || route.method.toUpperCase() === method) &&
    (pattern === undefined || (typeof pattern === "string" ? path.startsWith(pattern) : pattern.test(path)))
  )
}

/** Consumes one use of the first armed fault matching the request, if any. */
export const take = (faults: Faults, method: string, path: string): FaultKind | undefined => {
  const index = faults.findIndex((armed) => matches(armed.fault, method, path))
  const armed = faults[index]
  if (armed === undefined) return undefined
  armed.remaining -= 1
  if (armed.remaining <= 0) faults.splice(index, 1)
  return armed.fault.kind
}

const json = (body: string, status: number) =>
  HttpServerResponse.text(body, { status, contentType: "application/json" })

const tooManyRequestsBody = "{\"error\": \"too many requests\"}"

/** Kalshi's 429, body byte for byte. */
export const tooManyRequests = () => json(tooManyRequestsBody, 429)

/**
 * Answers in place of the exchange; a `Delay` waits on the clock and then lets the exchange answer; an
 * `AnswerLost` lets the exchange process the request and then drops its answer.
 */
export const realize = <E, R>(
  kind: FaultKind,
  proceed: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E | ConnectionDropped, R> => {
  switch (kind._tag) {
    case "Status":
      return Effect.succeed(
        json(
          kind.body !== undefined
            ? JSON.stringify(kind.body)
            : kind.status === 429
            ? tooManyRequestsBody
            : JSON.stringify({ code: "injected_fault", message: `Injected ${kind.status} response`, details: "" }),
          kind.status
        )
      )
    case "Delay":
      return Effect.zipRight(Effect.sleep(kind.millis), proceed)
    case "MalformedBody":
      return Effect.succeed(json("<html><body><h1>502 Bad Gateway</h1></body></html>", 200))
    case "TruncatedBody":
      return Effect.succeed(json("{\"orders\":[{\"order_id\":\"3b23c1c7-f4ef-4f0d", 200))
    case "NoContent":
      return Effect.succeed(HttpServerResponse.empty({ status: 204 }))
    case "DropConnection":
      return Effect.fail(new ConnectionDropped())
    case "AnswerLost":
      return Effect.zipRight(proceed, Effect.fail(new ConnectionDropped()))
  }
}
