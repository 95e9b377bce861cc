/**
 * Authenticated portfolio routes beyond orders: positions, settlements, resting-order value, subaccounts
 * (create, balances, transfers) and order groups.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Accounts from "./accounts.js"
import { badRequest, type ExchangeError } from "./errors.js"
import * as Input from "./input.js"
import * as OrderGroups from "./orderGroups.js"
import * as Portfolio from "./portfolio.js"
import { type Kit, page } from "./routeKit.js"
import * as Subaccounts from "./subaccounts.js"
import type { Exchange } from "./trading.js"

const groupId = Input.pathParam("order_group_id")

export const routes = ({ costs, portfolio, respond }: Kit) => {
  const read = () => costs.default
  const write = () => costs.default
  /** An order group command on the caller's group, answering `{}`. */
  const groupCommand = <B, R>(
    body: Effect.Effect<B, ExchangeError, R>,
    run: (
      exchange: Exchange,
      target: OrderGroups.Target,
      body: B,
      now: number
    ) => Either.Either<void, ExchangeError>
  ) =>
    portfolio(
      Effect.all({ id: groupId, query: Input.query(Portfolio.GroupQuery), body }),
      write,
      (key, { body, id, query }) =>
        respond((exchange, now) =>
          Either.map(
            run(exchange, { userId: key.userId, id, subaccount: query.subaccount ?? 0 }, body, now),
            () => ({})
          )
        )
    )

  return HttpRouter.empty.pipe(
    HttpRouter.get(
      "/portfolio/positions",
      portfolio(Input.query(Portfolio.PositionsQuery), read, (key, query) =>
        respond((exchange) => {
          const ledger = Accounts.findLedger(exchange.accounts, key.userId, query.subaccount ?? 0)
          const positions = Portfolio.positions(exchange, ledger, query)
          return Either.map(
            page("market_positions", positions, (p) => p.ticker, query, Portfolio.encodeMarketPosition),
            (body) => ({ ...body, event_positions: Portfolio.encodeEventPositions(positions) })
          )
        }))
    ),
    HttpRouter.get(
      "/portfolio/settlements",
      portfolio(Input.query(Portfolio.SettlementsQuery), read, (key, query) =>
        respond((exchange) =>
          page(
            "settlements",
            Portfolio.settlements(exchange, key.userId, query),
            Portfolio.settlementKey,
            query,
            Portfolio.encodeSettlement
          )
        ))
    ),
    HttpRouter.get(
      "/portfolio/summary/total_resting_order_value",
      portfolio(
        Effect.void,
        read,
        (key) => respond((exchange) => Either.right(Portfolio.restingValue(exchange, key.userId)))
      )
    ),
    HttpRouter.post(
      "/portfolio/subaccounts",
      portfolio(Input.optionalBody(Portfolio.CreateSubaccountRequest), write, (key) =>
        respond(
          (exchange) =>
            Either.map(Subaccounts.create(exchange, key.userId), (number) => ({ subaccount_number: number })),
          201
        ))
    ),
    HttpRouter.get(
      "/portfolio/subaccounts/balances",
      portfolio(
        Effect.void,
        read,
        (key) => respond((exchange) => Either.right(Portfolio.subaccountBalances(exchange, key.userId)))
      )
    ),
    HttpRouter.post(
      "/portfolio/subaccounts/transfer",
      portfolio(
        Input.body(Portfolio.ApplySubaccountTransferRequest),
        write,
        (key, request) =>
          respond((exchange, now) => Either.map(Subaccounts.transfer(exchange, key.userId, request, now), () => ({})))
      )
    ),
    HttpRouter.get(
      "/portfolio/subaccounts/transfers",
      portfolio(Input.query(Portfolio.PageQuery), read, (key, query) =>
        respond((exchange) =>
          page(
            "transfers",
            exchange.transfers.filter((transfer) => transfer.userId === key.userId).reverse(),
            (transfer) => transfer.id,
            query,
            Portfolio.encodeTransfer
          )
        ))
    ),
    HttpRouter.get(
      "/portfolio/order_groups",
      portfolio(Input.query(Portfolio.SubaccountQuery), read, (key, query) =>
        respond((exchange) =>
          Either.right({
            order_groups: [...exchange.orderGroups.values()]
              .filter((group) => group.userId === key.userId && group.subaccount === (query.subaccount ?? 0))
              .map(Portfolio.encodeOrderGroup)
          })
        ))
    ),
    HttpRouter.post(
      "/portfolio/order_groups/create",
      portfolio(Input.body(Portfolio.CreateOrderGroupRequest), write, (key, request) =>
        respond(
          (exchange) =>
            Either.map(
              OrderGroups.create(exchange, key.userId, {
                subaccount: request.subaccount ?? 0,
                limit: Portfolio.limitOf(request),
                exchangeIndex: request.exchange_index ?? 0
              }),
              (group) => ({
                order_group_id: group.id,
                subaccount: group.subaccount,
                exchange_index: group.exchangeIndex
              })
            ),
          201
        ))
    ),
    HttpRouter.get(
      "/portfolio/order_groups/:order_group_id",
      portfolio(
        Effect.all({ id: groupId, query: Input.query(Portfolio.SubaccountQuery) }),
        read,
        (key, { id, query }) =>
          respond((exchange) =>
            Either.map(
              OrderGroups.find(exchange, { userId: key.userId, id, subaccount: query.subaccount ?? 0 }),
              (group) => {
                const { id: _, ...rest } = Portfolio.encodeOrderGroup(group)
                return { ...rest, orders: OrderGroups.restingOrders(exchange, group) }
              }
            )
          )
      )
    ),
    HttpRouter.del(
      "/portfolio/order_groups/:order_group_id",
      groupCommand(Effect.void, (exchange, target, _, now) => OrderGroups.remove(exchange, target, now))
    ),
    HttpRouter.put(
      "/portfolio/order_groups/:order_group_id/reset",
      groupCommand(Effect.void, (exchange, target) => OrderGroups.reset(exchange, target))
    ),
    HttpRouter.put(
      "/portfolio/order_groups/:order_group_id/trigger",
      groupCommand(Effect.void, (exchange, target, _, now) => OrderGroups.trigger(exchange, target, now))
    ),
    HttpRouter.put(
      "/portfolio/order_groups/:order_group_id/limit",
      groupCommand(Input.body(Portfolio.UpdateOrderGroupLimitRequest), (exchange, target, body, now) => {
        const limit = Portfolio.limitOf(body)
        return limit === undefined
          ? Either.left(badRequest("invalid_parameters", "contracts_limit or contracts_limit_fp is required"))
          : OrderGroups.updateLimit(exchange, target, limit, now)
      })
    )
  )
}
