/**
 * The client's per-attempt timeout (`internal/deadline.ts`): one watcher per client, driven by the `Clock`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Exit, Fiber, FiberId, Supervisor, TestClock } from "effect"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import * as Deadline from "../../src/internal/deadline.js"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void
const nextMacrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

const late = () => "late" as const

/**
 * A caller whose attempt runs until `answer` ends it, once the caller and the watcher it starts have run on the
 * scheduler (the watcher then sleeps: the attempt is running).
 */
const runningAttempt = (within: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | "late">) =>
  Effect.gen(function*() {
    const done = yield* Deferred.make<void>()
    const caller = yield* Effect.fork(within(Deferred.await(done)))
    yield* Effect.yieldNow()
    yield* Effect.yieldNow()
    return Deferred.succeed(done, void 0).pipe(Effect.zipRight(Fiber.join(caller)))
  })

describe("Deadline.make", () => {
  it.effect("an attempt that ends in time answers its own result, success or failure", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(1)).within(late)
      expect(yield* within(Effect.succeed(1))).toBe(1)
      expect(yield* Effect.flip(within(Effect.fail("boom" as const)))).toBe("boom")
      // Both ended as they started: no deadline was needed, and no watcher sleeps on the clock.
      expect((yield* TestClock.sleeps()).length).toBe(0)
    }))

  it.effect("an attempt still running at its deadline fails the caller and is interrupted", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(2)).within(late)
      const interrupted = yield* Deferred.make<void>()
      const caller = yield* Effect.fork(
        within(Effect.never.pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, void 0))))
      )
      yield* TestClock.adjust("1999 millis")
      expect(caller.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      expect(yield* Effect.flip(Fiber.join(caller))).toBe("late")
      yield* Deferred.await(interrupted)
    }))

  it.effect("concurrent attempts each expire at their own deadline", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(1)).within(late)
      const first = yield* Effect.fork(within(Effect.never))
      yield* TestClock.adjust("500 millis")
      const second = yield* Effect.fork(within(Effect.never))
      const quick = yield* Effect.fork(within(Effect.sleep("100 millis").pipe(Effect.as("quick"))))
      yield* TestClock.adjust("500 millis")
      expect(yield* Effect.flip(Fiber.join(first))).toBe("late")
      expect(yield* Fiber.join(quick)).toBe("quick")
      expect(second.unsafePoll()).toBeNull()
      yield* TestClock.adjust("500 millis")
      expect(yield* Effect.flip(Fiber.join(second))).toBe("late")
    }))

  it.effect("interrupting the caller interrupts the attempt, and the caller waits for it to stop", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(1)).within(late)
      const stopped = yield* Deferred.make<void>()
      const started = yield* Deferred.make<void>()
      const caller = yield* Effect.fork(
        within(
          Deferred.succeed(started, void 0).pipe(
            Effect.zipRight(Effect.never),
            Effect.onInterrupt(() => Deferred.succeed(stopped, void 0))
          )
        )
      )
      yield* Deferred.await(started)
      const exit = yield* Fiber.interrupt(caller)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* Deferred.isDone(stopped)).toBe(true)
    }))

  it.effect("a caller interrupted by its attempt as that attempt starts still stops it", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(1)).within(late)
      const stopped = yield* Deferred.make<void>()
      // The attempt starts inside the caller's wait, before that wait can be interrupted: the interruption it
      // asks for is delivered once the caller waits, and the caller's handler must stop the attempt.
      const caller: Fiber.RuntimeFiber<never, "late"> = yield* Effect.fork(
        within(
          Effect.suspend(() => {
            caller.unsafeInterruptAsFork(FiberId.none)
            return Effect.never
          }).pipe(Effect.onInterrupt(() => Deferred.succeed(stopped, void 0)))
        )
      )
      expect(Exit.isInterrupted(yield* Fiber.await(caller))).toBe(true)
      expect(yield* Deferred.isDone(stopped)).toBe(true)
    }))

  it.effect("the watcher does not wake for the deadline of every attempt that already ended", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(10)).within(late)
      for (let i = 0; i < 100; i++) {
        // Ends on a later turn of the scheduler: the attempt is still running when its caller waits.
        yield* within(Effect.yieldNow())
        yield* TestClock.adjust("10 millis")
      }
      // Each answered attempt took its deadline out: the watcher, waking at the first one, finds none waiting
      // and stops instead of sleeping until the deadlines of the 99 attempts after it.
      yield* TestClock.adjust("9 seconds")
      yield* Effect.yieldNow()
      expect((yield* TestClock.sleeps()).length).toBe(0)
    }))

  it.effect("the watcher stops once no deadline is left: nothing stays asleep on the clock", () =>
    Effect.gen(function*() {
      const answer = yield* runningAttempt(Deadline.make(Duration.seconds(1)).within(late))
      expect((yield* TestClock.sleeps()).length).toBe(1)
      yield* answer
      yield* TestClock.adjust("1 second")
      yield* Effect.yieldNow()
      expect((yield* TestClock.sleeps()).length).toBe(0)
    }))

  it.live("a finished attempt's result is not kept until its deadline", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.hours(1)).within(late)
      // The attempt's result, held only weakly here once the caller has it.
      const page = Effect.sync(() => ({ page: new Array(100_000).fill(0) }))
      const result = yield* within(Effect.zipRight(Effect.yieldNow(), page)).pipe(
        Effect.map((page) => new WeakRef(page))
      )
      yield* nextMacrotask
      gc()
      expect(result.deref()).toBeUndefined()
    }))

  it.effect("a watcher interrupted in its sleep is replaced by the next caller's", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.seconds(1)).within(late)
      const supervisor = yield* Supervisor.track
      yield* Effect.flatten(runningAttempt((effect) => Effect.supervised(within(effect), supervisor)))
      // The attempt has ended; what still runs of what it started is the watcher, asleep until the attempt's
      // deadline (with the clock's own warning fiber): all of it is stopped.
      expect((yield* TestClock.sleeps()).length).toBe(1)
      const running = yield* supervisor.value
      expect(running.length).toBeGreaterThan(0)
      yield* Effect.forEach(running, Fiber.interrupt)
      expect(yield* supervisor.value).toEqual([])
      const caller = yield* Effect.fork(within(Effect.never))
      yield* TestClock.adjust("1 second")
      expect(yield* Effect.flip(Fiber.join(caller))).toBe("late")
    }))

  it.effect("an infinite timeout runs the effect as it is", () =>
    Effect.gen(function*() {
      const within = Deadline.make(Duration.infinity).within(late)
      expect(yield* within(Effect.succeed("as is"))).toBe("as is")
      expect((yield* TestClock.sleeps()).length).toBe(0)
    }))
})
