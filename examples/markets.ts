/**
 * Public market data, no credentials: one page, every page as a Stream, one market and its price grid.
 *
 *   npx tsx examples/markets.ts [--live]
 */
import { BigDecimal, Chunk, Console, Effect, Stream } from "effect"
import * as Markets from "../src/generated/Markets.js"
import { runExample } from "./harness.js"

export const program = Effect.gen(function*() {
  const page = yield* Markets.list({ status: "open", limit: 3 })
  for (const market of page.markets) {
    yield* Console.log(
      `${market.ticker}: ${market.title ?? ""} (bid ${
        BigDecimal.format(market.yes_bid_dollars ?? BigDecimal.unsafeFromString("0"))
      })`
    )
  }

  const open = yield* Markets.listAll({ status: "open", limit: 100 }, { maxPages: 5 }).pipe(Stream.runCollect)
  yield* Console.log(`${Chunk.size(open)} open markets in at most 5 pages`)

  const first = page.markets[0]
  if (first === undefined) return
  const market = yield* Markets.get(first.ticker)
  yield* Console.log(`${market.ticker} trades on this grid (${market.price_level_structure ?? "unlabelled"}):`)
  for (const range of market.price_ranges) {
    yield* Console.log(
      `  ${BigDecimal.format(range.start)} to ${BigDecimal.format(range.end)} step ${BigDecimal.format(range.step)}`
    )
  }
  // An unknown ticker is a typed NotFoundError.
  yield* Markets.get("KX-NO-SUCH-MARKET").pipe(
    Effect.catchTag("NotFoundError", (error) => Console.log(`unknown ticker: ${error.message}`))
  )
})

runExample(import.meta, program)
