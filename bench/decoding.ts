/**
 * Decoding a 1000-order `GET /portfolio/orders` page with the SDK's generated schema, as a ratio to
 * `JSON.parse` of the same text (the floor: every decoder parses first).
 */
import { Schema } from "effect"
import { performance } from "node:perf_hooks"
import { decodeFast } from "../src/internal/fastDecode.js"
import * as Orders from "../src/Orders.js"
import { fmt } from "./measure.js"

/** A page of `count` orders as Kalshi sends it: every field of the spec's `Order`, realistic values. */
export const orderPage = (count: number, cursor = ""): string =>
  JSON.stringify({
    orders: Array.from({ length: count }, (_, i) => ({
      order_id: `0b9c2b1e-8f0e-4d8e-9c55-${String(i).padStart(12, "0")}`,
      user_id: "a952bcbe-ec3b-4b5b-b8f9-11dae589608c",
      client_order_id: `c1d2e3f4-0000-4000-8000-${String(i).padStart(12, "0")}`,
      ticker: "KXHIGHNY-26NOV21-T55",
      side: "yes",
      action: "buy",
      outcome_side: "yes",
      book_side: "bid",
      type: "limit",
      status: "resting",
      yes_price_dollars: "0.5600",
      no_price_dollars: "0.4400",
      fill_count_fp: "2.00",
      remaining_count_fp: "8.00",
      initial_count_fp: "10.00",
      taker_fees_dollars: "0.0000",
      maker_fees_dollars: "0.0100",
      taker_fill_cost_dollars: "0.0000",
      maker_fill_cost_dollars: "1.1200",
      expiration_time: null,
      created_time: "2026-11-21T12:00:00.000Z",
      last_update_time: "2026-11-21T12:00:01.000Z",
      self_trade_prevention_type: "taker_at_cross",
      order_group_id: null,
      cancel_order_on_pause: false,
      subaccount_number: 0,
      exchange_index: 0
    })),
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
