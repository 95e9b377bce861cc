// An in-memory exchange test as a user of the package writes one (node:test): a trader buys through the
// resting asks and the exchange's state shows the position, the fill and the money.
import { BigDecimal, Effect } from "effect"
import { FixedPoint, KalshiClient, Orders, Portfolio } from "effect-kalshi"
import { EmbeddedExchange } from "effect-kalshi/testing"
import assert from "node:assert/strict"
import { test } from "node:test"

test("an immediate-or-cancel bid fills against the resting asks", async () => {
  const program = Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const trader = yield* exchange.generateCredentials({ balance: FixedPoint.unsafeMake("100") })
    const client = KalshiClient.layer({
      baseUrl: EmbeddedExchange.baseUrl,
      credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem },
      rateLimit: false
    })
    const ticker = "KXHIGHNY-26NOV21-T55"
    const bestAsk = (yield* exchange.orderBook(ticker)).asks[0]
    assert.ok(bestAsk !== undefined, "the seeded book has asks")
    const placed = yield* Orders.createV2({
      ticker,
      client_order_id: yield* Orders.newClientOrderId,
      side: "bid",
      count: FixedPoint.unsafeMake("2"),
      price: bestAsk.price,
      time_in_force: "immediate_or_cancel",
      self_trade_prevention_type: "taker_at_cross"
    }).pipe(Effect.provide(client))
    assert.ok(BigDecimal.equals(placed.fill_count, FixedPoint.unsafeMake("2")))
    const position = yield* exchange.position(trader.userId, ticker)
    assert.ok(BigDecimal.equals(position, FixedPoint.unsafeMake("2")))
    const { fills } = yield* Portfolio.fills({ ticker }).pipe(Effect.provide(client))
    assert.equal(fills.length > 0, true)
    const balance = yield* exchange.balance(trader.userId)
    assert.ok(BigDecimal.lessThan(balance, FixedPoint.unsafeMake("100")))
  })
  await Effect.runPromise(program.pipe(Effect.provide(EmbeddedExchange.layerInMemory())))
})
