/**
 * Order commands: create, amend, decrease, cancel. Each validates everything first and only then mutates, in
 * one synchronous run, so a refused command leaves no trace.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import type { MarketSeed } from "../EmbeddedExchange.js"
import * as Accounts from "./accounts.js"
import * as Engine from "./engine.js"
import { badRequest, conflict, type ExchangeError, notFound } from "./errors.js"
import * as Fixed from "./fixed.js"
import type { Fill, Market, Order, OrderStatus } from "./model.js"
import * as Seed from "./seed.js"
import * as Events from "./streaming/events.js"
import type { AmendOrderV2Request, CreateOrderV2Request, DecreaseOrderV2Request } from "./wire.js"

export interface Exchange {
  readonly markets: Map<string, Market>
  readonly accounts: Accounts.Accounts
  readonly orders: Map<string, Order>
  readonly fills: Array<Fill>
  /** Streams the engine's changes (WebSocket channels); every order change is touched on it. */
  readonly events: Events.Publisher
  sequence: number
}

export const make = (markets: ReadonlyArray<MarketSeed>): Exchange => ({
  markets: new Map(markets.map((seed) => [seed.ticker, Seed.makeMarket(seed)])),
  accounts: new Map(),
  orders: new Map(),
  fills: [],
  events: Events.make(),
  sequence: 0
})

/** The result of a request that may trade: the order and the fills it took as a taker. */
export interface Execution {
  readonly order: Order
  readonly fills: ReadonlyArray<Fill>
}

type Result<A> = Either.Either<A, ExchangeError>

const fail = (error: ExchangeError): Result<never> => Either.left(error)

// ---------------------------------------------------------------------------------------------------------------
// Routing and validation
// ---------------------------------------------------------------------------------------------------------------

const marketOf = (exchange: Exchange, ticker: string): Result<Market> => {
  const market = exchange.markets.get(ticker)
  return market === undefined
    ? fail(badRequest("market_not_found", "Market not found", `No market with ticker ${ticker}`))
    : Either.right(market)
}

/**
 * Kalshi's shard routing: `-1` auto-routes and needs a ticker, an explicit index must be the market's, a ticker
 * alone routes to its market, and nothing at all means shard 0.
 */
export const resolveShard = (
  exchange: Exchange,
  exchangeIndex: number | undefined,
  ticker: string | undefined
): Result<number> =>
  Either.gen(function*() {
    if (exchangeIndex !== undefined && exchangeIndex < -1) {
      return yield* fail(
        badRequest("invalid_exchange_index", "Invalid exchange_index", `${exchangeIndex} is not a shard`)
      )
    }
    if (ticker === undefined || ticker === "") {
      if (exchangeIndex === -1) {
        return yield* fail(
          badRequest("invalid_exchange_index", "exchange_index -1 requires a market ticker to route by", "")
        )
      }
      return exchangeIndex ?? 0
    }
    const market = yield* marketOf(exchange, ticker)
    if (exchangeIndex !== undefined && exchangeIndex !== -1 && exchangeIndex !== market.exchangeIndex) {
      return yield* fail(
        badRequest(
          "invalid_exchange_index",
          "exchange_index does not match the market's shard",
          `${ticker} trades on exchange_index ${market.exchangeIndex}`
        )
      )
    }
    return market.exchangeIndex
  })

const tradableMarket = (exchange: Exchange, ticker: string, exchangeIndex: number | undefined): Result<Market> =>
  Either.gen(function*() {
    yield* resolveShard(exchange, exchangeIndex, ticker)
    const market = yield* marketOf(exchange, ticker)
    if ((market.seed.status ?? "active") !== "active") {
      return yield* fail(
        badRequest("market_closed", "Market is not open for trading", `${ticker} is ${market.seed.status}`)
      )
    }
    return market
  })

const checkPrice = (market: Market, price: BigDecimal.BigDecimal): Result<void> =>
  Engine.onGrid(market.ranges, price)
    ? Either.void
    : fail(
      badRequest(
        "invalid_price",
        "Price is not a valid price level for this market",
        `${BigDecimal.format(price)} is outside ${market.seed.ticker}'s price_ranges or off its step grid`
      )
    )

const checkClientOrderId = (exchange: Exchange, userId: string, clientOrderId: string | undefined): Result<string> => {
  if (clientOrderId === undefined || clientOrderId === "") {
    return fail(badRequest("invalid_parameters", "client_order_id is required", "V2 orders need a client_order_id"))
  }
  return Accounts.account(exchange.accounts, userId).clientOrderIds.has(clientOrderId)
    ? fail(conflict("order_already_exists", "An order with this client_order_id already exists", clientOrderId))
    : Either.right(clientOrderId)
}

const checkExpiration = (request: CreateOrderV2Request, now: number): Result<void> => {
  if (request.expiration_time === undefined) return Either.void
  if (request.time_in_force !== "good_till_canceled") {
    return fail(
      badRequest(
        "invalid_parameters",
        "expiration_time requires time_in_force good_till_canceled",
        request.time_in_force
      )
    )
  }
  return request.expiration_time * 1000 <= now
    ? fail(badRequest("invalid_parameters", "expiration_time is in the past", String(request.expiration_time)))
    : Either.void
}

const checkPostOnly = (market: Market, order: Pick<Order, "side" | "price">): Result<void> =>
  Engine.crossing(market.book, order.side, order.price).length > 0
    ? fail(badRequest("post_only_cross", "Post-only order would cross the book", BigDecimal.format(order.price)))
    : Either.void

const checkCollateral = (
  available: BigDecimal.BigDecimal,
  order: Pick<Order, "side" | "price">,
  count: BigDecimal.BigDecimal
): Result<void> => {
  const needed = Accounts.collateral(order.side, order.price, count)
  return BigDecimal.lessThan(available, needed)
    ? fail(
      badRequest(
        "insufficient_balance",
        "Insufficient balance",
        `needs ${Fixed.formatDollars(needed)}, available ${Fixed.formatDollars(available)}`
      )
    )
    : Either.void
}

/** A reduce-only order is capped at the position it can reduce. */
const reducibleCount = (exchange: Exchange, userId: string, subaccount: number, request: CreateOrderV2Request) => {
  const held = Accounts.position(Accounts.ledger(exchange.accounts, userId, subaccount), request.ticker)
  const reducible = request.side === "bid" ? BigDecimal.negate(held) : held
  return BigDecimal.isPositive(reducible)
    ? Either.right(BigDecimal.min(request.count, reducible))
    : fail(badRequest("reduce_only_no_position", "Reduce-only order has no position to reduce", request.ticker))
}

const findResting = (
  exchange: Exchange,
  userId: string,
  orderId: string,
  subaccount: number,
  shard: number
): Result<{ readonly order: Order; readonly market: Market }> => {
  const order = exchange.orders.get(orderId)
  const market = order === undefined ? undefined : exchange.markets.get(order.ticker)
  return order === undefined ||
      market === undefined ||
      order.userId !== userId ||
      order.subaccount !== subaccount ||
      order.exchangeIndex !== shard ||
      order.status !== "resting"
    ? fail(notFound("not_found", "Order not found", orderId))
    : Either.right({ order, market })
}

// ---------------------------------------------------------------------------------------------------------------
// State changes
// ---------------------------------------------------------------------------------------------------------------

const ledgerOf = (exchange: Exchange, order: Order) =>
  Accounts.ledger(exchange.accounts, order.userId, order.subaccount)

const close = (order: Order, status: OrderStatus, now: number): void => {
  order.remaining = Fixed.zero
  order.status = status
  order.updatedMs = now
}

const rest = (exchange: Exchange, market: Market, order: Order, now: number): void => {
  Accounts.credit(
    ledgerOf(exchange, order),
    BigDecimal.negate(Accounts.cost(order.side, order.price, order.remaining)),
    now
  )
  order.priority = ++exchange.sequence
  order.status = "resting"
  Engine.insert(market.book, order)
  Events.touch(exchange.events, order)
}

/** Takes a resting order off the book and releases its reserve, leaving its status to the caller. */
const unrest = (exchange: Exchange, market: Market, order: Order, now: number): void => {
  Accounts.credit(ledgerOf(exchange, order), Accounts.cost(order.side, order.price, order.remaining), now)
  Engine.remove(market.book, order)
  Events.touch(exchange.events, order)
}

/** Cancels a resting order; answers the contracts it removed. */
const cancelResting = (exchange: Exchange, market: Market, order: Order, now: number): BigDecimal.BigDecimal => {
  const reducedBy = order.remaining
  unrest(exchange, market, order, now)
  close(order, "canceled", now)
  return reducedBy
}

/** Books one side of a trade on its order and ledger. */
const record = (
  exchange: Exchange,
  order: Order,
  trade: { readonly count: BigDecimal.BigDecimal; readonly price: BigDecimal.BigDecimal; readonly isTaker: boolean },
  now: number
): Fill => {
  const fee = (trade.isTaker ? Accounts.takerFee : Accounts.makerFee)(trade.count, trade.price)
  const cost = Accounts.cost(order.side, trade.price, trade.count)
  Accounts.settle(ledgerOf(exchange, order), {
    ticker: order.ticker,
    side: order.side,
    count: trade.count,
    price: trade.price,
    fee
  }, now)
  order.filled = BigDecimal.sum(order.filled, trade.count)
  order.remaining = BigDecimal.subtract(order.remaining, trade.count)
  if (trade.isTaker) {
    order.takerFees = BigDecimal.sum(order.takerFees, fee)
    order.takerCost = BigDecimal.sum(order.takerCost, cost)
  } else {
    order.makerFees = BigDecimal.sum(order.makerFees, fee)
    order.makerCost = BigDecimal.sum(order.makerCost, cost)
  }
  order.updatedMs = now
  const fill: Fill = {
    id: crypto.randomUUID(),
    orderId: order.id,
    userId: order.userId,
    subaccount: order.subaccount,
    ticker: order.ticker,
    exchangeIndex: order.exchangeIndex,
    side: order.side,
    count: trade.count,
    price: trade.price,
    isTaker: trade.isTaker,
    fee,
    createdMs: now
  }
  exchange.fills.push(fill)
  Events.touch(exchange.events, order)
  return fill
}

/** Trades `taker` against one resting `maker` at the maker's price; answers the taker's fill. */
const trade = (exchange: Exchange, market: Market, taker: Order, maker: Order, now: number): Fill => {
  const count = BigDecimal.min(taker.remaining, maker.remaining)
  const price = maker.price
  // The maker paid for these contracts when it rested: hand the reserve back before settling the fill.
  Accounts.credit(ledgerOf(exchange, maker), Accounts.cost(maker.side, price, count), now)
  const takerFill = record(exchange, taker, { count, price, isTaker: true }, now)
  record(exchange, maker, { count, price, isTaker: false }, now)
  if (BigDecimal.isZero(maker.remaining)) {
    Engine.remove(market.book, maker)
    close(maker, "executed", now)
  }
  market.volume = BigDecimal.sum(market.volume, count)
  market.lastPrice = price
  return takerFill
}

/** Contracts an order could fill right now, honouring its self-trade prevention. */
const fillable = (market: Market, taker: Order): BigDecimal.BigDecimal => {
  let total = Fixed.zero
  for (const maker of Engine.crossing(market.book, taker.side, taker.price)) {
    if (maker.userId !== taker.userId) total = BigDecimal.sum(total, maker.remaining)
    else if (taker.selfTradePrevention === "taker_at_cross") break
  }
  return total
}

/** Matches an incoming (or repriced) order, then rests, cancels or completes what is left. */
const execute = (exchange: Exchange, market: Market, taker: Order, now: number): ReadonlyArray<Fill> => {
  Events.touch(exchange.events, taker)
  if (taker.timeInForce === "fill_or_kill" && BigDecimal.lessThan(fillable(market, taker), taker.remaining)) {
    close(taker, "canceled", now)
    return []
  }
  const fills: Array<Fill> = []
  let blocked = false
  for (const maker of Engine.crossing(market.book, taker.side, taker.price)) {
    if (BigDecimal.isZero(taker.remaining)) break
    if (maker.userId === taker.userId) {
      if (taker.selfTradePrevention === "taker_at_cross") {
        blocked = true
        break
      }
      cancelResting(exchange, market, maker, now)
      continue
    }
    fills.push(trade(exchange, market, taker, maker, now))
  }
  if (BigDecimal.isZero(taker.remaining)) close(taker, "executed", now)
  else if (blocked || taker.timeInForce !== "good_till_canceled") close(taker, "canceled", now)
  else rest(exchange, market, taker, now)
  return fills
}

/** Cancels every resting order whose `expiration_time` has passed; run before each access. */
export const expire = (exchange: Exchange, now: number): void => {
  for (const market of exchange.markets.values()) {
    for (const order of [...market.book.bid, ...market.book.ask]) {
      if (order.expirationTs !== undefined && order.expirationTs * 1000 <= now) {
        cancelResting(exchange, market, order, order.expirationTs * 1000)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

export const createOrder = (
  exchange: Exchange,
  userId: string,
  request: CreateOrderV2Request,
  now: number
): Result<Execution> =>
  Either.gen(function*() {
    const market = yield* tradableMarket(exchange, request.ticker, request.exchange_index)
    yield* checkPrice(market, request.price)
    yield* checkExpiration(request, now)
    if (request.order_group_id !== undefined) {
      return yield* fail(badRequest("order_group_not_found", "Order groups are not supported", request.order_group_id))
    }
    const clientOrderId = yield* checkClientOrderId(exchange, userId, request.client_order_id)
    const subaccount = request.subaccount ?? 0
    const count = request.reduce_only === true
      ? yield* reducibleCount(exchange, userId, subaccount, request)
      : request.count
    if (request.post_only === true) yield* checkPostOnly(market, request)
    const ledger = Accounts.ledger(exchange.accounts, userId, subaccount)
    yield* checkCollateral(ledger.balance, request, count)

    Accounts.account(exchange.accounts, userId).clientOrderIds.add(clientOrderId)
    const order: Order = {
      id: crypto.randomUUID(),
      userId,
      subaccount,
      clientOrderId,
      ticker: market.seed.ticker,
      exchangeIndex: market.exchangeIndex,
      side: request.side,
      price: request.price,
      initialCount: count,
      filled: Fixed.zero,
      remaining: count,
      status: "resting",
      priority: 0,
      timeInForce: request.time_in_force,
      selfTradePrevention: request.self_trade_prevention_type,
      postOnly: request.post_only ?? false,
      cancelOnPause: request.cancel_order_on_pause ?? false,
      expirationTs: request.expiration_time,
      takerFees: Fixed.zero,
      makerFees: Fixed.zero,
      takerCost: Fixed.zero,
      makerCost: Fixed.zero,
      createdMs: now,
      updatedMs: now
    }
    exchange.orders.set(order.id, order)
    return { order, fills: execute(exchange, market, order, now) }
  })

/** An amend's outcome; `resized` tells whether the resting size changed (the response then shows it). */
export interface Amendment extends Execution {
  readonly resized: boolean
}

/**
 * `count` is the new total (filled + desired remaining). Repricing or growing loses time priority and may
 * cross; shrinking at the same price keeps the order's place.
 */
export const amendOrder = (
  exchange: Exchange,
  userId: string,
  target: { readonly orderId: string; readonly subaccount: number },
  request: AmendOrderV2Request,
  now: number
): Result<Amendment> =>
  Either.gen(function*() {
    const market = yield* tradableMarket(exchange, request.ticker, request.exchange_index)
    const { order } = yield* findResting(exchange, userId, target.orderId, target.subaccount, market.exchangeIndex)
    if (order.ticker !== request.ticker || order.side !== request.side) {
      return yield* fail(badRequest("invalid_parameters", "ticker and side must match the order", order.id))
    }
    if (request.client_order_id !== undefined && request.client_order_id !== order.clientOrderId) {
      return yield* fail(
        badRequest("invalid_parameters", "client_order_id does not match the order", request.client_order_id)
      )
    }
    yield* checkPrice(market, request.price)
    const remaining = BigDecimal.subtract(request.count, order.filled)
    if (!BigDecimal.isPositive(remaining)) {
      return yield* fail(
        badRequest(
          "invalid_parameters",
          "count must exceed the filled count",
          `filled ${Fixed.formatCount(order.filled)}`
        )
      )
    }
    const renamed = request.updated_client_order_id
    if (renamed !== undefined) yield* checkClientOrderId(exchange, userId, renamed)
    const repriced = !BigDecimal.equals(request.price, order.price)
    const amended = { side: order.side, price: request.price }
    if (order.postOnly && repriced) yield* checkPostOnly(market, amended)
    const ledger = ledgerOf(exchange, order)
    const reserved = Accounts.cost(order.side, order.price, order.remaining)
    yield* checkCollateral(BigDecimal.sum(ledger.balance, reserved), amended, remaining)

    if (renamed !== undefined) {
      Accounts.account(exchange.accounts, userId).clientOrderIds.add(renamed)
      order.clientOrderId = renamed
    }
    const resized = !BigDecimal.equals(remaining, order.remaining)
    const keepsPriority = !repriced && BigDecimal.lessThanOrEqualTo(remaining, order.remaining)
    order.initialCount = request.count
    order.updatedMs = now
    if (keepsPriority) {
      Accounts.credit(
        ledger,
        Accounts.cost(order.side, order.price, BigDecimal.subtract(order.remaining, remaining)),
        now
      )
      order.remaining = remaining
      Events.touch(exchange.events, order)
      return { order, fills: [], resized }
    }
    unrest(exchange, market, order, now)
    order.price = request.price
    order.remaining = remaining
    return { order, fills: execute(exchange, market, order, now), resized: true }
  })

const decreaseTarget = (order: Order, request: DecreaseOrderV2Request): Result<BigDecimal.BigDecimal> => {
  if ((request.reduce_by === undefined) === (request.reduce_to === undefined)) {
    return fail(badRequest("invalid_parameters", "Exactly one of reduce_by or reduce_to must be provided", ""))
  }
  if (request.reduce_by !== undefined) {
    return Either.right(BigDecimal.max(Fixed.zero, BigDecimal.subtract(order.remaining, request.reduce_by)))
  }
  const to = request.reduce_to ?? Fixed.zero
  return BigDecimal.greaterThan(to, order.remaining)
    ? fail(
      badRequest("invalid_parameters", "reduce_to exceeds the remaining count", Fixed.formatCount(order.remaining))
    )
    : Either.right(to)
}

/** Shrinks a resting order in place (it keeps its priority); reducing to zero cancels it. */
export const decreaseOrder = (
  exchange: Exchange,
  userId: string,
  target: { readonly orderId: string; readonly subaccount: number },
  request: DecreaseOrderV2Request,
  now: number
): Result<Order> =>
  Either.gen(function*() {
    const shard = yield* resolveShard(exchange, request.exchange_index, request.market_ticker)
    const { market, order } = yield* findResting(exchange, userId, target.orderId, target.subaccount, shard)
    const remaining = yield* decreaseTarget(order, request)
    if (BigDecimal.isZero(remaining)) {
      cancelResting(exchange, market, order, now)
      return order
    }
    const released = Accounts.cost(order.side, order.price, BigDecimal.subtract(order.remaining, remaining))
    Accounts.credit(ledgerOf(exchange, order), released, now)
    order.remaining = remaining
    order.updatedMs = now
    Events.touch(exchange.events, order)
    return order
  })

export interface CancelTarget {
  readonly orderId: string
  readonly subaccount?: number | undefined
  readonly exchange_index?: number | undefined
  readonly market_ticker?: string | undefined
}

export const cancelOrder = (
  exchange: Exchange,
  userId: string,
  target: CancelTarget,
  now: number
): Result<{ readonly order: Order; readonly reducedBy: BigDecimal.BigDecimal }> =>
  Either.gen(function*() {
    const shard = yield* resolveShard(exchange, target.exchange_index, target.market_ticker)
    const { market, order } = yield* findResting(exchange, userId, target.orderId, target.subaccount ?? 0, shard)
    return { order, reducedBy: cancelResting(exchange, market, order, now) }
  })

/** Cancels every resting order of the user, optionally only one subaccount's. */
export const cancelAll = (exchange: Exchange, userId: string, subaccount: number | undefined, now: number): void => {
  for (const market of exchange.markets.values()) {
    for (const order of [...market.book.bid, ...market.book.ask]) {
      if (order.userId === userId && (subaccount === undefined || order.subaccount === subaccount)) {
        cancelResting(exchange, market, order, now)
      }
    }
  }
}
