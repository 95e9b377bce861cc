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

/** A market's lifecycle status, as `Market.status` reports it. */
export type MarketStatus = "initialized" | "active" | "inactive" | "closed" | "determined" | "finalized"

/** How a market settled: the payout of one yes contract in dollars (a no contract pays 1 − that). */
export interface Result {
  readonly result: "yes" | "no" | "scalar"
  readonly yesPayout: BigDecimal.BigDecimal
  readonly settledMs: number
}

/** The top of a market's book from `ms` on (absent sides are undefined). */
export interface Quote {
  readonly ms: number
  readonly bid: BigDecimal.BigDecimal | undefined
  readonly ask: BigDecimal.BigDecimal | undefined
}

export interface Market {
  readonly seed: MarketSeed
  readonly seriesTicker: string
  readonly exchangeIndex: number
  readonly ranges: ReadonlyArray<PriceRange>
  readonly book: Book
  status: MarketStatus
  volume: BigDecimal.BigDecimal
  lastPrice: BigDecimal.BigDecimal | undefined
  result: Result | undefined
  /** Every change of the top of the book, oldest first (candlesticks read it). */
  readonly quotes: Array<Quote>
  updatedMs: number
}

/** One match between a taker and a maker, as `GET /markets/trades` reports it. */
export interface Trade {
  readonly id: string
  readonly ticker: string
  readonly count: BigDecimal.BigDecimal
  /** The yes price (the maker's). */
  readonly price: BigDecimal.BigDecimal
  readonly takerSide: BookSide
  readonly createdMs: number
  /** The market's open interest after the trade. */
  readonly openInterest: BigDecimal.BigDecimal
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
  readonly orderGroupId: string | undefined
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

/** What one ledger did in one market: the numbers behind `MarketPosition`. */
export interface PositionStats {
  /** What the contracts bought in this market cost, in total. */
  traded: BigDecimal.BigDecimal
  /** The cost basis of the position held now. */
  exposure: BigDecimal.BigDecimal
  realizedPnl: BigDecimal.BigDecimal
  fees: BigDecimal.BigDecimal
  updatedMs: number
}

/** Cash and positions of one (user, subaccount). Positions are signed yes counts: negative is long no. */
export interface Ledger {
  readonly subaccount: number
  balance: BigDecimal.BigDecimal
  readonly positions: Map<string, BigDecimal.BigDecimal>
  readonly stats: Map<string, PositionStats>
  updatedMs: number
}

export interface Account {
  readonly userId: string
  readonly ledgers: Map<number, Ledger>
  readonly clientOrderIds: Set<string>
  readonly transferIds: Set<string>
}

/** A market's payout to one ledger, as `GET /portfolio/settlements` reports it. */
export interface Settlement {
  readonly userId: string
  readonly subaccount: number
  readonly ticker: string
  readonly eventTicker: string
  readonly exchangeIndex: number
  readonly result: Result
  readonly yesCount: BigDecimal.BigDecimal
  readonly noCount: BigDecimal.BigDecimal
  readonly yesCost: BigDecimal.BigDecimal
  readonly noCost: BigDecimal.BigDecimal
  readonly payout: BigDecimal.BigDecimal
  readonly fees: BigDecimal.BigDecimal
}

/** An order group: a contracts limit over a rolling 15-second window that cancels its orders when hit. */
export interface OrderGroup {
  readonly id: string
  readonly userId: string
  readonly subaccount: number
  readonly exchangeIndex: number
  limit: BigDecimal.BigDecimal | undefined
  /** Contracts matched by the group's orders, with when. */
  readonly matched: Array<{ readonly ms: number; readonly count: BigDecimal.BigDecimal }>
  triggered: boolean
}

/** Cash moved between two subaccounts of one user. */
export interface Transfer {
  readonly id: string
  readonly userId: string
  readonly from: number
  readonly to: number
  readonly amountCents: number
  readonly createdMs: number
}
