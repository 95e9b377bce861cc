/**
 * Balances, positions and fees.
 *
 * Economics on the yes-priced book: a bid (long yes) at `p` costs `p` per contract, an ask (long no) costs
 * `1 - p`; a fill that reduces an opposite position returns $1 per netted contract. Fees follow Kalshi's
 * general schedule, per fill at the fill's yes price `P`: taker `ceil-to-cent(0.07 × count × P × (1 − P))`,
 * maker `ceil-to-cent(0.0175 × count × P × (1 − P))`.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Fixed from "./fixed.js"
import type { Account, BookSide, Ledger } from "./model.js"

const takerRate = Fixed.decimal("0.07")
const makerRate = Fixed.decimal("0.0175")
const half = Fixed.decimal("0.5")

const fee = (rate: BigDecimal.BigDecimal) => (count: BigDecimal.BigDecimal, price: BigDecimal.BigDecimal) =>
  Fixed.ceilToCent(
    BigDecimal.multiply(
      BigDecimal.multiply(rate, count),
      BigDecimal.multiply(price, BigDecimal.subtract(Fixed.one, price))
    )
  )

export const takerFee = fee(takerRate)
export const makerFee = fee(makerRate)

/** What one contract costs the side that buys it at yes price `price`. */
export const unitCost = (side: BookSide, price: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  side === "bid" ? price : BigDecimal.subtract(Fixed.one, price)

export const cost = (
  side: BookSide,
  price: BigDecimal.BigDecimal,
  count: BigDecimal.BigDecimal
): BigDecimal.BigDecimal => BigDecimal.multiply(count, unitCost(side, price))

/**
 * The most an order can cost: every contract at its limit, plus the largest taker fee any fill within the
 * limit could pay (`P × (1 − P)` peaks at 0.5).
 */
export const collateral = (
  side: BookSide,
  price: BigDecimal.BigDecimal,
  count: BigDecimal.BigDecimal
): BigDecimal.BigDecimal => {
  const worstFeePrice = side === "bid" ? BigDecimal.min(price, half) : BigDecimal.max(price, half)
  return BigDecimal.sum(cost(side, price, count), takerFee(count, worstFeePrice))
}

export type Accounts = Map<string, Account>

export const account = (accounts: Accounts, userId: string): Account => {
  const existing = accounts.get(userId)
  if (existing !== undefined) return existing
  const created: Account = { userId, ledgers: new Map(), clientOrderIds: new Set() }
  accounts.set(userId, created)
  return created
}

export const ledger = (accounts: Accounts, userId: string, subaccount: number): Ledger => {
  const { ledgers } = account(accounts, userId)
  const existing = ledgers.get(subaccount)
  if (existing !== undefined) return existing
  const created: Ledger = { balance: Fixed.zero, positions: new Map(), updatedMs: 0 }
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

/** Books one fill: pays for the contracts and the fee, nets against an opposite position. */
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
  const paid = BigDecimal.sum(cost(fill.side, fill.price, fill.count), fill.fee)
  credit(ledger, BigDecimal.subtract(netted, paid), now)
  const signed = fill.side === "bid" ? fill.count : BigDecimal.negate(fill.count)
  ledger.positions.set(fill.ticker, BigDecimal.sum(held, signed))
}
