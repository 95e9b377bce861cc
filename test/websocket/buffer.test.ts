/**
 * The subscription buffer's policies, offered to directly.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as Buffer from "../../src/internal/wsBuffer.js"

const drain = <A, E>(buffer: Buffer.Buffer<A, E>) =>
  Effect.gen(function*() {
    buffer.end()
    return Chunk.toReadonlyArray(yield* Stream.runCollect(buffer.stream))
  })

describe("wsBuffer", () => {
  it.effect("latest: the newest item per key replaces the waiting one; when still full the stalest goes", () =>
    Effect.gen(function*() {
      const buffer = Buffer.make<string, string>(2, "latest", () => "overflow")
      buffer.push("notice")
      expect(buffer.offer("A1", "A")).toBe(true)
      expect(buffer.offer("B1", "B")).toBe(true)
      expect(buffer.offer("A2", "A")).toBe(true) // replaces A1, now the most recent update
      expect(buffer.offer("C1", "C")).toBe(true) // full: the least recently updated goes, the notice stays
      expect(yield* drain(buffer)).toEqual(["notice", "A2", "C1"])
    }))

  it.effect("resync: a full buffer refuses, and takes again once cleared", () =>
    Effect.gen(function*() {
      const buffer = Buffer.make<string, string>(2, "resync", () => "overflow")
      expect([buffer.offer("1"), buffer.offer("2"), buffer.offer("3")]).toEqual([true, true, false])
      buffer.clear()
      buffer.push("resync")
      expect(buffer.offer("4")).toBe(true)
      expect(yield* drain(buffer)).toEqual(["resync", "4"])
    }))

  it.effect("fail: the stream fails once what waited is read", () =>
    Effect.gen(function*() {
      const buffer = Buffer.make<string, string>(1, "fail", () => "overflow")
      buffer.offer("1")
      buffer.offer("2")
      const result = yield* Stream.runCollect(buffer.stream).pipe(Effect.flip)
      expect(result).toBe("overflow")
    }))

  it.effect("a reader waits for the next item", () =>
    Effect.gen(function*() {
      const buffer = Buffer.make<number, never>(10, "resync", () => {
        throw new Error("unreachable")
      })
      const reader = yield* buffer.stream.pipe(Stream.take(3), Stream.runCollect, Effect.fork)
      yield* Effect.yieldNow()
      for (const n of [1, 2, 3]) buffer.offer(n)
      expect(Chunk.toReadonlyArray(yield* reader.await.pipe(Effect.flatten))).toEqual([1, 2, 3])
    }))
})
