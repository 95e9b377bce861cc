/**
 * An in-process Kalshi exchange that speaks Kalshi's Trade API v2 wire format: markets with price grids, a
 * price-time-priority matching engine per market, balances, positions and fees, signed requests, token-bucket
 * rate limits, cursor pagination and fault injection. It serves market data (order books, trades,
 * candlesticks, events, series, exchange status), orders, fills, balances, positions, settlements,
 * subaccounts and order groups; every other operation of Kalshi's spec answers 501 `not_implemented`. Its
 * test API drives a market's life (pause, close, settle) and can run a seeded simulated participant. Point a
 * client at it to test trading code without touching Kalshi.
 *
 * Serve it in memory with {@link layerHttpClient} (no socket; the exchange runs in the caller's fiber, so it
 * shares the caller's `Clock`, `TestClock` included) or over loopback with `EmbeddedExchangeServer`.
 *
 * Rules worth knowing:
 * - Fees follow Kalshi's general schedule at each fill's yes price `P`: taker `0.07 × count × P × (1 − P)`,
 *   maker `0.0175 × count × P × (1 − P)`, rounded up to the cent on each order's running total in each role
 *   (a fill pays the increase of the rounded total), so an order never pays more than the rounded fee of its
 *   whole size.
 * - A bid (long yes) at `p` costs `p` per contract, an ask (long no) `1 − p`; netting against an opposite
 *   position returns $1 per contract. Placement needs the order's worst case (every contract at its limit,
 *   the largest taker fee it could pay and, if it may rest, its maker fee) in the available balance; the
 *   resting part holds its cost and maker fee (out of `balance`) until it fills, is decreased or canceled.
 *   Closing orders are collateralised the same. Balances never go negative.
 * - Requests are bounded like Kalshi's edge: JSON bodies only (415 otherwise), at most 1 MiB (413, refused
 *   before being read in full), nested at most 32 levels, ids and strings at most 256 characters, URLs at most
 *   8 KiB (414); paths with empty or dot segments (`/portfolio//balance`) are 404.
 * - `client_order_id` is required on V2 creates; reusing one the account already used answers 409
 *   `order_already_exists` (Kalshi's documented V2 behaviour).
 * - Orders on an unknown market answer 400 `market_not_found` (`GET /markets/{ticker}` answers 404); on a
 *   market that is not `active`, 400 `market_closed`.
 * - Signatures must carry a timestamp within 30 seconds of the exchange's `Clock`.
 * - Rate limits: per account (its API keys share them), a read bucket (GET) and a write bucket; every request
 *   costs 10 tokens except a cancel (2); batches cost the sum of their legs and must fit at once. Single
 *   writes routed to a shard ≥ 1 the exchange has draw on that shard's own write bucket, as Kalshi's do.
 *   Basic tier by default (read 200/s, write 100/s, one second of capacity): with a `TestClock` that never
 *   moves, 20 reads or 10 writes exhaust an account, so pass `rateLimits: "unlimited"` or advance the clock.
 *   Public market data is not limited. `GET /account/limits` and `GET /account/endpoint_costs` report these
 *   buckets and costs in Kalshi's format.
 * - Cash is one pool per (user, subaccount), shared by all exchange shards; `exchange_index` on
 *   `/portfolio/balance` only scopes `portfolio_value` (positions marked at the last traded price).
 * - Self-trade prevention treats every order of the same user as self, whatever the subaccount.
 * - Shard routing is Kalshi's: a cancel or decrease without `exchange_index` or `market_ticker` goes to
 *   shard 0, so an order on another shard answers 404 there; `exchange_index: -1` needs a ticker, and an
 *   `exchange_index` that is not the market's shard is a 400. Orders of another subaccount are 404.
 * - Cancelling an unknown, canceled or executed order is a 404; `reduce_by` beyond the remaining count
 *   cancels the order, `reduce_to` above it is a 400.
 * - Expiring orders (`good_till_canceled` with `expiration_time`) are canceled lazily, on the first access
 *   at or after their expiration by the `Clock`.
 * - Orders on a subaccount that was never opened (`POST /portfolio/subaccounts`, or `deposit`) are 400
 *   `subaccount_not_found`; transfers move available cash between two opened subaccounts, once per
 *   `client_transfer_id` (a reuse is 409).
 * - Order groups count the contracts their orders match over a rolling 15 seconds of the `Clock`: a fill is
 *   cut at the limit, reaching it cancels the group's resting orders, and the group refuses orders (400
 *   `order_group_triggered`) until reset. A group belongs to one user and subaccount.
 * - While trading is paused, creates and amends answer 400 `trading_is_paused`; cancels and decreases work.
 * - An unknown series answers 400 `series_not_found` (the spec declares no 404 for it); unknown markets and
 *   events are 404.
 *
 * @since 0.1.0
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type { HttpMethod } from "@effect/platform/HttpMethod"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as BigDecimal from "effect/BigDecimal"
import * as Chunk from "effect/Chunk"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as KalshiClient from "../KalshiClient.js"
import type { InvalidKeyError } from "../KalshiError.js"
import type * as EmbeddedExchangeWebSocket from "./EmbeddedExchangeWebSocket.js"
import * as Accounts from "./internal/accounts.js"
import * as Auth from "./internal/auth.js"
import * as Engine from "./internal/engine.js"
import {
  badRequest,
  type ConnectionDropped,
  type ExchangeError,
  type InvalidPublicKey,
  notFound
} from "./internal/errors.js"
import * as Faults from "./internal/faults.js"
import * as Fixed from "./internal/fixed.js"
import * as Http from "./internal/http.js"
import * as Lifecycle from "./internal/lifecycle.js"
import * as Seed from "./internal/seed.js"
import * as Simulation from "./internal/simulation.js"
import * as State from "./internal/state.js"
import * as Streaming from "./internal/streaming/endpoint.js"
import * as Trading from "./internal/trading.js"

/**
 * The exchange's failure types: `ExchangeError` (a refused request: status, code, message, details),
 * `ConnectionDropped` (the app's signal that a `DropConnection` fault fired) and `InvalidPublicKey`.
 *
 * @since 0.1.0
 */
export { ConnectionDropped, ExchangeError, InvalidPublicKey } from "./internal/errors.js"

/**
 * The base URL to give a client wired with {@link layerHttpClient}. Any host works: the in-memory client
 * routes on the path under `/trade-api/v2`.
 *
 * @since 0.1.0
 */
export const baseUrl = "http://embedded.kalshi/trade-api/v2"

/**
 * The user id of the seeded market maker that rests the default liquidity.
 *
 * @since 0.1.0
 */
export const marketMakerUserId: string = Seed.marketMakerUserId

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

/**
 * Kalshi's API usage tiers.
 *
 * @since 0.1.0
 */
export type Tier = "basic" | "advanced" | "expert" | "premier" | "paragon" | "prime" | "prestige"

/**
 * One token bucket: `refillRate` tokens per second, up to `capacity`.
 *
 * @since 0.1.0
 */
export interface BucketLimit {
  readonly refillRate: number
  readonly capacity: number
}

/**
 * Rate-limit settings: a tier (default `"basic"`), optional bucket overrides, and token costs (default 10 per
 * request, 2 per cancel; a batch costs the sum of its legs).
 *
 * @since 0.1.0
 */
export interface RateLimits {
  readonly tier?: Tier | undefined
  readonly read?: BucketLimit | undefined
  readonly write?: BucketLimit | undefined
  readonly costs?: { readonly default?: number | undefined; readonly cancel?: number | undefined } | undefined
}

/**
 * A market's lifecycle status, as `Market.status` reports it. Only `active` markets trade.
 *
 * @since 0.1.0
 */
export type MarketStatus = "initialized" | "active" | "inactive" | "closed" | "determined" | "finalized"

/**
 * An event to seed, in Kalshi's field names. Events that markets name but no seed describes are made up from
 * their first market (its title, the series from the event ticker).
 *
 * @since 0.1.0
 */
export interface EventSeed {
  readonly event_ticker: string
  readonly series_ticker?: string | undefined
  readonly title: string
  readonly sub_title?: string | undefined
  readonly category?: string | undefined
  readonly mutually_exclusive?: boolean | undefined
  /** RFC 3339. */
  readonly strike_date?: string | undefined
}

/**
 * A series to seed, in Kalshi's field names. Series that markets name but no seed describes are made up from
 * their ticker.
 *
 * @since 0.1.0
 */
export interface SeriesSeed {
  readonly ticker: string
  readonly title: string
  readonly category?: string | undefined
  readonly frequency?: string | undefined
  readonly tags?: ReadonlyArray<string> | undefined
  readonly settlement_sources?: ReadonlyArray<{ readonly name: string; readonly url: string }> | undefined
  readonly contract_url?: string | undefined
}

/**
 * A market to seed, in Kalshi's field names. Omitted times default to 2026-01-01 (open) and the close time;
 * `series_ticker` defaults to the event ticker's first segment; `exchange_index` to 0; `status` to `active`.
 * `price_ranges` are dollar strings (`{ start: "0.0100", end: "0.9900", step: "0.0100" }`).
 *
 * @since 0.1.0
 */
export interface MarketSeed {
  readonly ticker: string
  readonly event_ticker: string
  readonly series_ticker?: string | undefined
  readonly title: string
  readonly subtitle?: string | undefined
  readonly yes_sub_title: string
  readonly no_sub_title: string
  readonly rules_primary: string
  readonly rules_secondary?: string | undefined
  readonly status?: MarketStatus | undefined
  readonly created_time?: string | undefined
  readonly open_time?: string | undefined
  readonly close_time?: string | undefined
  readonly expected_expiration_time?: string | undefined
  readonly latest_expiration_time?: string | undefined
  readonly settlement_timer_seconds?: number | undefined
  readonly strike_type?: string | undefined
  readonly floor_strike?: number | undefined
  readonly cap_strike?: number | undefined
  readonly can_close_early?: boolean | undefined
  readonly price_level_structure: string
  readonly price_ranges: ReadonlyArray<{ readonly start: string; readonly end: string; readonly step: string }>
  readonly exchange_index?: number | undefined
}

/**
 * A resting post-only order to place for liquidity, by default for the market maker on subaccount 0.
 *
 * @since 0.1.0
 */
export interface LiquidityQuote {
  readonly ticker: string
  readonly side: "bid" | "ask"
  /** The yes price; it must lie on the market's grid. */
  readonly price: BigDecimal.BigDecimal
  readonly count: BigDecimal.BigDecimal
  /** Defaults to the market maker; another account must already hold the funds (see `deposit`). */
  readonly userId?: string | undefined
  readonly subaccount?: number | undefined
}

/**
 * Options of {@link layer}.
 *
 * - `markets`: replaces the default markets.
 * - `events` / `series`: describe the markets' events and series (defaults describe the default markets).
 * - `liquidity`: replaces the default market-maker quotes (which only exist with the default markets).
 * - `rateLimits`: `"unlimited"` or {@link RateLimits} (Basic tier by default).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly markets?: ReadonlyArray<MarketSeed> | undefined
  readonly events?: ReadonlyArray<EventSeed> | undefined
  readonly series?: ReadonlyArray<SeriesSeed> | undefined
  readonly liquidity?: ReadonlyArray<LiquidityQuote> | undefined
  readonly rateLimits?: RateLimits | "unlimited" | undefined
  /**
   * A seeded background participant that quotes and trades every `intervalMillis` (default 1000) of the
   * `Clock` (only with {@link layer}: it runs in the layer's scope). Deterministic for a seed and a clock.
   */
  readonly simulation?: { readonly seed: number; readonly intervalMillis?: number | undefined } | undefined
}

/**
 * How a market resolves in `settleMarket`: `yes` pays $1 per yes contract, `no` $1 per no contract, and
 * `scalar` pays `value` (within [0, 1]) per yes contract and `1 − value` per no contract.
 *
 * @since 0.1.0
 */
export type Outcome = Lifecycle.Outcome

/**
 * Where every deposited dollar is: `cash` (available balances), `held` (by resting orders), `fees` (charged),
 * and `openInterest` (a dollar per open yes/no pair, paid out at settlement). `deposited` always equals
 * `cash + held + fees + openInterest`: money is conserved.
 *
 * @since 0.1.0
 */
export interface Audit {
  readonly deposited: BigDecimal.BigDecimal
  readonly cash: BigDecimal.BigDecimal
  readonly held: BigDecimal.BigDecimal
  readonly fees: BigDecimal.BigDecimal
  readonly openInterest: BigDecimal.BigDecimal
}

// ---------------------------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------------------------

/**
 * What an injected fault does to a request, before the exchange looks at it:
 * `Status` answers that status (`body` JSON-encoded; by default Kalshi's error body, or its 429 body),
 * `Delay` waits on the `Clock` and then answers normally, `MalformedBody` answers 200 with non-JSON,
 * `TruncatedBody` answers 200 with cut-off JSON, `NoContent` answers 204, `DropConnection` drops the
 * connection (a destroyed socket over loopback, a transport `RequestError` in memory). `AnswerLost` is
 * the one fault that lets the exchange act: it processes the request (an order is placed, a cancel
 * done) and then drops the connection instead of answering, as when a response is lost on the way back.
 *
 * @since 0.1.0
 */
export type FaultKind = Data.TaggedEnum<{
  Status: { readonly status: number; readonly body?: unknown }
  Delay: { readonly millis: number }
  MalformedBody: Record<never, never>
  TruncatedBody: Record<never, never>
  NoContent: Record<never, never>
  DropConnection: Record<never, never>
  AnswerLost: Record<never, never>
}>

/**
 * Constructors for {@link FaultKind}: `FaultKind.Status({ status: 503 })`, `FaultKind.DropConnection()`.
 *
 * @since 0.1.0
 */
export const FaultKind = Data.taggedEnum<FaultKind>()

/**
 * A fault for the next `count` requests (default 1) matching `route`: `method`, and `path` as a prefix string
 * or a RegExp, both matched against the path under `/trade-api/v2` (e.g. `"/portfolio/events/orders"`).
 *
 * @since 0.1.0
 */
export interface Fault {
  readonly count?: number | undefined
  readonly route?:
    | { readonly method?: HttpMethod | undefined; readonly path?: string | RegExp | undefined }
    | undefined
  readonly kind: FaultKind
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------------------------

/**
 * A registered API key and its private key, ready for a client: sign with `privateKeyPem`, send `keyId`.
 *
 * @since 0.1.0
 */
export interface Credentials {
  readonly keyId: string
  readonly privateKeyPem: Redacted.Redacted<string>
  readonly userId: string
}

/**
 * The account a key belongs to: `userId` (a new account when omitted or unknown) and the starting `balance`
 * of a new account (default $1,000.00; an existing account keeps its balance, see `deposit`).
 *
 * @since 0.1.0
 */
export interface AccountOptions {
  readonly userId?: string | undefined
  readonly balance?: BigDecimal.BigDecimal | undefined
}

/**
 * Which key to generate: RSA-2048 (default) with its private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`, what
 * Kalshi hands out; the default) or PKCS#8 (`BEGIN PRIVATE KEY`), or Ed25519 (PKCS#8).
 *
 * @since 0.1.0
 */
export type GenerateCredentialsOptions =
  & AccountOptions
  & (
    | { readonly algorithm?: "rsa" | undefined; readonly privateKeyFormat?: "pkcs1" | "pkcs8" | undefined }
    | { readonly algorithm: "ed25519" }
  )

/**
 * Options of `registerKey`: the account (see {@link AccountOptions}) and the key id to use (a new UUID by
 * default; registering an id again replaces its key).
 *
 * @since 0.1.0
 */
export interface RegisterKeyOptions extends AccountOptions {
  readonly keyId?: string | undefined
}

/**
 * A registered public key.
 *
 * @since 0.1.0
 */
export interface RegisteredKey {
  readonly keyId: string
  readonly userId: string
}

/**
 * One aggregated price level of an order book.
 *
 * @since 0.1.0
 */
export interface BookLevel {
  readonly price: BigDecimal.BigDecimal
  readonly count: BigDecimal.BigDecimal
}

/**
 * A market's yes-priced book, best levels first.
 *
 * @since 0.1.0
 */
export interface OrderBook {
  readonly bids: ReadonlyArray<BookLevel>
  readonly asks: ReadonlyArray<BookLevel>
}

/**
 * Subaccount selector of the inspection methods (default 0, the primary account).
 *
 * @since 0.1.0
 */
export interface SubaccountOptions {
  readonly subaccount?: number | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * The embedded exchange: its HTTP app, credentials, fault switches and state inspection.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The exchange as an `HttpApp`; fails with `ConnectionDropped` when a drop fault fires. */
  readonly app: HttpApp.Default<ConnectionDropped>
  /** Generates a key pair, registers its public key for an account and returns the credentials. */
  readonly generateCredentials: (options?: GenerateCredentialsOptions) => Effect.Effect<Credentials>
  /** Registers a user's own SPKI public key (RSA or Ed25519, `BEGIN PUBLIC KEY`). */
  readonly registerKey: (
    publicKeyPem: string,
    options?: RegisterKeyOptions
  ) => Effect.Effect<RegisteredKey, InvalidPublicKey>
  /** Adds funds to an account's available balance (creating the account if needed). */
  readonly deposit: (userId: string, amount: BigDecimal.BigDecimal, options?: SubaccountOptions) => Effect.Effect<void>
  /** The available balance (cash not reserved by resting orders). */
  readonly balance: (userId: string, options?: SubaccountOptions) => Effect.Effect<BigDecimal.BigDecimal>
  /** The signed position in a market: positive is long yes, negative long no. */
  readonly position: (
    userId: string,
    ticker: string,
    options?: SubaccountOptions
  ) => Effect.Effect<BigDecimal.BigDecimal>
  /** A snapshot of a market's book. */
  readonly orderBook: (ticker: string) => Effect.Effect<OrderBook, ExchangeError>
  /** Rests a post-only order (by default for the market maker); answers its order id. */
  readonly placeLiquidity: (quote: LiquidityQuote) => Effect.Effect<string, ExchangeError>
  /** Arms a fault for the next matching requests. */
  readonly injectFault: (fault: Fault) => Effect.Effect<void>
  /** Disarms every fault. */
  readonly clearFaults: Effect.Effect<void>
  /** How many HTTP requests the exchange has received, faulted ones included. */
  readonly requestCount: Effect.Effect<number>
  /**
   * Pauses all trading: new orders and amends answer 400 `trading_is_paused`, resting orders placed with
   * `cancel_order_on_pause` are canceled, and `GET /exchange/status` reports `trading_active: false`.
   */
  readonly pauseTrading: Effect.Effect<void>
  readonly resumeTrading: Effect.Effect<void>
  /** Closes a market: its resting orders are canceled and new ones answer 400 `market_closed`. */
  readonly closeMarket: (ticker: string) => Effect.Effect<void, ExchangeError>
  /**
   * Settles a market (closing it first): pays every position out, writes each holder's settlement
   * (`GET /portfolio/settlements`) and leaves the market `finalized` with its `result`.
   */
  readonly settleMarket: (ticker: string, outcome: Outcome) => Effect.Effect<void, ExchangeError>
  /** Where every deposited dollar is (see {@link Audit}). */
  readonly audit: Effect.Effect<Audit>
  /** The WebSocket endpoint: in-memory connections, streaming faults. */
  readonly webSocket: EmbeddedExchangeWebSocket.Service
}

/**
 * The embedded exchange service.
 *
 * @since 0.1.0
 */
export class EmbeddedExchange extends Context.Tag("effect-kalshi/EmbeddedExchange")<EmbeddedExchange, Service>() {}

const defaultBalance = Fixed.decimal("1000")

const build = (options: Options) =>
  Effect.gen(function*() {
    const state = State.make(options)
    const streaming = Streaming.make(state)
    const openAccount = (account: AccountOptions) =>
      State.update(state, (exchange, now) => {
        const userId = account.userId ?? crypto.randomUUID()
        if (!exchange.accounts.has(userId)) {
          Trading.deposit(
            exchange,
            Accounts.ledger(exchange.accounts, userId, 0),
            account.balance ?? defaultBalance,
            now
          )
        }
        return userId
      })

    const registerKey = Effect.fn("EmbeddedExchange.registerKey")(function*(
      publicKeyPem: string,
      options: RegisterKeyOptions = {}
    ) {
      const { params, publicKey } = yield* Auth.importPublicKey(publicKeyPem)
      const userId = yield* openAccount(options)
      const keyId = options.keyId ?? crypto.randomUUID()
      state.keys.set(keyId, { keyId, userId, publicKey, params })
      return { keyId, userId }
    })

    const generateCredentials = Effect.fn("EmbeddedExchange.generateCredentials")(function*(
      options: GenerateCredentialsOptions = {}
    ) {
      const pair = yield* (options.algorithm === "ed25519"
        ? Auth.generateKeyPair("ed25519", "pkcs8")
        : Auth.generateKeyPair("rsa", options.privateKeyFormat ?? "pkcs1"))
      const key = yield* Effect.orDie(registerKey(pair.publicKeyPem, options))
      return { ...key, privateKeyPem: Redacted.make(pair.privateKeyPem) }
    })

    const ledgerOf = (exchange: Trading.Exchange, userId: string, options: SubaccountOptions) =>
      Accounts.ledger(exchange.accounts, userId, options.subaccount ?? 0)
    const existingLedger = (exchange: Trading.Exchange, userId: string, options: SubaccountOptions) =>
      Accounts.findLedger(exchange.accounts, userId, options.subaccount ?? 0)

    const placeLiquidity = Effect.fn("EmbeddedExchange.placeLiquidity")(function*(quote: LiquidityQuote) {
      if (!Fixed.isCount(quote.count)) {
        return yield* badRequest(
          "invalid_parameters",
          "count must be positive with at most 2 decimals",
          BigDecimal.format(quote.count)
        )
      }
      const { order } = yield* State.transact(state, (exchange, now) =>
        Trading.createOrder(
          exchange,
          quote.userId ?? Seed.marketMakerUserId,
          {
            ticker: quote.ticker,
            client_order_id: crypto.randomUUID(),
            side: quote.side,
            price: quote.price,
            count: quote.count,
            time_in_force: "good_till_canceled",
            self_trade_prevention_type: "taker_at_cross",
            post_only: true,
            ...(quote.subaccount === undefined ? {} : { subaccount: quote.subaccount })
          },
          now
        ))
      return order.id
    })

    const service: Service = {
      app: streaming.serve(Http.makeApp(state)),
      generateCredentials,
      registerKey,
      deposit: Effect.fn("EmbeddedExchange.deposit")(function*(userId, amount, options = {}) {
        yield* State.update(
          state,
          (exchange, now) => Trading.deposit(exchange, ledgerOf(exchange, userId, options), amount, now)
        )
      }),
      balance: Effect.fn("EmbeddedExchange.balance")(function*(userId, options = {}) {
        return yield* State.update(
          state,
          (exchange) => existingLedger(exchange, userId, options)?.balance ?? Fixed.zero
        )
      }),
      position: Effect.fn("EmbeddedExchange.position")(function*(userId, ticker, options = {}) {
        return yield* State.update(state, (exchange) => {
          const ledger = existingLedger(exchange, userId, options)
          return ledger === undefined ? Fixed.zero : Accounts.position(ledger, ticker)
        })
      }),
      orderBook: Effect.fn("EmbeddedExchange.orderBook")(function*(ticker) {
        return yield* State.transact(state, (exchange) => {
          const market = exchange.markets.get(ticker)
          return market === undefined
            ? Either.left(notFound("not_found", "Market not found", ticker))
            : Either.right({ bids: Engine.levels(market.book, "bid"), asks: Engine.levels(market.book, "ask") })
        })
      }),
      placeLiquidity,
      injectFault: Effect.fn("EmbeddedExchange.injectFault")(function*(fault) {
        yield* Effect.sync(() => Faults.arm(state.faults, fault))
      }),
      clearFaults: Effect.sync(() => {
        state.faults.length = 0
      }),
      requestCount: Effect.sync(() => state.received),
      pauseTrading: State.update(state, (exchange, now) => Lifecycle.pause(exchange, now)),
      resumeTrading: State.update(state, (exchange) => Lifecycle.resume(exchange)),
      closeMarket: Effect.fn("EmbeddedExchange.closeMarket")(function*(ticker) {
        yield* State.transact(state, (exchange, now) => Lifecycle.close(exchange, ticker, now))
      }),
      settleMarket: Effect.fn("EmbeddedExchange.settleMarket")(function*(ticker, outcome) {
        yield* State.transact(state, (exchange, now) => Lifecycle.settle(exchange, ticker, outcome, now))
      }),
      audit: State.update(state, (exchange) => Trading.audit(exchange)),
      webSocket: streaming.service
    }

    yield* service.deposit(Seed.marketMakerUserId, Seed.marketMakerBalance)
    const liquidity = options.liquidity ?? (options.markets === undefined ? Seed.defaultLiquidity : [])
    yield* Effect.forEach(liquidity, (quote) => Effect.orDie(placeLiquidity(quote)), { discard: true })
    return { service, state }
  })

/**
 * Builds an exchange: markets, the market maker and its liquidity, no API keys yet. (`simulation` needs
 * {@link layer}, which gives it a scope to run in.)
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Service> =>
  Effect.map(build(options), ({ service }) => service)

/**
 * A fresh exchange per layer build, with its simulated participant running in the layer's scope when
 * `simulation` is set.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<EmbeddedExchange> =>
  Layer.scoped(
    EmbeddedExchange,
    Effect.gen(function*() {
      const { service, state } = yield* build(options)
      const simulation = options.simulation
      if (simulation !== undefined) {
        yield* Effect.forkScoped(
          Simulation.run(state, { seed: simulation.seed, intervalMillis: simulation.intervalMillis ?? 1000 })
        )
      }
      return service
    })
  )

const webBody = (body: HttpBody.HttpBody): Effect.Effect<BodyInit | undefined, unknown> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(undefined)
    case "Raw":
      return Effect.succeed(body.body as BodyInit)
    case "Uint8Array":
      return Effect.succeed(new Uint8Array(body.body))
    case "FormData":
      return Effect.succeed(body.formData)
    case "Stream":
      return Effect.map(
        Stream.runCollect(body.stream),
        (chunks) => new Blob(Chunk.toReadonlyArray(chunks).map((chunk) => new Uint8Array(chunk)))
      )
  }
}

/**
 * An `HttpClient` that hands each request to `app` in the caller's fiber, without a socket: the caller's
 * `Clock` is the exchange's. A dropped connection surfaces as a `RequestError` with reason `"Transport"`.
 *
 * @since 0.1.0
 */
export const makeHttpClient = (app: HttpApp.Default<ConnectionDropped>): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal) =>
    webBody(request.body).pipe(
      Effect.flatMap((body) =>
        Effect.try(() =>
          new Request(url, {
            method: request.method,
            headers: request.headers,
            signal,
            ...(body === undefined ? {} : { body })
          })
        )
      ),
      Effect.mapError((cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause })),
      Effect.flatMap((webRequest) =>
        app.pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(webRequest)),
          Effect.catchTag("ConnectionDropped", (cause) =>
            Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause,
                description: "The embedded exchange dropped the connection"
              })
            ))
        )
      ),
      Effect.map((response) => HttpClientResponse.fromWeb(request, HttpServerResponse.toWeb(response)))
    )
  )

/**
 * The in-memory `HttpClient` for the exchange in context. Use it with {@link baseUrl}.
 *
 * @since 0.1.0
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient, never, EmbeddedExchange> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(EmbeddedExchange, (exchange) => makeHttpClient(exchange.app))
)

/**
 * A fresh exchange and the in-memory `HttpClient` wired to it.
 *
 * @since 0.1.0
 */
export const layerInMemory = (options?: Options): Layer.Layer<EmbeddedExchange | HttpClient.HttpClient> =>
  layerHttpClient.pipe(Layer.provideMerge(layer(options)))

/**
 * Options of {@link layerTraderClient}: the account to open (balance, key algorithm) and the client's own
 * options (`baseUrl` defaults to {@link baseUrl}, the in-memory host; give the loopback server's for HTTP).
 *
 * @since 0.1.0
 */
export interface TraderClientOptions {
  readonly account?: GenerateCredentialsOptions | undefined
  readonly client?: Omit<KalshiClient.Options, "credentials"> | undefined
}

/**
 * The trader {@link layerTraderClient} registered: its key id, private key (redacted) and user id, to
 * inspect its account (`exchange.position(trader.userId, ticker)`) or sign other clients as it.
 *
 * @since 0.1.0
 */
export class Trader extends Context.Tag("effect-kalshi/EmbeddedExchange/Trader")<Trader, Credentials>() {}

/**
 * A `KalshiClient` signed as a freshly registered trader of the exchange in context, over the
 * `HttpClient` in context, and that trader's identity ({@link Trader}): with {@link layerInMemory}, a
 * whole test setup in one line.
 *
 * ```ts
 * const TestClient = EmbeddedExchange.layerTraderClient().pipe(Layer.provideMerge(EmbeddedExchange.layerInMemory()))
 * ```
 *
 * @since 0.1.0
 */
export const layerTraderClient = (
  options: TraderClientOptions = {}
): Layer.Layer<
  KalshiClient.KalshiClient | Trader,
  InvalidKeyError | ConfigError.ConfigError,
  EmbeddedExchange | HttpClient.HttpClient
> =>
  Layer.unwrapEffect(
    Effect.map(
      Effect.flatMap(EmbeddedExchange, (exchange) => exchange.generateCredentials(options.account)),
      (trader) =>
        Layer.merge(
          KalshiClient.layer({
            baseUrl,
            ...options.client,
            credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem }
          }),
          Layer.succeed(Trader, trader)
        )
    )
  )

/**
 * The user id of the simulated participant that `simulation` runs.
 *
 * @since 0.1.0
 */
export const simulatedParticipantUserId: string = Simulation.participantUserId
