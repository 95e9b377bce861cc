/**
 * Safe retries of creates, keyed by `client_order_id`.
 *
 * When a create's answer is lost (a timeout, a reset connection, a 5xx after the exchange accepted it),
 * nothing in the error says whether the order exists. Kalshi's `client_order_id` is an idempotency key:
 * a second create with the same id is answered `409 Conflict`, never with a second order. So a create
 * can be resent safely with the same id, and a 409 on the way means "it exists": find it and return it.
 * That is what this module does, as an opt-in (`Orders.createV2Safely`); plain `Orders.createV2` is
 * never retried, and writes without a `client_order_id` never are.
 *
 * The guarantee: at most one order exists for the `client_order_id`, whatever the number of attempts,
 * and a success is either `Placed` (this call's create was answered) or `Found` (an order with that id
 * and the same ticker, side, price and count was already there). Any other outcome is a typed error,
 * after which the order may exist only if the error is transient (the last attempt's answer was lost
 * too): look for it with `Orders.findByClientOrderId`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { KalshiError } from "./KalshiError.js"
import { ConflictError, isTransient } from "./KalshiError.js"

/**
 * How a safe create retries.
 *
 * @since 0.1.0
 */
export interface Options {
  /** How many times a create is resent after a transient failure (default 3). */
  readonly maxRetries?: number | undefined
  /** The first backoff, growing exponentially with jitter (default 200 ms). */
  readonly baseDelay?: Duration.DurationInput | undefined
  /**
   * How many more times the order is looked for after a 409 when the first lookup does not see it yet
   * (default 3, with the same backoff): the exchange's read side may lag its write side.
   */
  readonly lookupRetries?: number | undefined
  /**
   * How far back before the call the lookup searches (default 5 minutes): it filters by creation time,
   * with room for clock skew between this machine and the exchange.
   */
  readonly lookback?: Duration.DurationInput | undefined
}

/**
 * The order was placed by this call: the create's own answer (`attempts` counts the creates sent).
 *
 * @since 0.1.0
 */
export interface Placed<A> {
  readonly _tag: "Placed"
  readonly order: A
  readonly attempts: number
}

/**
 * An order with the `client_order_id` already existed (an earlier attempt of this call whose answer was
 * lost, or an earlier call): the order as the read endpoints show it.
 *
 * @since 0.1.0
 */
export interface Found<B> {
  readonly _tag: "Found"
  readonly order: B
  readonly attempts: number
}

/**
 * What a safe create did: `Placed` or `Found`.
 *
 * @since 0.1.0
 */
export type Outcome<A, B> = Placed<A> | Found<B>

/**
 * The defaults of {@link Options}.
 *
 * @since 0.1.0
 */
export const defaults = {
  maxRetries: 3,
  baseDelay: Duration.millis(200),
  lookupRetries: 3,
  lookback: Duration.minutes(5)
} as const

/**
 * What a safe create needs: the create (the same request each time, so the same `client_order_id`), the
 * lookup of the order by that id, and whether a found order is the one asked for.
 *
 * @since 0.1.0
 */
export interface Create<A, B, E, R, E2, R2> {
  readonly create: Effect.Effect<A, E | ConflictError, R>
  readonly find: Effect.Effect<Option.Option<B>, E2, R2>
  readonly isSameOrder: (found: B) => boolean
}

/**
 * Runs a create with safe retries: resent on transient failures ({@link isTransient}: 429, 5xx,
 * transport), a 409 answered by looking the order up. A found order that is not the one asked for (same
 * id, other ticker, side, price or count), or none found after the lookups, fails with the 409's
 * `ConflictError`, its message saying which (Kalshi's own message moves to `details`).
 *
 * @since 0.1.0
 */
export const createSafely = <A, B, E extends KalshiError, R, E2, R2>(
  steps: Create<A, B, E, R, E2, R2>,
  options: Options = {}
): Effect.Effect<Outcome<A, B>, E | ConflictError | E2, R | R2> =>
  Effect.suspend(() => {
    const baseDelay = Duration.decode(options.baseDelay ?? defaults.baseDelay)
    let attempts = 0
    const attempt = Effect.suspend(() => {
      attempts += 1
      return steps.create
    })
    // The read side may lag the write side: look again, with backoff, while the order is not visible.
    const findWithin = (retries: number, delay: Duration.Duration): Effect.Effect<Option.Option<B>, E2, R2> =>
      Effect.flatMap(steps.find, (found) =>
        Option.isSome(found) || retries <= 0
          ? Effect.succeed(found)
          : Effect.zipRight(Effect.sleep(delay), findWithin(retries - 1, Duration.times(delay, 2))))
    const lookup = (conflict: ConflictError) =>
      Effect.flatMap(
        findWithin(options.lookupRetries ?? defaults.lookupRetries, baseDelay),
        Option.match({
          onNone: () => Effect.fail(explained(conflict, "but the lookup did not find it")),
          onSome: (order) =>
            steps.isSameOrder(order)
              ? Effect.succeed<Outcome<A, B>>({ _tag: "Found", order, attempts })
              : Effect.fail(explained(conflict, "but it is another order (ticker, side, price or count differ)"))
        })
      )
    return attempt.pipe(
      Effect.retry({
        schedule: Schedule.exponential(baseDelay).pipe(
          Schedule.jittered,
          Schedule.intersect(Schedule.recurs(options.maxRetries ?? defaults.maxRetries))
        ),
        while: isTransient
      }),
      Effect.map((order): Outcome<A, B> => ({ _tag: "Placed", order, attempts })),
      Effect.catchIf((error): error is ConflictError => error._tag === "ConflictError", lookup)
    )
  })

/** The 409, with a message that says what the lookup found; Kalshi's own message moves to `details`. */
const explained = (conflict: ConflictError, what: string): ConflictError =>
  new ConflictError({
    message: `an order with this client_order_id exists, ${what}`,
    status: conflict.status,
    code: conflict.code,
    details: conflict.message,
    method: conflict.method,
    path: conflict.path
  })
