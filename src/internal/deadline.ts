/**
 * The per-attempt timeout of a client, for one fork per attempt instead of `Effect.timeout`'s race of two.
 *
 * An attempt runs in a child fiber and the caller waits for it; its deadline goes into a queue that one
 * watcher fiber serves for the whole client. The watcher sleeps on the `Clock` (a `TestClock` drives it in
 * tests) until the oldest deadline, then fails the callers whose attempts are still running and interrupts
 * those attempts (which aborts their requests). A client has one timeout, so deadlines arrive in the order
 * they are due and the queue needs no sorting. Most attempts end long before their deadline: each time it
 * wakes, the watcher drops every entry already answered, due or not, and sleeps until the oldest attempt it
 * found still running, so that it wakes about once per timeout rather than once per request. It stops once
 * the queue is empty.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"

interface Deadline {
  readonly at: number
  /** Whether the caller has its answer (the attempt ended, it timed out, or the caller was interrupted). */
  settled: boolean
  /** Fails the caller and interrupts the attempt; set once the caller waits. */
  expire: (() => void) | undefined
  expired: boolean
}

/**
 * Marks a deadline answered and lets go of its attempt: the queue keeps the entry until it is due, and must
 * not keep the attempt's fiber (and its result) alive that long.
 */
const settle = (deadline: Deadline) => {
  deadline.settled = true
  deadline.expire = undefined
}

/** Runs effects with a deadline; `onTimeout` is the failure of a caller whose attempt is late. */
export interface Deadlines {
  readonly within: <E2>(onTimeout: () => E2) => <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | E2>
}

/** The deadlines of `timeout`; an infinite timeout runs effects as they are. */
export const make = (timeout: Duration.Duration): Deadlines => {
  if (!Duration.isFinite(timeout)) return { within: () => (effect) => effect }
  const millis = Duration.toMillis(timeout)
  const queue: Array<Deadline> = []
  let watching = false

  /**
   * Drops what is answered, expires what is due, then sleeps until the next deadline of an attempt still
   * running; ends when nothing is queued.
   */
  const watch: Effect.Effect<void> = Effect.clockWith((clock) => {
    const serve = (): Effect.Effect<void> => {
      const now = clock.unsafeCurrentTimeMillis()
      let due = 0
      while (due < queue.length && (queue[due]!.settled || queue[due]!.at <= now)) due++
      for (const deadline of queue.splice(0, due)) {
        if (!deadline.settled) {
          const expire = deadline.expire
          settle(deadline)
          deadline.expired = true
          expire?.()
        }
      }
      if (queue.length === 0) {
        watching = false
        return Effect.void
      }
      return Effect.zipRight(clock.sleep(Duration.millis(queue[0]!.at - now)), Effect.suspend(serve))
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

  const within = <E2>(onTimeout: () => E2) => <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E | E2> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.fork(restore(effect)), (attempt) =>
        Effect.clockWith((clock) => {
          // Queued before the watcher may start, so that it never finds the queue empty and leaves.
          const deadline: Deadline = {
            at: clock.unsafeCurrentTimeMillis() + millis,
            settled: false,
            expire: undefined,
            expired: false
          }
          queue.push(deadline)
          const wait = Effect.async<A, E | E2>((resume) => {
            const expire = () => {
              attempt.unsafeInterruptAsFork(FiberId.none)
              resume(Effect.fail(onTimeout()))
            }
            if (deadline.expired) return expire()
            deadline.expire = expire
            attempt.addObserver((exit) => {
              if (deadline.settled) return
              settle(deadline)
              resume(exit)
            })
            // The caller was interrupted: so is the attempt, and the caller waits for it to stop.
            return Effect.suspend(() => {
              settle(deadline)
              return Fiber.interrupt(attempt)
            })
          })
          return watching ? restore(wait) : Effect.zipRight(startWatching, restore(wait))
        }))
    )

  return { within }
}
