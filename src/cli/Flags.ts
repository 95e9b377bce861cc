/**
 * The command-line options several trading commands share, and how optional options become the SDK's
 * request parameters.
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import * as Option from "effect/Option"
import * as Table from "./Table.js"

/**
 * `--limit`: how many items one page holds (the SDK checks the endpoint's bounds before sending).
 *
 * @since 0.1.0
 */
export const limit = Options.integer("limit").pipe(
  Options.withDescription("items per page"),
  Options.optional
)

/**
 * `--cursor`: the page after the one a previous run ended with (it prints the cursor to pass).
 *
 * @since 0.1.0
 */
export const cursor = Options.text("cursor").pipe(
  Options.withDescription("the next page's cursor, as printed by the previous page"),
  Options.optional
)

/**
 * `--ticker`: only this market.
 *
 * @since 0.1.0
 */
export const ticker = Options.text("ticker").pipe(
  Options.withDescription("only this market (ticker)"),
  Options.optional
)

/**
 * The options that were given, as request parameters: `{ limit: Some(5), cursor: None }` is `{ limit: 5 }`
 * (no key at all for an option left out, since the SDK refuses unknown and stray keys).
 *
 * @since 0.1.0
 */
export const given = <const R extends Record<string, Option.Option<unknown>>>(
  options: R
): { -readonly [K in keyof R]?: R[K] extends Option.Option<infer A> ? A : never } => {
  const params: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (Option.isSome(value)) params[key] = value.value
  }
  return params as { -readonly [K in keyof R]?: R[K] extends Option.Option<infer A> ? A : never }
}

/**
 * The line a table ends with when there are more pages: how to ask for the next one.
 *
 * @since 0.1.0
 */
export const nextPage = (cursor: string | null | undefined): string =>
  cursor === undefined || cursor === null || cursor === "" ? "" : `\nmore: --cursor ${Table.inert(cursor)}`
