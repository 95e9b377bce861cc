/**
 * Order groups: a contracts limit over a rolling 15-second window. Matches beyond the limit never happen: a
 * fill is cut at the limit, reaching it cancels the group's resting orders, and the group refuses new orders
 * until it is reset.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Accounts from "./accounts.js"
import { badRequest, type ExchangeError, notFound } from "./errors.js"
import type { OrderGroup } from "./model.js"
import { cancelWhere, type Exchange, matchedInWindow, triggerGroup } from "./trading.js"

export interface Target {
  readonly userId: string
  readonly id: string
  readonly subaccount: number
}

export const create = (
  exchange: Exchange,
  userId: string,
  request: {
    readonly subaccount: number
    readonly limit: BigDecimal.BigDecimal | undefined
    readonly exchangeIndex: number
  }
): Either.Either<OrderGroup, ExchangeError> => {
  if (request.subaccount !== 0 && Accounts.findLedger(exchange.accounts, userId, request.subaccount) === undefined) {
    return Either.left(badRequest("subaccount_not_found", "Subaccount not found", `${request.subaccount}`))
  }
  const group: OrderGroup = {
    id: crypto.randomUUID(),
    userId,
    subaccount: request.subaccount,
    exchangeIndex: request.exchangeIndex,
    limit: request.limit,
    matched: [],
    triggered: false
  }
  exchange.orderGroups.set(group.id, group)
  return Either.right(group)
}

export const find = (exchange: Exchange, target: Target): Either.Either<OrderGroup, ExchangeError> => {
  const group = exchange.orderGroups.get(target.id)
  return group === undefined || group.userId !== target.userId || group.subaccount !== target.subaccount
    ? Either.left(notFound("not_found", "Order group not found", target.id))
    : Either.right(group)
}

/** The ids of the group's resting orders. */
export const restingOrders = (exchange: Exchange, group: OrderGroup): ReadonlyArray<string> =>
  [...exchange.orders.values()]
    .filter((order) => order.orderGroupId === group.id && order.status === "resting")
    .map((order) => order.id)

/** Cancels the group's orders and forgets it. */
export const remove = (exchange: Exchange, target: Target, now: number) =>
  Either.map(find(exchange, target), (group) => {
    cancelWhere(exchange, (order) => order.orderGroupId === group.id, now)
    exchange.orderGroups.delete(group.id)
  })

/** Forgets the matched contracts and lets the group take orders again. */
export const reset = (exchange: Exchange, target: Target) =>
  Either.map(find(exchange, target), (group) => {
    group.matched.length = 0
    group.triggered = false
  })

export const trigger = (exchange: Exchange, target: Target, now: number) =>
  Either.map(find(exchange, target), (group) => triggerGroup(exchange, group, now))

/** A new limit; one already reached within the window triggers the group at once. */
export const updateLimit = (exchange: Exchange, target: Target, limit: BigDecimal.BigDecimal, now: number) =>
  Either.map(find(exchange, target), (group) => {
    group.limit = limit
    if (BigDecimal.greaterThanOrEqualTo(matchedInWindow(group, now), limit)) triggerGroup(exchange, group, now)
  })
