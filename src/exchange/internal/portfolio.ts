/**
 * Portfolio reads in Kalshi's wire format: positions by market and by event, settlements, the value of
 * resting orders, subaccount balances and transfers, order groups.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Schema from "effect/Schema"
import * as Accounts from "./accounts.js"
import * as Fixed from "./fixed.js"
import { Body, IntParam, optional, SubaccountParam, Text } from "./input.js"
import type { Ledger, OrderGroup, Settlement, Transfer } from "./model.js"
import type { Exchange } from "./trading.js"
import * as Wire from "./wire.js"

const { isoTime } = Wire
const Page = {
  limit: Schema.optional(IntParam.pipe(Schema.between(1, 1000))),
  cursor: Schema.optional(Text)
}

export const PositionsQuery = Schema.Struct({
  ...Page,
  count_filter: Schema.optional(Text),
  ticker: Schema.optional(Text),
  event_ticker: Schema.optional(Text),
  subaccount: Schema.optional(SubaccountParam),
  exchange_index: Schema.optional(IntParam.pipe(Schema.greaterThanOrEqualTo(0)))
})
export type PositionsQuery = typeof PositionsQuery.Type

export const SettlementsQuery = Schema.Struct({
  ...Page,
  ticker: Schema.optional(Text),
  event_ticker: Schema.optional(Text),
  min_ts: Schema.optional(IntParam),
  max_ts: Schema.optional(IntParam),
  subaccount: Schema.optional(SubaccountParam)
})
export type SettlementsQuery = typeof SettlementsQuery.Type

export const PageQuery = Schema.Struct(Page)

export const { SubaccountQuery } = Wire

export const GroupQuery = Schema.Struct({
  subaccount: Schema.optional(SubaccountParam),
  exchange_index: Schema.optional(IntParam.pipe(Schema.greaterThanOrEqualTo(0)))
})

const Count = Wire.PositiveCount

export const CreateOrderGroupRequest = Body({
  subaccount: optional(Schema.Int.pipe(Schema.between(0, 63))),
  contracts_limit: optional(Schema.Int.pipe(Schema.positive())),
  contracts_limit_fp: optional(Count),
  exchange_index: optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(0)))
})

export const UpdateOrderGroupLimitRequest = Body({
  contracts_limit: optional(Schema.Int.pipe(Schema.positive())),
  contracts_limit_fp: optional(Count)
})

/** `contracts_limit_fp` wins over the integer `contracts_limit`. */
export const limitOf = (request: {
  readonly contracts_limit?: number | undefined
  readonly contracts_limit_fp?: BigDecimal.BigDecimal | undefined
}): BigDecimal.BigDecimal | undefined =>
  request.contracts_limit_fp ??
    (request.contracts_limit === undefined ? undefined : BigDecimal.fromBigInt(BigInt(request.contracts_limit)))

export const EmptyBody = Schema.Union(Body({}), Schema.Null)

export const CreateSubaccountRequest = Body({
  exchange_index: optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(0)))
})

export const ApplySubaccountTransferRequest = Body({
  client_transfer_id: Schema.UUID,
  from_subaccount: Schema.Int.pipe(Schema.between(0, 63)),
  to_subaccount: Schema.Int.pipe(Schema.between(0, 63)),
  amount_cents: Schema.Int.pipe(Schema.positive()),
  exchange_index: optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(0)))
})

// ---------------------------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------------------------

export interface MarketPosition {
  readonly ticker: string
  readonly eventTicker: string
  readonly exchangeIndex: number
  readonly position: BigDecimal.BigDecimal
  readonly stats: ReturnType<typeof Accounts.stats>
}

/** The ledger's positions: every market it traded, filtered as `count_filter` and the query ask. */
export const positions = (
  exchange: Exchange,
  ledger: Ledger | undefined,
  query: PositionsQuery
): ReadonlyArray<MarketPosition> => {
  if (ledger === undefined) return []
  const filters = (query.count_filter ?? "").split(",").map((f) => f.trim()).filter((f) => f !== "")
  return [...ledger.stats.entries()].flatMap(([ticker, stats]): Array<MarketPosition> => {
    const market = exchange.markets.get(ticker)
    if (market === undefined) return []
    const position = Accounts.position(ledger, ticker)
    const nonZero = (filter: string) =>
      filter === "position"
        ? !BigDecimal.isZero(position)
        : filter === "total_traded"
        ? !BigDecimal.isZero(stats.traded)
        : true
    const keep = (query.ticker === undefined || query.ticker === "" || ticker === query.ticker) &&
      (query.event_ticker === undefined || query.event_ticker === "" ||
        query.event_ticker.split(",").includes(market.seed.event_ticker)) &&
      (query.exchange_index === undefined || market.exchangeIndex === query.exchange_index) &&
      (filters.length === 0 || filters.some(nonZero))
    return keep
      ? [{ ticker, eventTicker: market.seed.event_ticker, exchangeIndex: market.exchangeIndex, position, stats }]
      : []
  }).sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0))
}

export const encodeMarketPosition = (p: MarketPosition) => ({
  ticker: p.ticker,
  exchange_index: p.exchangeIndex,
  total_traded_dollars: Fixed.formatDollars(p.stats.traded),
  position_fp: Fixed.formatCount(p.position),
  market_exposure_dollars: Fixed.formatDollars(p.stats.exposure),
  realized_pnl_dollars: Fixed.formatDollars(p.stats.realizedPnl),
  fees_paid_dollars: Fixed.formatDollars(p.stats.fees),
  last_updated_ts: isoTime(p.stats.updatedMs)
})

/** Positions summed per event. */
export const encodeEventPositions = (positions: ReadonlyArray<MarketPosition>) => {
  const byEvent = new Map<string, Array<MarketPosition>>()
  for (const p of positions) byEvent.set(p.eventTicker, [...(byEvent.get(p.eventTicker) ?? []), p])
  return [...byEvent.entries()].map(([eventTicker, group]) => ({
    event_ticker: eventTicker,
    total_cost_dollars: Fixed.formatDollars(Fixed.sum(group.map((p) => p.stats.traded))),
    total_cost_shares_fp: Fixed.formatCount(Fixed.sum(group.map((p) => BigDecimal.abs(p.position)))),
    event_exposure_dollars: Fixed.formatDollars(Fixed.sum(group.map((p) => p.stats.exposure))),
    realized_pnl_dollars: Fixed.formatDollars(Fixed.sum(group.map((p) => p.stats.realizedPnl))),
    fees_paid_dollars: Fixed.formatDollars(Fixed.sum(group.map((p) => p.stats.fees)))
  }))
}

// ---------------------------------------------------------------------------------------------------------------
// Settlements, resting orders, subaccounts, order groups
// ---------------------------------------------------------------------------------------------------------------

/** The user's settlements, newest first. */
export const settlements = (exchange: Exchange, userId: string, query: SettlementsQuery): ReadonlyArray<Settlement> =>
  exchange.settlements.filter((s) =>
    s.userId === userId &&
    s.subaccount === (query.subaccount ?? 0) &&
    (query.ticker === undefined || query.ticker === "" || s.ticker === query.ticker) &&
    (query.event_ticker === undefined || query.event_ticker === "" || s.eventTicker === query.event_ticker) &&
    (query.min_ts === undefined || Wire.unixSeconds(s.result.settledMs) >= query.min_ts) &&
    (query.max_ts === undefined || Wire.unixSeconds(s.result.settledMs) <= query.max_ts)
  ).reverse()

export const settlementKey = (s: Settlement) => `${s.ticker}/${s.subaccount}`

export const encodeSettlement = (s: Settlement) => ({
  ticker: s.ticker,
  exchange_index: s.exchangeIndex,
  event_ticker: s.eventTicker,
  market_result: s.result.result,
  yes_count_fp: Fixed.formatCount(s.yesCount),
  yes_total_cost_dollars: Fixed.formatDollars(s.yesCost),
  no_count_fp: Fixed.formatCount(s.noCount),
  no_total_cost_dollars: Fixed.formatDollars(s.noCost),
  revenue: Fixed.toCents(s.payout),
  settled_time: isoTime(s.result.settledMs),
  fee_cost: Fixed.formatDollars(s.fees),
  value: Fixed.toCents(s.result.yesPayout)
})

/** What the user's resting orders hold (their cost), in total and per shard. */
export const restingValue = (exchange: Exchange, userId: string) => {
  const byShard = new Map<number, BigDecimal.BigDecimal>()
  for (const order of exchange.orders.values()) {
    if (order.userId !== userId || order.status !== "resting") continue
    const value = Accounts.cost(order.side, order.price, order.remaining)
    byShard.set(order.exchangeIndex, BigDecimal.sum(byShard.get(order.exchangeIndex) ?? Fixed.zero, value))
  }
  return {
    total_resting_order_value: Fixed.toCents(Fixed.sum(byShard.values())),
    resting_order_value_breakdown: [...byShard.entries()].sort(([a], [b]) => a - b).map(([shard, value]) => ({
      exchange_index: shard,
      balance: Fixed.formatDollars(value)
    }))
  }
}

export const subaccountBalances = (exchange: Exchange, userId: string) => ({
  subaccount_balances: [...(exchange.accounts.get(userId)?.ledgers.values() ?? [])]
    .sort((a, b) => a.subaccount - b.subaccount)
    .map((ledger) => ({
      subaccount_number: ledger.subaccount,
      exchange_index: 0,
      balance: Fixed.formatDollars(ledger.balance),
      updated_ts: Wire.unixSeconds(ledger.updatedMs)
    }))
})

export const encodeTransfer = (transfer: Transfer) => ({
  transfer_id: transfer.id,
  from_subaccount: transfer.from,
  to_subaccount: transfer.to,
  amount_cents: transfer.amountCents,
  created_ts: Wire.unixSeconds(transfer.createdMs),
  exchange_index: 0
})

export const encodeOrderGroup = (group: OrderGroup) => ({
  id: group.id,
  ...(group.limit === undefined ? {} : { contracts_limit_fp: Fixed.formatCount(group.limit) }),
  is_auto_cancel_enabled: group.limit !== undefined,
  exchange_index: group.exchangeIndex
})
