import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { EmbeddedExchange } from "../../src/testing.js"
import {
  B535,
  BaseUrl,
  bookOf,
  call,
  dec,
  H25,
  type MarketWire,
  placeOk,
  plainMarket,
  positionOf,
  str,
  T55,
  trader,
  withExchange
} from "./support.js"

describe("inspection", () => {
  it.effect("shows the seeded books, places liquidity and reports positions", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      expect(yield* bookOf(T55)).toEqual({
        bids: [
          ["0.41", "150"],
          ["0.4", "300"]
        ],
        asks: [
          ["0.44", "150"],
          ["0.45", "300"]
        ]
      })
      expect((yield* bookOf(B535)).asks[0]).toEqual(["0.068", "200"])
      expect((yield* bookOf(H25)).bids[0]).toEqual(["0.025", "500"])

      const id = yield* exchange.placeLiquidity({ ticker: T55, side: "ask", price: dec("0.43"), count: dec("7") })
      expect((yield* bookOf(T55)).asks[0]).toEqual(["0.43", "7"])
      const crossing = yield* Effect.exit(
        exchange.placeLiquidity({ ticker: T55, side: "bid", price: dec("0.43"), count: dec("1") })
      )
      expect(Exit.isFailure(crossing) && crossing.cause._tag === "Fail" && crossing.cause.error.code).toBe(
        "post_only_cross"
      )
      const fractional = yield* Effect.exit(
        exchange.placeLiquidity({ ticker: T55, side: "bid", price: dec("0.30"), count: dec("1.001") })
      )
      expect(Exit.isFailure(fractional)).toBe(true)
      const unknown = yield* Effect.exit(exchange.orderBook("KXNOPE"))
      expect(Exit.isFailure(unknown) && unknown.cause._tag === "Fail" && unknown.cause.error.status).toBe(404)

      const alice = yield* trader()
      const taken = yield* placeOk(alice, { count: "7", price: "0.43" })
      expect(taken.fill_count).toBe("7.00")
      expect(str(yield* positionOf(alice.userId, T55))).toBe("7")
      expect(str(yield* positionOf(EmbeddedExchange.marketMakerUserId, T55))).toBe("-7")
      expect(id).toEqual(expect.any(String))
    }).pipe(withExchange()))

  it.effect("takes custom markets and liquidity; the in-memory client answers on any host", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const seller = yield* exchange.generateCredentials({
        algorithm: "ed25519",
        userId: "seller-1",
        balance: dec("50")
      })
      expect(seller.userId).toBe("seller-1")
      yield* exchange.placeLiquidity({
        ticker: plainMarket.ticker,
        side: "ask",
        price: dec("0.70"),
        count: dec("10"),
        userId: "seller-1"
      })
      // $50 less the 10 × 0.30 reserved and the maker-fee headroom ceil(0.0175·10·0.7·0.3) = 0.04.
      expect(str(yield* exchange.balance("seller-1"))).toBe("46.96")
      const markets = yield* call<{ readonly markets: ReadonlyArray<MarketWire>; readonly cursor: string }>(
        undefined,
        "GET",
        "/markets"
      )
      expect(markets.body.markets.map((market) => market.ticker)).toEqual([plainMarket.ticker, "KXTEST-26DEC31-T2"])
      expect(markets.body.markets[0]).toMatchObject({
        yes_ask_dollars: "0.6000",
        yes_ask_size_fp: "10.00",
        yes_bid_dollars: "0.0000",
        no_ask_dollars: "1.0000",
        status: "active",
        exchange_index: 0
      })
      expect(markets.body.markets[1]).toMatchObject({ exchange_index: 2, status: "active", yes_ask_dollars: "1.0000" })
      expect(markets.body.cursor).toBe("")
      const elsewhere = yield* call(undefined, "GET", "/markets").pipe(
        Effect.provideService(BaseUrl, "https://anything.example/trade-api/v2")
      )
      expect(elsewhere.status).toBe(200)
      expect(yield* exchange.requestCount).toBe(2)
    }).pipe(
      withExchange({
        markets: [plainMarket, { ...plainMarket, ticker: "KXTEST-26DEC31-T2", exchange_index: 2 }],
        liquidity: [{ ticker: plainMarket.ticker, side: "ask", price: dec("0.60"), count: dec("10") }]
      })
    ))
})

describe("accounts", () => {
  it.effect("looking at an unknown account does not open it", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      expect(str(yield* exchange.balance("carol"))).toBe("0")
      expect(str(yield* exchange.position("carol", T55))).toBe("0")
      const carol = yield* exchange.generateCredentials({ algorithm: "ed25519", userId: "carol" })
      expect(str(yield* exchange.balance(carol.userId))).toBe("1000")
      const again = yield* exchange.generateCredentials({ algorithm: "ed25519", userId: "carol", balance: dec("5") })
      expect(again.keyId).not.toBe(carol.keyId)
      expect(str(yield* exchange.balance("carol"))).toBe("1000")
    }).pipe(withExchange()))
})
