// The README's quick start, run against the embedded exchange in memory: the same program, with the
// in-memory trader client instead of NodeKalshiClient.layerConfig(). Plain JavaScript, so that Node, Bun
// and Deno run it as it is. Prints one line starting with "placed".
import { BigDecimal, Console, Effect, Layer } from "effect"
import { FixedPoint, Markets, Orders } from "effect-kalshi"
import { EmbeddedExchange } from "effect-kalshi/testing"

const program = Effect.gen(function*() {
  const { markets } = yield* Markets.list({ status: "open", limit: 1 })
  const market = markets[0]
  const order = yield* Orders.createV2({
    ticker: market.ticker,
    client_order_id: yield* Orders.newClientOrderId,
    side: "bid",
    count: FixedPoint.unsafeMake("1"),
    price: FixedPoint.unsafeMake("0.01"),
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross"
  })
  yield* Console.log(`placed ${order.order_id}: ${BigDecimal.format(order.remaining_count)} resting`)
})

const TestClient = EmbeddedExchange.layerTraderClient().pipe(Layer.provideMerge(EmbeddedExchange.layerInMemory()))

await Effect.runPromise(program.pipe(Effect.provide(TestClient)))
