/**
 * Property tests over the write models (create, batch create, amend, decrease, cancel, batch cancel),
 * with Effect's FastCheck. Thousands of generated invalid requests, each broken in one way (a field of
 * the wrong type or out of range, an unknown or symbol key, a missing field, a throwing getter, a broken
 * cross-field rule, a hostile path id, a value that is not an object at all, a value nested a hundred
 * thousand deep, a megabyte string, a forged `BigDecimal`, `1e-100000000`): every one is a
 * `ValidationError` (never a defect), within a generous time bound, and nothing is sent. Generated valid
 * requests are all sent, once each, with their values on the wire.
 *
 * The scripted transport records every request, so "nothing is sent" is checked, not assumed.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { BigDecimal, Cause, Effect, Exit, FastCheck as fc, ManagedRuntime } from "effect"
import type { KalshiClient } from "../../src/index.js"
import { FixedPoint, Orders } from "../../src/index.js"
import * as S from "../support/scripted.js"

/** Per input; validation takes well under a millisecond, so this only catches a runaway (seconds). */
const timeBound = 250

const runtime = ManagedRuntime.make(S.layer({ retry: false }))
afterAll(() => runtime.dispose())

const sent = () => runtime.runPromise(S.requests)

type Call = Effect.Effect<unknown, { readonly _tag: string; readonly message: string }, KalshiClient.KalshiClient>

/** The slowest refusal seen, for the report. */
const slowest = { millis: 0 }

/** Runs a call once: its exit, how long it took, and how many requests it sent. */
const timed = async (call: () => Call) => {
  const before = (await sent()).length
  const started = performance.now()
  const exit = await runtime.runPromiseExit(Effect.suspend(call))
  const millis = performance.now() - started
  return { exit, millis, sent: (await sent()).length - before }
}

/**
 * Runs a call that must be refused: a ValidationError (a typed failure, never a defect), with a bounded
 * message, nothing sent, within {@link timeBound}. A run over the bound is measured once more and the
 * faster run counts: a runaway (an exponent expanded, a stack walked) is slow every time, a pause of the
 * machine (GC, another process) is not.
 */
const refused = async (call: () => Call) => {
  const first = await timed(call)
  const { exit, millis, sent } = first.millis < timeBound ? first : await timed(call)
  slowest.millis = Math.max(slowest.millis, Math.min(first.millis, millis))
  if (Exit.isSuccess(exit)) throw new Error("an invalid request was accepted")
  if (!Cause.isFailType(exit.cause)) throw new Error(`not a typed failure: ${Cause.pretty(exit.cause).slice(0, 300)}`)
  const error = exit.cause.error
  expect(error._tag).toBe("ValidationError")
  expect(error.message.length).toBeLessThan(2_000)
  expect(Math.min(first.millis, millis)).toBeLessThan(timeBound)
  expect(first.sent + sent).toBe(0)
}

/** Runs a call that must be sent: it succeeds against `reply`, and exactly one request goes out. */
const accepted = async (call: () => Call, reply: S.Reply) => {
  const before = (await sent()).length
  await runtime.runPromise(S.reply(reply))
  const exit = await runtime.runPromiseExit(Effect.suspend(call))
  if (Exit.isFailure(exit)) throw new Error(`a valid request failed: ${Cause.pretty(exit.cause).slice(0, 500)}`)
  const all = await sent()
  expect(all.length).toBe(before + 1)
  return all[all.length - 1]!
}

// ---------------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------------

const nest = (depth: number, wrap: (inner: unknown) => unknown) => {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = wrap(value)
  return value
}

const deepArray = nest(100_000, (inner) => [inner])
const deepObject = nest(100_000, (inner) => ({ a: inner }))
const megabyte = "x".repeat(1_000_000)
const trap = () => {
  throw new Error("trap")
}
/** Throws on every string-keyed access and on key listing (symbol keys are left to fast-check's own checks). */
const throwingProxy = new Proxy({}, {
  get: (_, key) => (typeof key === "symbol" ? undefined : trap()),
  has: (_, key) => (typeof key === "symbol" ? false : trap()),
  ownKeys: trap,
  getOwnPropertyDescriptor: trap
})

/** Forged or absurd `BigDecimal`s: each one passes `BigDecimal.isBigDecimal`. */
const insaneDecimals = [
  BigDecimal.unsafeFromString("1e-100000000"),
  BigDecimal.unsafeFromString("1e100000000"),
  BigDecimal.make(1n, Number.NaN),
  BigDecimal.make(1n, 0.5),
  BigDecimal.make(1n, Number.POSITIVE_INFINITY),
  BigDecimal.make(1n, -1e9),
  BigDecimal.make(10n ** 400n, 0),
  BigDecimal.make(10n ** 400n, 400),
  BigDecimal.make(5 as unknown as bigint, 1),
  BigDecimal.make("1" as unknown as bigint, 0)
]

/** Values that are no JSON scalar at all. */
const poison = fc.constantFrom<unknown>(
  deepArray,
  deepObject,
  throwingProxy,
  Symbol("s"),
  10n ** 400n,
  () => 1,
  new Date(0),
  new Map([[1, 2]]),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  null
)

const notString = fc.oneof(poison, fc.integer(), fc.double(), fc.boolean(), fc.array(fc.string()), fc.object())
const notNumber = fc.oneof(poison, fc.string(), fc.boolean(), fc.constant(megabyte), fc.array(fc.integer()))
const notBoolean = fc.oneof(poison, fc.string(), fc.integer(), fc.constant(megabyte))
const notDecimal = fc.oneof(poison, fc.double(), fc.constantFrom("0.5", "1", megabyte), fc.object())
const loneSurrogate = fc.tuple(fc.string(), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string()).map(
  ([before, unit, after]) => before + String.fromCharCode(unit) + after
)
const nonInteger = fc.oneof(
  fc.double({ noInteger: true }),
  fc.constantFrom(2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.NaN)
)

/** A decimal of `scale` decimals that really needs them (its last digit is not 0). */
const decimalNeeding = (scale: number, below: bigint) =>
  fc.bigInt({ min: 0n, max: below / 10n }).map((n) => BigDecimal.make(n * 10n + 1n, scale))

/** What a field holds, so that an invalid value can be generated for it. */
type Kind =
  | "string"
  | "price"
  | "count"
  | "countOrZero"
  | "int"
  | "bool"
  | "subaccount"
  | "exchangeIndex"
  | readonly ["enum", ReadonlyArray<string>]

const invalid = (kind: Kind, required: boolean): fc.Arbitrary<unknown> => {
  const missing = required ? [fc.constant(undefined)] : []
  if (typeof kind !== "string") {
    const values = kind[1]
    return fc.oneof(notString, fc.string().filter((s) => !values.includes(s)), ...missing)
  }
  switch (kind) {
    case "string":
      return fc.oneof(notString, fc.constant(""), loneSurrogate, ...missing)
    case "price":
      return fc.oneof(
        notDecimal,
        fc.constantFrom(...insaneDecimals),
        fc.bigInt({ min: 10_001n, max: 10n ** 30n }).map((n) => BigDecimal.make(n, 4)),
        fc.bigInt({ min: -(10n ** 30n), max: -1n }).map((n) => BigDecimal.make(n, 4)),
        fc.integer({ min: 5, max: 30 }).chain((scale) => decimalNeeding(scale, 10n ** BigInt(scale))),
        ...missing
      )
    case "count":
    case "countOrZero":
      return fc.oneof(
        notDecimal,
        fc.constantFrom(...insaneDecimals),
        fc.bigInt({ min: -(10n ** 30n), max: kind === "count" ? 0n : -1n }).map((n) => BigDecimal.make(n, 2)),
        fc.integer({ min: 3, max: 30 }).chain((scale) => decimalNeeding(scale, 10n ** BigInt(scale + 6))),
        ...missing
      )
    case "int":
      return fc.oneof(notNumber, nonInteger, ...missing)
    case "bool":
      return fc.oneof(notBoolean, ...missing)
    case "subaccount":
      return fc.oneof(
        notNumber,
        nonInteger,
        fc.integer({ min: 64, max: 2 ** 31 }),
        fc.integer({ min: -(2 ** 31), max: -1 }),
        ...missing
      )
    case "exchangeIndex":
      return fc.oneof(
        notNumber,
        nonInteger,
        fc.integer({ min: 256, max: 2 ** 31 }),
        fc.integer({ min: -(2 ** 31), max: -2 }),
        ...missing
      )
  }
}

// ---------------------------------------------------------------------------------------------------
// Models: their fields, valid values, and one-way-broken values
// ---------------------------------------------------------------------------------------------------

interface Model<A> {
  readonly fields: Readonly<Record<string, readonly [Kind, "required" | "optional"]>>
  readonly valid: fc.Arbitrary<A>
  /** Values that break a rule across fields. */
  readonly crossField: ReadonlyArray<fc.Arbitrary<unknown>>
}

const omit = (value: object, key: string) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))

/** A valid value broken in exactly one way. */
const broken = <A extends object>(model: Model<A>): fc.Arbitrary<unknown> => {
  const names = Object.keys(model.fields)
  const required = names.filter((name) => model.fields[name]![1] === "required")
  return fc.oneof(
    // One field of the wrong type, out of range, or missing.
    fc.tuple(model.valid, fc.constantFrom(...names)).chain(([base, name]) => {
      const [kind, presence] = model.fields[name]!
      return invalid(kind, presence === "required").map((value) => ({ ...base, [name]: value }))
    }),
    // An unknown key, whatever its value.
    fc.tuple(model.valid, fc.string().filter((key) => !names.includes(key) && key !== "__proto__"), fc.anything())
      .map(([base, key, value]) => ({ ...base, [key]: value })),
    // A symbol key.
    fc.tuple(model.valid, fc.string()).map(([base, description]) => ({ ...base, [Symbol(description)]: 1 })),
    // A field whose getter throws.
    fc.tuple(model.valid, fc.constantFrom(...names)).map(([base, name]) =>
      Object.defineProperty({ ...base }, name, { enumerable: true, get: trap })
    ),
    // Not an object of that shape at all.
    fc.oneof(poison, fc.string(), fc.integer(), fc.array(fc.anything(), { maxLength: 3 })),
    ...(required.length === 0 ? [] : [
      fc.tuple(model.valid, fc.constantFrom(...required)).map(([base, name]) => omit(base, name))
    ]),
    ...model.crossField
  )
}

const ticker = fc.oneof(
  fc.stringMatching(/^[A-Z][A-Z0-9-]{0,40}$/),
  fc.fullUnicodeString({ minLength: 1, maxLength: 40 })
)
const price = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 3 })).map(([n, extra]) =>
  BigDecimal.make(BigInt(n) * 10n ** BigInt(extra), 4 + extra)
)
const count = fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 2 })).map(([n, scale]) =>
  BigDecimal.make(BigInt(n), scale)
)
const side = ["bid", "ask"] as const
const timeInForce = ["fill_or_kill", "good_till_canceled", "immediate_or_cancel"] as const
const selfTrade = ["taker_at_cross", "maker"] as const

const createModel: Model<Orders.CreateOrderV2Request> = {
  fields: {
    ticker: ["string", "required"],
    client_order_id: ["string", "required"],
    side: [["enum", side], "required"],
    count: ["count", "required"],
    price: ["price", "required"],
    time_in_force: [["enum", timeInForce], "required"],
    self_trade_prevention_type: [["enum", selfTrade], "required"],
    expiration_time: ["int", "optional"],
    post_only: ["bool", "optional"],
    cancel_order_on_pause: ["bool", "optional"],
    reduce_only: ["bool", "optional"],
    subaccount: ["subaccount", "optional"],
    order_group_id: ["string", "optional"],
    exchange_index: ["exchangeIndex", "optional"]
  },
  valid: fc.record({
    ticker,
    client_order_id: fc.uuid(),
    side: fc.constantFrom(...side),
    count,
    price,
    time_in_force: fc.constantFrom(...timeInForce),
    self_trade_prevention_type: fc.constantFrom(...selfTrade),
    expiration_time: fc.integer({ min: 0, max: 2 ** 40 }),
    post_only: fc.boolean(),
    cancel_order_on_pause: fc.boolean(),
    reduce_only: fc.boolean(),
    subaccount: fc.integer({ min: 0, max: 63 }),
    order_group_id: fc.uuid(),
    exchange_index: fc.integer({ min: -1, max: 255 })
  }, {
    requiredKeys: ["ticker", "client_order_id", "side", "count", "price", "time_in_force", "self_trade_prevention_type"]
  }).map((order) =>
    order.time_in_force === "immediate_or_cancel" ? omit(order, "expiration_time") as typeof order : order
  ),
  crossField: [
    fc.tuple(fc.constant(S.order()), fc.integer({ min: 0, max: 2 ** 40 })).map(([base, expiration_time]) => ({
      ...base,
      time_in_force: "immediate_or_cancel",
      expiration_time
    }))
  ]
}

const amendModel: Model<Orders.AmendOrderV2Request> = {
  fields: {
    ticker: ["string", "required"],
    side: [["enum", side], "required"],
    price: ["price", "required"],
    count: ["count", "required"],
    client_order_id: ["string", "optional"],
    updated_client_order_id: ["string", "optional"],
    exchange_index: ["exchangeIndex", "optional"]
  },
  valid: fc.record({
    ticker,
    side: fc.constantFrom(...side),
    price,
    count,
    client_order_id: fc.uuid(),
    updated_client_order_id: fc.uuid(),
    exchange_index: fc.integer({ min: -1, max: 255 })
  }, { requiredKeys: ["ticker", "side", "price", "count"] }),
  crossField: []
}

const decreaseModel: Model<Orders.DecreaseOrderV2Request> = {
  fields: {
    reduce_by: ["count", "optional"],
    reduce_to: ["countOrZero", "optional"],
    exchange_index: ["exchangeIndex", "optional"],
    market_ticker: ["string", "optional"]
  },
  valid: fc.tuple(
    fc.oneof(
      count.map((reduce_by) => ({ reduce_by })),
      fc.oneof(count, fc.constant(BigDecimal.fromBigInt(0n))).map((reduce_to) => ({ reduce_to }))
    ),
    fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    ticker
  ).map(([reduce, shard, market_ticker]) =>
    shard === undefined ? { ...reduce, exchange_index: -1, market_ticker } : { ...reduce, exchange_index: shard }
  ),
  crossField: [
    fc.constant({}),
    fc.tuple(count, count).map(([reduce_by, reduce_to]) => ({ reduce_by, reduce_to })),
    count.map((reduce_by) => ({ reduce_by, exchange_index: -1 }))
  ]
}

const routingFields = {
  subaccount: ["subaccount", "optional"],
  exchange_index: ["exchangeIndex", "optional"],
  market_ticker: ["string", "optional"]
} as const

const routing = fc.record({
  subaccount: fc.integer({ min: 0, max: 63 }),
  exchange_index: fc.integer({ min: 0, max: 255 }),
  market_ticker: ticker
}, { requiredKeys: [] })

const cancelModel: Model<Orders.CancelOrderV2Params> = {
  fields: routingFields,
  valid: routing,
  crossField: [fc.constant({ exchange_index: -1 })]
}

const cancelLegModel: Model<Orders.BatchCancelOrdersV2RequestOrder> = {
  fields: { order_id: ["string", "required"], ...routingFields },
  valid: fc.tuple(fc.uuid(), routing).map(([order_id, route]) => ({ order_id, ...route })),
  crossField: [fc.uuid().map((order_id) => ({ order_id, exchange_index: -1 }))]
}

/** A batch broken in one way: the batch itself, or one of its legs. */
const brokenBatch = <A extends object>(leg: Model<A>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant({ orders: [] }),
    notString.map((orders) => ({ orders })),
    fc.tuple(fc.array(leg.valid, { minLength: 1, maxLength: 5 }), fc.string().filter((key) => key !== "orders"))
      .map(([orders, key]) => ({ orders, [key]: true })),
    fc.tuple(fc.array(leg.valid, { maxLength: 4 }), broken(leg), fc.nat()).map(([legs, bad, at]) => {
      const orders: Array<unknown> = [...legs]
      orders.splice(at % (legs.length + 1), 0, bad)
      return { orders }
    })
  )

/** Path ids that must never reach a URL. */
const badOrderId = fc.oneof(fc.constantFrom<unknown>("", ".", ".."), loneSurrogate, notString)
const goodOrderId = fc.fullUnicodeString({ minLength: 1, maxLength: 60 }).filter((id) => id !== "." && id !== "..")

/** Exactly one of a call's inputs is broken: pick which, keep the others valid. */
const oneBroken = <T extends ReadonlyArray<unknown>>(
  parts: { readonly [K in keyof T]: readonly [fc.Arbitrary<T[K]>, fc.Arbitrary<unknown>] }
): fc.Arbitrary<T> =>
  fc.nat({ max: parts.length - 1 }).chain((which) =>
    fc.tuple(...parts.map(([good, bad], i) => (i === which ? bad : good))) as unknown as fc.Arbitrary<T>
  )

const loose = <A>(value: unknown) => value as A

const subaccountParams = fc.record({ subaccount: fc.integer({ min: 0, max: 63 }) }, { requiredKeys: [] })
const brokenSubaccountParams = broken<Orders.SubaccountParams>({
  fields: { subaccount: ["subaccount", "optional"] },
  valid: subaccountParams,
  crossField: []
})

const created = S.json(201, { order_id: "o-1", fill_count: "0.00", remaining_count: "1.00", ts_ms: 0 })
const amended = S.json(200, { order_id: "o-1", ts_ms: 0 })
const decreased = S.json(200, { order_id: "o-1", remaining_count: "1.00", ts_ms: 0 })
const canceled = S.json(200, { order_id: "o-1", reduced_by: "1.00", ts_ms: 0 })
const batch = (status: number) => S.json(status, { orders: [] })

const decimalOf = (text: unknown) => FixedPoint.parse(String(text))
const sameDecimal = (text: unknown, value: BigDecimal.BigDecimal) => {
  const parsed = decimalOf(text)
  return parsed._tag === "Some" && BigDecimal.equals(parsed.value, value)
}
const lastSegment = (recorded: S.Recorded, from: number) => decodeURIComponent(recorded.pathname.split("/")[from]!)

const options = (numRuns: number) => ({ numRuns, seed: 7_2026 })

describe("invalid write requests are refused before sending, as ValidationError, quickly", () => {
  it("createV2", async () => {
    await fc.assert(
      fc.asyncProperty(broken(createModel), (order) => refused(() => Orders.createV2(loose(order)))),
      options(2_000)
    )
  })

  it("batchCreateV2", async () => {
    await fc.assert(
      fc.asyncProperty(brokenBatch(createModel), (request) => refused(() => Orders.batchCreateV2(loose(request)))),
      options(1_000)
    )
  })

  it("amendV2 (order id, request or routing broken)", async () => {
    await fc.assert(
      fc.asyncProperty(
        oneBroken<[unknown, unknown, unknown]>([[goodOrderId, badOrderId], [amendModel.valid, broken(amendModel)], [
          subaccountParams,
          brokenSubaccountParams
        ]]),
        ([id, amendment, params]) => refused(() => Orders.amendV2(loose(id), loose(amendment), loose(params)))
      ),
      options(1_000)
    )
  })

  it("decreaseV2 (order id, request or routing broken)", async () => {
    await fc.assert(
      fc.asyncProperty(
        oneBroken<[unknown, unknown, unknown]>([
          [goodOrderId, badOrderId],
          [decreaseModel.valid, broken(decreaseModel)],
          [
            subaccountParams,
            brokenSubaccountParams
          ]
        ]),
        ([id, decrease, params]) => refused(() => Orders.decreaseV2(loose(id), loose(decrease), loose(params)))
      ),
      options(1_000)
    )
  })

  it("cancelV2 (order id or routing broken)", async () => {
    await fc.assert(
      fc.asyncProperty(
        oneBroken<[unknown, unknown]>([[goodOrderId, badOrderId], [cancelModel.valid, broken(cancelModel)]]),
        ([id, params]) => refused(() => Orders.cancelV2(loose(id), loose(params)))
      ),
      options(1_000)
    )
  })

  it("batchCancelV2", async () => {
    await fc.assert(
      fc.asyncProperty(brokenBatch(cancelLegModel), (request) => refused(() => Orders.batchCancelV2(loose(request)))),
      options(1_000)
    )
  })

  it("every absurd BigDecimal, in every decimal field of every write model", async () => {
    const order = S.order()
    const amendment: Orders.AmendOrderV2Request = { ticker: "T", side: "bid", price: S.dec("0.5"), count: S.dec("1") }
    for (const value of insaneDecimals) {
      const bad = loose<BigDecimal.BigDecimal>(value)
      await refused(() => Orders.createV2({ ...order, price: bad }))
      await refused(() => Orders.createV2({ ...order, count: bad }))
      await refused(() => Orders.batchCreateV2({ orders: [order, { ...order, price: bad }] }))
      await refused(() => Orders.amendV2("o-1", { ...amendment, price: bad }))
      await refused(() => Orders.amendV2("o-1", { ...amendment, count: bad }))
      await refused(() => Orders.decreaseV2("o-1", { reduce_by: bad }))
      await refused(() => Orders.decreaseV2("o-1", { reduce_to: bad }))
      await refused(() => Orders.createV2Safely({ ...order, price: bad }))
    }
  })

  it("createV2Safely refuses the same inputs without sending", async () => {
    await fc.assert(
      fc.asyncProperty(broken(createModel), (order) => refused(() => Orders.createV2Safely(loose(order)))),
      options(300)
    )
    // Reported, not asserted beyond the per-input bound: timing assertions would be flaky.
    expect(slowest.millis).toBeLessThan(timeBound)
  })
})

describe("valid write requests are all sent, with their values on the wire", () => {
  it("createV2", async () => {
    await fc.assert(
      fc.asyncProperty(createModel.valid, async (order) => {
        const request = await accepted(() => Orders.createV2(order), created)
        const body = request.json as Record<string, unknown>
        expect(request.method).toBe("POST")
        expect(request.pathname).toBe(`${S.basePath}/portfolio/events/orders`)
        expect(body.ticker).toBe(order.ticker)
        expect(body.client_order_id).toBe(order.client_order_id)
        expect(sameDecimal(body.price, order.price)).toBe(true)
        expect(sameDecimal(body.count, order.count)).toBe(true)
        expect(body.subaccount).toBe(order.subaccount)
        expect(body.exchange_index).toBe(order.exchange_index)
      }),
      options(500)
    )
  })

  it("batchCreateV2", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(createModel.valid, { minLength: 1, maxLength: 5 }), async (orders) => {
        const request = await accepted(
          () =>
            Orders.batchCreateV2({
              orders: orders as [Orders.CreateOrderV2Request, ...Array<Orders.CreateOrderV2Request>]
            }),
          batch(201)
        )
        const legs = (request.json as { orders: Array<Record<string, unknown>> }).orders
        expect(legs.map((leg) => leg.client_order_id)).toEqual(orders.map((order) => order.client_order_id))
      }),
      options(200)
    )
  })

  it("amendV2, with any well-formed order id in the path", async () => {
    await fc.assert(
      fc.asyncProperty(goodOrderId, amendModel.valid, subaccountParams, async (id, amendment, params) => {
        const request = await accepted(() => Orders.amendV2(id, amendment, params), amended)
        expect(lastSegment(request, 6)).toBe(id)
        expect(request.query.subaccount).toBe(params.subaccount === undefined ? undefined : String(params.subaccount))
        expect(sameDecimal((request.json as Record<string, unknown>).price, amendment.price)).toBe(true)
      }),
      options(300)
    )
  })

  it("decreaseV2", async () => {
    await fc.assert(
      fc.asyncProperty(goodOrderId, decreaseModel.valid, async (id, decrease) => {
        const request = await accepted(() => Orders.decreaseV2(id, decrease), decreased)
        expect(lastSegment(request, 6)).toBe(id)
        expect((request.json as Record<string, unknown>).exchange_index).toBe(decrease.exchange_index)
      }),
      options(300)
    )
  })

  it("cancelV2", async () => {
    await fc.assert(
      fc.asyncProperty(goodOrderId, cancelModel.valid, async (id, params) => {
        const request = await accepted(() => Orders.cancelV2(id, params), canceled)
        expect(request.method).toBe("DELETE")
        expect(lastSegment(request, 6)).toBe(id)
        expect(request.query.market_ticker).toBe(params.market_ticker)
      }),
      options(300)
    )
  })

  it("batchCancelV2", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cancelLegModel.valid, { minLength: 1, maxLength: 5 }), async (orders) => {
        const request = await accepted(
          () =>
            Orders.batchCancelV2({
              orders: orders as [
                Orders.BatchCancelOrdersV2RequestOrder,
                ...Array<Orders.BatchCancelOrdersV2RequestOrder>
              ]
            }),
          batch(200)
        )
        expect((request.json as { orders: Array<{ order_id: string }> }).orders.map((leg) => leg.order_id)).toEqual(
          orders.map((leg) => leg.order_id)
        )
      }),
      options(200)
    )
  })
})
