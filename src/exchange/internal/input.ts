/**
 * What the exchange accepts from a request, as strictly as Kalshi's edge: well-formed paths, JSON bodies only,
 * bodies and fields of bounded size (refused before being read in full), bounded nesting, and every input
 * decoded by a schema into a 400 in Kalshi's shape when it does not fit.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { badRequest, ExchangeError, notFound } from "./errors.js"

/** The bounds of a request. */
export const limits = {
  /** A body beyond this many bytes is refused (413) without being read further. */
  bodyBytes: 1024 * 1024,
  /** JSON nested deeper than this (arrays and objects) is refused (400) before it is parsed. */
  depth: 32,
  /** The longest id, ticker or other string the exchange accepts in a path, query or body. */
  field: 256,
  /** The longest URL (path and query) the exchange accepts (414). */
  url: 8192
} as const

const failure = (status: number, code: string, message: string, details = "") =>
  new ExchangeError({ status, code, message, details })

const tooLarge = () => failure(413, "request_too_large", "Request body too large", `at most ${limits.bodyBytes} bytes`)

/**
 * Refuses, before routing, what Kalshi's edge would: a declared body beyond the bound, and URLs its router
 * would not route: too long, with empty or dot segments (`/portfolio//balance`), or with an over-long segment.
 * `url` is the request's URL as received: a path (node) or absolute (web).
 */
export const checkRequest = (url: string, contentLength: string | undefined): ExchangeError | undefined => {
  if (contentLength !== undefined && Number(contentLength) > limits.bodyBytes) return tooLarge()
  if (url.length > limits.url) return failure(414, "uri_too_long", "Request URI too long", `${url.length} characters`)
  const path = url.startsWith("/") ? url.split(/[?#]/)[0] ?? "" : new URL(url).pathname
  const segments = path.split("/").slice(1)
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    return notFound("not_found", "Route not found", "the path has an empty or dot segment")
  }
  if (segments.some((segment) => segment.length > limits.field)) {
    return badRequest("invalid_parameters", "Path segment too long", `at most ${limits.field} characters`)
  }
  return undefined
}

/** Whether the JSON text nests arrays and objects deeper than `max` (strings are skipped, escapes honoured). */
export const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) {
      inString = true
    } else if (c === 91 || c === 123) {
      if (++depth > max) return true
    } else if (c === 93 || c === 125) {
      depth--
    }
  }
  return false
}

const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/json\s*(;.*)?$/i.test(contentType.trim())

const unsupported = () => failure(415, "unsupported_media_type", "Content-Type must be application/json")

/**
 * The body as text: JSON content type only, refused as soon as it passes the size bound. With `allowEmpty`,
 * no body at all is `""` whatever the content type.
 */
const bodyText = (
  allowEmpty: boolean
): Effect.Effect<string, ExchangeError, HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const json = isJson(request.headers["content-type"])
    if (!json && !allowEmpty) return yield* unsupported()
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > limits.bodyBytes) return yield* tooLarge()
    const chunks = yield* Stream.runFoldEffect(
      request.stream,
      { bytes: 0, chunks: [] as Array<Uint8Array> },
      (acc, chunk) => {
        const bytes = acc.bytes + chunk.length
        if (bytes > limits.bodyBytes) return Effect.fail(tooLarge())
        acc.chunks.push(chunk)
        return Effect.succeed({ bytes, chunks: acc.chunks })
      }
    ).pipe(
      Effect.catchIf(
        (error): error is Exclude<typeof error, ExchangeError> => !(error instanceof ExchangeError),
        () => Effect.succeed({ bytes: 0, chunks: [] })
      )
    )
    if (chunks.bytes === 0 && allowEmpty) return ""
    if (!json) return yield* unsupported()
    const bytes = new Uint8Array(chunks.bytes)
    chunks.chunks.reduce((offset, chunk) => {
      bytes.set(chunk, offset)
      return offset + chunk.length
    }, 0)
    return yield* Effect.try({
      try: () => new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      catch: () => badRequest("invalid_body", "The request body is not UTF-8")
    })
  })

/** The longest `details` of a refused input: the parse error, cut so that it never echoes a huge value. */
const detailsLength = 1024

const excerpt = (text: string): string =>
  text.length <= detailsLength ? text : `${text.slice(0, detailsLength)}… (${text.length} characters)`

/** A schema's decoding as a 400 `invalid_parameters` with (an excerpt of) the parse error as details. */
export const decode = <A, I>(schema: Schema.Schema<A, I>) => (input: unknown): Effect.Effect<A, ExchangeError> =>
  Schema.decodeUnknown(schema)(input).pipe(
    Effect.mapError((error) =>
      badRequest(
        "invalid_parameters",
        "Invalid request parameters",
        excerpt(ParseResult.TreeFormatter.formatErrorSync(error))
      )
    )
  )

/** The JSON body decoded by `schema`; too deep a nesting is a 400 before parsing. */
export const body = <A, I>(schema: Schema.Schema<A, I>) => Effect.flatMap(bodyText(false), parseBody(schema))

const parseBody = <A, I>(schema: Schema.Schema<A, I>) => (text: string) =>
  nestsDeeperThan(text, limits.depth)
    ? Effect.fail(badRequest("invalid_body", "The request body nests too deeply", `at most ${limits.depth} levels`))
    : decode(Schema.parseJson(schema))(text)

/** {@link body} for operations whose body is optional: no body at all decodes as `{}`. */
export const optionalBody = <A, I>(schema: Schema.Schema<A, I>) =>
  Effect.flatMap(bodyText(true), (text) => (text === "" ? decode(schema)({}) : parseBody(schema)(text)))

/** The query string decoded by `schema`. */
export const query = <A, I>(schema: Schema.Schema<A, I>) =>
  Effect.flatMap(HttpServerRequest.ParsedSearchParams, decode(schema))

/** A path parameter, bounded like every field. */
export const pathParam = (name: string) =>
  Effect.flatMap(HttpRouter.params, (params) => decode(Text)(params[name] ?? ""))

/** A string field of bounded length. */
export const Text = Schema.String.pipe(Schema.maxLength(limits.field))

/** A non-empty string field of bounded length. */
export const NonEmptyText = Text.pipe(Schema.minLength(1))

/** Go-style optional body field: absent or `null`. */
export const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { nullable: true })

/** A JSON body's fields: unknown fields are refused. */
export const Body = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct(fields).annotations({ parseOptions: { onExcessProperty: "error" } })

/** An integer query parameter. */
export const IntParam = Schema.NumberFromString.pipe(Schema.int())

/** A subaccount query parameter: 0 (primary) to 63. */
export const SubaccountParam = IntParam.pipe(Schema.between(0, 63))

/** A `true` / `false` query parameter. */
export const BooleanParam = Schema.Literal("true", "false").pipe(
  Schema.transform(Schema.Boolean, { strict: true, decode: (s) => s === "true", encode: (b) => (b ? "true" : "false") })
)

/** A comma-separated list query parameter (`tickers=A,B`); blanks are dropped. */
export const CommaList = Schema.transform(Schema.String, Schema.Array(Schema.String), {
  strict: true,
  decode: (s) => s.split(",").map((item) => item.trim()).filter((item) => item !== ""),
  encode: (items) => items.join(",")
})
