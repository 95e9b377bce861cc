/**
 * The pieces every endpoint is built from: validating a request against its schema before sending,
 * path segments, and handing the call to the client.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import type { Call, Expect, Method, Query } from "../KalshiClient.js"
import { KalshiClient } from "../KalshiClient.js"
import { ValidationError } from "../KalshiError.js"
import { describeIssue, describeValue, excerpt } from "./describe.js"
import { isWellFormed } from "./schema.js"

/** Options every method accepts. */
export interface RequestOptions {
  /** Extra headers for this request; `KALSHI-ACCESS-*` are refused. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

const encodeOptions: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "error" }

/** The name of what a request value threw while being read (a throwing getter, a hostile proxy). */
const thrownName = (defect: unknown): string => defect instanceof Error ? excerpt(defect.name, 40) : typeof defect

/**
 * Encodes a request value to its wire form, refusing unknown keys (symbol keys too) and every rule of
 * the schema: the request fails with a {@link ValidationError} before anything is sent. The message
 * lists the first problems, each with its field's path, and describes values by kind and size only, so
 * that any value, however large, deep or hostile, fails quickly and never crashes the formatter. A value
 * that throws while being read (a getter, a proxy) is a `ValidationError` too.
 */
export const encode = <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  method: Method,
  path: string
): Effect.Effect<I, ValidationError> => {
  // Synchronous (request schemas have no asynchronous parts): one Either, no effect pipeline to pay for.
  try {
    return Either.match(Schema.encodeUnknownEither(schema, encodeOptions)(value), {
      onLeft: (error) =>
        Effect.fail(new ValidationError({ message: `invalid request: ${describeIssue(error.issue)}`, method, path })),
      onRight: Effect.succeed
    })
  } catch (defect) {
    return Effect.fail(
      new ValidationError({ message: `invalid request: reading it threw ${thrownName(defect)}`, method, path })
    )
  }
}

/**
 * A path segment from a caller's id: a non-empty, well-formed string, URI-encoded. `.` and `..` are
 * refused (URL parsing treats them as dot segments and would send the request to another endpoint), and
 * so are lone UTF-16 surrogates (they have no URI encoding).
 */
export const segment = (name: string, value: string, method: Method, path: string) =>
  typeof value === "string" && value.length > 0 && value !== "." && value !== ".." && isWellFormed(value)
    ? Effect.succeed(encodeURIComponent(value))
    : new ValidationError({
      message: `${name} must be a non-empty, well-formed string other than "." and ".."`,
      method,
      path
    })

/** A request value with the schema that validates it and encodes it to the wire. */
export interface Payload {
  readonly encode: (method: Method, path: string) => Effect.Effect<unknown, ValidationError>
}

/** Whether a value is a plain object (an object literal), the only form a query or body model takes. */
const isPlainObject = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return false
  try {
    const prototype = Object.getPrototypeOf(value)
    return prototype === Object.prototype || prototype === null
  } catch {
    return false
  }
}

/**
 * Pairs a request value with its schema; the type checker sees that they agree. The value must be a
 * plain object: a `Date`, an array or a class instance would pass a model whose fields are all optional
 * (it has no own keys to refuse) and be sent as an empty request.
 */
export const payload = <A, I>(schema: Schema.Schema<A, I>, value: A): Payload => ({
  encode: (method, path) =>
    isPlainObject(value)
      ? encode(schema, value, method, path)
      : new ValidationError({
        message: `invalid request: expected an object literal, got ${describeValue(value)}`,
        method,
        path
      })
})

/**
 * One endpoint call, declared: `path` may hold `{name}` placeholders filled from `pathParams` (each
 * checked with {@link segment}); `query` and `body` are validated and encoded before anything is sent.
 */
export interface Endpoint<A, I, X extends Expect> extends Omit<Call<A, I, X>, "path" | "query" | "body" | "headers"> {
  readonly path: string
  readonly pathParams?: Readonly<Record<string, string>> | undefined
  readonly query?: Payload | undefined
  readonly body?: Payload | undefined
}

const placeholder = /\{([a-z_]+)\}/g

/** Validates and encodes an endpoint's inputs, then sends it with the client in context. */
export const request = <A, I, const X extends Expect = Record<never, never>>(
  endpoint: Endpoint<A, I, X>,
  options: RequestOptions | undefined
) =>
  Effect.gen(function*() {
    const { body, method, path: template, query } = endpoint
    let path = template
    // Most paths have no parameter: skip the scan (`matchAll` copies its regular expression on every call).
    if (template.includes("{")) {
      const pathParams = endpoint.pathParams ?? {}
      for (const [, name = ""] of template.matchAll(placeholder)) {
        path = path.replace(`{${name}}`, yield* segment(name, pathParams[name] ?? "", method, template))
      }
    }
    const encodedQuery = query === undefined ? undefined : yield* query.encode(method, path)
    const encodedBody = body === undefined ? undefined : yield* body.encode(method, path)
    const client = yield* KalshiClient
    return yield* client.execute<A, I, X>({
      method,
      path,
      query: encodedQuery as Query | undefined,
      body: encodedBody,
      headers: options?.headers,
      authenticated: endpoint.authenticated,
      status: endpoint.status,
      response: endpoint.response,
      expect: endpoint.expect
    })
  })

/** The `{}` body of the operations whose request body the spec declares empty. */
export const emptyBody: Payload = payload(Schema.Struct({}), {})
