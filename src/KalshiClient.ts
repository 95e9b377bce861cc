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
import { Headers, HttpClient, HttpClientRequest } from "@effect/platform"
import type { FileSystem, HttpClientResponse } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import type { Config } from "effect"
import { ConfigError, Context, Duration, Effect, Layer, Option, ParseResult, Schedule, Schema } from "effect"
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
import type { CommonError, InvalidKeyError, KalshiError } from "./KalshiError.js"
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
  /** Adds policies to the transport (logging, proxies, extra retries, …). */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

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
  /** Extra headers; `KALSHI-ACCESS-*` are refused. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Whether the endpoint needs signed headers. */
  readonly authenticated: boolean
  /** The success status the endpoint promises; any other 2xx is a {@link ProtocolError}. */
  readonly status: 200 | 201 | 204
  /** The schema of the success body (`Schema.Void` for 204). */
  readonly response: Schema.Schema<A, I>
  readonly expect?: X | undefined
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
  /** Sends one call: validated, signed, timed out, retried if it is a read, decoded, errors typed. */
  readonly execute: <A, I, const X extends Expect = Record<never, never>>(
    call: Call<A, I, X>
  ) => Effect.Effect<A, ErrorOf<X>>
}>() {}

const version = "0.1.0"
const defaultTimeout = Duration.seconds(10)
const defaultRetry: RetryPolicy = { maxRetries: 3, baseDelay: Duration.millis(200) }
const redactedHeaderNames = Object.values(Signer.headerNames).map((name) => name.toLowerCase())

/** Where an error happened, for the error's fields. */
interface Site {
  readonly method: Method
  readonly path: string
}

/** Kalshi's error fields, from `{code, message, details}`, `{error: {…}}` or `{error: "…"}`. */
interface ErrorBody {
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly details?: string | undefined
}

const stringField = (record: Record<string, unknown>, key: string): string | undefined =>
  typeof record[key] === "string" ? record[key] : undefined

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const errorBody = (json: unknown): ErrorBody => {
  if (!isRecord(json)) return {}
  const inner = json.error
  if (typeof inner === "string") return { message: inner }
  const record = isRecord(inner) ? inner : json
  return {
    code: stringField(record, "code"),
    message: stringField(record, "message"),
    details: stringField(record, "details")
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

/** Maps a non-success status to its error; statuses the endpoint does not declare are protocol errors. */
const statusError = (site: Site, expect: Expect, status: number, body: ErrorBody): KalshiError => {
  const fields = (what: string) => errorFields(site, status, body, `${what} (HTTP ${status})`)
  if (status === 400 || status === 422) return new ValidationError(fields("the exchange rejected the request"))
  if (status === 401 || status === 403) return new AuthenticationError(fields("not authenticated or not allowed"))
  if (status === 404 && expect.notFound === true) return new NotFoundError(fields("not found"))
  if (status === 409 && expect.conflict === true) return new ConflictError(fields("conflict"))
  if (status === 429) return new RateLimitError(fields("rate limited"))
  if (status >= 500) return new ServerError(fields("the exchange failed"))
  return new ProtocolError(fields(`unexpected status ${status}`))
}

const protocolError = (site: Site, status: number, message: string) =>
  new ProtocolError(errorFields(site, status, {}, message))

/** Reads and decodes a response: the typed error of a failure status, or the decoded success body. */
const decodeResponse = <A, I, X extends Expect>(
  call: Call<A, I, X>,
  site: Site,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<A, ErrorOf<X>> =>
  Effect.gen(function*() {
    const status = response.status
    const text = yield* response.text.pipe(
      Effect.mapError(() => new TransportError(errorFields(site, status, {}, "the response body could not be read")))
    )
    const json = text.trim() === "" ? Option.none() : parseJson(text)
    if (status < 200 || status >= 300) {
      return yield* Effect.fail(
        statusError(site, call.expect ?? {}, status, Option.match(json, { onNone: () => ({}), onSome: errorBody }))
      )
    }
    if (status !== call.status) {
      return yield* protocolError(site, status, `expected HTTP ${call.status}, got ${status}`)
    }
    if (call.status === 204) return yield* decodeBody(call.response, undefined, site, status)
    if (Option.isNone(json)) return yield* protocolError(site, status, "the response body is not JSON")
    if (isRecord(json.value) && json.value.error !== undefined && json.value.error !== null) {
      const body = errorBody(json.value)
      return yield* new ProtocolError(errorFields(site, status, body, "a success response carried an error"))
    }
    return yield* decodeBody(call.response, json.value, site, status)
  }) as Effect.Effect<A, ErrorOf<X>>

const decodeBody = <A, I>(schema: Schema.Schema<A, I>, body: unknown, site: Site, status: number) =>
  Schema.decodeUnknown(schema, { errors: "all" })(body).pipe(
    Effect.mapError((error) =>
      protocolError(
        site,
        status,
        `the response did not match the expected shape: ${ParseResult.TreeFormatter.formatErrorSync(error)}`
      )
    )
  )

const queryParams = (query: Query | undefined): Array<[string, string]> =>
  Object.entries(query ?? {}).flatMap(([key, value]): Array<[string, string]> =>
    value === undefined
      ? []
      : Array.isArray(value)
      ? value.map((item): [string, string] => [key, String(item)])
      : [[key, String(value)]]
  )

const forbiddenHeader = (headers: Readonly<Record<string, string>> | undefined): string | undefined =>
  Object.keys(headers ?? {}).find((name) => name.toLowerCase().startsWith("kalshi-access-"))

/**
 * Makes the client from options, over the `HttpClient` in context.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("KalshiClient.make")(function*(options: Options = {}) {
  const transport = yield* HttpClient.HttpClient
  const http = options.transformClient ? options.transformClient(transport) : transport
  // Credentials in the options win; otherwise a `Signer` provided as a layer (your own, e.g. backed by a
  // KMS, or `Signer.layer(credentials)`) signs; with neither, only public endpoints work.
  const signer = options.credentials
    ? Option.some(yield* Signer.make(options.credentials))
    : yield* Effect.serviceOption(Signer.Signer)
  const baseUrl = (options.baseUrl ?? baseUrls[options.environment ?? "demo"]).replace(/\/+$/, "")
  const basePath = yield* Option.match(Option.liftThrowable(() => new URL(baseUrl))(), {
    onNone: () => Effect.fail(ConfigError.InvalidData(["baseUrl"], `not an absolute URL: ${JSON.stringify(baseUrl)}`)),
    onSome: (url) => Effect.succeed(url.pathname.replace(/\/+$/, ""))
  })
  const timeout = options.timeout ?? defaultTimeout
  const retry = options.retry ?? defaultRetry
  const userAgent = options.userAgent ?? `effect-kalshi/${version}`
  const readRetry = retry === false
    ? undefined
    : Schedule.exponential(retry.baseDelay).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(retry.maxRetries))
    )

  const attempt = <A, I, X extends Expect>(
    call: Call<A, I, X>,
    site: Site,
    request: HttpClientRequest.HttpClientRequest
  ) =>
    Effect.gen(function*() {
      const signed = yield* Option.match(signer, {
        onNone: () => Effect.succeed(request),
        onSome: (s) =>
          call.authenticated
            ? Effect.map(s.headers(call.method, basePath + call.path), (h) => HttpClientRequest.setHeaders(request, h))
            : Effect.succeed(request)
      })
      const response = yield* http.execute(signed).pipe(
        Effect.catchTag("RequestError", (error) =>
          new TransportError(errorFields(site, undefined, {}, `the request failed: ${error.reason}`))),
        Effect.catchTag("ResponseError", (error) =>
          new TransportError(errorFields(site, error.response.status, {}, `the response failed: ${error.reason}`)))
      )
      return yield* decodeResponse(call, site, response)
    }).pipe(
      Effect.scoped,
      // The timeout covers the whole attempt, body included: a stalled body must not hang the caller.
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new TransportError(
            errorFields(site, undefined, {}, `no complete response within ${Duration.format(timeout)}`)
          )
      })
    )

  const execute = <A, I, const X extends Expect = Record<never, never>>(
    call: Call<A, I, X>
  ): Effect.Effect<A, ErrorOf<X>> => {
    const site: Site = { method: call.method, path: call.path }
    const forbidden = forbiddenHeader(call.headers)
    if (forbidden !== undefined) {
      return new ValidationError(
        errorFields(site, undefined, {}, `extra header "${forbidden}" is reserved for request signing`)
      )
    }
    if (call.authenticated && Option.isNone(signer)) {
      return new AuthenticationError(
        errorFields(site, undefined, {}, "this endpoint needs credentials: set KALSHI_API_KEY_ID and a private key")
      )
    }
    let request = HttpClientRequest.make(call.method)(baseUrl + call.path, {
      urlParams: queryParams(call.query),
      headers: { ...call.headers, "user-agent": userAgent, accept: "application/json" }
    })
    if (call.body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, call.body)
    const once = attempt(call, site, request)
    const retried = call.method === "GET" && readRetry !== undefined
      ? Effect.retry(once, { schedule: readRetry, while: isTransient })
      : once
    return retried.pipe(
      Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...redactedHeaderNames])
    )
  }

  return KalshiClient.of({ baseUrl, authenticated: Option.isSome(signer), execute })
})

/**
 * The client as a layer, from options.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<KalshiClient, InvalidKeyError | ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(KalshiClient, make(options))

/**
 * The client as a layer, configured from `Config` (by default the standard variables of
 * {@link KalshiConfig.fromEnv}: `KALSHI_API_KEY_ID`, `KALSHI_PRIVATE_KEY_PATH` or `KALSHI_PRIVATE_KEY`,
 * `KALSHI_ENV`, `KALSHI_BASE_URL`). A key path is read with the `FileSystem` in context.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config: Config.Config<KalshiConfig.KalshiConfig> = KalshiConfig.fromEnv,
  options: Omit<Options, "environment" | "baseUrl" | "credentials"> = {}
): Layer.Layer<
  KalshiClient,
  ConfigError.ConfigError | InvalidKeyError | PlatformError,
  HttpClient.HttpClient | FileSystem.FileSystem
> =>
  Layer.effect(
    KalshiClient,
    Effect.gen(function*() {
      const resolved = yield* KalshiConfig.resolve(yield* config)
      return yield* make({ ...options, ...resolved })
    })
  )
