/**
 * The per-attempt timeout of a client, for one fiber per attempt instead of `Effect.timeout`'s race of two.
 *
 * An attempt runs in a fiber of its own and the caller waits for it; its deadline joins the deadlines of the
 * callers still waiting, which one watcher fiber serves for the whole client. The watcher sleeps on the
 * `Clock` (a `TestClock` drives it in tests) until the oldest deadline, then fails the callers whose attempts
 * are still running and interrupts those attempts (which aborts their requests). A client has one timeout, so
 * deadlines arrive in the order they are due and need no sorting. A caller that has its answer takes its
 * deadline out at once, so the watcher wakes about once per timeout rather than once per request, and it
 * stops when no caller is waiting. An attempt that ends as it starts (it failed before sending) needs no
 * deadline.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import type * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import type * as FiberStatus from "effect/FiberStatus"
import * as Runtime from "effect/Runtime"
import type * as Tracer from "effect/Tracer"
import { withParent } from "./tracing.js"

interface Deadline {
  readonly at: number
  /** Fails the caller and interrupts the attempt. */
  readonly expire: () => void
}

/** A fiber ref's value for an attempt alone. */
export interface Local {
  readonly fiberRef: FiberRef.FiberRef<unknown>
  readonly value: unknown
}

/** {@link Local}, with the value's type checked against the fiber ref's. */
export const local = <A>(fiberRef: FiberRef.FiberRef<A>, value: A): Local => ({ fiberRef, value } as Local)

/** How an attempt runs: under `parent` (an operation's span), whose children its spans are, and with `locals`. */
export interface Setting {
  readonly parent?: Tracer.AnySpan | undefined
  readonly locals?: ReadonlyArray<Local> | undefined
}

/**
 * Runs effects with a deadline; `onTimeout` is the failure of a caller whose attempt is late. An attempt runs as
 * `setting` says.
 */
export interface Deadlines {
  readonly within: <E2>(
    onTimeout: () => E2,
    setting?: Setting
  ) => <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | E2>
}

/**
 * What a fiber started from `caller` runs with: `context`, the caller's fiber refs with `locals` set, and its
 * flags. The locals cost one copy of the fiber refs, where `Effect.locally` would cost the caller a change and
 * its restoration.
 */
const inherited = <A, E>(
  caller: Fiber.RuntimeFiber<A, E>,
  status: FiberStatus.Running,
  context: Context.Context<never>,
  locals: ReadonlyArray<Local> = []
): Runtime.Runtime<never> =>
  Runtime.make({
    context,
    fiberRefs: locals.reduce(
      (refs, { fiberRef, value }) => FiberRefs.updateAs(refs, { fiberId: caller.id(), fiberRef, value }),
      caller.getFiberRefs()
    ),
    runtimeFlags: status.runtimeFlags
  })

/** `effect` run as `setting` says, in the caller's fiber. */
const inPlace = <A, E>(effect: Effect.Effect<A, E>, { locals = [], parent }: Setting): Effect.Effect<A, E> =>
  locals.reduce(
    (inner, { fiberRef, value }) => Effect.locally(inner, fiberRef, value),
    parent === undefined ? effect : Effect.withParentSpan(effect, parent)
  )

/** The deadlines of `timeout`; with an infinite timeout, attempts run in the caller's fiber. */
export const make = (timeout: Duration.Duration): Deadlines => {
  if (!Duration.isFinite(timeout)) {
    return { within: (_, setting = {}) => (effect) => inPlace(effect, setting) }
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
        deadline.expire()
      }
      watching = false
      return Effect.void
    }
    return Effect.suspend(serve)
  })

  /** Starts the watcher, a fiber of its own for the client, unless one is running. */
  const ensureWatching = <A, E>(caller: Fiber.RuntimeFiber<A, E>, status: FiberStatus.Running) => {
    if (watching) return
    watching = true
    // Interruptible, though started from a caller that may not be; a watcher interrupted in its sleep (its
    // runtime shut down) leaves the next caller to start another.
    const stopped = Effect.sync(() => {
      watching = false
    })
    Runtime.runFork(inherited(caller, status, caller.currentContext))(
      Effect.interruptible(Effect.onInterrupt(watch, () => stopped))
    )
  }

  const within = <E2>(onTimeout: () => E2, { locals, parent }: Setting = {}) => <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.withFiberRuntime<A, E | E2>((caller, status) => {
      // Set once the attempt runs and its caller waits for it.
      let pending: { readonly deadline: Deadline; readonly attempt: Fiber.RuntimeFiber<A, E> } | undefined
      // The attempt starts when the caller starts waiting, in one step of the caller's runtime.
      const wait = Effect.async<A, E | E2>((resume) => {
        const clock = Context.get(caller.currentDefaultServices, Clock.Clock)
        const at = clock.unsafeCurrentTimeMillis() + millis
        // The attempt is a fiber of its own, so that its deadline can interrupt it without interrupting the
        // caller. `Runtime.runFork` starts it at once, with the caller's context, fiber refs and flags, and runs
        // it up to its first wait (the request on the wire). The parent span goes in its context, where its
        // spans find it: the caller's context needs no change.
        const context = parent === undefined ? caller.currentContext : withParent(caller.currentContext, parent)
        const attempt = Runtime.runFork(inherited(caller, status, context, locals))(effect)
        const ended = attempt.unsafePoll()
        if (ended !== null) return resume(ended)
        // Whoever takes the deadline out answers the caller, once: the attempt's end, its expiry, or the
        // caller's interruption.
        const deadline: Deadline = {
          at,
          expire: () => {
            attempt.unsafeInterruptAsFork(FiberId.none)
            resume(Effect.fail(onTimeout()))
          }
        }
        waiting.add(deadline)
        ensureWatching(caller, status)
        attempt.addObserver((exit) => {
          if (waiting.delete(deadline)) resume(exit)
        })
        pending = { deadline, attempt }
      })
      // A caller interrupted before it has its answer stops its attempt, and waits for it to stop. The handler
      // is in place before the attempt starts: an interruption that comes while it starts is seen too.
      return Effect.onInterrupt(
        wait,
        () => pending !== undefined && waiting.delete(pending.deadline) ? Fiber.interrupt(pending.attempt) : Effect.void
      )
    })

  return { within }
}
