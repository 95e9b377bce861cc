/**
 * One market's yes-priced order book: price-time priority, crossing and queue positions.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Fixed from "./fixed.js"
import type { Book, BookSide, Order, PriceRange } from "./model.js"

export const makeBook = (): Book => ({ bid: [], ask: [] })

export const opposite = (side: BookSide): BookSide => (side === "bid" ? "ask" : "bid")

/** Whether `a` has priority over `b` on the same side: better price first, then earlier time. */
const ahead = (a: Order, b: Order): boolean => {
  const byPrice = BigDecimal.Order(a.price, b.price)
  if (byPrice !== 0) return a.side === "bid" ? byPrice > 0 : byPrice < 0
  return a.priority < b.priority
}

export const insert = (book: Book, order: Order): void => {
  const queue = book[order.side]
  const index = queue.findIndex((other) => ahead(order, other))
  if (index === -1) queue.push(order)
  else queue.splice(index, 0, order)
}

export const remove = (book: Book, order: Order): void => {
  const queue = book[order.side]
  const index = queue.indexOf(order)
  if (index !== -1) queue.splice(index, 1)
}

/** Whether an order on `side` at `limit` trades with a resting order at `resting`. */
export const crosses = (side: BookSide, limit: BigDecimal.BigDecimal, resting: BigDecimal.BigDecimal): boolean =>
  side === "bid" ? BigDecimal.lessThanOrEqualTo(resting, limit) : BigDecimal.greaterThanOrEqualTo(resting, limit)

/** The resting orders an incoming order would meet, in matching order (a snapshot, safe to mutate the book). */
export const crossing = (book: Book, side: BookSide, limit: BigDecimal.BigDecimal): ReadonlyArray<Order> => {
  const queue = book[opposite(side)]
  const end = queue.findIndex((resting) => !crosses(side, limit, resting.price))
  return queue.slice(0, end === -1 ? queue.length : end)
}

/** Contracts resting ahead of `order` at its price and side. */
export const queuePosition = (book: Book, order: Order): BigDecimal.BigDecimal =>
  Fixed.sum(
    book[order.side]
      .filter((other) => ahead(other, order) && BigDecimal.equals(other.price, order.price))
      .map((other) => other.remaining)
  )

export interface Level {
  readonly price: BigDecimal.BigDecimal
  readonly count: BigDecimal.BigDecimal
}

/** Aggregated price levels of one side, best first. */
export const levels = (book: Book, side: BookSide): ReadonlyArray<Level> =>
  book[side].reduce<Array<Level>>((acc, order) => {
    const last = acc[acc.length - 1]
    if (last !== undefined && BigDecimal.equals(last.price, order.price)) {
      acc[acc.length - 1] = { price: last.price, count: BigDecimal.sum(last.count, order.remaining) }
    } else {
      acc.push({ price: order.price, count: order.remaining })
    }
    return acc
  }, [])

/** Whether `price` lies on one of the market's `price_ranges` grids. */
export const onGrid = (ranges: ReadonlyArray<PriceRange>, price: BigDecimal.BigDecimal): boolean =>
  ranges.some(
    (range) =>
      BigDecimal.between(price, { minimum: range.start, maximum: range.end }) &&
      BigDecimal.isZero(BigDecimal.unsafeRemainder(BigDecimal.subtract(price, range.start), range.step))
  )
