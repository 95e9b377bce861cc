/**
 * Shared setup of the rate limiter's tests: a client signed as a fresh trader of an in-memory embedded
 * exchange (Basic tier unless told otherwise), orders that rest, and a driver for the `TestClock`.
 */
import { Duration, Effect, Fiber, Layer, Metric, Option, TestClock } from "effect"
import { FixedPoint, KalshiClient, Orders, RateLimiter } from "../../src/index.js"
import { EmbeddedExchange } from "../../src/testing.js"

/** A market on shard 0. */
export const T55 = "KXHIGHNY-26NOV21-T55"
/** A market on shard 1. */
export const H0 = "KXFEDDECISION-26DEC-H0"

/**
 * A client signed as a fresh Ed25519 trader, over a fresh in-memory exchange it can reach as a service. The
 * per-attempt timeout is off, so that the only sleeps on the test clock are the limiter's, and the limiter's
 * headroom is 100 ms unless told otherwise (round numbers: 90 of Basic's 100 write tokens at once).
 */
export const exchangeWithClient = (
  client: Omit<KalshiClient.Options, "credentials"> = {},
  exchange?: EmbeddedExchange.Options
) =>
  EmbeddedExchange.layerTraderClient({
    account: { algorithm: "ed25519" },
    client: {
      ...client,
      timeout: Duration.infinity,
      rateLimit: client.rateLimit === false ? false : { headroom: "100 millis", ...client.rateLimit }
    }
  }).pipe(
    Layer.provideMerge(EmbeddedExchange.layerInMemory(exchange))
  )

/** A one-contract bid at 0.30 (below every seeded bid, so it rests). */
export const bid = (ticker = T55, extra: Partial<Orders.CreateOrderV2Request> = {}) =>
  Effect.map(Orders.newClientOrderId, (client_order_id): Orders.CreateOrderV2Request => ({
    ticker,
    client_order_id,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: FixedPoint.unsafeMake("0.30"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    ...extra
  }))

/** `n` resting bids (at least one), for a batch. */
export const bids = (n: number) => Effect.all([bid(), ...Array.from({ length: n - 1 }, () => bid())])

/** Places a resting bid. */
export const place = (ticker = T55, extra: Partial<Orders.CreateOrderV2Request> = {}) =>
  Effect.flatMap(bid(ticker, extra), Orders.createV2)

/** Places `n` resting bids one after the other. */
export const placeMany = (n: number, ticker = T55, extra: Partial<Orders.CreateOrderV2Request> = {}) =>
  Effect.forEach(Array.from({ length: n }), () => place(ticker, extra))

/**
 * Reads the limits (the client's first signed request does otherwise), so that a request forked afterwards
 * reaches its wait without awaiting anything real first.
 */
export const limitsRead = Effect.flatMap(
  KalshiClient.KalshiClient,
  (client) => client.rateLimiter === undefined ? Effect.void : Effect.asVoid(client.rateLimiter.limits)
)

/** The tokens the limiter last saw in a bucket. */
export const tokens = (bucket: string) =>
  Effect.map(Metric.value(Metric.tagged(RateLimiter.tokensRemaining, "bucket", bucket)), (state) => state.value)

/**
 * The instants (test-clock milliseconds) fibers are sleeping until, once every fiber has settled: the
 * limiter's waits. (The test clock also keeps the infinite sleeps of the attempts' timeouts: left out.)
 */
export const pendingSleeps = Effect.zipRight(
  TestClock.adjust(0),
  Effect.map(TestClock.sleeps(), (instants) => [...instants].filter(Number.isFinite))
)

/**
 * Runs `effect` in a fiber and moves the test clock forward `step` at a time until it is done (at most
 * `maxSteps` steps).
 */
export const drive = <A, E, R>(effect: Effect.Effect<A, E, R>, step: Duration.DurationInput, maxSteps: number) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < maxSteps; i++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      yield* TestClock.adjust(step)
    }
    yield* Fiber.interrupt(fiber)
    return yield* Effect.dieMessage(`not done after ${maxSteps} steps of the test clock`)
  })
