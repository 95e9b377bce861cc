/**
 * A subscription's bounded buffer between the connection (which must never wait on a slow consumer) and the
 * subscription's stream. Offering is synchronous; what happens when it is full is the subscription's policy:
 *
 * - `latest`: an item replaces the waiting item with the same key (the newest ticker of a market wins, in the
 *   order of the last updates); when it is still full the least recently updated item goes.
 * - `resync`: the offer is refused, and the caller starts over from a fresh state (drops what waits, says so,
 *   and asks the exchange for snapshots).
 * - `fail`: the stream fails with the given error.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

export type Policy = "latest" | "resync" | "fail"

interface Slot<A> {
  value: A
  readonly key: string | undefined
  /** Pushed past the capacity: neither counted nor dropped. */
  readonly pushed: boolean
}

export interface Buffer<A, E> {
  /** Offers an item; `false` when a `resync` buffer is full (nothing was added). */
  readonly offer: (value: A, key?: string | undefined) => boolean
  /** Adds an item whatever the capacity (the client's notices, which must never be lost). */
  readonly push: (value: A) => void
  /** Drops everything waiting. */
  readonly clear: () => void
  /** Ends the stream after what is waiting; with an error, fails it instead. */
  readonly end: (error?: E) => void
  readonly stream: Stream.Stream<A, E>
}

export const make = <A, E>(capacity: number, policy: Policy, overflow: () => E): Buffer<A, E> => {
  let slots: Array<Slot<A>> = []
  let offered = 0
  const byKey = new Map<string, Slot<A>>()
  let ended: { readonly error: Option.Option<E> } | undefined
  let wake: (() => void) | undefined

  const notify = () => {
    const resume = wake
    wake = undefined
    resume?.()
  }

  const end = (error?: E) => {
    if (ended !== undefined) return
    ended = { error: error === undefined ? Option.none() : Option.some(error) }
    notify()
  }

  const offer = (value: A, key?: string): boolean => {
    if (ended !== undefined) return true
    if (policy === "latest" && key !== undefined) {
      const waiting = byKey.get(key)
      if (waiting !== undefined) {
        // The key's newest value, in the order of the last updates: the least recently updated key goes first.
        waiting.value = value
        slots.splice(slots.indexOf(waiting), 1)
        slots.push(waiting)
        return true
      }
    }
    if (offered >= capacity) {
      if (policy === "resync") return false
      if (policy === "fail") {
        end(overflow())
        return true
      }
      const oldest = slots.findIndex((slot) => !slot.pushed)
      const [dropped] = slots.splice(oldest, 1)
      offered -= 1
      if (dropped?.key !== undefined && byKey.get(dropped.key) === dropped) byKey.delete(dropped.key)
    }
    const slot: Slot<A> = { value, key, pushed: false }
    slots.push(slot)
    offered += 1
    if (policy === "latest" && key !== undefined) byKey.set(key, slot)
    notify()
    return true
  }

  const takeAll: Effect.Effect<Chunk.Chunk<A>, Option.Option<E>> = Effect.suspend(() => {
    if (slots.length > 0) {
      const taken = slots
      slots = []
      offered = 0
      byKey.clear()
      return Effect.succeed(Chunk.unsafeFromArray(taken.map((slot) => slot.value)))
    }
    if (ended !== undefined) return Effect.fail(ended.error)
    return Effect.async<void>((resume) => {
      wake = () => resume(Effect.void)
      return Effect.sync(() => {
        wake = undefined
      })
    }).pipe(Effect.zipRight(takeAll))
  })

  const push = (value: A) => {
    if (ended !== undefined) return
    slots.push({ value, key: undefined, pushed: true })
    notify()
  }

  return {
    offer,
    push,
    clear: () => {
      slots = []
      offered = 0
      byKey.clear()
    },
    end,
    stream: Stream.repeatEffectChunkOption(takeAll)
  }
}
