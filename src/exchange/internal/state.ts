/**
 * Everything one embedded exchange holds, and the single way to change it.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import type { Options } from "../EmbeddedExchange.js"
import type * as Auth from "./auth.js"
import type { ExchangeError } from "./errors.js"
import type * as Faults from "./faults.js"
import * as RateLimit from "./rateLimit.js"
import * as Seed from "./seed.js"
import * as Events from "./streaming/events.js"
import * as Trading from "./trading.js"

export interface State {
  readonly exchange: Trading.Exchange
  readonly keys: Auth.KeyRing
  readonly limiter: RateLimit.RateLimiter
  readonly faults: Faults.Faults
  received: number
}

export const make = (options: Options): State => ({
  exchange: Trading.make({
    markets: options.markets ?? Seed.defaultMarkets,
    events: options.events ?? (options.markets === undefined ? Seed.defaultEvents : []),
    series: options.series ?? (options.markets === undefined ? Seed.defaultSeries : [])
  }),
  keys: new Map(),
  limiter: RateLimit.make(options.rateLimits),
  faults: [],
  received: 0
})

/**
 * Runs `f` against the state at the clock's current time, after expiring lapsed orders, then records each
 * market's new top of book and publishes what changed to the streaming listeners. `f` is synchronous, so
 * nothing interleaves between its checks and its
 * changes.
 */
export const update = <A>(state: State, f: (exchange: Trading.Exchange, now: number) => A): Effect.Effect<A> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    Trading.expire(state.exchange, now)
    const result = f(state.exchange, now)
    Trading.recordQuotes(state.exchange, now)
    Events.publish(state.exchange.changes, state.exchange.fills, now)
    return result
  })

/** {@link update} for a change that may be refused. */
export const transact = <A>(
  state: State,
  f: (exchange: Trading.Exchange, now: number) => Either.Either<A, ExchangeError>
): Effect.Effect<A, ExchangeError> => Effect.flatten(update(state, f))
