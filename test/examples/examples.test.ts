/**
 * Every example program, run against a fresh embedded exchange through the in-memory client and the
 * in-memory WebSocket: the examples stay true to the SDK. (The demo also runs over loopback in CI.)
 */
import { describe, expect, it } from "@effect/vitest"
import { Console, Effect, Exit, Layer, Logger } from "effect"
import * as AmendDecrease from "../../examples/amend-decrease.js"
import * as BatchOrders from "../../examples/batch-orders.js"
import * as Book from "../../examples/book.js"
import * as Cancel from "../../examples/cancel.js"
import * as ErrorRecovery from "../../examples/error-recovery.js"
import * as Fills from "../../examples/fills.js"
import * as FirstOrder from "../../examples/first-order.js"
import type { Clients } from "../../examples/harness.js"
import * as ListOrders from "../../examples/list-orders.js"
import * as MarketsExample from "../../examples/markets.js"
import * as PlaceOrder from "../../examples/place-order.js"
import * as PortfolioExample from "../../examples/portfolio.js"
import * as Ticker from "../../examples/ticker.js"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"

/** A fresh exchange with a registered trader, and the REST and WebSocket clients signed as that trader. */
const freshClient = EmbeddedExchangeWebSocket.layerTrader().pipe(
  Layer.provide(EmbeddedExchangeWebSocket.layerConnector),
  Layer.provide(EmbeddedExchange.layerInMemory())
)

/** The ambient console with `log` captured, so example output stays out of the test report. */
const capturingConsole = (printed: Array<string>) =>
  Effect.map(Console.consoleWith(Effect.succeed), (ambient): Console.Console => ({
    ...ambient,
    log: (...args: ReadonlyArray<unknown>) => Effect.sync(() => void printed.push(args.join(" ")))
  }))

const examples: Record<string, Effect.Effect<void, unknown, Clients>> = {
  "first-order (the demo)": FirstOrder.program,
  "markets": MarketsExample.program,
  "place-order": PlaceOrder.program,
  "batch-orders": BatchOrders.program,
  "amend-decrease": AmendDecrease.program,
  "cancel": Cancel.program,
  "list-orders": ListOrders.program,
  "portfolio": PortfolioExample.program,
  "error-recovery": ErrorRecovery.program,
  "book": Book.program,
  "fills": Fills.program,
  "ticker": Ticker.program
}

describe("examples", () => {
  for (const [name, program] of Object.entries(examples)) {
    it.live(`${name} runs to completion`, () =>
      Effect.gen(function*() {
        const printed: Array<string> = []
        const exit = yield* program.pipe(
          Effect.provide(freshClient),
          Console.withConsole(yield* capturingConsole(printed)),
          Effect.provide(Logger.remove(Logger.defaultLogger)),
          Effect.exit
        )
        expect(exit).toStrictEqual(Exit.void)
        expect(printed.length).toBeGreaterThan(0)
      }))
  }
})
