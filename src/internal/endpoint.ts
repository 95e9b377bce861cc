/**
 * The pieces every endpoint is built from: validating a request against its schema before sending, path
 * segments, and handing the call to the client in its operation's span.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import type { Call, ErrorOf, Expect, Method, Query } from "../KalshiClient.js"
import { KalshiClient } from "../KalshiClient.js"
import { ValidationError } from "../KalshiError.js"
import { describeIssue, describeValue, excerpt } from "./describe.js"
import { isWellFormed } from "./schema.js"
import { operationSpan } from "./tracing.js"

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
): Either.Either<I, ValidationError> => {
  // Synchronous (request schemas have no asynchronous parts): an `Either`, which is also an effect.
  try {
    return Either.mapLeft(
      Schema.encodeUnknownEither(schema, encodeOptions)(value),
      (error) => new ValidationError({ message: `invalid request: ${describeIssue(error.issue)}`, method, path })
    )
  } catch (defect) {
    return Either.left(
      new ValidationError({ message: `invalid request: reading it threw ${thrownName(defect)}`, method, path })
    )
  }
}

/**
 * A path segment from a caller's id: a non-empty, well-formed string, URI-encoded. `.` and `..` are
 * refused (URL parsing treats them as dot segments and would send the request to another endpoint), and
 * so are lone UTF-16 surrogates (they have no URI encoding).
 */
const segment = (name: string, value: string, method: Method, path: string): Either.Either<string, ValidationError> =>
  typeof value === "string" && value.length > 0 && value !== "." && value !== ".." && isWellFormed(value)
    ? Either.right(encodeURIComponent(value))
    : Either.left(
      new ValidationError({
        message: `${name} must be a non-empty, well-formed string other than "." and ".."`,
        method,
        path
      })
    )

/** A request value with the schema that validates it and encodes it to the wire. */
export interface Payload {
  readonly encode: (method: Method, path: string) => Either.Either<unknown, ValidationError>
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
      : Either.left(
        new ValidationError({
          message: `invalid request: expected an object literal, got ${describeValue(value)}`,
          method,
          path
        })
      )
})

/**
 * One endpoint call, declared: `path` may hold `{name}` placeholders filled from `pathParams` (each
 * checked with {@link segment}); `query` and `body` are validated and encoded before anything is sent;
 * `operation` names its span (`Portfolio.balance`).
 */
export interface Endpoint<A, I, X extends Expect>
  extends Omit<Call<A, I, X>, "path" | "query" | "body" | "headers" | "operation">
{
  readonly operation: string
  readonly path: string
  readonly pathParams?: Readonly<Record<string, string>> | undefined
  readonly query?: Payload | undefined
  readonly body?: Payload | undefined
}

const placeholder = /\{([a-z_]+)\}/g

/** The endpoint's path with its `{name}` placeholders filled, each value checked with {@link segment}. */
const fillPath = <A, I, X extends Expect>(endpoint: Endpoint<A, I, X>): Either.Either<string, ValidationError> => {
  const { method, path: template } = endpoint
  // Most paths have no parameter: skip the scan (`matchAll` copies its regular expression on every call).
  if (!template.includes("{")) return Either.right(template)
  const pathParams = endpoint.pathParams ?? {}
  let path = template
  for (const [, name = ""] of template.matchAll(placeholder)) {
    const value = segment(name, pathParams[name] ?? "", method, template)
    if (Either.isLeft(value)) return value
    path = path.replace(`{${name}}`, value.right)
  }
  return Either.right(path)
}

const nothing = Either.right(undefined)

/** The call an endpoint makes: its path filled, its query and body validated and encoded. */
const callOf = <A, I, X extends Expect>(
  endpoint: Endpoint<A, I, X>,
  options: RequestOptions | undefined
): Either.Either<Call<A, I, X>, ValidationError> => {
  const { body, method, query } = endpoint
  const path = fillPath(endpoint)
  if (Either.isLeft(path)) return Either.left(path.left)
  const encodedQuery = query === undefined ? nothing : query.encode(method, path.right)
  if (Either.isLeft(encodedQuery)) return Either.left(encodedQuery.left)
  const encodedBody = body === undefined ? nothing : body.encode(method, path.right)
  if (Either.isLeft(encodedBody)) return Either.left(encodedBody.left)
  return Either.right({
    method,
    path: path.right,
    query: encodedQuery.right as Query | undefined,
    body: encodedBody.right,
    headers: options?.headers,
    authenticated: endpoint.authenticated,
    status: endpoint.status,
    response: endpoint.response,
    expect: endpoint.expect,
    operation: endpoint.operation
  })
}

/**
 * Validates and encodes an endpoint's inputs when the effect runs (so a value changed between two runs is
 * read again), then sends it with the client in context, in the span of its operation (the client makes it).
 * The inputs are checked synchronously: no effect pipeline is paid for until the client sends; inputs that
 * fail are recorded in the operation's span too.
 */
export const request = <A, I, const X extends Expect = Record<never, never>>(
  endpoint: Endpoint<A, I, X>,
  options: RequestOptions | undefined
): Effect.Effect<A, ErrorOf<X>, KalshiClient> =>
  Effect.flatMap(KalshiClient, (client) => {
    const call = callOf(endpoint, options)
    if (Either.isRight(call)) return client.execute(call.right)
    return Effect.withSpan(Effect.fail(call.left), endpoint.operation, operationSpan)
  })

/** The `{}` body of the operations whose request body the spec declares empty. */
export const emptyBody: Payload = payload(Schema.Struct({}), {})
