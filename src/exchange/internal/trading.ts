/**
 * Order commands: create, amend, decrease, cancel. Each validates everything first and only then mutates, in
 * one synchronous run, so a refused command leaves no trace.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import type { EventSeed, MarketSeed, SeriesSeed } from "../EmbeddedExchange.js"
import * as Accounts from "./accounts.js"
import * as Engine from "./engine.js"
import { badRequest, conflict, type ExchangeError, notFound } from "./errors.js"
import * as Fixed from "./fixed.js"
import type { Fill, Ledger, Market, Order, OrderGroup, OrderStatus, Settlement, Trade, Transfer } from "./model.js"
import * as Seed from "./seed.js"
import * as Events from "./streaming/events.js"
import type { AmendOrderV2Request, CreateOrderV2Request, DecreaseOrderV2Request } from "./wire.js"

export interface Exchange {
  readonly markets: Map<string, Market>
  readonly events: Map<string, EventSeed>
  readonly series: Map<string, SeriesSeed>
  readonly accounts: Accounts.Accounts
  readonly orders: Map<string, Order>
  readonly fills: Array<Fill>
  readonly trades: Array<Trade>
  readonly settlements: Array<Settlement>
  readonly orderGroups: Map<string, OrderGroup>
  readonly transfers: Array<Transfer>
  /** Every fee charged, in total: the money that leaves the traders. */
  feesCollected: BigDecimal.BigDecimal
  /** Every dollar that entered from outside (opening balances, deposits). */
  deposited: BigDecimal.BigDecimal
  /** Exchange-wide: false while trading is paused. */
  tradingActive: boolean
  /** Streams the engine's changes (WebSocket channels); every order change is touched on it. */
  readonly changes: Events.Publisher
  sequence: number
}

export const make = (catalog: {
  readonly markets: ReadonlyArray<MarketSeed>
  readonly events: ReadonlyArray<EventSeed>
  readonly series: ReadonlyArray<SeriesSeed>
}): Exchange => ({
  markets: new Map(catalog.markets.map((seed) => [seed.ticker, Seed.makeMarket(seed)])),
  events: new Map(catalog.events.map((seed) => [seed.event_ticker, seed])),
  series: new Map(catalog.series.map((seed) => [seed.ticker, seed])),
  accounts: new Map(),
  orders: new Map(),
  fills: [],
  trades: [],
  settlements: [],
  orderGroups: new Map(),
  transfers: [],
  feesCollected: Fixed.zero,
  deposited: Fixed.zero,
  tradingActive: true,
  changes: Events.make(),
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
    if (!exchange.tradingActive) {
      return yield* fail(badRequest("trading_is_paused", "Trading is paused", "the exchange is not accepting orders"))
    }
    if (market.status !== "active") {
      return yield* fail(
        badRequest("market_closed", "Market is not open for trading", `${ticker} is ${market.status}`)
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

/** The most maker fee the order's remaining contracts can still add to what it paid as a maker. */
const makerHeadroom = (order: Order, price: BigDecimal.BigDecimal, remaining: BigDecimal.BigDecimal) =>
  BigDecimal.subtract(
    Accounts.fee("maker", BigDecimal.sum(order.makerFeeBase, Accounts.feeBase(remaining, price))),
    order.makerFees
  )

/**
 * The most that executing `remaining` contracts of `order` at limit `price` can cost: every contract at the
 * limit, the largest taker fee any fill within the limit could add, and, if the rest may rest, the maker fee
 * it could add when filled there.
 */
const worstCase = (
  order: Order,
  price: BigDecimal.BigDecimal,
  remaining: BigDecimal.BigDecimal,
  rests: boolean
): BigDecimal.BigDecimal => {
  const takerHeadroom = BigDecimal.subtract(
    Accounts.fee(
      "taker",
      BigDecimal.sum(order.takerFeeBase, Accounts.feeBase(remaining, Accounts.worstFeePrice(order.side, price)))
    ),
    order.takerFees
  )
  return Fixed.sum([
    Accounts.cost(order.side, price, remaining),
    takerHeadroom,
    rests ? makerHeadroom(order, price, remaining) : Fixed.zero
  ])
}

const checkCollateral = (available: BigDecimal.BigDecimal, needed: BigDecimal.BigDecimal): Result<void> => {
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

/** The group an order may join: the user's, on the same subaccount, and not triggered. */
const checkGroup = (
  exchange: Exchange,
  userId: string,
  subaccount: number,
  groupId: string | undefined
): Result<string | undefined> => {
  if (groupId === undefined) return Either.right(undefined)
  const group = exchange.orderGroups.get(groupId)
  if (group === undefined || group.userId !== userId || group.subaccount !== subaccount) {
    return fail(badRequest("order_group_not_found", "Order group not found", groupId))
  }
  return group.triggered
    ? fail(badRequest("order_group_triggered", "The order group hit its limit; reset it first", groupId))
    : Either.right(groupId)
}

const checkSubaccount = (exchange: Exchange, userId: string, subaccount: number): Result<number> =>
  subaccount === 0 || Accounts.findLedger(exchange.accounts, userId, subaccount) !== undefined
    ? Either.right(subaccount)
    : fail(badRequest("subaccount_not_found", "Subaccount not found", `subaccount ${subaccount} does not exist`))

// ---------------------------------------------------------------------------------------------------------------
// Order groups
// ---------------------------------------------------------------------------------------------------------------

/** How long matched contracts count against an order group's limit. */
export const groupWindowMillis = 15_000

/** Contracts the group matched within the window ending `now`; older entries are dropped. */
export const matchedInWindow = (group: OrderGroup, now: number): BigDecimal.BigDecimal => {
  while (group.matched.length > 0 && group.matched[0]!.ms <= now - groupWindowMillis) group.matched.shift()
  return Fixed.sum(group.matched.map((entry) => entry.count))
}

const groupOf = (exchange: Exchange, order: Order): OrderGroup | undefined =>
  order.orderGroupId === undefined ? undefined : exchange.orderGroups.get(order.orderGroupId)

/** How many more contracts an order may match before its group's limit (unbounded without a limit). */
const allowance = (exchange: Exchange, order: Order, now: number): BigDecimal.BigDecimal | undefined => {
  const group = groupOf(exchange, order)
  if (group?.limit === undefined) return undefined
  return BigDecimal.max(Fixed.zero, BigDecimal.subtract(group.limit, matchedInWindow(group, now)))
}

/** Cancels every resting order of the group and refuses new ones until it is reset. */
export const triggerGroup = (exchange: Exchange, group: OrderGroup, now: number): void => {
  group.triggered = true
  cancelWhere(exchange, (order) => order.orderGroupId === group.id, now)
}

/** Counts a match against the order's group; reaching the limit triggers it. */
const countMatch = (exchange: Exchange, order: Order, count: BigDecimal.BigDecimal, now: number): void => {
  const group = groupOf(exchange, order)
  if (group === undefined) return
  group.matched.push({ ms: now, count })
  if (group.limit !== undefined && BigDecimal.greaterThanOrEqualTo(matchedInWindow(group, now), group.limit)) {
    triggerGroup(exchange, group, now)
  }
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

/** Takes a resting order's worst case out of its balance: its remaining cost and maker-fee headroom. */
const hold = (exchange: Exchange, order: Order, now: number): void => {
  order.held = BigDecimal.sum(
    Accounts.cost(order.side, order.price, order.remaining),
    makerHeadroom(order, order.price, order.remaining)
  )
  Accounts.credit(ledgerOf(exchange, order), BigDecimal.negate(order.held), now)
}

/** Gives back what {@link hold} took. */
const release = (exchange: Exchange, order: Order, now: number): void => {
  Accounts.credit(ledgerOf(exchange, order), order.held, now)
  order.held = Fixed.zero
}

/** Changes a resting order's remaining size, re-sizing its hold. */
const resize = (exchange: Exchange, order: Order, remaining: BigDecimal.BigDecimal, now: number): void => {
  release(exchange, order, now)
  order.remaining = remaining
  hold(exchange, order, now)
}

const rest = (exchange: Exchange, market: Market, order: Order, now: number): void => {
  hold(exchange, order, now)
  order.priority = ++exchange.sequence
  order.status = "resting"
  Engine.insert(market.book, order)
  Events.touch(exchange.changes, order)
}

/** Takes a resting order off the book and releases its reserve, leaving its status to the caller. */
const unrest = (exchange: Exchange, market: Market, order: Order, now: number): void => {
  release(exchange, order, now)
  Engine.remove(market.book, order)
  Events.touch(exchange.changes, order)
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
  const role = trade.isTaker ? "taker" : "maker"
  const tally = trade.isTaker
    ? { base: order.takerFeeBase, paid: order.takerFees }
    : { base: order.makerFeeBase, paid: order.makerFees }
  const fee = Accounts.nextFee(role, tally, trade.count, trade.price)
  const base = BigDecimal.sum(tally.base, Accounts.feeBase(trade.count, trade.price))
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
    order.takerFeeBase = base
    order.takerCost = BigDecimal.sum(order.takerCost, cost)
  } else {
    order.makerFees = BigDecimal.sum(order.makerFees, fee)
    order.makerFeeBase = base
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
  exchange.feesCollected = BigDecimal.sum(exchange.feesCollected, fee)
  Events.touch(exchange.changes, order)
  return fill
}

/** Trades `taker` against one resting `maker` at the maker's price, within both groups' limits. */
const trade = (exchange: Exchange, market: Market, taker: Order, maker: Order, now: number): Fill => {
  const limits = [taker.remaining, maker.remaining, allowance(exchange, taker, now), allowance(exchange, maker, now)]
  const count = limits.reduce<BigDecimal.BigDecimal>(
    (a, b) => (b === undefined ? a : BigDecimal.min(a, b)),
    taker.remaining
  )
  const price = maker.price
  // The maker's hold covers this fill's cost and fee exactly: release it, settle, hold for what is left.
  release(exchange, maker, now)
  const takerFill = record(exchange, taker, { count, price, isTaker: true }, now)
  record(exchange, maker, { count, price, isTaker: false }, now)
  if (BigDecimal.isZero(maker.remaining)) {
    Engine.remove(market.book, maker)
    close(maker, "executed", now)
  } else {
    hold(exchange, maker, now)
  }
  market.volume = BigDecimal.sum(market.volume, count)
  market.lastPrice = price
  market.updatedMs = now
  exchange.trades.push({
    id: takerFill.id,
    ticker: market.seed.ticker,
    count,
    price,
    takerSide: taker.side,
    createdMs: now,
    openInterest: openInterest(exchange, market.seed.ticker)
  })
  countMatch(exchange, taker, count, now)
  countMatch(exchange, maker, count, now)
  return takerFill
}

/** Contracts held long yes across all accounts (equal to those held long no). */
export const openInterest = (exchange: Exchange, ticker: string): BigDecimal.BigDecimal =>
  Fixed.sum(
    [...exchange.accounts.values()].flatMap((account) =>
      [...account.ledgers.values()].map((ledger) =>
        BigDecimal.max(ledger.positions.get(ticker) ?? Fixed.zero, Fixed.zero)
      )
    )
  )

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
  Events.touch(exchange.changes, taker)
  if (taker.timeInForce === "fill_or_kill" && BigDecimal.lessThan(fillable(market, taker), taker.remaining)) {
    close(taker, "canceled", now)
    return []
  }
  const fills: Array<Fill> = []
  let blocked = false
  for (const maker of Engine.crossing(market.book, taker.side, taker.price)) {
    if (BigDecimal.isZero(taker.remaining) || groupOf(exchange, taker)?.triggered === true) break
    if (maker.status !== "resting") continue // canceled meanwhile by its group's trigger
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
  else if (blocked || taker.timeInForce !== "good_till_canceled" || groupOf(exchange, taker)?.triggered === true) {
    close(taker, "canceled", now)
  } else rest(exchange, market, taker, now)
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
    const subaccount = yield* checkSubaccount(exchange, userId, request.subaccount ?? 0)
    const orderGroupId = yield* checkGroup(exchange, userId, subaccount, request.order_group_id)
    const clientOrderId = yield* checkClientOrderId(exchange, userId, request.client_order_id)
    const count = request.reduce_only === true
      ? yield* reducibleCount(exchange, userId, subaccount, request)
      : request.count
    if (request.post_only === true) yield* checkPostOnly(market, request)
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
      orderGroupId,
      takerFees: Fixed.zero,
      makerFees: Fixed.zero,
      takerFeeBase: Fixed.zero,
      makerFeeBase: Fixed.zero,
      held: Fixed.zero,
      takerCost: Fixed.zero,
      makerCost: Fixed.zero,
      createdMs: now,
      updatedMs: now
    }
    const ledger = Accounts.ledger(exchange.accounts, userId, subaccount)
    yield* checkCollateral(
      ledger.balance,
      worstCase(order, order.price, count, order.timeInForce === "good_till_canceled")
    )

    Accounts.account(exchange.accounts, userId).clientOrderIds.add(clientOrderId)
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
    yield* checkCollateral(BigDecimal.sum(ledger.balance, order.held), worstCase(order, request.price, remaining, true))

    if (renamed !== undefined) {
      Accounts.account(exchange.accounts, userId).clientOrderIds.add(renamed)
      order.clientOrderId = renamed
    }
    const resized = !BigDecimal.equals(remaining, order.remaining)
    const keepsPriority = !repriced && BigDecimal.lessThanOrEqualTo(remaining, order.remaining)
    order.initialCount = request.count
    order.updatedMs = now
    if (keepsPriority) {
      resize(exchange, order, remaining, now)
      Events.touch(exchange.changes, order)
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
    resize(exchange, order, remaining, now)
    order.updatedMs = now
    Events.touch(exchange.changes, order)
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

/** Cancels every resting order matching `predicate`. */
export const cancelWhere = (exchange: Exchange, predicate: (order: Order) => boolean, now: number): void => {
  for (const market of exchange.markets.values()) {
    for (const order of [...market.book.bid, ...market.book.ask]) {
      if (predicate(order)) cancelResting(exchange, market, order, now)
    }
  }
}

/** Cancels every resting order of the user, optionally only one subaccount's. */
export const cancelAll = (exchange: Exchange, userId: string, subaccount: number | undefined, now: number): void =>
  cancelWhere(
    exchange,
    (order) => order.userId === userId && (subaccount === undefined || order.subaccount === subaccount),
    now
  )

/** Records each market's top of book when it changed since its last quote (candlesticks read them). */
export const recordQuotes = (exchange: Exchange, now: number): void => {
  for (const market of exchange.markets.values()) {
    const bid = market.book.bid[0]?.price
    const ask = market.book.ask[0]?.price
    const last = market.quotes[market.quotes.length - 1]
    const same = (a: BigDecimal.BigDecimal | undefined, b: BigDecimal.BigDecimal | undefined) =>
      a === undefined || b === undefined ? a === b : BigDecimal.equals(a, b)
    if (last === undefined || !same(last.bid, bid) || !same(last.ask, ask)) market.quotes.push({ ms: now, bid, ask })
  }
}

/** Money entering the exchange from outside: an account's opening balance, a test deposit. */
export const deposit = (exchange: Exchange, ledger: Ledger, amount: BigDecimal.BigDecimal, now: number): void => {
  Accounts.credit(ledger, amount, now)
  exchange.deposited = BigDecimal.sum(exchange.deposited, amount)
}

/**
 * Where every deposited dollar is: available cash, held by resting orders, paid in fees, or backing open
 * contracts (a dollar per yes/no pair until settlement pays it out). `deposited` always equals the sum of
 * the other four.
 */
export const audit = (exchange: Exchange) => {
  const ledgers = [...exchange.accounts.values()].flatMap((account) => [...account.ledgers.values()])
  return {
    deposited: exchange.deposited,
    cash: Fixed.sum(ledgers.map((ledger) => ledger.balance)),
    held: Fixed.sum([...exchange.orders.values()].map((order) => order.held)),
    fees: exchange.feesCollected,
    openInterest: Fixed.sum([...exchange.markets.keys()].map((ticker) => openInterest(exchange, ticker)))
  }
}
