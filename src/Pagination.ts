/**
 * Walking Kalshi's cursor-paginated lists.
 *
 * Every list endpoint answers `{<items>: [...], cursor: "..."}`; an empty or missing cursor means the
 * last page. Each list in the SDK has a one-page method and a `Stream` method built here. The stream
 * never ends early in silence: when it has read `maxPages` pages and the exchange still has more, it
 * fails with a {@link PageLimitError} (after emitting the items it read), and if the exchange hands back
 * a cursor it already gave (which would otherwise loop forever) it fails with a {@link ProtocolError}
 * (`cursor_cycle`). A stream that ends without an error has read the whole list.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as HashSet from "effect/HashSet"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { excerpt } from "./internal/describe.js"
import { PageLimitError, ProtocolError } from "./KalshiError.js"

/**
 * Options of a `…All` stream.
 *
 * @since 0.1.0
 */
export interface StreamOptions {
  /**
   * Read at most this many pages (default {@link defaultMaxPages}); if the list goes on, the stream
   * fails with a {@link PageLimitError} after the items of the last page read.
   */
  readonly maxPages?: number | undefined
}

/**
 * The default page cap of a stream: a bound, so that a misbehaving server cannot keep a stream going
 * forever (1,000 pages, a million items at `limit: 1000`).
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

/** Where a stream is: at the next cursor, or past the page cap with more pages left. */
type State =
  | {
    readonly _tag: "Next"
    readonly cursor: string | undefined
    readonly page: number
    readonly seen: HashSet.HashSet<string>
  }
  | { readonly _tag: "Capped" }

const pageLimit = (path: string, maxPages: number) =>
  new PageLimitError({
    message: `the list at ${path} has more than ${maxPages} pages: the stream stopped at the page cap (maxPages)`,
    maxPages,
    path
  })

const cursorCycle = (path: string, cursor: string) =>
  new ProtocolError({
    message: `the cursor ${JSON.stringify(excerpt(cursor, 80))} came back a second time: the list would never end`,
    method: "GET",
    path,
    reason: "cursor_cycle"
  })

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
): Stream.Stream<A, E | ProtocolError | PageLimitError, R> => {
  const maxPages = options.maxPages ?? defaultMaxPages
  const initial: State = { _tag: "Next", cursor: undefined, page: 1, seen: HashSet.empty() }
  return Stream.paginateChunkEffect<State, A, E | ProtocolError | PageLimitError, R>(
    initial,
    (state) =>
      state._tag === "Capped"
        // The items of the last page read went out first; now say that the list goes on.
        ? Effect.fail(pageLimit(path, maxPages))
        : Effect.flatMap(fetchPage(state.cursor), (page) => {
          const items = Chunk.fromIterable(page.items)
          const next = page.cursor
          if (next === undefined || next === "") return Effect.succeed([items, Option.none<State>()] as const)
          if (HashSet.has(state.seen, next) || next === state.cursor) return Effect.fail(cursorCycle(path, next))
          const seen = state.cursor === undefined ? state.seen : HashSet.add(state.seen, state.cursor)
          const after: State = state.page >= maxPages
            ? { _tag: "Capped" }
            : { _tag: "Next", cursor: next, page: state.page + 1, seen }
          return Effect.succeed([items, Option.some(after)] as const)
        })
  )
}

/**
 * The arguments of a `…All` stream: the list's filters without `cursor` (optional when every filter is),
 * then the request and stream options.
 *
 * @since 0.1.0
 */
export type WalkArguments<P, O> = Record<never, never> extends Omit<P, "cursor">
  ? [params?: Omit<P, "cursor">, options?: O & StreamOptions]
  : [params: Omit<P, "cursor">, options?: O & StreamOptions]

/** A one-page list method: its filters (with a `cursor`), then its request options. */
type PageMethod = (params: never, options?: never) => Effect.Effect<unknown, unknown, unknown>

type PageOf<F extends PageMethod> = Effect.Effect.Success<ReturnType<F>>
type ItemOf<F extends PageMethod, K extends string> = PageOf<F> extends { readonly [k in K]: ReadonlyArray<infer A> } ?
  A :
  never

/**
 * The `…All` method of a one-page list method: `walk("/portfolio/orders", "orders", Orders.list)`
 * streams the items under `key` of every page, passing each page's cursor (the response's `cursorKey`,
 * `cursor` unless the endpoint names it otherwise) to the next call.
 *
 * @since 0.1.0
 */
export const walk = <F extends PageMethod, K extends string, C extends string = "cursor">(
  path: string,
  key: K,
  fetchPage: F,
  cursorKey: C = "cursor" as C
) =>
(
  ...args: WalkArguments<Exclude<Parameters<F>[0], undefined>, Exclude<Parameters<F>[1], undefined>>
): Stream.Stream<
  ItemOf<F, K>,
  Effect.Effect.Error<ReturnType<F>> | ProtocolError | PageLimitError,
  Effect.Effect.Context<ReturnType<F>>
> => {
  const [params, options] = args
  return stream(
    path,
    (cursor) =>
      Effect.map(
        // `Omit<P, "cursor">` plus a cursor is a `P` again.
        fetchPage({ ...params, cursor } as never, options as never) as Effect.Effect<
          Readonly<Record<string, unknown>>,
          Effect.Effect.Error<ReturnType<F>>,
          Effect.Effect.Context<ReturnType<F>>
        >,
        (page) => ({
          items: page[key] as ReadonlyArray<ItemOf<F, K>>,
          cursor: (page[cursorKey] as string | null | undefined) ?? undefined
        })
      ),
    options
  )
}
