/**
 * Decoding a channel's messages. `orderbook_delta` deltas are the hot path (a busy book sends thousands a
 * second): they are read field by field, without the schema interpreter, into exactly what the schema would
 * produce; anything that path does not recognise goes to the schema, which decodes it or says what is wrong.
 * The tests check both paths agree.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as FixedPoint from "../FixedPoint.js"
import * as Messages from "../WebSocketMessages.js"

type Decode = (input: unknown) => Either.Either<unknown, ParseResult.ParseError>

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const decimal = (u: unknown): BigDecimal.BigDecimal | undefined =>
  typeof u === "string" ? Option.getOrUndefined(FixedPoint.parse(u)) : undefined

/** An `orderbook_delta` message as the schema decodes it, or `undefined` when the field-by-field read declines. */
export const fastDelta = (input: unknown): Messages.OrderbookDelta | undefined => {
  if (!isRecord(input) || input.type !== "orderbook_delta") return undefined
  const { msg, seq, sid } = input
  if (typeof sid !== "number" || typeof seq !== "number" || !isRecord(msg)) return undefined
  const { client_order_id, delta_fp, market_id, market_ticker, price_dollars, side, subaccount, ts, ts_ms } = msg
  if (typeof market_ticker !== "string" || typeof market_id !== "string" || (side !== "yes" && side !== "no")) {
    return undefined
  }
  const price = decimal(price_dollars)
  const delta = decimal(delta_fp)
  if (price === undefined || delta === undefined) return undefined
  const decoded: {
    market_ticker: string
    market_id: string
    price_dollars: BigDecimal.BigDecimal
    delta_fp: BigDecimal.BigDecimal
    side: "yes" | "no"
    client_order_id?: string
    subaccount?: number
    ts?: string
    ts_ms?: number
  } = { market_ticker, market_id, price_dollars: price, delta_fp: delta, side }
  if (client_order_id !== undefined) {
    if (typeof client_order_id !== "string") return undefined
    decoded.client_order_id = client_order_id
  }
  if (subaccount !== undefined) {
    if (typeof subaccount !== "number") return undefined
    decoded.subaccount = subaccount
  }
  if (ts !== undefined) {
    if (typeof ts !== "string") return undefined
    decoded.ts = ts
  }
  if (ts_ms !== undefined) {
    if (typeof ts_ms !== "number") return undefined
    decoded.ts_ms = ts_ms
  }
  return { type: "orderbook_delta", sid, seq, msg: decoded }
}

const schemaDecoders = new Map<Messages.Channel, Decode>()

const schemaDecoder = (channel: Messages.Channel): Decode => {
  const existing = schemaDecoders.get(channel)
  if (existing !== undefined) return existing
  const created = Schema.decodeUnknownEither(Messages.channelMessages[channel] as Schema.Schema<unknown, unknown>)
  schemaDecoders.set(channel, created)
  return created
}

/** Decodes a data message of `channel` (a parsed JSON value) into its schema's type. */
export const decoder = (channel: Messages.Channel): Decode => {
  const bySchema = schemaDecoder(channel)
  if (channel !== "orderbook_delta") return bySchema
  return (input) => {
    const fast = fastDelta(input)
    return fast === undefined ? bySchema(input) : Either.right(fast)
  }
}
