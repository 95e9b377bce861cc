/**
 * The per-attempt timeout of a client, for one fiber per attempt instead of `Effect.timeout`'s race of two.
 *
 * An attempt runs in a fiber of its own and the caller waits for it; its deadline joins the deadlines of the
 * callers still waiting, which one watcher fiber serves for the whole client. The watcher sleeps on the
 * `Clock` (a `TestClock` drives it in tests) until the oldest deadline, then fails the callers whose attempts
 * are still running and interrupts those attempts (which aborts their requests). A client has one timeout, so
 * deadlines arrive in the order they are due and need no sorting. A caller that has its answer takes its
 * deadline out at once, so the watcher wakes about once per timeout rather than once per request, and it
 * stops when no caller is waiting.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as Runtime from "effect/Runtime"
import type * as Tracer from "effect/Tracer"
import { withParent } from "./tracing.js"

interface Deadline {
  readonly at: number
  /** Fails the caller and interrupts the attempt; set once the caller waits. */
  expire: (() => void) | undefined
}

/**
 * Runs effects with a deadline; `onTimeout` is the failure of a caller whose attempt is late. An attempt runs
 * under `parent` when one is given (an operation's span): its spans are children of it.
 */
export interface Deadlines {
  readonly within: <E2>(
    onTimeout: () => E2,
    parent?: Tracer.AnySpan | undefined
  ) => <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | E2>
}

/** The deadlines of `timeout`; with an infinite timeout, attempts run in the caller's fiber. */
export const make = (timeout: Duration.Duration): Deadlines => {
  if (!Duration.isFinite(timeout)) {
    return { within: (_, parent) => (effect) => parent === undefined ? effect : Effect.withParentSpan(effect, parent) }
  }
  const millis = Duration.toMillis(timeout)
  // The deadlines of callers still waiting, oldest first (a `Set` keeps the order entries were added in).
  const waiting = new Set<Deadline>()
  let watching = false

  /** Expires what is due, then sleeps until the oldest deadline still waiting; ends when none is. */
  const watch: Effect.Effect<void> = Effect.clockWith((clock) => {
    const serve = (): Effect.Effect<void> => {
      const now = clock.unsafeCurrentTimeMillis()
      for (const deadline of waiting) {
        if (deadline.at > now) {
          return Effect.zipRight(clock.sleep(Duration.millis(deadline.at - now)), Effect.suspend(serve))
        }
        waiting.delete(deadline)
        deadline.expire?.()
      }
      watching = false
      return Effect.void
    }
    return Effect.suspend(serve)
  })

  const startWatching = Effect.suspend(() => {
    if (watching) return Effect.void
    watching = true
    // Interruptible, though started from a caller's uninterruptible region; a watcher interrupted in its
    // sleep (its runtime shut down) leaves the next caller to start another.
    const stopped = Effect.sync(() => {
      watching = false
    })
    return Effect.asVoid(Effect.forkDaemon(Effect.interruptible(Effect.onInterrupt(watch, () => stopped))))
  })

  const within = <E2>(onTimeout: () => E2, parent?: Tracer.AnySpan) => <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.runtime<never>(), (runtime) =>
        Effect.clockWith((clock) => {
          // Added before the watcher may start, so that it never finds nothing waiting and leaves.
          // Whoever takes the deadline out answers the caller, once: the attempt's end, its expiry, or the
          // caller's interruption.
          const deadline: Deadline = { at: clock.unsafeCurrentTimeMillis() + millis, expire: undefined }
          waiting.add(deadline)
          // The attempt is a fiber of its own, so that its deadline can interrupt it without interrupting the
          // caller. `Runtime.runFork` starts it at once, with the caller's context and fiber refs, and runs it up
          // to its first wait (the request on the wire): a fork would start it on a later tick of the scheduler.
          // The parent span goes in its context, where its spans find it: the caller's context needs no change.
          const attempt = Effect.suspend(() => {
            const fiber = Runtime.runFork(parent === undefined ? runtime : withParent(runtime, parent))(restore(effect))
            const wait = Effect.async<A, E | E2>((resume) => {
              const expire = () => {
                fiber.unsafeInterruptAsFork(FiberId.none)
                resume(Effect.fail(onTimeout()))
              }
              // Out before the caller could wait: it expired.
              if (!waiting.has(deadline)) return expire()
              deadline.expire = expire
              fiber.addObserver((exit) => {
                if (waiting.delete(deadline)) resume(exit)
              })
            })
            // A caller interrupted before it had its answer (while it waits, or before it could) stops its attempt
            // and waits for it to stop.
            return Effect.catchAllCause(
              restore(wait),
              (cause) =>
                waiting.delete(deadline)
                  ? Effect.zipRight(Fiber.interrupt(fiber), Effect.failCause(cause))
                  : Effect.failCause(cause)
            )
          })
          return watching ? attempt : Effect.zipRight(startWatching, attempt)
        }))
    )

  return { within }
}
