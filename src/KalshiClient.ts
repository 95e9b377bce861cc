/**
 * The Kalshi client service: base URL, signing, JSON, timeouts, retries and the mapping of every HTTP
 * outcome to a typed error. The resource modules (`Orders`, `Markets`, `Portfolio`) are thin
 * descriptions of endpoints on top of {@link KalshiClient.execute}, which users can also call for
 * endpoints the SDK does not wrap yet.
 *
 * The transport is the caller's choice: provide `HttpClient.HttpClient` with
 * `NodeHttpClient.layerUndici`, `FetchHttpClient.layer`, or the embedded exchange's in-memory client.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as UrlParams from "@effect/platform/UrlParams"
import type * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { constTrue } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import { baseUrlProblem } from "./internal/baseUrl.js"
import * as Deadline from "./internal/deadline.js"
import { describeIssue, excerpt } from "./internal/describe.js"
import { decodeFast } from "./internal/fastDecode.js"
import { attributes, clientOperationSpan, operationSpan, recordRequest, recordResend } from "./internal/tracing.js"
import * as KalshiConfig from "./KalshiConfig.js"
import {
  AuthenticationError,
  ConflictError,
  isTransient,
  NotFoundError,
  ProtocolError,
  RateLimitError,
  ServerError,
  TransportError,
  ValidationError
} from "./KalshiError.js"
import type { CommonError, InvalidKeyError, KalshiError, ProtocolReason, TransportReason } from "./KalshiError.js"
import * as RateLimiter from "./RateLimiter.js"
import * as Signer from "./Signer.js"

/**
 * Kalshi's environments.
 *
 * @since 0.1.0
 */
export type Environment = "demo" | "production"

/**
 * The recommended REST base URL of each environment.
 *
 * @since 0.1.0
 */
export const baseUrls: Readonly<Record<Environment, string>> = {
  demo: "https://external-api.demo.kalshi.co/trade-api/v2",
  production: "https://external-api.kalshi.com/trade-api/v2"
}

/**
 * How reads (GET) retry transient failures (429, 5xx, transport): jittered exponential backoff from
 * `baseDelay`, at most `maxRetries` times. Writes are never retried.
 *
 * @since 0.1.0
 */
export interface RetryPolicy {
  readonly maxRetries: number
  readonly baseDelay: Duration.DurationInput
}

/**
 * Options of the client.
 *
 * @since 0.1.0
 */
export interface Options {
  /** `demo` (default) or `production`; picks the base URL unless {@link Options.baseUrl} is given. */
  readonly environment?: Environment | undefined
  /** The API root, e.g. `http://127.0.0.1:4000/trade-api/v2`; overrides `environment`. */
  readonly baseUrl?: string | undefined
  /**
   * API key id and private key. Without them, a `Signer` in context signs if there is one; otherwise
   * public endpoints work and the others fail before sending.
   */
  readonly credentials?: Signer.Credentials | undefined
  /** The timeout of each attempt (default 10 seconds). */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries of reads (default 3 retries from 200 ms); `false` turns them off. */
  readonly retry?: RetryPolicy | false | undefined
  /** The `User-Agent` header (default `effect-kalshi/<version>`). */
  readonly userAgent?: string | undefined
  /**
   * Adds policies to the transport (logging, proxies, extra retries, …). The signing headers are added
   * after it (they see its final URL) and checked again below it: whatever it does, they only ever go
   * to the base URL's origin.
   */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /**
   * Whether to send the current span's trace context to Kalshi (`b3` and `traceparent` headers). Off by
   * default: trace ids are yours, not the exchange's.
   */
  readonly tracerPropagation?: boolean | undefined
  /**
   * Whether each attempt of an operation also gets `@effect/platform`'s own `http.client` span, under the
   * operation's span, with every request and response header (the signing headers redacted). Off by default:
   * the operation's span is then the call's HTTP client span, and records its method, URL, status and resend
   * count (OpenTelemetry's HTTP client attributes, without headers), which saves about 5% of a request's CPU.
   * The URL is the one the SDK builds, before any {@link Options.transformClient} policy rewrites it.
   */
  readonly httpSpans?: boolean | undefined
  /**
   * The largest response body read, in bytes (default {@link defaultMaxResponseBytes}, 8 MiB; a page of
   * 1,000 orders is about 750 KB). A longer body is a `ProtocolError` (`body_too_large`): refused from
   * its `Content-Length` before reading, or as soon as the limit is crossed, never read in full.
   */
  readonly maxResponseBytes?: number | undefined
  /** Client-side rate limiting of signed requests (on by default when the client signs); `false` turns it off. */
  readonly rateLimit?: RateLimiter.Options | false | undefined
  /**
   * Whether the transport may follow redirects by itself, as `fetch` does (default `true`): each request then
   * runs with fetch's `redirect: "manual"`, so that no redirect is followed and a 3xx is a `ProtocolError`.
   * `false` is for transports that never follow one (undici's, Node's `http`, the embedded exchange's
   * in-memory client) and saves a context change per request; the Node layers set it. With `false` over
   * `fetch`, fetch would follow redirects and carry the signing headers along.
   */
  readonly transportFollowsRedirects?: boolean | undefined
}

/**
 * The default {@link Options.maxResponseBytes}: 8 MiB.
 *
 * @since 0.1.0
 */
export const defaultMaxResponseBytes = 8 * 1024 * 1024

/**
 * The HTTP methods Kalshi uses.
 *
 * @since 0.1.0
 */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

/**
 * Query parameters: `undefined` values are left out, arrays are sent as repeated keys (`?ids=a&ids=b`,
 * the spec's `explode: true` form). Parameters Kalshi takes comma-joined arrive here already joined:
 * their request schemas encode them so.
 *
 * @since 0.1.0
 */
export type Query = Readonly<
  Record<string, string | number | boolean | ReadonlyArray<string | number> | undefined>
>

/**
 * Which statuses besides the common ones an endpoint documents: 404 becomes a {@link NotFoundError}
 * and 409 a {@link ConflictError} only where the endpoint declares them; elsewhere they are a
 * {@link ProtocolError}.
 *
 * @since 0.1.0
 */
export interface Expect {
  readonly notFound?: boolean | undefined
  readonly conflict?: boolean | undefined
}

/**
 * The errors of an endpoint that declares `X`.
 *
 * @since 0.1.0
 */
export type ErrorOf<X extends Expect> =
  | CommonError
  | (X["notFound"] extends true ? NotFoundError : never)
  | (X["conflict"] extends true ? ConflictError : never)

/**
 * One API call.
 *
 * @since 0.1.0
 */
export interface Call<A, I, X extends Expect> {
  readonly method: Method
  /** The path under the API root, with path parameters already URI-encoded. */
  readonly path: string
  readonly query?: Query | undefined
  /** The JSON body, already encoded to its wire form. */
  readonly body?: unknown
  /**
   * Extra headers; `KALSHI-ACCESS-*` are refused, and so are names that are not HTTP tokens and values
   * with control characters or characters beyond Latin-1 (a `ValidationError` before sending).
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Whether the endpoint needs signed headers. */
  readonly authenticated: boolean
  /** The success status the endpoint promises; any other 2xx is a {@link ProtocolError}. */
  readonly status: 200 | 201 | 204
  /** The schema of the success body (`Schema.Void` for 204). */
  readonly response: Schema.Schema<A, I>
  readonly expect?: X | undefined
  /**
   * The name of the span the call runs in (the SDK's operations name theirs after themselves, e.g.
   * `Portfolio.balance`), which is also its HTTP client span unless {@link Options.httpSpans}; without one, the
   * call adds no span of its own, and the platform's `http.client` span records each attempt.
   */
  readonly operation?: string | undefined
}

/**
 * The Kalshi client.
 *
 * @since 0.1.0
 */
export class KalshiClient extends Context.Tag("effect-kalshi/KalshiClient")<KalshiClient, {
  /** The API root requests go to. */
  readonly baseUrl: string
  /** Whether credentials are configured. */
  readonly authenticated: boolean
  /** The rate limiter of signed requests, when it is on. */
  readonly rateLimiter?: RateLimiter.Limiter | undefined
  /**
   * Sends one call: validated, signed, timed out, retried if it is a read, decoded, errors typed, in the span
   * its `operation` names.
   */
  readonly execute: <A, I, const X extends Expect = Record<never, never>>(
    call: Call<A, I, X>
  ) => Effect.Effect<A, ErrorOf<X>>
}>() {}

const version = "0.1.0"
const defaultTimeout = Duration.seconds(10)
const defaultRetry: RetryPolicy = { maxRetries: 3, baseDelay: Duration.millis(200) }
const signingHeaderNames = Object.values(Signer.headerNames).map((name) => name.toLowerCase())
const signingPrefix = "kalshi-access-"
/** What an attempt runs with when its operation's span is its HTTP client span: the platform's span is off. */
const untraced = [Deadline.local(HttpClient.currentTracerDisabledWhen, constTrue)]

/** Where an error happened, for the error's fields. */
interface Site {
  readonly method: Method
  readonly path: string
}

// ---------------------------------------------------------------------------------------------------
// Error bodies and error fields
// ---------------------------------------------------------------------------------------------------

/** Kalshi's error fields, from `{code, message, details}`, `{error: {…}}` or `{error: "…"}`. */
interface ErrorBody {
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly details?: string | undefined
}

/** A string field of an error body, cut to an excerpt: a hostile body cannot grow an error. */
const stringField = (record: Record<string, unknown>, key: string, max: number): string | undefined => {
  const value = record[key]
  return typeof value === "string" ? excerpt(value, max) : undefined
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const errorBody = (json: unknown): ErrorBody => {
  if (!isRecord(json)) return {}
  const inner = json.error
  if (typeof inner === "string") return { message: excerpt(inner) }
  const record = isRecord(inner) ? inner : json
  return {
    code: stringField(record, "code", 100),
    message: stringField(record, "message", 500),
    details: stringField(record, "details", 500)
  }
}

const parseJson: (text: string) => Option.Option<unknown> = Option.liftThrowable(JSON.parse)

/** Error fields without the `undefined`s, so errors print cleanly. */
const errorFields = (site: Site, status: number | undefined, body: ErrorBody, fallback: string) => {
  const fields: {
    message: string
    method: string
    path: string
    status?: number
    code?: string
    details?: string
  } = { message: body.message ?? fallback, method: site.method, path: site.path }
  if (status !== undefined) fields.status = status
  if (body.code !== undefined) fields.code = body.code
  if (body.details !== undefined) fields.details = body.details
  return fields
}

const protocolError = (site: Site, status: number | undefined, reason: ProtocolReason, message: string) =>
  new ProtocolError({ ...errorFields(site, status, {}, message), reason })

/** Maps a non-success status to its error; statuses the endpoint does not declare are protocol errors. */
const statusError = (site: Site, expect: Expect, status: number, body: ErrorBody): KalshiError => {
  const fields = (what: string) => errorFields(site, status, body, `${what} (HTTP ${status})`)
  if (status === 400 || status === 422) return new ValidationError(fields("the exchange rejected the request"))
  if (status === 401 || status === 403) return new AuthenticationError(fields("not authenticated or not allowed"))
  if (status === 404 && expect.notFound === true) return new NotFoundError(fields("not found"))
  if (status === 409 && expect.conflict === true) return new ConflictError(fields("conflict"))
  if (status === 429) return new RateLimitError(fields("rate limited"))
  if (status >= 500) return new ServerError(fields("the exchange failed"))
  return new ProtocolError({ ...fields(`unexpected status ${status}`), reason: "unexpected_status" })
}

// ---------------------------------------------------------------------------------------------------
// Transport errors: keep the cause, never a secret
// ---------------------------------------------------------------------------------------------------

const codeReasons: Readonly<Record<string, TransportReason>> = {
  ECONNREFUSED: "connection_refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_NONAME: "dns",
  EAI_FAIL: "dns",
  ECONNRESET: "connection_reset",
  ECONNABORTED: "connection_reset",
  EPIPE: "connection_reset",
  UND_ERR_SOCKET: "connection_reset",
  UND_ERR_CLOSED: "connection_reset",
  ERR_STREAM_PREMATURE_CLOSE: "connection_reset",
  ETIMEDOUT: "timeout",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout"
}

const tlsCode = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED/

const reasonOfCode = (code: string | undefined): TransportReason =>
  code === undefined ? "other" : codeReasons[code] ?? (tlsCode.test(code) ? "tls" : "other")

const reasonText: Readonly<Record<TransportReason, string>> = {
  timeout: "timed out",
  connection_refused: "connection refused",
  dns: "the host name did not resolve",
  connection_reset: "the connection was closed or reset",
  tls: "the TLS handshake or certificate check failed",
  invalid_request: "the request could not be built",
  other: "transport failure"
}

/** An error and its causes (`error.cause.cause…`), at most 8, without cycles. */
const causeChain = (cause: unknown): ReadonlyArray<unknown> => {
  const chain: Array<unknown> = []
  let current = cause
  while (chain.length < 8 && current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current)
    current = typeof current === "object" ? (current as { readonly cause?: unknown }).cause : undefined
  }
  return chain
}

const codeOf = (u: unknown): string | undefined => {
  const code = typeof u === "object" && u !== null ? (u as { readonly code?: unknown }).code : undefined
  return typeof code === "string" ? code : undefined
}

/** `text` with every secret in it replaced, then cut to an excerpt (never the other way round). */
const scrub = (text: string, secrets: ReadonlyArray<string>, max: number): string =>
  excerpt(secrets.reduce((out, secret) => out.split(secret).join("<redacted>"), text), max)

/**
 * The cause chain in a line, `TypeError: fetch failed <- Error ECONNREFUSED: connect ECONNREFUSED …`:
 * class names, codes and short message excerpts, with the request's signing header values scrubbed.
 */
const describeCause = (cause: unknown, secrets: ReadonlyArray<string>): string =>
  causeChain(cause)
    .map((error) => {
      if (!(error instanceof Error)) return typeof error
      const code = codeOf(error)
      return `${excerpt(error.name, 40)}${code === undefined ? "" : ` ${excerpt(code, 40)}`}: ${
        scrub(error.message, secrets, 120)
      }`
    })
    .join(" <- ")

/** The values of the signing headers of a request, the only secrets a transport error could quote. */
const signingValues = (headers: Headers.Headers): ReadonlyArray<string> =>
  Object.entries(headers).flatMap(([name, value]) => name.startsWith(signingPrefix) && value.length >= 8 ? [value] : [])

const transportError = (
  site: Site,
  status: number | undefined,
  what: string,
  error: HttpClientError.RequestError | HttpClientError.ResponseError
) => {
  const chain = causeChain(error.cause)
  const reason: TransportReason = error._tag === "RequestError" && error.reason !== "Transport"
    ? "invalid_request"
    : reasonOfCode(chain.map(codeOf).find((code) => code !== undefined))
  const secrets = signingValues(error.request.headers)
  const described = [
    error.description === undefined ? undefined : scrub(error.description, secrets, 120),
    chain.length === 0 ? undefined : describeCause(error.cause, secrets)
  ].filter((part) => part !== undefined)
  const detail = described.length === 0 ? "" : ` (${described.join("; ")})`
  return new TransportError({ ...errorFields(site, status, {}, `${what}: ${reasonText[reason]}${detail}`), reason })
}

// ---------------------------------------------------------------------------------------------------
// Reading responses: bounded, typed
// ---------------------------------------------------------------------------------------------------

const utf8 = new TextDecoder()

const concatenate = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return all
}

const tooLarge = (site: Site, status: number, limit: number) =>
  protocolError(site, status, "body_too_large", `the response body is larger than ${limit} bytes (maxResponseBytes)`)

/**
 * Stops a body that will not be read: at most its first chunk is taken, then the stream is closed, which
 * destroys (undici) or cancels (fetch) the rest, so the connection is released at once instead of when the
 * response is garbage-collected. Its failures do not matter: the caller is already failing.
 */
const discardBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
  Effect.ignore(Stream.runHead(response.stream))

/**
 * The body as text, at most `limit` bytes: refused from `Content-Length` before reading, or as soon as
 * the streamed bytes pass the limit (the rest is never read; the connection is released).
 */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  site: Site,
  limit: number
): Effect.Effect<string, ProtocolError | TransportError> => {
  // Read once: a transport may build its headers anew on every read (undici's does).
  const length = response.headers["content-length"]
  const announced = Number(length ?? "")
  if (Number.isFinite(announced) && announced > limit) {
    return Effect.zipRight(discardBody(response), Effect.fail(tooLarge(site, response.status, limit)))
  }
  // A body whose length is announced within the limit is read in one go (the transport refuses a body
  // longer than its Content-Length); an unannounced one is counted as it streams.
  if (length !== undefined && Number.isFinite(announced)) {
    return Effect.catchTag(
      response.text,
      "ResponseError",
      (error) => Effect.fail(transportError(site, response.status, "the response body could not be read", error))
    )
  }
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return response.stream.pipe(
      Stream.runForEachChunk((pieces) => {
        for (const piece of pieces) {
          size += piece.length
          if (size > limit) return Effect.fail(tooLarge(site, response.status, limit))
          chunks.push(piece)
        }
        return Effect.void
      }),
      Effect.map(() => utf8.decode(concatenate(chunks, size))),
      Effect.catchTag("ResponseError", (error) =>
        error.reason === "EmptyBody"
          ? Effect.succeed("")
          : Effect.fail(transportError(site, response.status, "the response body could not be read", error)))
    )
  })
}

/** A thrown value, by its class name only (for defects while decoding). */
const thrownName = (defect: unknown): string => defect instanceof Error ? excerpt(defect.name, 40) : typeof defect

/**
 * Decodes a body: the compiled fast path first (synchronously, with nothing else to pay on success), the
 * schema's own decoder (and its error) when that misses.
 */
const decodeBody = <A, I>(
  schema: Schema.Schema<A, I>,
  body: unknown,
  site: Site,
  status: number
): Effect.Effect<A, ProtocolError> => {
  const undecodable = (defect: unknown) =>
    protocolError(site, status, "undecodable", `decoding the response threw ${thrownName(defect)}`)
  try {
    const fast = decodeFast(schema, body)
    if (Option.isSome(fast)) return Effect.succeed(fast.value as A)
  } catch (defect) {
    return Effect.fail(undecodable(defect))
  }
  return Schema.decodeUnknown(schema)(body).pipe(
    Effect.mapError((error) =>
      protocolError(
        site,
        status,
        "undecodable",
        `the response did not match the expected shape: ${describeIssue(error.issue)}`
      )
    ),
    Effect.catchAllDefect(undecodable)
  )
}

/** Decodes a read body: the typed error of a failure status, or the decoded success body. */
const decodeText = <A, I, X extends Expect>(
  call: Call<A, I, X>,
  site: Site,
  status: number,
  text: string
): Effect.Effect<A, ErrorOf<X>> => {
  const blank = text.trim() === ""
  const json = blank ? Option.none() : parseJson(text)
  if (status < 200 || status >= 300) {
    return Effect.fail(
      statusError(site, call.expect ?? {}, status, Option.match(json, { onNone: () => ({}), onSome: errorBody }))
    ) as Effect.Effect<never, ErrorOf<X>>
  }
  if (status !== call.status) {
    return protocolError(
      site,
      status,
      status === 204 ? "no_content" : "unexpected_status",
      `expected HTTP ${call.status}, got ${status}`
    )
  }
  // No body is promised (a 204, or a 201 the spec declares without content): whatever came is not read.
  if (call.status === 204 || SchemaAST.isVoidKeyword(call.response.ast)) {
    return decodeBody(call.response, undefined, site, status)
  }
  if (Option.isNone(json)) {
    return blank
      ? protocolError(site, status, "no_content", "the response has no body")
      : protocolError(
        site,
        status,
        "undecodable",
        `the response body is not JSON: ${JSON.stringify(excerpt(text, 80))}`
      )
  }
  if (isRecord(json.value) && json.value.error !== undefined && json.value.error !== null) {
    return new ProtocolError({
      ...errorFields(site, status, errorBody(json.value), "a success response carried an error"),
      reason: "error_in_success"
    })
  }
  return decodeBody(call.response, json.value, site, status)
}

/** Reads and decodes a response: the typed error of a failure status, or the decoded success body. */
const decodeResponse = <A, I, X extends Expect>(
  call: Call<A, I, X>,
  site: Site,
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<A, ErrorOf<X>> => {
  const status = response.status
  // 3xx, or a browser's opaque redirect (status 0): never followed, and the body is not read.
  if (status === 0 || (status >= 300 && status < 400)) {
    return Effect.zipRight(
      discardBody(response),
      protocolError(
        site,
        status,
        "redirect",
        `the exchange answered a redirect (HTTP ${status}); the SDK never follows one`
      )
    )
  }
  return Effect.flatMap(readBody(response, site, limit), (text) => decodeText(call, site, status, text))
}

// ---------------------------------------------------------------------------------------------------
// Requests: headers, signing, origins
// ---------------------------------------------------------------------------------------------------

const queryParams = (query: Query | undefined): Array<[string, string]> =>
  Object.entries(query ?? {}).flatMap(([key, value]): Array<[string, string]> =>
    value === undefined
      ? []
      : Array.isArray(value)
      ? value.map((item): [string, string] => [key, String(item)])
      : [[key, String(value)]]
  )

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/

/** What is wrong with the extra headers of a call (never quoting a value), or `undefined`. */
const headerProblem = (headers: Readonly<Record<string, string>> | undefined): string | undefined => {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase().startsWith(signingPrefix)) return `extra header "${name}" is reserved for request signing`
    if (!headerName.test(name)) return `extra header name ${JSON.stringify(excerpt(name, 40))} is not an HTTP token`
    if (typeof value !== "string" || !headerValue.test(value)) {
      return `extra header "${name}" has a value that cannot be sent (control or non-Latin-1 characters; not shown)`
    }
  }
  return undefined
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** The cause of a request refused at the transport: it carried signing headers to another origin. */
class ForeignOrigin {
  constructor(readonly origin: string) {}
}

/**
 * The last step before the transport: a request that carries signing headers goes to `origin` only.
 * It sits below the user's `transformClient`, so a policy that rewrites URLs or follows redirects cannot
 * hand the headers to another host.
 */
const guardOrigin = (transport: HttpClient.HttpClient, origin: string): HttpClient.HttpClient =>
  HttpClient.transform(transport, (send, request) => {
    if (!Object.keys(request.headers).some((name) => name.startsWith(signingPrefix))) return send
    const target = originOf(request.url)
    return target === origin ? send : Effect.fail(
      new HttpClientError.RequestError({
        request,
        reason: "InvalidUrl",
        cause: new ForeignOrigin(excerpt(target ?? "an unparsable URL", 100)),
        description: "signing headers are only sent to the base URL's origin"
      })
    )
  })

const refusedOrigin = (site: Site, target: string, origin: string) =>
  new AuthenticationError(
    errorFields(
      site,
      undefined,
      {},
      `refusing to send a signed request to ${target}: signatures go only to the base URL's origin, ${origin}`
    )
  )

/** The URL a request goes to, its query included. */
const urlOf = (request: HttpClientRequest.HttpClientRequest): Either.Either<URL, Error> =>
  UrlParams.makeUrl(request.url, request.urlParams, request.hash)

/**
 * Signs a request as the last step before sending (after the user's `transformClient`, so over the final
 * URL): the signed path is the URL's pathname, and a URL outside the base URL's origin is refused.
 */
const signWith = (signer: Signer.Signer["Type"], origin: string, site: Site) =>
(
  request: HttpClientRequest.HttpClientRequest,
  parsed?: Either.Either<URL, Error> | undefined
): Effect.Effect<HttpClientRequest.HttpClientRequest, AuthenticationError> => {
  const url = parsed ?? urlOf(request)
  if (Either.isLeft(url) || url.right.origin !== origin) {
    return Effect.fail(
      refusedOrigin(site, Either.isLeft(url) ? "an unparsable URL" : excerpt(url.right.origin, 100), origin)
    )
  }
  return Effect.map(
    signer.headers(request.method, url.right.pathname),
    (headers) => HttpClientRequest.setHeaders(request, headers)
  )
}

/** Runs `effect` with fetch's `redirect: "manual"`, keeping any other `RequestInit` already in context. */
const withManualRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    Effect.serviceOption(FetchHttpClient.RequestInit),
    (init) =>
      Effect.provideService(effect, FetchHttpClient.RequestInit, {
        ...Option.getOrUndefined(init),
        redirect: "manual"
      })
  )

const withSigningHeaderNames = (
  names: ReadonlyArray<string | RegExp>
): ReadonlyArray<string | RegExp> => [...names, ...signingHeaderNames]

/**
 * Runs `effect` with the signing headers among the names `@effect/platform` redacts wherever it shows a
 * request (the HTTP span's attributes, logs, inspection). The client's layers add them once, for their
 * lifetime ({@link layerRedaction}); a client made with {@link make} alone adds them per call.
 */
const redactingSigningHeaders = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiberRuntime((fiber) => {
    const names = fiber.getFiberRef(Headers.currentRedactedNames)
    return signingHeaderNames.every((name) => names.includes(name))
      ? effect
      : Effect.locally(effect, Headers.currentRedactedNames, withSigningHeaderNames(names))
  })

/**
 * Adds the signing headers to the names `@effect/platform` redacts, for as long as the layer lives, so that
 * each call does not have to.
 */
const layerRedaction: Layer.Layer<never> = Layer.scopedDiscard(
  Effect.locallyScopedWith(Headers.currentRedactedNames, withSigningHeaderNames)
)

/**
 * `once`, retried on `schedule` while it fails transiently; `onResend` hears of each resend, counted from 1. The
 * schedule is only started by a first transient failure, which its first step then sees: a request that succeeds
 * pays nothing for retries.
 */
const retryTransient = <A, E extends KalshiError>(
  once: Effect.Effect<A, E>,
  schedule: Schedule.Schedule<unknown, KalshiError>,
  onResend: ((resends: number) => void) | undefined
): Effect.Effect<A, E> =>
  Effect.catchIf(once, (error: E): boolean => isTransient(error), (first: E) => {
    let replayed = false
    let resends = 0
    const again = Effect.suspend((): Effect.Effect<A, E> => {
      if (replayed) {
        onResend?.(++resends)
        return once
      }
      replayed = true
      return Effect.fail(first)
    })
    return Effect.retry(again, { schedule, while: isTransient })
  })

/**
 * Makes the client from options, over the `HttpClient` in context.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("KalshiClient.make")(function*(options: Options = {}) {
  const transport = yield* HttpClient.HttpClient
  // Credentials in the options win; otherwise a `Signer` provided as a layer (your own, e.g. backed by a
  // KMS, or `Signer.layer(credentials)`) signs; with neither, only public endpoints work.
  const signer = options.credentials
    ? Option.some(yield* Signer.make(options.credentials))
    : yield* Effect.serviceOption(Signer.Signer)
  const baseUrl = (options.baseUrl ?? baseUrls[options.environment ?? "demo"]).replace(/\/+$/, "")
  const problem = baseUrlProblem(baseUrl)
  if (problem !== undefined) {
    return yield* Effect.fail(ConfigError.InvalidData(["baseUrl"], `baseUrl ${problem} (its value is not shown)`))
  }
  const origin = new URL(baseUrl).origin
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    return yield* Effect.fail(
      ConfigError.InvalidData(["maxResponseBytes"], "maxResponseBytes must be a positive integer")
    )
  }
  const decodedTimeout = Duration.decodeUnknown(options.timeout ?? defaultTimeout)
  if (Option.isNone(decodedTimeout) || Duration.lessThanOrEqualTo(decodedTimeout.value, Duration.zero)) {
    return yield* Effect.fail(ConfigError.InvalidData(["timeout"], "timeout must be a positive duration"))
  }
  const timeout = decodedTimeout.value
  const deadlines = Deadline.make(timeout)
  const retry = options.retry ?? defaultRetry
  const userAgent = options.userAgent ?? `effect-kalshi/${version}`
  const transportFollowsRedirects = options.transportFollowsRedirects ?? true
  const rateLimiter = yield* RateLimiter.make(options.rateLimit, {
    account: Option.getOrUndefined(Option.map(signer, (s) => s.keyId)),
    execute: (call) => execute(call)
  })
  const readRetry = retry === false
    ? undefined
    : Schedule.exponential(retry.baseDelay).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(retry.maxRetries))
    )
  // From the wire up: the origin guard under the user's policies (without policies, signing sees the URL
  // that is sent and refuses other origins itself), the policies, trace propagation (off unless asked
  // for); signing goes on top, per call, so that it sees the final URL.
  const tracerPropagation = options.tracerPropagation === true
  const http = HttpClient.withTracerPropagation(
    options.transformClient ? options.transformClient(guardOrigin(transport, origin)) : transport,
    tracerPropagation
  )
  // Unless `httpSpans`, an operation's span is its call's HTTP client span, and the platform's own span is off
  // for the requests made in it.
  const httpSpans = options.httpSpans === true
  const operationSpanOptions = httpSpans ? operationSpan : clientOperationSpan

  // Signing sees the URL that is sent: without policies it signs the request itself (over `url` when it is
  // already parsed), with them it is the last step of theirs.
  const sendSigned = (
    signer: Signer.Signer["Type"],
    site: Site,
    request: HttpClientRequest.HttpClientRequest,
    url: Either.Either<URL, Error> | undefined
  ) => {
    const sign = signWith(signer, origin, site)
    return options.transformClient
      ? HttpClient.mapRequestEffect(http, sign).execute(request)
      : Effect.flatMap(sign(request, url), (signed) => http.execute(signed))
  }

  const timedOut = (site: Site) =>
    new TransportError({
      ...errorFields(site, undefined, {}, `no complete response within ${Duration.format(timeout)}`),
      reason: "timeout"
    })

  const attempt = <A, I, X extends Expect>(
    call: Call<A, I, X>,
    site: Site,
    request: HttpClientRequest.HttpClientRequest,
    span: Tracer.Span | undefined
  ): Effect.Effect<A, ErrorOf<X>> => {
    // The operation's span is the HTTP client span (unless `httpSpans`): it records the request, its status,
    // and carries the trace context when that is sent.
    const recording = span !== undefined && !httpSpans ? span : undefined
    const url = recording === undefined ? undefined : urlOf(request)
    if (recording !== undefined && url !== undefined && Either.isRight(url)) {
      recordRequest(recording, request.method, url.right)
    }
    const sent = recording !== undefined && tracerPropagation
      ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(recording))
      : request
    return (call.authenticated && Option.isSome(signer)
      ? sendSigned(signer.value, site, sent, url)
      : http.execute(sent))
      .pipe(
        // An interrupted attempt (a timeout) aborts the request or its body; a body left unread (a redirect,
        // a body refused for its size) is discarded where it is refused.
        Effect.catchTags({
          RequestError: (error) =>
            error.cause instanceof ForeignOrigin
              ? Effect.fail(refusedOrigin(site, error.cause.origin, origin))
              : Effect.fail(transportError(site, undefined, "the request failed", error)),
          ResponseError: (error) =>
            Effect.fail(transportError(site, error.response.status, "the response failed", error))
        }),
        Effect.flatMap((response) => {
          recording?.attribute(attributes.status, response.status)
          return decodeResponse(call, site, response, maxResponseBytes)
        }),
        // The timeout covers the whole attempt, body included: a stalled body must not hang the caller. The
        // attempt runs under the operation's span, the parent of the spans it makes.
        deadlines.within(() => timedOut(site), { parent: span, locals: recording === undefined ? undefined : untraced })
      )
  }

  /** The request of a call, built synchronously; a body that cannot be JSON is a `ValidationError`. */
  const requestOf = (
    call: Pick<Call<unknown, unknown, Expect>, "method" | "path" | "query" | "body" | "headers">,
    site: Site
  ) => {
    const bare = HttpClientRequest.make(call.method)(baseUrl + call.path, {
      urlParams: queryParams(call.query),
      headers: { ...call.headers, "user-agent": userAgent, accept: "application/json" }
    })
    if (call.body === undefined) return Either.right(bare)
    try {
      return Either.right(HttpClientRequest.bodyUnsafeJson(bare, call.body))
    } catch {
      return Either.left(
        new ValidationError(errorFields(site, undefined, {}, "the request body cannot be encoded as JSON"))
      )
    }
  }

  /** Sends a call, under `span` (its operation's) when it has one. */
  const send = <A, I, X extends Expect>(
    call: Call<A, I, X>,
    span: Tracer.Span | undefined
  ): Effect.Effect<A, ErrorOf<X>> => {
    const site: Site = { method: call.method, path: call.path }
    const invalid = typeof call.path !== "string" || !call.path.startsWith("/")
      ? "the path must start with \"/\""
      : headerProblem(call.headers)
    if (invalid !== undefined) return new ValidationError(errorFields(site, undefined, {}, invalid))
    if (call.authenticated && Option.isNone(signer)) {
      return new AuthenticationError(
        errorFields(site, undefined, {}, "this endpoint needs credentials: set KALSHI_API_KEY_ID and a private key")
      )
    }
    const request = requestOf(call, site)
    if (Either.isLeft(request)) return Effect.fail(request.left)
    const tried = attempt(call, site, request.right, span)
    const once = rateLimiter === undefined ? tried : rateLimiter.limit(call, tried)
    const retried = call.method === "GET" && readRetry !== undefined
      ? retryTransient(once, readRetry, span === undefined ? undefined : recordResend(span))
      : once
    return redactingSigningHeaders(transportFollowsRedirects ? withManualRedirects(retried) : retried) as Effect.Effect<
      A,
      ErrorOf<X>
    >
  }

  // The operation's span is handed to each attempt, which runs in a fiber of its own unless the timeout is
  // infinite: `Effect.withSpan` would also make it the current span of the caller's fiber, a fiber ref changed
  // and restored on every call.
  const execute = <A, I, const X extends Expect = Record<never, never>>(
    call: Call<A, I, X>
  ): Effect.Effect<A, ErrorOf<X>> =>
    call.operation === undefined
      ? send(call, undefined)
      : Effect.useSpan(call.operation, operationSpanOptions, (span) => send(call, span))

  return KalshiClient.of({ baseUrl, authenticated: Option.isSome(signer), rateLimiter, execute })
})

/**
 * The client as a layer, from options.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<KalshiClient, InvalidKeyError | ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(KalshiClient, make(options)).pipe(Layer.provideMerge(layerRedaction))

/**
 * The client as a layer, configured from `Config` (by default the standard variables of
 * {@link KalshiConfig.fromEnv}: `KALSHI_API_KEY_ID`, `KALSHI_PRIVATE_KEY_PATH` or `KALSHI_PRIVATE_KEY`,
 * `KALSHI_ENV`, `KALSHI_BASE_URL`). A key path is read with the `FileSystem` in context when one is
 * provided (`NodeKalshiClient.layerConfig` provides Node's); a PEM key or no key needs no file system, and
 * a key path without one is a `ConfigError`.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config: Config.Config<KalshiConfig.KalshiConfig> = KalshiConfig.fromEnv,
  options: Omit<Options, "environment" | "baseUrl" | "credentials"> = {}
): Layer.Layer<KalshiClient, ConfigError.ConfigError | InvalidKeyError, HttpClient.HttpClient> =>
  Layer.effect(
    KalshiClient,
    Effect.gen(function*() {
      const resolved = yield* KalshiConfig.resolve(yield* config)
      return yield* make({ ...options, ...resolved })
    })
  ).pipe(Layer.provideMerge(layerRedaction))
