/**
 * Kalshi's AsyncAPI document (read from ../shared, never copied into the repo) against both sides: every example
 * message of the document decodes with the SDK's schemas, and every frame the embedded exchange sends carries
 * the fields the document requires. Also: the fast `orderbook_delta` decoder agrees with the schema.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Either, FastCheck, ParseResult, Schema } from "effect"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import { decoder, fastDelta } from "../../src/internal/wsDecode.js"
import * as Signer from "../../src/Signer.js"
import * as Messages from "../../src/WebSocketMessages.js"
import { buy, eventually, inMemory, restBid, T55 } from "./support.js"

interface JsonSchema {
  readonly $ref?: string
  readonly allOf?: ReadonlyArray<JsonSchema>
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: ReadonlyArray<string>
  readonly const?: unknown
}
interface Message {
  readonly payload?: JsonSchema
  readonly examples?: ReadonlyArray<{ readonly payload: unknown }>
}
interface Document {
  readonly components: {
    readonly messages: Readonly<Record<string, Message>>
    readonly schemas: Readonly<Record<string, JsonSchema>>
  }
}

const document: Document = parse(
  readFileSync(new URL("../../../shared/kalshi/asyncapi.yaml", import.meta.url), "utf8")
)

const resolve = (node: JsonSchema): JsonSchema => {
  const named = node.$ref === undefined ? node : resolve(document.components.schemas[node.$ref.split("/").pop()!]!)
  if (named.allOf === undefined) return named
  // `allOf` of a base and an override: the override's properties win, the requirements add up.
  const parts = named.allOf.map(resolve)
  return {
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    required: parts.flatMap((part) => part.required ?? [])
  }
}

/** The SDK schema of each of the document's messages. */
const sdkSchemas: Readonly<Record<string, Schema.Schema.Any>> = {
  subscribeCommand: Messages.Command,
  unsubscribeCommand: Messages.Command,
  listSubscriptionsCommand: Messages.Command,
  updateSubscriptionCommand: Messages.Command,
  updateSubscriptionDeleteCommand: Messages.Command,
  updateSubscriptionGetSnapshotCommand: Messages.Command,
  updateSubscriptionSingleSidCommand: Messages.Command,
  cfbenchmarksUpdateSubscriptionCommand: Messages.Command,
  pythUpdateSubscriptionCommand: Messages.Command,
  subscribedResponse: Messages.Subscribed,
  unsubscribedResponse: Messages.Unsubscribed,
  okResponse: Messages.Updated,
  listSubscriptionsResponse: Messages.SubscriptionList,
  errorResponse: Messages.ErrorReply,
  orderbookSnapshot: Messages.OrderbookSnapshot,
  orderbookDelta: Messages.OrderbookDelta,
  cfbenchmarksValue: Messages.CfbenchmarksValue,
  cfbenchmarksIndexList: Messages.CfbenchmarksIndexList,
  pythValue: Messages.PythValue,
  pythUnderlyingList: Messages.PythUnderlyingList,
  ticker: Messages.Ticker,
  trade: Messages.Trade,
  fill: Messages.Fill,
  marketLifecycleV2: Messages.MarketLifecycleV2,
  multivariateMarketLifecycle: Messages.MultivariateMarketLifecycle,
  eventLifecycle: Messages.EventLifecycle,
  eventFeeUpdate: Messages.EventFeeUpdate,
  marketPosition: Messages.MarketPosition,
  orderGroupUpdates: Messages.OrderGroupUpdates,
  userOrder: Messages.UserOrder,
  rfqCreated: Messages.RfqCreated,
  rfqDeleted: Messages.RfqDeleted,
  quoteCreated: Messages.QuoteCreated,
  quoteAccepted: Messages.QuoteAccepted,
  quoteExecuted: Messages.QuoteExecuted
}

const jsonMessages = Object.entries(document.components.messages).filter(([, message]) => message.payload?.$ref)

describe("the AsyncAPI document", () => {
  it("has an SDK schema for every JSON message", () => {
    expect(jsonMessages.map(([name]) => name).sort()).toEqual(Object.keys(sdkSchemas).sort())
  })

  it.each(jsonMessages.map(([name]) => name))("every example of %s decodes", (name) => {
    const schema = sdkSchemas[name]! as Schema.Schema<unknown, unknown>
    for (const example of document.components.messages[name]!.examples ?? []) {
      const decoded = Schema.decodeUnknownEither(schema)(example.payload)
      if (Either.isLeft(decoded)) expect.fail(ParseResult.TreeFormatter.formatErrorSync(decoded.left))
    }
  })
})

/** The required fields a frame lacks, top level and `msg`, by the document's payload schema of its type. */
const missing = (frame: Record<string, unknown>): ReadonlyArray<string> => {
  const byType = jsonMessages.map(([, message]) => resolve(message.payload!)).filter((payload) =>
    payload.properties?.type?.const === frame.type
  )
  // `ok` is both the update reply and the list reply: the one whose `msg` shape fits.
  const payload = byType.find((candidate) =>
    (candidate.properties?.msg === undefined) ||
    Array.isArray(frame.msg) === (resolve(candidate.properties.msg).properties === undefined)
  ) ?? byType[0]
  if (payload === undefined) return [`a frame of unknown type ${String(frame.type)}`]
  const top = (payload.required ?? []).filter((field) => !(field in frame))
  const msgSchema = payload.properties?.msg === undefined ? undefined : resolve(payload.properties.msg)
  const msg = frame.msg
  const inner = msgSchema === undefined || typeof msg !== "object" || msg === null || Array.isArray(msg)
    ? []
    : (msgSchema.required ?? []).filter((field) => !(field in msg)).map((field) => `msg.${field}`)
  return [...top, ...inner]
}

describe("the embedded exchange's frames", () => {
  it.live("carry every field the document requires", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const signer = yield* Signer.Signer
      const frames: Array<Record<string, unknown>> = []
      const connection = yield* exchange.webSocket.connect({
        url: EmbeddedExchangeWebSocket.url,
        headers: yield* signer.headers("GET", "/trade-api/ws/v2")
      })
      connection.webSocket.addEventListener("message", (event) => frames.push(JSON.parse(String(event.data))))
      const send = (command: unknown) => connection.webSocket.send(JSON.stringify(command))
      const channels = ["orderbook_delta", "ticker", "trade", "fill", "user_orders", "market_positions"]
      send({ id: 1, cmd: "subscribe", params: { channels, market_tickers: [T55] } })
      send({ id: 2, cmd: "subscribe", params: { channels: ["orderbook_delta"] } }) // 14: needs a market
      send({ id: 3, cmd: "list_subscriptions" })
      send({ id: 4, cmd: "update_subscription", params: { sid: 1, action: "get_snapshot", market_tickers: [T55] } })
      yield* eventually(Effect.sync(() => frames.some((frame) => frame.id === 4)))
      yield* restBid(T55, "2", "0.42")
      yield* buy(T55, "3", "0.44")
      send({ id: 5, cmd: "unsubscribe", params: { sids: [2] } })
      yield* eventually(Effect.sync(() => frames.some((frame) => frame.id === 5)))

      const types = new Set(frames.map((frame) => frame.type))
      for (
        const type of [
          "subscribed",
          "error",
          "ok",
          "orderbook_snapshot",
          "orderbook_delta",
          "ticker",
          "trade",
          "fill",
          "user_order",
          "market_position",
          "unsubscribed"
        ]
      ) {
        expect(types).toContain(type)
      }
      expect(frames.flatMap((frame) => missing(frame).map((field) => `${String(frame.type)}: ${field}`))).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(inMemory())))
})

/** BigDecimals as strings, so that two decodes compare by value. */
const canonical = (u: unknown): unknown =>
  BigDecimal.isBigDecimal(u)
    ? `bd:${BigDecimal.format(u)}`
    : Array.isArray(u)
    ? u.map(canonical)
    : typeof u === "object" && u !== null
    ? Object.fromEntries(Object.entries(u).map(([key, value]) => [key, canonical(value)]))
    : u

describe("the fast orderbook_delta decoder", () => {
  const bySchema = Schema.decodeUnknownEither(Messages.channelMessages.orderbook_delta)
  const decode = decoder("orderbook_delta")

  const anyValue = FastCheck.oneof(
    FastCheck.string(),
    FastCheck.integer(),
    FastCheck.constant(null),
    FastCheck.constant(undefined),
    FastCheck.constantFrom("0.56", "-54.00", "1e3", "", "yes", "no", "orderbook_delta")
  )
  /** Mostly a valid value, sometimes anything. */
  const mostly = <A>(valid: FastCheck.Arbitrary<A>) =>
    FastCheck.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: anyValue, weight: 1 })
  const delta = FastCheck.record({
    type: mostly(FastCheck.constantFrom("orderbook_delta", "orderbook_delta", "orderbook_snapshot")),
    sid: mostly(FastCheck.integer({ min: 1 })),
    seq: mostly(FastCheck.integer({ min: 1 })),
    msg: FastCheck.record(
      {
        market_ticker: mostly(FastCheck.constant("KX-1")),
        market_id: mostly(FastCheck.uuid()),
        price_dollars: mostly(FastCheck.constantFrom("0.0100", "0.56", "0.999", "1", "0.5x")),
        delta_fp: mostly(FastCheck.constantFrom("-54.00", "10", "0.5", "+1")),
        side: mostly(FastCheck.constantFrom("yes", "no")),
        client_order_id: mostly(FastCheck.string()),
        subaccount: mostly(FastCheck.integer({ min: 0, max: 63 })),
        ts: mostly(FastCheck.constant("2026-11-21T20:00:00Z")),
        ts_ms: mostly(FastCheck.integer({ min: 0 })),
        extra: anyValue
      },
      { requiredKeys: ["market_ticker", "market_id", "price_dollars", "delta_fp", "side"] }
    ),
    extra: anyValue
  }, { requiredKeys: ["type", "sid", "seq", "msg"] })

  it("agrees with the schema on every input, valid or not", () => {
    let fast = 0
    FastCheck.assert(
      FastCheck.property(delta, (input) => {
        if (fastDelta(input) !== undefined) fast++
        const expected = bySchema(input)
        const actual = decode(input)
        expect(Either.isRight(actual)).toBe(Either.isRight(expected))
        if (Either.isRight(actual) && Either.isRight(expected)) {
          expect(canonical(actual.right)).toEqual(canonical(expected.right))
        }
      }),
      { numRuns: 2000 }
    )
    // Both paths were exercised.
    expect(fast).toBeGreaterThan(100)
    expect(fast).toBeLessThan(2000)
  })

  it("takes the fast path for Kalshi's own example", () => {
    const example = document.components.messages.orderbookDelta!.examples![0]!.payload
    expect(fastDelta(example)).toBeDefined()
  })
})
