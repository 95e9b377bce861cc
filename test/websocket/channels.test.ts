/**
 * Every channel the embedded exchange serves, over both transports: one trade of the trader's, and what each
 * channel says about it. The messages are decoded by the SDK's schemas, so this also checks that the exchange
 * and the SDK read Kalshi's WebSocket format alike.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Effect } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as Portfolio from "../../src/generated/Portfolio.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import type * as Messages from "../../src/WebSocketMessages.js"
import { buy, dec, isData, str, T55, takeMatching, transports } from "./support.js"

const levels = (side: ReadonlyArray<readonly [BigDecimal.BigDecimal, BigDecimal.BigDecimal]> | undefined) =>
  (side ?? []).map(([price, count]) => `${str(price)}x${str(count)}`)

describe.each(transports)("channels (%s)", (_name, layer) => {
  it.live("a trade shows on orderbook_delta, ticker, trade, fill, user_orders and market_positions", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const book = yield* KalshiWebSocket.subscribe({ channel: "orderbook_delta", market_tickers: [T55] })
      const ticker = yield* KalshiWebSocket.subscribe({ channel: "ticker", market_tickers: [T55] })
      const trades = yield* KalshiWebSocket.subscribe({ channel: "trade" })
      const fills = yield* KalshiWebSocket.subscribe({ channel: "fill" })
      const orders = yield* KalshiWebSocket.subscribe({ channel: "user_orders", market_tickers: [T55] })
      const positions = yield* KalshiWebSocket.subscribe({ channel: "market_positions" })
      yield* KalshiWebSocket.subscribe({ channel: "market_lifecycle_v2" })

      const listed = yield* KalshiWebSocket.listSubscriptions
      expect(listed.map((entry) => entry.channel).sort()).toEqual([
        "fill",
        "market_lifecycle_v2",
        "market_positions",
        "orderbook_delta",
        "ticker",
        "trade",
        "user_orders"
      ])

      // The market maker offers 150 at 0.44: the trader takes 2.
      const placed = yield* buy(T55, "2", "0.44")
      expect(str(placed.fill_count)).toBe("2")

      const [snapshot, delta] = (yield* takeMatching(book.events, 2, isData)) as ReadonlyArray<
        Messages.Message<"orderbook_delta">
      >
      if (snapshot?.type !== "orderbook_snapshot" || delta?.type !== "orderbook_delta") {
        return expect.fail("expected a snapshot, then a delta")
      }
      expect(levels(snapshot.msg.yes_dollars_fp)).toEqual(["0.4x300", "0.41x150"])
      // Asks are no bids at 1 - price: 0.44 -> 0.56, 0.45 -> 0.55.
      expect(levels(snapshot.msg.no_dollars_fp)).toEqual(["0.55x300", "0.56x150"])
      expect(delta.seq).toBe(snapshot.seq + 1)
      expect([delta.msg.side, str(delta.msg.price_dollars), str(delta.msg.delta_fp)]).toEqual(["no", "0.56", "-2"])

      const [line] = (yield* takeMatching(ticker.events, 1, isData)) as ReadonlyArray<Messages.Ticker>
      expect(str(line!.msg.price_dollars)).toBe("0.44")
      expect(str(line!.msg.yes_ask_dollars)).toBe("0.44")
      expect(str(line!.msg.yes_ask_size_fp)).toBe("148")
      expect(str(line!.msg.volume_fp)).toBe("2")
      expect(str(line!.msg.last_trade_size_fp)).toBe("2")

      const [trade] = (yield* takeMatching(trades.events, 1, isData)) as ReadonlyArray<Messages.Trade>
      expect([trade!.msg.market_ticker, trade!.msg.taker_book_side, str(trade!.msg.count_fp)]).toEqual([
        T55,
        "bid",
        "2"
      ])
      expect(str(trade!.msg.yes_price_dollars)).toBe("0.44")

      const [fill] = (yield* takeMatching(fills.events, 1, isData)) as ReadonlyArray<Messages.Fill>
      expect(fill!.msg.order_id).toBe(placed.order_id)
      expect(fill!.msg.is_taker).toBe(true)
      expect(str(fill!.msg.post_position_fp)).toBe("2")
      // The REST fill of the same execution carries the same trade id.
      const rest = yield* Portfolio.fills({ ticker: T55 })
      expect(rest.fills.map((f) => f.trade_id)).toEqual([fill!.msg.trade_id])
      expect(str(fill!.msg.fee_cost!)).toBe("0.04")
      expect(BigDecimal.equals(rest.fills[0]!.fee_cost!, fill!.msg.fee_cost!)).toBe(true)

      const [order] = (yield* takeMatching(orders.events, 1, isData)) as ReadonlyArray<Messages.UserOrder>
      expect([order!.msg.order_id, order!.msg.status, str(order!.msg.fill_count_fp)]).toEqual([
        placed.order_id,
        "executed",
        "2"
      ])

      const [position] = (yield* takeMatching(positions.events, 1, isData)) as ReadonlyArray<Messages.MarketPosition>
      expect([position!.msg.market_ticker, str(position!.msg.position_fp), str(position!.msg.volume_fp)]).toEqual([
        T55,
        "2",
        "2"
      ])
      expect(str(position!.msg.position_cost_dollars)).toBe("0.88")
      expect(BigDecimal.equals(position!.msg.fees_paid_dollars, fill!.msg.fee_cost!)).toBe(true)
      expect(BigDecimal.equals(yield* exchange.position(position!.msg.user_id, T55), dec("2"))).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(layer())))

  it.live("closing and settling a market shows on market_lifecycle_v2", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const lifecycle = yield* KalshiWebSocket.subscribe({ channel: "market_lifecycle_v2" })
      yield* exchange.settleMarket(T55, { result: "yes" })
      const events = (yield* takeMatching(
        lifecycle.events,
        1,
        (event) => isData(event) && event.type === "market_lifecycle_v2" && event.msg.market_ticker === T55
      )) as ReadonlyArray<Messages.MarketLifecycleV2>
      expect(events[0]!.msg.market_ticker).toBe(T55)
      expect(["deactivated", "determined", "settled"]).toContain(events[0]!.msg.event_type)
    }).pipe(Effect.scoped, Effect.provide(layer())))
})
