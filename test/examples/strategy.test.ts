/**
 * How to test a trading strategy against the embedded exchange (the README quotes this file): the
 * strategy only needs `KalshiClient`; the test gives it one wired to an in-memory exchange, plays the
 * counterparty, and checks the exchange's state.
 */
import { expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer } from "effect"
import { FixedPoint, KalshiClient, Markets, Orders } from "../../src/index.js"
import { EmbeddedExchange } from "../../src/testing.js"

/** The strategy under test: join the best bid of a market with `size` contracts, post-only. */
const joinBestBid = (ticker: string, size: BigDecimal.BigDecimal) =>
  Effect.gen(function*() {
    const market = yield* Markets.get(ticker)
    if (market.yes_bid_dollars === undefined) return yield* Effect.fail("no bid to join" as const)
    return yield* Orders.createV2({
      ticker,
      client_order_id: yield* Orders.newClientOrderId,
      side: "bid",
      count: size,
      price: market.yes_bid_dollars,
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross",
      post_only: true
    })
  })

/** A client signed as a fresh account of the exchange in context. */
const traderClient = (exchange: EmbeddedExchange.Service) =>
  Effect.map(exchange.generateCredentials(), (trader) => ({
    trader,
    client: KalshiClient.layer({
      baseUrl: EmbeddedExchange.baseUrl,
      credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem }
    }).pipe(
      Layer.provide(Layer.succeed(EmbeddedExchange.EmbeddedExchange, exchange)),
      Layer.provide(EmbeddedExchange.layerHttpClient)
    )
  }))

it.effect("joinBestBid rests behind the book and fills when a seller crosses", () =>
  Effect.gen(function*() {
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    const ticker = "KXHIGHNY-26NOV21-T55"
    const ahead = (yield* exchange.orderBook(ticker)).bids[0]!

    const me = yield* traderClient(exchange)
    const order = yield* joinBestBid(ticker, FixedPoint.unsafeMake("5")).pipe(Effect.provide(me.client))
    // Price-time priority: everything already resting at that price is ahead of us.
    const queue = yield* Orders.queuePosition(order.order_id).pipe(Effect.provide(me.client))
    expect(BigDecimal.equals(queue, ahead.count)).toBe(true)

    // A counterparty sells through the whole level and 2 of ours.
    const seller = yield* traderClient(exchange)
    yield* Orders.createV2({
      ticker,
      client_order_id: "seller-1",
      side: "ask",
      count: BigDecimal.sum(ahead.count, FixedPoint.unsafeMake("2")),
      price: ahead.price,
      time_in_force: "immediate_or_cancel",
      self_trade_prevention_type: "taker_at_cross"
    }).pipe(Effect.provide(seller.client))

    expect(BigDecimal.equals(yield* exchange.position(me.trader.userId, ticker), FixedPoint.unsafeMake("2"))).toBe(true)
    const mine = yield* Orders.get(order.order_id).pipe(Effect.provide(me.client))
    expect(BigDecimal.equals(mine.remaining_count_fp, FixedPoint.unsafeMake("3"))).toBe(true)
  }).pipe(Effect.provide(EmbeddedExchange.layer())))
