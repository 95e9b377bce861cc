/**
 * Walking Kalshi's cursor-paginated lists.
 *
 * Every list endpoint answers `{<items>: [...], cursor: "..."}`; an empty or missing cursor means the
 * last page. Each list in the SDK has a one-page method and a `Stream` method built here, which stops
 * after `maxPages` pages and fails with a {@link ProtocolError} if the exchange hands back a cursor it
 * already gave (which would otherwise loop forever).
 *
 * @since 0.1.0
 */
import { Chunk, Effect, HashSet, Option, Stream } from "effect"
import { ProtocolError } from "./KalshiError.js"

/**
 * Options of a `…All` stream.
 *
 * @since 0.1.0
 */
export interface StreamOptions {
  /** Stop after this many pages (default {@link defaultMaxPages}). */
  readonly maxPages?: number | undefined
}

/**
 * The default page cap of a stream: a bound, so that a misbehaving server cannot keep a stream going
 * forever.
 *
 * @since 0.1.0
 */
export const defaultMaxPages = 1_000

/**
 * One fetched page: its items and the cursor of the next page (`""` or `undefined` on the last).
 *
 * @since 0.1.0
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly cursor: string | undefined
}

interface State {
  readonly cursor: string | undefined
  readonly page: number
  readonly seen: HashSet.HashSet<string>
}

/**
 * Streams every item of a list, page after page, from a function that fetches the page at a cursor
 * (`undefined` for the first page).
 *
 * @since 0.1.0
 */
export const stream = <A, E, R>(
  path: string,
  fetchPage: (cursor: string | undefined) => Effect.Effect<Page<A>, E, R>,
  options: StreamOptions = {}
): Stream.Stream<A, E | ProtocolError, R> => {
  const maxPages = options.maxPages ?? defaultMaxPages
  const initial: State = { cursor: undefined, page: 1, seen: HashSet.empty() }
  return Stream.paginateChunkEffect(initial, (state) =>
    Effect.flatMap(fetchPage(state.cursor), (page) => {
      const items = Chunk.fromIterable(page.items)
      const next = page.cursor
      if (next === undefined || next === "" || state.page >= maxPages) {
        return Effect.succeed([items, Option.none<State>()] as const)
      }
      if (HashSet.has(state.seen, next) || next === state.cursor) {
        return new ProtocolError({
          message: `the cursor "${next}" came back a second time: the list would never end`,
          method: "GET",
          path
        })
      }
      const seen = state.cursor === undefined ? state.seen : HashSet.add(state.seen, state.cursor)
      return Effect.succeed([items, Option.some<State>({ cursor: next, page: state.page + 1, seen })] as const)
    }))
}

/**
 * The `…All` method of a one-page list method: `walk("/portfolio/orders", "orders", Orders.list)`
 * streams the items under `key` of every page, passing each page's cursor to the next call.
 *
 * @since 0.1.0
 */
export const walk = <K extends string, P extends { readonly cursor?: string | undefined }, O, A, E, R>(
  path: string,
  key: K,
  fetchPage: (
    params?: P,
    options?: O
  ) => Effect.Effect<{ readonly [k in K]: ReadonlyArray<A> } & { readonly cursor?: string | null | undefined }, E, R>
) =>
(params?: Omit<P, "cursor">, options?: O & StreamOptions): Stream.Stream<A, E | ProtocolError, R> =>
  stream(
    path,
    // `Omit<P, "cursor">` plus a cursor is a `P` again.
    (cursor) =>
      Effect.map(
        fetchPage({ ...params, cursor } as P, options),
        (page) => ({ items: page[key], cursor: page.cursor ?? undefined })
      ),
    options
  )
