/**
 * The pieces every endpoint is built from: validating a request against its schema before sending,
 * path segments, and handing the call to the client.
 *
 * @internal
 */
import { Effect, ParseResult, Schema } from "effect"
import type { Call, Expect, Method } from "../KalshiClient.js"
import { KalshiClient } from "../KalshiClient.js"
import { ValidationError } from "../KalshiError.js"

/** Options every method accepts. */
export interface RequestOptions {
  /** Extra headers for this request; `KALSHI-ACCESS-*` are refused. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** One line per problem, each with the path of the offending field: `price: price must be within …`. */
const describeIssues = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`))
    .join("; ")

/**
 * Encodes a request value to its wire form, refusing unknown keys and every rule of the schema: the
 * request fails with a {@link ValidationError} before anything is sent.
 */
export const encode = <A, I>(schema: Schema.Schema<A, I>, value: A, method: Method, path: string) =>
  Schema.encodeUnknown(schema, { errors: "all", onExcessProperty: "error" })(value).pipe(
    Effect.mapError((error) =>
      new ValidationError({ message: `invalid request: ${describeIssues(error)}`, method, path })
    )
  )

/**
 * A path segment from a caller's id: non-empty, URI-encoded. `.` and `..` are refused: URL parsing
 * treats them as dot segments and would send the request to another endpoint.
 */
export const segment = (name: string, value: string, method: Method, path: string) =>
  typeof value === "string" && value.length > 0 && value !== "." && value !== ".."
    ? Effect.succeed(encodeURIComponent(value))
    : new ValidationError({ message: `${name} must be a non-empty string other than "." and ".."`, method, path })

/** Sends a call with the client in context. */
export const send = <A, I, const X extends Expect = Record<never, never>>(call: Call<A, I, X>) =>
  Effect.flatMap(KalshiClient, (client) => client.execute<A, I, X>(call))
