/**
 * A scripted `HttpClient.HttpClient` for the SDK's unit tests: it records every request the SDK sends
 * and answers each with the next queued reply (a status and body, optionally delayed on the `Clock`, a
 * transport failure, or no answer at all). A request with nothing queued is a defect, so a test that
 * queued one reply fails loudly if the SDK sends a second request (a retry it should not make).
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import type { HttpClientRequest } from "@effect/platform"
import { expect } from "@effect/vitest"
import {
  BigDecimal,
  Chunk,
  Clock,
  Context,
  Duration,
  Effect,
  Fiber,
  Layer,
  Logger,
  Option,
  Redacted,
  Schema,
  TestClock,
  Tracer
} from "effect"
import { generateKeyPairSync } from "node:crypto"
import { FixedPoint, KalshiClient } from "../../src/index.js"
import type { Orders, Signer } from "../../src/index.js"

/** One request as the transport received it. */
export interface Recorded {
  readonly method: string
  /** The full URL, query string included. */
  readonly url: string
  readonly pathname: string
  /** The query parameters in order, repeated keys kept. */
  readonly queryEntries: ReadonlyArray<readonly [string, string]>
  /** The query parameters as a record (the last value of a repeated key). */
  readonly query: Readonly<Record<string, string>>
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The body as text, `undefined` when the request has none. */
  readonly body: string | undefined
  /** The body parsed as JSON, `undefined` when there is none. */
  readonly json: unknown
}

/** What the transport does with one request. */
export type Reply =
  | {
    readonly _tag: "Respond"
    readonly status: number
    readonly body: string
    readonly headers: Readonly<Record<string, string>>
    readonly delay: Duration.DurationInput | undefined
  }
  | { readonly _tag: "TransportFailure" }
  | { readonly _tag: "Hang" }

/** A JSON answer. */
export const json = (
  status: number,
  body: unknown,
  options: { readonly delay?: Duration.DurationInput } = {}
): Reply => ({
  _tag: "Respond",
  status,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
  delay: options.delay
})

/** A raw text answer (`""` sends no body at all, as a 204 must). */
export const text = (status: number, body: string, contentType = "text/plain"): Reply => ({
  _tag: "Respond",
  status,
  body,
  headers: body === "" ? {} : { "content-type": contentType },
  delay: undefined
})

/** A 204 No Content. */
export const noContent: Reply = text(204, "")

/** The connection fails (`RequestError` with reason `Transport`). */
export const transportFailure: Reply = { _tag: "TransportFailure" }

/** The server never answers. */
export const hang: Reply = { _tag: "Hang" }

/** The scripted transport's controls. */
export class Scripted extends Context.Tag("test/Scripted")<Scripted, {
  /** Queues replies, answered in order. */
  readonly reply: (...replies: ReadonlyArray<Reply>) => Effect.Effect<void>
  /** Every request received so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<Recorded>>
}>() {}

const decoder = new TextDecoder()

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array":
      return decoder.decode(body.body)
    case "Raw":
      return typeof body.body === "string" ? body.body : String(body.body)
    default:
      return `<${body._tag} body>`
  }
}

const record = (request: HttpClientRequest.HttpClientRequest, url: URL): Recorded => {
  const body = bodyText(request)
  const queryEntries = [...url.searchParams.entries()].map(([k, v]) => [k, v] as const)
  return {
    method: request.method,
    url: url.toString(),
    pathname: url.pathname,
    queryEntries,
    query: Object.fromEntries(queryEntries),
    headers: { ...request.headers },
    body,
    json: body === undefined ? undefined : JSON.parse(body)
  }
}

/** The scripted transport, with fresh state each time the layer is built. */
export const layerHttp: Layer.Layer<Scripted | HttpClient.HttpClient> = Layer.effectContext(Effect.sync(() => {
  const queue: Array<Reply> = []
  const received: Array<Recorded> = []
  const client = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      received.push(record(request, url))
      const next = queue.shift()
      if (next === undefined) {
        return Effect.dieMessage(`scripted client: no reply queued for ${request.method} ${url.toString()}`)
      }
      switch (next._tag) {
        case "TransportFailure":
          return Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: new Error("connection reset by peer")
            })
          )
        case "Hang":
          return Effect.never
        case "Respond": {
          const response = Effect.sync(() =>
            HttpClientResponse.fromWeb(
              request,
              new Response(next.body === "" ? null : next.body, { status: next.status, headers: next.headers })
            )
          )
          return next.delay === undefined ? response : Effect.delay(response, next.delay)
        }
      }
    })
  )
  return Context.make(Scripted, {
    reply: (...replies) => Effect.sync(() => void queue.push(...replies)),
    requests: Effect.sync(() => [...received])
  }).pipe(Context.add(HttpClient.HttpClient, client))
}))

/** The API root every test client uses. */
export const baseUrl = "https://kalshi.test/trade-api/v2"

/** The path prefix of {@link baseUrl}. */
export const basePath = "/trade-api/v2"

/** The API key id of the test credentials. */
export const keyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"

/** An RSA key made for this test run (PKCS#1 PEM, as Kalshi issues them); never committed. */
export const rsaKeys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" }
})

/** Credentials over {@link rsaKeys}. */
export const credentials: Signer.Credentials = { keyId, privateKey: Redacted.make(rsaKeys.privateKey) }

/**
 * The client over a fresh scripted transport, with credentials unless `options` says otherwise. Provide
 * it per test so that each test starts with an empty queue and no recorded requests.
 *
 * The per-attempt timeout defaults to infinity here: the timeout is a `Clock` sleep that is pending
 * while the attempt signs and reads its body (real promises), so {@link withClock} would otherwise
 * fire it in the middle of an attempt. Tests of the timeout set one explicitly.
 *
 * The rate limiter is off here: it would read the account's limits first, and each test scripts exactly
 * the requests it expects (pass `rateLimit` to turn it on).
 */
export const layer = (options: KalshiClient.Options = {}) =>
  KalshiClient.layer({ baseUrl, credentials, timeout: Duration.infinity, rateLimit: false, ...options }).pipe(
    Layer.provideMerge(layerHttp)
  )

/**
 * The two ways an attempt runs, as `timeout` options of {@link layer}, each with its name for a test's title:
 * with a timeout (the client's default), in a fiber of its own; without one, in the caller's fiber.
 */
export const attemptModes = [[undefined, "the default timeout"], [Duration.infinity, "no timeout"]] as const

const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

/** The requests received so far. */
export const requests = Effect.flatMap(Scripted, (s) => s.requests)

/** Queues replies. */
export const reply = (...replies: ReadonlyArray<Reply>) => Effect.flatMap(Scripted, (s) => s.reply(...replies))

/** Waits (in real time: signing is a real promise) until the transport has received `count` requests. */
export const awaitRequests = (count: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 20_000; i++) {
      if ((yield* requests).length >= count) return
      yield* realTick
    }
    return yield* Effect.dieMessage(`awaitRequests: fewer than ${count} requests arrived`)
  })

/**
 * Waits (in real time) until some fiber sleeps on the `TestClock` past the current instant, and returns
 * how many milliseconds remain until the earliest such sleep ends.
 */
export const nextSleep = Effect.gen(function*() {
  for (let i = 0; i < 20_000; i++) {
    const now = yield* Clock.currentTimeMillis
    const due = Chunk.filter(yield* TestClock.sleeps(), (at) => Number.isFinite(at) && at > now)
    if (Chunk.isNonEmpty(due)) return Math.min(...due) - now
    yield* realTick
  }
  return yield* Effect.dieMessage("nextSleep: nothing went to sleep")
})

/** The one request received; dies when there were none or several. */
export const onlyRequest = Effect.flatMap(requests, (all) =>
  all.length === 1 && all[0] !== undefined
    ? Effect.succeed(all[0])
    : Effect.dieMessage(`expected exactly one request, got ${all.length}`))

/**
 * Runs an effect that sleeps on the `TestClock` (retry backoff, delayed replies): whenever a finite
 * sleep is pending, the clock jumps exactly to the earliest one; otherwise real time passes a little
 * (signing and body reading are real promises). Returns the effect's result. Use it with an infinite
 * per-attempt timeout (the default of {@link layer}); drive timeouts by hand with `TestClock.adjust`.
 */
export const withClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < 20_000; i++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      const now = yield* Clock.currentTimeMillis
      const due = Chunk.filter(yield* TestClock.sleeps(), (at) => Number.isFinite(at) && at > now)
      if (Chunk.isNonEmpty(due)) {
        yield* TestClock.adjust(Duration.millis(Math.ceil(Math.min(...due) - now)))
      } else {
        yield* realTick
      }
    }
    return yield* Effect.dieMessage("withClock: the effect never finished")
  })

/**
 * The error an effect fails with. A success becomes a short defect rather than a failure carrying the
 * value: vitest's error serialisation grows exponentially with the number of `BigDecimal`s in a failure
 * (an `Order` stalls it for minutes), so a decoded model must never become a test's failure value.
 */
export const failure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.matchEffect(effect, {
    onFailure: Effect.succeed,
    onSuccess: () => Effect.dieMessage("expected the effect to fail, but it succeeded")
  })

/** A log line as a test logger saw it. */
export interface LogLine {
  readonly level: string
  readonly message: string
}

/** A logger that collects every line into an array, and the layer that installs it. */
export const captureLogs = () => {
  const lines: Array<LogLine> = []
  const logger = Logger.make(({ logLevel, message }) => {
    const parts = Array.isArray(message) ? message : [message]
    lines.push({ level: logLevel.label, message: parts.map(String).join(" ") })
  })
  return { lines, layer: Logger.add(logger) }
}

/** Any JSON body, for raw `KalshiClient.execute` calls. */
export const anyJson: Schema.Schema<unknown> = Schema.Unknown

/** A decimal literal. */
export const dec = FixedPoint.unsafeMake

/** A valid create request (the spec's example market), with any fields overridden. */
export const order = (overrides: Partial<Orders.CreateOrderV2Request> = {}): Orders.CreateOrderV2Request => ({
  ticker: "KXPRES-24-DJT",
  client_order_id: "coid-1",
  side: "bid",
  count: dec("10"),
  price: dec("0.56"),
  time_in_force: "good_till_canceled",
  self_trade_prevention_type: "taker_at_cross",
  ...overrides
})

/** Asserts a `BigDecimal` equals a decimal literal (by value, with `BigDecimal.equals`). */
export const expectDecimal = (actual: BigDecimal.BigDecimal | undefined | null, expected: string) => {
  expect(actual === undefined || actual === null ? actual : BigDecimal.format(BigDecimal.normalize(actual)))
    .toBe(BigDecimal.format(BigDecimal.normalize(dec(expected))))
  expect(actual !== undefined && actual !== null && BigDecimal.equals(actual, dec(expected))).toBe(true)
}

// ---------------------------------------------------------------------------------------------------
// Wire fixtures: bodies as Kalshi sends them
// ---------------------------------------------------------------------------------------------------

/** An order as the read endpoints send it, with every field the SDK knows. */
export const wireOrder = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  order_id: "ord-1",
  user_id: "user-1",
  client_order_id: "coid-1",
  ticker: "KXPRES-24-DJT",
  outcome_side: "yes",
  book_side: "bid",
  side: "yes",
  action: "buy",
  type: "limit",
  status: "resting",
  yes_price_dollars: "0.5600",
  no_price_dollars: "0.4400",
  fill_count_fp: "2.00",
  remaining_count_fp: "8.00",
  initial_count_fp: "10.00",
  taker_fees_dollars: "0.0000",
  maker_fees_dollars: "0.0100",
  taker_fill_cost_dollars: "0.0000",
  maker_fill_cost_dollars: "1.1200",
  expiration_time: null,
  created_time: "2026-08-01T12:00:00Z",
  last_update_time: "2026-08-01T12:00:01Z",
  self_trade_prevention_type: "taker_at_cross",
  order_group_id: null,
  cancel_order_on_pause: false,
  subaccount_number: 0,
  exchange_index: 0,
  ...overrides
})

/** A fill as `GET /portfolio/fills` sends it. */
export const wireFill = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fill_id: "fill-1",
  trade_id: "trade-1",
  order_id: "ord-1",
  ticker: "KXPRES-24-DJT",
  market_ticker: "KXPRES-24-DJT",
  outcome_side: "yes",
  book_side: "bid",
  side: "yes",
  action: "buy",
  count_fp: "2.00",
  yes_price_dollars: "0.5600",
  no_price_dollars: "0.4400",
  is_taker: true,
  fee_cost: "0.0200",
  created_time: "2026-08-01T12:00:00Z",
  ts: 1785585600,
  subaccount_number: 0,
  exchange_index: 0,
  ...overrides
})

/** A market as `GET /markets` sends it: every field the spec requires, and a few optional ones. */
export const wireMarket = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ticker: "KXPRES-24-DJT",
  event_ticker: "KXPRES-24",
  status: "active",
  market_type: "binary",
  title: "Who wins?",
  yes_sub_title: "Yes",
  no_sub_title: "No",
  created_time: "2026-08-01T00:00:00Z",
  updated_time: "2026-08-01T00:00:00Z",
  open_time: "2026-08-01T00:00:00Z",
  close_time: "2026-12-01T00:00:00Z",
  latest_expiration_time: "2026-12-02T00:00:00Z",
  settlement_timer_seconds: 300,
  notional_value_dollars: "1.0000",
  yes_bid_dollars: "0.5500",
  yes_ask_dollars: "0.5700",
  no_bid_dollars: "0.4300",
  no_ask_dollars: "0.4500",
  yes_bid_size_fp: "10.00",
  yes_ask_size_fp: "12.00",
  last_price_dollars: "0.5600",
  previous_yes_bid_dollars: "0.5400",
  previous_yes_ask_dollars: "0.5800",
  previous_price_dollars: "0.5500",
  volume_fp: "1234.00",
  volume_24h_fp: "234.00",
  open_interest_fp: "100.00",
  result: "",
  can_close_early: true,
  expiration_value: "",
  rules_primary: "Resolves yes if the candidate wins.",
  rules_secondary: "",
  price_level_structure: "linear_cent",
  price_ranges: [{ start: "0.0100", end: "0.9900", step: "0.0100" }],
  ...overrides
})

/** A tracer that records every span it starts into `spans` (spans are made by the tracer in context). */
export const recordingTracer = (spans: Array<Tracer.Span>) =>
  Effect.map(Effect.tracer, (base) =>
    Tracer.make({
      span: (...args) => {
        const span = base.span(...args)
        spans.push(span)
        return span
      },
      context: (f, fiber) => base.context(f, fiber)
    }))
