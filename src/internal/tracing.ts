/**
 * The spans of operations: how they are made, what they record of the HTTP request they make, and how the
 * spans under them find them.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Tracer from "effect/Tracer"

/**
 * The options of an operation's span. Unlike `Effect.fn`, it does not capture the caller's stack on every call:
 * that `Error` cost about 4% of a whole signed request's CPU, and the span, its name and its attributes are what
 * a trace shows.
 */
export const operationSpan: Tracer.SpanOptions = { captureStackTrace: false }

/** The options of an operation's span when it is also its call's HTTP client span. */
export const clientOperationSpan: Tracer.SpanOptions = { ...operationSpan, kind: "client" }

/** OpenTelemetry's names of the HTTP client attributes an operation's span records. */
export const attributes = {
  method: "http.request.method",
  address: "server.address",
  port: "server.port",
  full: "url.full",
  path: "url.path",
  scheme: "url.scheme",
  query: "url.query",
  status: "http.response.status_code",
  resends: "http.request.resend_count"
} as const

const defaultPorts: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 }

/**
 * Records a request on its operation's span, with the attributes `@effect/platform`'s `http.client` span would
 * give it, headers aside (a trace has no use for them, and they are where secrets are).
 */
export const recordRequest = (span: Tracer.Span, method: string, url: URL): void => {
  span.attribute(attributes.method, method)
  span.attribute(attributes.address, url.hostname)
  const port = url.port === "" ? defaultPorts[url.protocol] : Number(url.port)
  if (port !== undefined) span.attribute(attributes.port, port)
  span.attribute(attributes.full, url.href)
  span.attribute(attributes.path, url.pathname)
  span.attribute(attributes.scheme, url.protocol.slice(0, -1))
  if (url.search !== "") span.attribute(attributes.query, url.search.slice(1))
}

/** Records on an operation's span how many times its request was sent again (a retried read). */
export const recordResend = (span: Tracer.Span) => (resends: number): void =>
  span.attribute(attributes.resends, resends)

/**
 * `context` with `parent` as the current span: what a fiber started with it sees, as if it ran inside
 * `Effect.withParentSpan(parent)`, without the change of a fiber ref and its restoration that this costs the
 * fiber that starts it.
 */
export const withParent = (context: Context.Context<never>, parent: Tracer.AnySpan): Context.Context<never> =>
  Context.add(context, Tracer.ParentSpan, parent)
