/**
 * Decoding a 1000-order `GET /portfolio/orders` page with the SDK's generated schema, as a ratio to
 * `JSON.parse` of the same text (the floor: every decoder parses first).
 */
import { Schema } from "effect"
import { performance } from "node:perf_hooks"
import { decodeFast } from "../src/internal/fastDecode.js"
import * as Orders from "../src/Orders.js"
import { fmt } from "./measure.js"

/** `cents` hundredths of a dollar as Kalshi writes prices and fees: `"0.5600"`. */
const dollars = (cents: number) => (cents / 100).toFixed(4)

/** A count as Kalshi writes it: `"10.00"`. */
const count = (n: number) => n.toFixed(2)

/**
 * A page of `count` orders as Kalshi sends it: every field of the spec's `Order`, with values that vary from
 * order to order as a real account's do (prices from 1 to 99 cents, sizes from 1 to 250 contracts, fills,
 * fees and times of their own).
 */
export const orderPage = (size: number, cursor = ""): string =>
  JSON.stringify({
    orders: Array.from({ length: size }, (_, i) => {
      const price = 1 + (i * 37) % 99
      const initial = 1 + (i * 53) % 250
      const filled = (i * 7) % (initial + 1)
      const fee = Math.ceil(7 * price * (100 - price) * filled / 10_000)
      return {
        order_id: `0b9c2b1e-8f0e-4d8e-9c55-${String(i).padStart(12, "0")}`,
        user_id: "a952bcbe-ec3b-4b5b-b8f9-11dae589608c",
        client_order_id: `c1d2e3f4-0000-4000-8000-${String(i).padStart(12, "0")}`,
        ticker: `KXHIGHNY-26NOV21-T${50 + (i % 20)}`,
        side: i % 2 === 0 ? "yes" : "no",
        action: i % 3 === 0 ? "sell" : "buy",
        outcome_side: i % 2 === 0 ? "yes" : "no",
        book_side: i % 3 === 0 ? "ask" : "bid",
        type: "limit",
        status: filled === initial ? "executed" : "resting",
        yes_price_dollars: dollars(price),
        no_price_dollars: dollars(100 - price),
        fill_count_fp: count(filled),
        remaining_count_fp: count(initial - filled),
        initial_count_fp: count(initial),
        taker_fees_dollars: dollars(i % 2 === 0 ? fee : 0),
        maker_fees_dollars: dollars(i % 2 === 0 ? 0 : fee),
        taker_fill_cost_dollars: dollars(i % 2 === 0 ? price * filled : 0),
        maker_fill_cost_dollars: dollars(i % 2 === 0 ? 0 : price * filled),
        expiration_time: null,
        created_time: new Date(Date.UTC(2026, 10, 21, 12) + i * 1_000).toISOString(),
        last_update_time: new Date(Date.UTC(2026, 10, 21, 12) + i * 1_000 + 250).toISOString(),
        self_trade_prevention_type: "taker_at_cross",
        order_group_id: null,
        cancel_order_on_pause: false,
        subaccount_number: 0,
        exchange_index: 0
      }
    }),
    cursor
  })

const time = (runs: number, task: () => unknown): number => {
  for (let i = 0; i < Math.min(5, runs); i++) task()
  const start = performance.now()
  for (let i = 0; i < runs; i++) task()
  return (performance.now() - start) / runs
}

export const run = (runs: number) => {
  const text = orderPage(1000)
  const decode = Schema.decodeUnknownSync(Orders.GetOrdersResponse)
  const fast = (u: unknown) => decodeFast(Orders.GetOrdersResponse, u)
  const parse = time(runs, () => JSON.parse(text))
  const slow = time(runs, () => decode(JSON.parse(text)))
  const sdk = time(runs, () => fast(JSON.parse(text)))
  console.log(`\nDecoding a 1000-order page (${(text.length / 1024).toFixed(0)} KB), ms per page`)
  console.log(`${"".padEnd(22)}  JSON.parse       SDK   ratio (goal ≤ 5x)`)
  console.log(`${"GetOrdersResponse".padEnd(22)} ${fmt(parse)} ${fmt(sdk)}   ${fmt(sdk / parse, 2, 5)}x`)
  console.log(`${"(Schema.decode alone)".padEnd(22)} ${fmt(parse)} ${fmt(slow)}   ${fmt(slow / parse, 2, 5)}x`)
}
