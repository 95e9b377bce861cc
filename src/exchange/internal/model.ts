/**
 * The exchange's in-memory records. They are mutable on purpose: every change happens inside one synchronous
 * block, so a request sees and leaves a consistent state without locks.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import type { MarketSeed } from "../EmbeddedExchange.js"

export type BookSide = "bid" | "ask"
export type TimeInForce = "fill_or_kill" | "good_till_canceled" | "immediate_or_cancel"
export type SelfTradePrevention = "taker_at_cross" | "maker"
export type OrderStatus = "resting" | "canceled" | "executed"

export interface PriceRange {
  readonly start: BigDecimal.BigDecimal
  readonly end: BigDecimal.BigDecimal
  readonly step: BigDecimal.BigDecimal
}

/** Resting orders of one market, each side sorted by price then time priority (best first). */
export interface Book {
  readonly bid: Array<Order>
  readonly ask: Array<Order>
}

export interface Market {
  readonly seed: MarketSeed
  readonly seriesTicker: string
  readonly exchangeIndex: number
  readonly ranges: ReadonlyArray<PriceRange>
  readonly book: Book
  volume: BigDecimal.BigDecimal
  lastPrice: BigDecimal.BigDecimal | undefined
}

export interface Order {
  readonly id: string
  readonly userId: string
  readonly subaccount: number
  clientOrderId: string
  readonly ticker: string
  readonly exchangeIndex: number
  readonly side: BookSide
  price: BigDecimal.BigDecimal
  /** The size as placed or last amended (filled + remaining at that moment). */
  initialCount: BigDecimal.BigDecimal
  filled: BigDecimal.BigDecimal
  remaining: BigDecimal.BigDecimal
  status: OrderStatus
  /** Time priority: lower is earlier; reassigned when an amend loses priority. */
  priority: number
  readonly timeInForce: TimeInForce
  readonly selfTradePrevention: SelfTradePrevention
  readonly postOnly: boolean
  readonly cancelOnPause: boolean
  /** Unix seconds. */
  readonly expirationTs: number | undefined
  /** Fees charged so far in each role. */
  takerFees: BigDecimal.BigDecimal
  makerFees: BigDecimal.BigDecimal
  /** Unrounded `Σ count × P × (1 − P)` of the fills in each role: fees are rounded on the order's total. */
  takerFeeBase: BigDecimal.BigDecimal
  makerFeeBase: BigDecimal.BigDecimal
  /** Cash taken out of the balance while the order rests: its remaining cost and its maker-fee headroom. */
  held: BigDecimal.BigDecimal
  takerCost: BigDecimal.BigDecimal
  makerCost: BigDecimal.BigDecimal
  readonly createdMs: number
  updatedMs: number
}

export interface Fill {
  readonly id: string
  readonly orderId: string
  readonly userId: string
  readonly subaccount: number
  readonly ticker: string
  readonly exchangeIndex: number
  readonly side: BookSide
  readonly count: BigDecimal.BigDecimal
  /** The yes price of the trade (the maker's price). */
  readonly price: BigDecimal.BigDecimal
  readonly isTaker: boolean
  readonly fee: BigDecimal.BigDecimal
  readonly createdMs: number
}

/** Cash and positions of one (user, subaccount). Positions are signed yes counts: negative is long no. */
export interface Ledger {
  balance: BigDecimal.BigDecimal
  readonly positions: Map<string, BigDecimal.BigDecimal>
  updatedMs: number
}

export interface Account {
  readonly userId: string
  readonly ledgers: Map<number, Ledger>
  readonly clientOrderIds: Set<string>
}
