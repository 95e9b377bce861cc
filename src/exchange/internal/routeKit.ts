/**
 * What a group of routes needs from the app: the state, the authenticated-route wrapper, the JSON answer of
 * a state transaction, and the rate-limit costs.
 *
 * @internal
 */
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Auth from "./auth.js"
import type { ExchangeError, TooManyRequests } from "./errors.js"
import * as Pagination from "./pagination.js"
import type * as RateLimit from "./rateLimit.js"
import type { State } from "./state.js"
import type * as Trading from "./trading.js"

export type Response = HttpServerResponse.HttpServerResponse

export interface Kit {
  readonly state: State
  readonly costs: RateLimit.Costs
  /** A `/portfolio` route: authenticate, read the input, pay for it from the key's bucket, run. */
  readonly portfolio: <A, R>(
    input: Effect.Effect<A, ExchangeError, R>,
    cost: (input: A) => number,
    run: (key: Auth.ApiKey, input: A) => Effect.Effect<Response, ExchangeError>
  ) => Effect.Effect<Response, ExchangeError | TooManyRequests, R | HttpServerRequest.HttpServerRequest>
  /** Runs one state transaction and answers its result as JSON (status 200 unless given). */
  readonly respond: <A>(
    f: (exchange: Trading.Exchange, now: number) => Either.Either<A, ExchangeError>,
    status?: number
  ) => Effect.Effect<Response, ExchangeError>
}

export const json = (body: unknown, status = 200): Response => HttpServerResponse.unsafeJson(body, { status })

/** One page of `items` as `{ [field]: encoded items, cursor }`. */
export const page = <A, B>(
  field: string,
  items: ReadonlyArray<A>,
  key: (item: A) => string,
  request: Pagination.PageRequest,
  encode: (item: A) => B
): Either.Either<Record<string, unknown>, ExchangeError> =>
  Either.map(Pagination.paginate(items, key, request), ({ cursor, items }) => ({ [field]: items.map(encode), cursor }))
