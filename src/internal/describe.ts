/**
 * Bounded, crash-proof descriptions for error messages: excerpts of text, short descriptions of values
 * and of schema failures. Nothing here formats a value in full: a hostile value (a 50 MB string, an
 * array nested a million deep, a symbol key, a forged `BigDecimal`) is described by its kind and size,
 * so building a message can neither overflow the stack nor copy a body into an error.
 *
 * @internal
 */
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as SchemaAST from "effect/SchemaAST"

/** The longest excerpt of foreign text an error message quotes. */
export const maxExcerpt = 200

/** `text` cut to `max` characters (never splitting a surrogate pair), marked when cut. */
export const excerpt = (text: string, max: number = maxExcerpt): string => {
  if (text.length <= max) return text
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}… (${text.length} characters)`
}

/** A property key as a path element: symbols by their (bounded) description, never coerced implicitly. */
const keyName = (key: PropertyKey): string =>
  typeof key === "symbol" ? `[${excerpt(key.toString(), 40)}]` : excerpt(String(key), 40)

/** What a value is, in a few words, without walking into it. */
export const describeValue = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(excerpt(value, 40))
    case "number":
    case "boolean":
      return String(value)
    case "bigint":
      return "a bigint"
    case "symbol":
      return "a symbol"
    case "function":
      return "a function"
    case "undefined":
      return "undefined"
  }
  if (value === null) return "null"
  if (Array.isArray(value)) return `an array of ${value.length} items`
  return "an object"
}

/** The expected type of a failed check, from the schema's own annotations, bounded. */
const expected = (ast: SchemaAST.AST): string =>
  excerpt(
    SchemaAST.getDescriptionAnnotation(ast).pipe(
      Option.orElse(() => SchemaAST.getIdentifierAnnotation(ast)),
      Option.orElse(() => SchemaAST.getTitleAnnotation(ast)),
      Option.getOrElse(() => String(ast))
    ),
    80
  )

/** One problem: where (the path of the field) and what. */
export interface Problem {
  readonly path: ReadonlyArray<string>
  readonly message: string
}

/**
 * The first `limit` problems of a parse failure, each with its path. Values are described with
 * {@link describeValue}, never formatted whole; the walk follows the issue tree, whose depth is the
 * schema's, not the input's.
 */
export const problems = (issue: ParseResult.ParseIssue, limit: number): {
  readonly listed: ReadonlyArray<Problem>
  readonly total: number
} => {
  const listed: Array<Problem> = []
  let total = 0
  const add = (path: ReadonlyArray<string>, message: string) => {
    total += 1
    if (listed.length < limit) listed.push({ path, message: excerpt(message) })
  }
  const go = (issue: ParseResult.ParseIssue, path: ReadonlyArray<string>): void => {
    switch (issue._tag) {
      case "Type":
        return add(path, issue.message ?? `expected ${expected(issue.ast)}, got ${describeValue(issue.actual)}`)
      case "Missing":
        return add(path, issue.message ?? "is missing")
      case "Unexpected":
        return add(path, issue.message ?? "is not allowed")
      case "Forbidden":
        return add(path, issue.message ?? "is forbidden")
      case "Pointer": {
        const keys = Array.isArray(issue.path) ? issue.path : [issue.path as PropertyKey]
        return go(issue.issue, [...path, ...keys.map(keyName)])
      }
      case "Refinement":
      case "Transformation":
        return go(issue.issue, path)
      case "Composite": {
        const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
        for (const inner of issues) go(inner, path)
        return
      }
    }
  }
  go(issue, [])
  return { listed, total }
}

/** The problems of a parse failure on one line: `price: price must be within …; side: expected …`. */
export const describeIssue = (issue: ParseResult.ParseIssue, limit = 5): string => {
  const { listed, total } = problems(issue, limit)
  const lines = listed.map((problem) =>
    problem.path.length === 0 ? problem.message : `${problem.path.join(".")}: ${problem.message}`
  )
  return total > listed.length ? `${lines.join("; ")}; and ${total - listed.length} more` : lines.join("; ")
}
