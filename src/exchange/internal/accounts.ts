/**
 * Balances, positions and fees.
 *
 * Economics on the yes-priced book: a bid (long yes) at `p` costs `p` per contract, an ask (long no) costs
 * `1 - p`; a fill that reduces an opposite position returns $1 per netted contract. Fees follow Kalshi's
 * general schedule at the fill's yes price `P`: taker `0.07 × count × P × (1 − P)`, maker
 * `0.0175 × count × P × (1 − P)`, rounded up to the cent on each order's total in each role (each fill pays
 * the increase of that rounded total), so that a fee reserve made at placement always covers the fills.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Fixed from "./fixed.js"
import type { Account, BookSide, Ledger, PositionStats } from "./model.js"

const rates = { taker: Fixed.decimal("0.07"), maker: Fixed.decimal("0.0175") } as const
const half = Fixed.decimal("0.5")

export type Role = keyof typeof rates

/** The unrounded fee base of `count` contracts at yes price `price`: `count × P × (1 − P)`. */
export const feeBase = (count: BigDecimal.BigDecimal, price: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.multiply(count, BigDecimal.multiply(price, BigDecimal.subtract(Fixed.one, price)))

/** The fee of a total fee base in one role, rounded up to the cent. */
export const fee = (role: Role, base: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  Fixed.ceilToCent(BigDecimal.multiply(rates[role], base))

/** The fees an order has paid in a role so far, and the unrounded base they were rounded from. */
export interface FeeTally {
  readonly base: BigDecimal.BigDecimal
  readonly paid: BigDecimal.BigDecimal
}

/**
 * The fee one more fill adds to an order: the rounded fee of the order's whole base in that role, less what it
 * already paid. So an order's fees are rounded once on its total, never once per fill, and never exceed
 * the fee of its worst case.
 */
export const nextFee = (
  role: Role,
  tally: FeeTally,
  count: BigDecimal.BigDecimal,
  price: BigDecimal.BigDecimal
): BigDecimal.BigDecimal =>
  BigDecimal.subtract(fee(role, BigDecimal.sum(tally.base, feeBase(count, price))), tally.paid)

/** The yes price within an order's limit at which a taker fill pays the most fee (`P × (1 − P)` peaks at 0.5). */
export const worstFeePrice = (side: BookSide, limit: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  side === "bid" ? BigDecimal.min(limit, half) : BigDecimal.max(limit, half)

/** What one contract costs the side that buys it at yes price `price`. */
export const unitCost = (side: BookSide, price: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  side === "bid" ? price : BigDecimal.subtract(Fixed.one, price)

export const cost = (
  side: BookSide,
  price: BigDecimal.BigDecimal,
  count: BigDecimal.BigDecimal
): BigDecimal.BigDecimal => BigDecimal.multiply(count, unitCost(side, price))

export type Accounts = Map<string, Account>

export const account = (accounts: Accounts, userId: string): Account => {
  const existing = accounts.get(userId)
  if (existing !== undefined) return existing
  const created: Account = { userId, ledgers: new Map(), clientOrderIds: new Set(), transferIds: new Set() }
  accounts.set(userId, created)
  return created
}

export const ledger = (accounts: Accounts, userId: string, subaccount: number): Ledger => {
  const { ledgers } = account(accounts, userId)
  const existing = ledgers.get(subaccount)
  if (existing !== undefined) return existing
  const created: Ledger = { subaccount, balance: Fixed.zero, positions: new Map(), stats: new Map(), updatedMs: 0 }
  ledgers.set(subaccount, created)
  return created
}

/** A ledger if it exists; reads use it so that looking does not open accounts. */
export const findLedger = (accounts: Accounts, userId: string, subaccount: number): Ledger | undefined =>
  accounts.get(userId)?.ledgers.get(subaccount)

/** Adds `amount` (negative to debit) to the available balance. */
export const credit = (ledger: Ledger, amount: BigDecimal.BigDecimal, now: number): void => {
  ledger.balance = BigDecimal.sum(ledger.balance, amount)
  ledger.updatedMs = now
}

export const position = (ledger: Ledger, ticker: string): BigDecimal.BigDecimal =>
  ledger.positions.get(ticker) ?? Fixed.zero

export const stats = (ledger: Ledger, ticker: string): PositionStats => {
  const existing = ledger.stats.get(ticker)
  if (existing !== undefined) return existing
  const created: PositionStats = {
    traded: Fixed.zero,
    exposure: Fixed.zero,
    realizedPnl: Fixed.zero,
    fees: Fixed.zero,
    updatedMs: 0
  }
  ledger.stats.set(ticker, created)
  return created
}

/**
 * Books one fill: pays for the contracts and the fee, nets against an opposite position ($1 back per netted
 * contract), and keeps the position's cost basis (average cost) and realized profit.
 */
export const settle = (
  ledger: Ledger,
  fill: {
    readonly ticker: string
    readonly side: BookSide
    readonly count: BigDecimal.BigDecimal
    readonly price: BigDecimal.BigDecimal
    readonly fee: BigDecimal.BigDecimal
  },
  now: number
): void => {
  const held = position(ledger, fill.ticker)
  const opposite = fill.side === "bid" ? BigDecimal.negate(held) : held
  const netted = BigDecimal.min(fill.count, BigDecimal.max(opposite, Fixed.zero))
  const paid = cost(fill.side, fill.price, fill.count)
  credit(ledger, BigDecimal.subtract(netted, BigDecimal.sum(paid, fill.fee)), now)
  const signed = fill.side === "bid" ? fill.count : BigDecimal.negate(fill.count)
  ledger.positions.set(fill.ticker, BigDecimal.sum(held, signed))

  const record = stats(ledger, fill.ticker)
  record.traded = BigDecimal.sum(record.traded, paid)
  record.fees = BigDecimal.sum(record.fees, fill.fee)
  record.updatedMs = now
  const unit = unitCost(fill.side, fill.price)
  if (BigDecimal.isPositive(netted)) {
    const closedBasis = Fixed.ratio(BigDecimal.multiply(record.exposure, netted), BigDecimal.abs(held))
    record.exposure = BigDecimal.subtract(record.exposure, closedBasis)
    record.realizedPnl = BigDecimal.sum(
      record.realizedPnl,
      BigDecimal.subtract(netted, BigDecimal.sum(closedBasis, BigDecimal.multiply(netted, unit)))
    )
  }
  record.exposure = BigDecimal.sum(record.exposure, BigDecimal.multiply(BigDecimal.subtract(fill.count, netted), unit))
}
