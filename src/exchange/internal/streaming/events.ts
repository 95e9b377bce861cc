/**
 * The matching engine's event publisher: the one hook the streaming side has into the engine.
 *
 * The engine's commands are synchronous, so the publisher is too: `touch` records an order whose state changed
 * during the current transaction, and `State.update` hands the transaction's outcome (the touched orders and the
 * fills it appended) to the listeners once the transaction is over, while the state is still consistent and
 * before anything else can run. A listener therefore sees every change exactly once, in order, and a snapshot
 * taken in a transaction is exactly the state the next published changes apply to.
 *
 * @internal
 */
import type { Fill, Order } from "../model.js"

/** What one transaction changed. */
export interface Transaction {
  /** The exchange clock at the transaction, milliseconds. */
  readonly now: number
  /** Orders whose state changed, in their final state of the transaction. */
  readonly orders: ReadonlyArray<Order>
  /** Fills the transaction appended, both parties of each trade, taker first, in execution order. */
  readonly fills: ReadonlyArray<Fill>
}

export type Listener = (transaction: Transaction) => void

export interface Publisher {
  readonly listeners: Set<Listener>
  /** Orders touched since the last publication. */
  readonly touched: Set<Order>
  /** How many of the exchange's fills were already published. */
  published: number
}

export const make = (): Publisher => ({ listeners: new Set(), touched: new Set(), published: 0 })

/** Records that an order changed (created, rested, filled, resized, canceled, executed). */
export const touch = (publisher: Publisher, order: Order): void => {
  publisher.touched.add(order)
}

/**
 * Publishes what changed since the last publication to every listener; `fills` is the exchange's fill log. Runs
 * at the end of every state transaction. Without listeners it only forgets, so a session that connects later
 * starts from a snapshot.
 */
export const publish = (publisher: Publisher, fills: ReadonlyArray<Fill>, now: number): void => {
  if (publisher.touched.size === 0 && publisher.published === fills.length) return
  const transaction: Transaction = {
    now,
    orders: [...publisher.touched],
    fills: fills.slice(publisher.published)
  }
  publisher.touched.clear()
  publisher.published = fills.length
  for (const listener of publisher.listeners) listener(transaction)
}
