/**
 * Cursor pagination shared by every list endpoint: the cursor is an opaque token naming the last item of the
 * previous page, so items added meanwhile neither repeat nor shift the next page; the last page answers `""`.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import { badRequest, type ExchangeError } from "./errors.js"

export interface PageRequest {
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}

export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly cursor: string
}

const defaultLimit = 100

const startAfter = <A>(
  items: ReadonlyArray<A>,
  key: (item: A) => string,
  cursor: string
): Either.Either<number, ExchangeError> => {
  const invalid = badRequest("invalid_cursor", "Invalid pagination cursor", cursor)
  return Encoding.decodeBase64UrlString(cursor).pipe(
    Either.mapLeft(() => invalid),
    Either.flatMap((last) => {
      const index = items.findIndex((item) => key(item) === last)
      return index === -1 ? Either.left(invalid) : Either.right(index + 1)
    })
  )
}

export const paginate = <A>(
  items: ReadonlyArray<A>,
  key: (item: A) => string,
  request: PageRequest
): Either.Either<Page<A>, ExchangeError> => {
  const limit = request.limit === undefined || request.limit === 0 ? defaultLimit : request.limit
  const start = request.cursor === undefined || request.cursor === ""
    ? Either.right(0)
    : startAfter(items, key, request.cursor)
  return Either.map(start, (from) => {
    const page = items.slice(from, from + limit)
    const last = page[page.length - 1]
    return {
      items: page,
      cursor: from + limit < items.length && last !== undefined ? Encoding.encodeBase64Url(key(last)) : ""
    }
  })
}
