/**
 * Test support: raw, hand-signed HTTP calls to the embedded exchange (node:crypto, not the SDK), and the wire
 * shapes the tests read.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import { EmbeddedExchange } from "../../src/testing.js"

export const T55 = "KXHIGHNY-26NOV21-T55"
export const B535 = "KXHIGHNY-26NOV21-B53.5"
export const CLOSED = "KXHIGHNY-26NOV20-T54"
export const H0 = "KXFEDDECISION-26DEC-H0"
export const C25 = "KXFEDDECISION-26DEC-C25"
export const H25 = "KXFEDDECISION-26DEC-H25"

export const dec = (value: string): BigDecimal.BigDecimal => BigDecimal.unsafeFromString(value)

/** A normalised string of a BigDecimal, for readable equality assertions. */
export const str = (value: BigDecimal.BigDecimal): string => BigDecimal.format(value)

/** Where `call` sends requests: the in-memory client's URL unless a test points it at the loopback server. */
export class BaseUrl extends Context.Reference<BaseUrl>()("test/BaseUrl", {
  defaultValue: (): string => EmbeddedExchange.baseUrl
}) {}

export interface Trader extends EmbeddedExchange.Credentials {
  readonly sign: (message: string) => string
}

/** Signs like Kalshi's clients: RSA-PSS SHA-256 salt 32 for RSA keys, Ed25519 for Ed25519 keys. */
export const signerFor = (privateKeyPem: string) => {
  const key = NodeCrypto.createPrivateKey(privateKeyPem)
  return (message: string): string =>
    (key.asymmetricKeyType === "ed25519"
      ? NodeCrypto.sign(null, Buffer.from(message), key)
      : NodeCrypto.sign("sha256", Buffer.from(message), {
        key,
        padding: NodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32
      })).toString("base64")
}

/** A new account with an Ed25519 key (fast to generate); pass options for RSA or a balance. */
export const trader = (options: EmbeddedExchange.GenerateCredentialsOptions = { algorithm: "ed25519" }) =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const credentials = yield* exchange.generateCredentials(options)
    return { ...credentials, sign: signerFor(Redacted.value(credentials.privateKeyPem)) }
  })

export interface Reply<T> {
  readonly status: number
  readonly text: string
  readonly body: T
}

export interface CallOptions {
  readonly baseUrl?: string
  /** Added to the clock's time in the timestamp header. */
  readonly skewMillis?: number
  /** Overrides the signed path (to sign a wrong one). */
  readonly signedPath?: string
  /** Sends these headers instead of the computed signature headers. */
  readonly headers?: Record<string, string>
  /** Sends this text as the body instead of `body` as JSON, with `contentType` (JSON by default). */
  readonly rawBody?: string
  readonly contentType?: string
}

/** The JSON in `text`, or `undefined` when there is none (fault tests read broken bodies). */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One raw request; `path` is relative to the API root and may carry a query string. */
export const call = <T = ErrorBody>(
  who: Trader | undefined,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  options: CallOptions = {}
): Effect.Effect<Reply<T>, HttpClientError.HttpClientError, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const url = `${options.baseUrl ?? (yield* BaseUrl)}${path}`
    const timestamp = String((yield* Clock.currentTimeMillis) + (options.skewMillis ?? 0))
    const signedPath = options.signedPath ?? new URL(url).pathname
    const headers = options.headers ??
      (who === undefined
        ? {}
        : {
          "KALSHI-ACCESS-KEY": who.keyId,
          "KALSHI-ACCESS-TIMESTAMP": timestamp,
          "KALSHI-ACCESS-SIGNATURE": who.sign(`${timestamp}${method}${signedPath}`)
        })
    let request = HttpClientRequest.make(method)(url).pipe(HttpClientRequest.setHeaders(headers))
    if (options.rawBody !== undefined) {
      request = HttpClientRequest.bodyText(request, options.rawBody, options.contentType ?? "application/json")
    } else if (body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, body)
    const response = yield* HttpClient.execute(request)
    const text = yield* response.text
    return { status: response.status, text, body: parseJson(text) as T }
  })

let sequence = 0

/** A V2 create body with sensible defaults: GTC bid of 10 on T55 at 0.44 (the best ask). */
export const order = (fields: Record<string, unknown> = {}) => ({
  ticker: T55,
  client_order_id: `test-${++sequence}-${NodeCrypto.randomUUID()}`,
  side: "bid",
  count: "10",
  price: "0.44",
  time_in_force: "good_till_canceled",
  self_trade_prevention_type: "taker_at_cross",
  ...fields
})

export const place = (who: Trader, fields: Record<string, unknown> = {}) =>
  call<CreateReply & Partial<ErrorBody>>(who, "POST", "/portfolio/events/orders", order(fields))

/** Places an order the test expects to succeed. */
export const placeOk = (who: Trader, fields: Record<string, unknown> = {}) =>
  Effect.flatMap(
    place(who, fields),
    (reply) =>
      reply.status === 201
        ? Effect.succeed(reply.body)
        : Effect.dieMessage(`create failed ${reply.status}: ${reply.text}`)
  )

export const getOrder = (who: Trader, orderId: string) =>
  Effect.map(
    call<{ readonly order: OrderWire }>(who, "GET", `/portfolio/orders/${orderId}`),
    (reply) => reply.body.order
  )

export interface ErrorBody {
  readonly code: string
  readonly message: string
  readonly details: string
}

export interface CreateReply {
  readonly order_id: string
  readonly client_order_id: string
  readonly fill_count: string
  readonly remaining_count: string
  readonly average_fill_price?: string | null
  readonly average_fee_paid?: string | null
  readonly ts_ms: number
  readonly error?: ErrorBody | null
}

export interface OrderWire {
  readonly order_id: string
  readonly user_id: string
  readonly client_order_id: string
  readonly ticker: string
  readonly side: string
  readonly action: string
  readonly outcome_side: string
  readonly book_side: string
  readonly type: string
  readonly status: string
  readonly yes_price_dollars: string
  readonly no_price_dollars: string
  readonly fill_count_fp: string
  readonly remaining_count_fp: string
  readonly initial_count_fp: string
  readonly taker_fees_dollars: string
  readonly maker_fees_dollars: string
  readonly taker_fill_cost_dollars: string
  readonly maker_fill_cost_dollars: string
  readonly expiration_time: string | null
  readonly created_time: string
  readonly last_update_time: string
  readonly self_trade_prevention_type: string
  readonly subaccount_number: number
  readonly exchange_index: number
}

export interface FillWire {
  readonly fill_id: string
  readonly trade_id: string
  readonly order_id: string
  readonly ticker: string
  readonly market_ticker: string
  readonly side: string
  readonly action: string
  readonly outcome_side: string
  readonly book_side: string
  readonly count_fp: string
  readonly yes_price_dollars: string
  readonly no_price_dollars: string
  readonly is_taker: boolean
  readonly fee_cost: string
  readonly created_time: string
  readonly subaccount_number: number
  readonly exchange_index: number
  readonly ts: number
}

export interface MarketWire {
  readonly ticker: string
  readonly event_ticker: string
  readonly status: string
  readonly yes_bid_dollars: string
  readonly yes_ask_dollars: string
  readonly no_bid_dollars: string
  readonly no_ask_dollars: string
  readonly yes_bid_size_fp: string
  readonly yes_ask_size_fp: string
  readonly last_price_dollars: string
  readonly volume_fp: string
  readonly open_interest_fp: string
  readonly title: string
  readonly rules_primary: string
  readonly price_level_structure: string
  readonly price_ranges: ReadonlyArray<{ readonly start: string; readonly end: string; readonly step: string }>
  readonly exchange_index: number
  readonly [field: string]: unknown
}

export interface BalanceWire {
  readonly balance: number
  readonly balance_dollars: string
  readonly portfolio_value: number
  readonly updated_ts: number
  readonly balance_breakdown: ReadonlyArray<{ readonly exchange_index: number; readonly balance: string }>
}

/** Runs a test against a fresh in-memory exchange; rate limits are off unless the options set them. */
export const withExchange =
  (options: EmbeddedExchange.Options = {}) =>
  <A, E>(self: Effect.Effect<A, E, EmbeddedExchange.EmbeddedExchange | HttpClient.HttpClient>) =>
    Effect.provide(self, EmbeddedExchange.layerInMemory({ rateLimits: "unlimited", ...options }))

/** A plain linear-cent market with no liquidity, for exact economics. */
export const plainMarket: EmbeddedExchange.MarketSeed = {
  ticker: "KXTEST-26DEC31-T1",
  event_ticker: "KXTEST-26DEC31",
  title: "Test market",
  yes_sub_title: "Yes",
  no_sub_title: "No",
  rules_primary: "Resolves Yes if the test says so.",
  price_level_structure: "linear_cent",
  price_ranges: [{ start: "0.0100", end: "0.9900", step: "0.0100" }]
}

export const balanceOf = (userId: string, subaccount = 0) =>
  Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.balance(userId, { subaccount }))

export const positionOf = (userId: string, ticker: string, subaccount = 0) =>
  Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.position(userId, ticker, { subaccount }))

export const bookOf = (ticker: string) =>
  Effect.flatMap(EmbeddedExchange.EmbeddedExchange, (exchange) => exchange.orderBook(ticker)).pipe(
    Effect.map(({ asks, bids }) => ({
      bids: bids.map((level) => [str(level.price), str(level.count)]),
      asks: asks.map((level) => [str(level.price), str(level.count)])
    }))
  )

export const marketOf = (ticker: string) =>
  Effect.map(
    call<{ readonly market: MarketWire }>(undefined, "GET", `/markets/${ticker}`),
    (reply) => reply.body.market
  )
