/**
 * A market's life after trading: exchange-wide pauses, closing, and settlement, which pays every position out,
 * writes settlements and moves balances. Driven from the exchange's test API, never from the HTTP surface.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Accounts from "./accounts.js"
import { badRequest, type ExchangeError, notFound } from "./errors.js"
import * as Fixed from "./fixed.js"
import type { Market, Result, Settlement } from "./model.js"
import { cancelWhere, type Exchange } from "./trading.js"

/** How a market resolves: yes or no, or a scalar payout of one yes contract in dollars (within [0, 1]). */
export type Outcome =
  | { readonly result: "yes" | "no" }
  | { readonly result: "scalar"; readonly value: BigDecimal.BigDecimal }

/** Stops all trading; resting orders placed with `cancel_order_on_pause` are canceled, the others stay. */
export const pause = (exchange: Exchange, now: number): void => {
  exchange.tradingActive = false
  cancelWhere(exchange, (order) => order.cancelOnPause, now)
}

export const resume = (exchange: Exchange): void => {
  exchange.tradingActive = true
}

const marketOf = (exchange: Exchange, ticker: string): Either.Either<Market, ExchangeError> => {
  const market = exchange.markets.get(ticker)
  return market === undefined ? Either.left(notFound("not_found", "Market not found", ticker)) : Either.right(market)
}

const settled = (market: Market) => market.status === "determined" || market.status === "finalized"

/** Closes a market: no more orders, and every resting one is canceled (its hold released). */
export const close = (exchange: Exchange, ticker: string, now: number): Either.Either<Market, ExchangeError> =>
  Either.flatMap(marketOf(exchange, ticker), (market) => {
    if (settled(market)) return Either.left(badRequest("market_settled", "Market already settled", ticker))
    market.status = "closed"
    market.updatedMs = now
    cancelWhere(exchange, (order) => order.ticker === ticker, now)
    return Either.right(market)
  })

const yesPayout = (outcome: Outcome): Either.Either<BigDecimal.BigDecimal, ExchangeError> => {
  if (outcome.result !== "scalar") return Either.right(outcome.result === "yes" ? Fixed.one : Fixed.zero)
  return BigDecimal.between(outcome.value, { minimum: Fixed.zero, maximum: Fixed.one })
    ? Either.right(outcome.value)
    : Either.left(badRequest("invalid_parameters", "A scalar value is a dollar amount within [0, 1]", ""))
}

/**
 * Settles a market (closing it first): each long-yes contract pays the yes payout and each long-no contract
 * one dollar less it, positions go to zero, and each ledger that held a position gets a settlement record.
 * The payouts add up to exactly the open interest in dollars, so money is conserved.
 */
export const settle = (
  exchange: Exchange,
  ticker: string,
  outcome: Outcome,
  now: number
): Either.Either<ReadonlyArray<Settlement>, ExchangeError> =>
  Either.gen(function*() {
    const payout = yield* yesPayout(outcome)
    const market = yield* close(exchange, ticker, now)
    const result: Result = { result: outcome.result, yesPayout: payout, settledMs: now }
    market.status = "finalized"
    market.result = result
    const written: Array<Settlement> = []
    for (const account of exchange.accounts.values()) {
      for (const ledger of account.ledgers.values()) {
        const held = Accounts.position(ledger, ticker)
        if (BigDecimal.isZero(held)) continue
        const stats = Accounts.stats(ledger, ticker)
        const yes = BigDecimal.isPositive(held)
        const count = BigDecimal.abs(held)
        const paid = BigDecimal.multiply(count, yes ? payout : BigDecimal.subtract(Fixed.one, payout))
        Accounts.credit(ledger, paid, now)
        ledger.positions.set(ticker, Fixed.zero)
        stats.realizedPnl = BigDecimal.sum(stats.realizedPnl, BigDecimal.subtract(paid, stats.exposure))
        const settlement: Settlement = {
          userId: account.userId,
          subaccount: ledger.subaccount,
          ticker,
          eventTicker: market.seed.event_ticker,
          exchangeIndex: market.exchangeIndex,
          result,
          yesCount: yes ? count : Fixed.zero,
          noCount: yes ? Fixed.zero : count,
          yesCost: yes ? stats.exposure : Fixed.zero,
          noCost: yes ? Fixed.zero : stats.exposure,
          payout: paid,
          fees: stats.fees
        }
        stats.exposure = Fixed.zero
        stats.updatedMs = now
        written.push(settlement)
      }
    }
    exchange.settlements.push(...written)
    return written
  })
