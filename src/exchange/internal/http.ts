/**
 * The exchange as an `HttpApp`: Kalshi's routes under `/trade-api/v2`, with request counting and fault
 * injection in front, and signature checks and rate limits on every `/portfolio` route.
 *
 * @internal
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Accounts from "./accounts.js"
import * as Auth from "./auth.js"
import { type ConnectionDropped, type ExchangeError, notFound, TooManyRequests } from "./errors.js"
import * as Faults from "./faults.js"
import * as Fixed from "./fixed.js"
import * as Input from "./input.js"
import type { Order } from "./model.js"
import * as NotImplemented from "./notImplemented.js"
import * as Pagination from "./pagination.js"
import * as Queries from "./queries.js"
import * as RateLimit from "./rateLimit.js"
import { json, type Kit } from "./routeKit.js"
import * as MarketDataRoutes from "./routesMarketData.js"
import * as PortfolioRoutes from "./routesPortfolio.js"
import { type State, transact, update } from "./state.js"
import * as Trading from "./trading.js"
import * as Wire from "./wire.js"

const apiRoot = "/trade-api/v2"

/**
 * The request's pathname from the host root. `originalUrl` is used because routing strips the API root from
 * `url`; it is absolute for web requests and a path for node requests, which the base resolves alike.
 */
const pathnameOf = (request: HttpServerRequest.HttpServerRequest): string =>
  new URL(request.originalUrl, "http://embedded.kalshi").pathname

/** The path under the API root (`/portfolio/balance`), which fault routes match against. */
const apiPath = (pathname: string): string =>
  pathname.startsWith(`${apiRoot}/`) ? pathname.slice(apiRoot.length) : pathname

const errorResponse = (error: ExchangeError) => json(Wire.encodeError(error), error.status)

// ---------------------------------------------------------------------------------------------------------------
// Request inputs
// ---------------------------------------------------------------------------------------------------------------

const orderId = Input.pathParam("order_id")

const { body, decode, query } = Input

// ---------------------------------------------------------------------------------------------------------------
// Response bodies
// ---------------------------------------------------------------------------------------------------------------

const orderRef = (order: Order) => ({
  order_id: order.id,
  client_order_id: order.clientOrderId,
  ts_ms: order.updatedMs
})

const created = ({ order, fills }: Trading.Execution) => {
  const summary = Wire.fillSummary(fills)
  return {
    ...orderRef(order),
    fill_count: summary.fill_count,
    remaining_count: Fixed.formatCount(order.remaining),
    ...summary.averages
  }
}

const amended = ({ order, fills, resized }: Trading.Amendment) => {
  const summary = Wire.fillSummary(fills)
  const changed = resized || fills.length > 0
  return {
    ...orderRef(order),
    remaining_count: changed ? Fixed.formatCount(order.remaining) : null,
    fill_count: changed ? summary.fill_count : null,
    average_fill_price: summary.averages?.average_fill_price ?? null,
    average_fee_paid: summary.averages?.average_fee_paid ?? null
  }
}

const failedLeg = (leg: unknown, error: ExchangeError) => {
  const clientOrderId = typeof leg === "object" && leg !== null && "client_order_id" in leg ? leg.client_order_id : null
  return {
    order_id: null,
    client_order_id: typeof clientOrderId === "string" ? clientOrderId : null,
    fill_count: null,
    remaining_count: null,
    average_fill_price: null,
    average_fee_paid: null,
    ts_ms: null,
    error: Wire.encodeError(error)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

/** Where a single write is bound: an explicit shard, or the shard of its market. */
interface Routing {
  readonly exchange_index?: number | undefined
  readonly ticker?: string | undefined
}

const routes = (state: State) => {
  const { costs } = state.limiter
  const flat = (cost: number) => () => cost
  const shardOf = (routing: Routing) =>
    RateLimit.bucketShard(
      state.exchange.markets.values(),
      Either.getOrElse(Trading.resolveShard(state.exchange, routing.exchange_index, routing.ticker), () => 0)
    )

  /**
   * A `/portfolio` route: authenticate, read the input, pay for it from the account's bucket, run. A request
   * refused for its signature or its input spends no tokens. A single write names its `routing`, so that
   * one bound for shard 1 or above pays from that shard's write bucket (an unroutable one pays shard 0's
   * and is refused by the route).
   */
  const portfolio = <A, R>(
    input: Effect.Effect<A, ExchangeError, R>,
    cost: (input: A) => number,
    run: (key: Auth.ApiKey, input: A) => Effect.Effect<HttpServerResponse.HttpServerResponse, ExchangeError>,
    routing?: (input: A) => Routing
  ) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const signed = { headers: request.headers, method: request.method, path: pathnameOf(request) }
      const key = yield* Auth.authenticate(state.keys, signed, yield* Clock.currentTimeMillis)
      const value = yield* input
      const bucket = request.method === "GET" ? "read" : "write"
      const shard = routing === undefined ? 0 : shardOf(routing(value))
      if (!RateLimit.take(state.limiter, key.userId, bucket, cost(value), yield* Clock.currentTimeMillis, shard)) {
        return yield* new TooManyRequests()
      }
      return yield* run(key, value)
    })

  /** Runs one state transaction and answers its result as JSON. */
  const respond = <A>(f: (exchange: Trading.Exchange, now: number) => Either.Either<A, ExchangeError>, status = 200) =>
    Effect.map(transact(state, f), (result) => json(result, status))

  const kit: Kit = { state, costs, portfolio: (input, cost, run) => portfolio(input, cost, run), respond }

  const createOne = (userId: string, request: Wire.CreateOrderV2Request) =>
    transact(state, (exchange, now) => Trading.createOrder(exchange, userId, request, now))

  // The rate limits this exchange enforces, in Kalshi's format (the account's, signed; the costs, public).
  const accountRoutes = HttpRouter.empty.pipe(
    HttpRouter.get(
      "/account/limits",
      portfolio(Effect.void, flat(costs.default), () => Effect.sync(() => json(RateLimit.accountLimits(state.limiter))))
    ),
    HttpRouter.get("/account/endpoint_costs", Effect.sync(() => json(RateLimit.endpointCosts(state.limiter))))
  )

  return HttpRouter.empty.pipe(
    HttpRouter.concat(accountRoutes),
    HttpRouter.get(
      "/markets",
      Effect.flatMap(
        query(Wire.MarketsQuery),
        (params) =>
          respond((exchange) =>
            Either.map(
              Pagination.paginate(Queries.markets(exchange, params), (market) => market.seed.ticker, params),
              ({ cursor, items }) => ({
                markets: items.map((market) =>
                  Wire.encodeMarket(market, Trading.openInterest(exchange, market.seed.ticker))
                ),
                cursor
              })
            )
          )
      )
    ),
    HttpRouter.get(
      "/markets/:ticker",
      Effect.flatMap(HttpRouter.params, ({ ticker = "" }) =>
        respond((exchange) => {
          const market = exchange.markets.get(ticker)
          return market === undefined
            ? Either.left(notFound("not_found", "Market not found", ticker))
            : Either.right({ market: Wire.encodeMarket(market, Trading.openInterest(exchange, ticker)) })
        }))
    ),
    HttpRouter.get(
      "/portfolio/balance",
      portfolio(query(Wire.BalanceQuery), flat(costs.default), (key, params) =>
        respond((exchange) => {
          const ledger = Accounts.ledger(exchange.accounts, key.userId, params.subaccount ?? 0)
          return Either.right(
            Wire.encodeBalance(ledger, Queries.portfolioValue(exchange, ledger, params.exchange_index))
          )
        }))
    ),
    HttpRouter.post(
      "/portfolio/events/orders",
      portfolio(
        body(Wire.CreateOrderV2Request),
        flat(costs.default),
        (key, request) => Effect.map(createOne(key.userId, request), (execution) => json(created(execution), 201)),
        (request) => request
      )
    ),
    HttpRouter.del(
      "/portfolio/events/orders",
      portfolio(query(Wire.SubaccountQuery), flat(costs.default), (key, params) =>
        Effect.as(
          update(state, (exchange, now) => Trading.cancelAll(exchange, key.userId, params.subaccount, now)),
          HttpServerResponse.empty({ status: 204 })
        ))
    ),
    HttpRouter.post(
      "/portfolio/events/orders/batched",
      portfolio(
        body(Wire.BatchCreateOrdersV2Request),
        (request) => request.orders.length * costs.default,
        (key, request) =>
          Effect.map(
            Effect.forEach(request.orders, (leg) =>
              decode(Wire.CreateOrderV2Request)(leg).pipe(
                Effect.flatMap((order) => createOne(key.userId, order)),
                Effect.match({
                  onFailure: (error) => failedLeg(leg, error),
                  onSuccess: (execution) => ({
                    average_fill_price: null,
                    average_fee_paid: null,
                    ...created(execution),
                    error: null
                  })
                })
              )),
            (orders) => json({ orders }, 201)
          )
      )
    ),
    HttpRouter.del(
      "/portfolio/events/orders/batched",
      portfolio(
        body(Wire.BatchCancelOrdersV2Request),
        (request) => request.orders.length * costs.cancel,
        (key, request) =>
          Effect.map(
            Effect.forEach(request.orders, (target) =>
              transact(state, (exchange, now) =>
                Trading.cancelOrder(exchange, key.userId, { ...target, orderId: target.order_id }, now)).pipe(
                  Effect.match({
                    onFailure: (error) => ({
                      order_id: target.order_id,
                      client_order_id: null,
                      reduced_by: Fixed.formatCount(Fixed.zero),
                      ts_ms: null,
                      error: Wire.encodeError(error)
                    }),
                    onSuccess: ({ order, reducedBy }) => ({
                      ...orderRef(order),
                      reduced_by: Fixed.formatCount(reducedBy),
                      error: null
                    })
                  })
                )),
            (orders) =>
              json({ orders })
          )
      )
    ),
    HttpRouter.del(
      "/portfolio/events/orders/:order_id",
      portfolio(
        Effect.all({ id: orderId, params: query(Wire.CancelQuery) }),
        flat(costs.cancel),
        (key, { id, params }) =>
          respond((exchange, now) =>
            Either.map(
              Trading.cancelOrder(exchange, key.userId, { ...params, orderId: id }, now),
              ({ order, reducedBy }) => ({
                ...orderRef(order),
                reduced_by: Fixed.formatCount(reducedBy)
              })
            )
          ),
        ({ params }) => ({ exchange_index: params.exchange_index, ticker: params.market_ticker })
      )
    ),
    HttpRouter.post(
      "/portfolio/events/orders/:order_id/amend",
      portfolio(
        Effect.all({ id: orderId, params: query(Wire.SubaccountQuery), request: body(Wire.AmendOrderV2Request) }),
        flat(costs.default),
        (key, { id, params, request }) =>
          respond((exchange, now) =>
            Either.map(
              Trading.amendOrder(
                exchange,
                key.userId,
                { orderId: id, subaccount: params.subaccount ?? 0 },
                request,
                now
              ),
              amended
            )
          ),
        ({ request }) => request
      )
    ),
    HttpRouter.post(
      "/portfolio/events/orders/:order_id/decrease",
      portfolio(
        Effect.all({ id: orderId, params: query(Wire.SubaccountQuery), request: body(Wire.DecreaseOrderV2Request) }),
        flat(costs.default),
        (key, { id, params, request }) =>
          respond((exchange, now) =>
            Either.map(
              Trading.decreaseOrder(
                exchange,
                key.userId,
                { orderId: id, subaccount: params.subaccount ?? 0 },
                request,
                now
              ),
              (order) => ({ ...orderRef(order), remaining_count: Fixed.formatCount(order.remaining) })
            )
          ),
        ({ request }) => ({ exchange_index: request.exchange_index, ticker: request.market_ticker })
      )
    ),
    HttpRouter.get(
      "/portfolio/fills",
      portfolio(
        query(Wire.FillsQuery),
        flat(costs.default),
        (key, params) =>
          respond((exchange) =>
            Either.map(
              Pagination.paginate(Queries.fills(exchange, key.userId, params), (fill) => fill.id, params),
              ({ cursor, items }) => ({
                fills: items.map(Wire.encodeFill),
                cursor
              })
            )
          )
      )
    ),
    HttpRouter.get(
      "/portfolio/orders",
      portfolio(
        query(Wire.OrdersQuery),
        flat(costs.default),
        (key, params) =>
          respond((exchange) =>
            Either.map(
              Pagination.paginate(Queries.orders(exchange, key.userId, params), (order) => order.id, params),
              ({ cursor, items }) => ({
                orders: items.map(Wire.encodeOrder),
                cursor
              })
            )
          )
      )
    ),
    HttpRouter.get(
      "/portfolio/orders/queue_positions",
      portfolio(
        query(Wire.QueuePositionsQuery),
        flat(costs.default),
        (key, params) =>
          respond((exchange) =>
            Either.right({
              queue_positions: Queries.queuePositions(exchange, key.userId, params).map(({ order, position }) => ({
                order_id: order.id,
                market_ticker: order.ticker,
                queue_position_fp: Fixed.formatCount(position)
              }))
            })
          )
      )
    ),
    HttpRouter.get(
      "/portfolio/orders/:order_id",
      portfolio(
        orderId,
        flat(costs.default),
        (key, id) =>
          respond((exchange) =>
            Either.map(Queries.order(exchange, key.userId, id), (order) => ({ order: Wire.encodeOrder(order) }))
          )
      )
    ),
    HttpRouter.get(
      "/portfolio/orders/:order_id/queue_position",
      portfolio(orderId, flat(costs.default), (key, id) =>
        respond((exchange) =>
          Either.map(
            Either.flatMap(Queries.order(exchange, key.userId, id), (order) => Queries.queuePosition(exchange, order)),
            (position) => ({ queue_position_fp: Fixed.formatCount(position) })
          )
        ))
    ),
    HttpRouter.concat(MarketDataRoutes.routes(kit)),
    HttpRouter.concat(PortfolioRoutes.routes(kit)),
    NotImplemented.fill,
    HttpRouter.prefixAll(apiRoot)
  )
}

/** Builds the exchange's app over `state`; a `DropConnection` fault fails it with `ConnectionDropped`. */
export const makeApp = (state: State): HttpApp.Default<ConnectionDropped> => {
  const router = routes(state).pipe(
    Effect.catchTags({
      ExchangeError: (error) => Effect.succeed(errorResponse(error)),
      TooManyRequests: () => Effect.succeed(Faults.tooManyRequests()),
      RouteNotFound: (error) =>
        Effect.succeed(
          errorResponse(
            notFound("not_found", "Route not found", `${error.request.method} ${pathnameOf(error.request)}`)
          )
        )
    })
  )
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    state.received += 1
    const pathname = pathnameOf(request)
    const fault = Faults.take(state.faults, request.method, apiPath(pathname))
    const refused = Input.checkRequest(request.originalUrl, request.headers["content-length"])
    const answer = refused === undefined ? router : Effect.succeed(errorResponse(refused))
    return yield* fault === undefined ? answer : Faults.realize(fault, answer)
  })
}
