/**
 * `EmbeddedExchange.layerTraderClient`: a client signed as a fresh trader, with the account and client
 * options it is given.
 */
import { expect, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Redacted } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import * as Portfolio from "../../src/generated/Portfolio.js"
import * as KalshiClient from "../../src/KalshiClient.js"
import * as Orders from "../../src/Orders.js"

it.effect("opens the account it is asked for and signs with the key it generated", () =>
  Effect.gen(function*() {
    const balance = yield* Portfolio.balance()
    expect(balance.balance).toBe(5000)
    expect(balance.balance_dollars && BigDecimal.equals(balance.balance_dollars, FixedPoint.unsafeMake("50"))).toBe(
      true
    )
    const client = yield* KalshiClient.KalshiClient
    expect(client.baseUrl).toBe(EmbeddedExchange.baseUrl)
    expect(client.authenticated).toBe(true)
  }).pipe(
    Effect.provide(
      EmbeddedExchange.layerTraderClient({
        account: { balance: FixedPoint.unsafeMake("50"), algorithm: "ed25519" },
        client: { retry: false }
      }).pipe(Layer.provide(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" })))
    )
  ))

it.effect("gives every build its own trader", () =>
  Effect.gen(function*() {
    const first = yield* Portfolio.balance().pipe(
      Effect.provide(EmbeddedExchange.layerTraderClient({ account: { balance: FixedPoint.unsafeMake("1") } }))
    )
    const second = yield* Portfolio.balance().pipe(
      Effect.provide(EmbeddedExchange.layerTraderClient({ account: { balance: FixedPoint.unsafeMake("2") } }))
    )
    expect([first.balance, second.balance]).toEqual([100, 200])
  }).pipe(Effect.provide(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" }))))

it.effect("gives the trader's identity: the account its orders land in", () =>
  Effect.gen(function*() {
    const trader = yield* EmbeddedExchange.Trader
    const exchange = yield* EmbeddedExchange.EmbeddedExchange
    yield* Orders.createV2({
      ticker: "KXHIGHNY-26NOV21-T55",
      client_order_id: yield* Orders.newClientOrderId,
      side: "bid",
      count: FixedPoint.unsafeMake("2"),
      price: FixedPoint.unsafeMake("0.99"),
      time_in_force: "immediate_or_cancel",
      self_trade_prevention_type: "taker_at_cross"
    })
    expect(
      BigDecimal.equals(yield* exchange.position(trader.userId, "KXHIGHNY-26NOV21-T55"), FixedPoint.unsafeMake("2"))
    )
      .toBe(true)
    expect(Redacted.isRedacted(trader.privateKeyPem)).toBe(true)
  }).pipe(
    Effect.provide(
      EmbeddedExchange.layerTraderClient().pipe(
        Layer.provideMerge(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" }))
      )
    )
  ))
