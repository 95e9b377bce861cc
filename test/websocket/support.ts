/**
 * WebSocket test support: a trader's REST client and WebSocket client against a fresh embedded exchange, in
 * memory or over loopback sockets (`ws` against the Node server), and a counterparty that trades against the
 * trader.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { BigDecimal, Chunk, Effect, Layer, Option, Stream } from "effect"
import type { Duration } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeServer from "../../src/exchange/EmbeddedExchangeServer.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import * as FixedPoint from "../../src/FixedPoint.js"
import type * as KalshiClient from "../../src/KalshiClient.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import * as NodeKalshiWebSocket from "../../src/NodeKalshiWebSocket.js"
import * as Orders from "../../src/Orders.js"
import type * as Signer from "../../src/Signer.js"

export const T55 = "KXHIGHNY-26NOV21-T55"
export const B535 = "KXHIGHNY-26NOV21-B53.5"
export const H0 = "KXFEDDECISION-26DEC-H0"

export const dec = FixedPoint.unsafeMake

/** Fast reconnects and a short keep-alive, so that drop tests take milliseconds. */
export const webSocketOptions: Omit<KalshiWebSocket.Options, "url" | "credentials"> = {
  reconnect: { baseDelay: "20 millis", maxDelay: "200 millis" },
  keepAlive: { pingInterval: "100 millis", timeout: "400 millis" },
  commandTimeout: "3 seconds"
}

export type Env =
  | KalshiClient.KalshiClient
  | KalshiWebSocket.KalshiWebSocket
  | Signer.Signer
  | EmbeddedExchange.EmbeddedExchange

const account = { algorithm: "ed25519" } as const

/** The trader in memory: no socket anywhere. */
export const inMemory = (
  options: Omit<KalshiWebSocket.Options, "url" | "credentials"> = webSocketOptions
): Layer.Layer<Env> =>
  EmbeddedExchangeWebSocket.layerTrader({ account, webSocket: options }).pipe(
    Layer.provide(EmbeddedExchangeWebSocket.layerConnector),
    Layer.provideMerge(EmbeddedExchange.layerInMemory({ rateLimits: "unlimited" })),
    Layer.orDie
  )

/** The trader over loopback: undici for REST, `ws` for the WebSocket, the exchange's Node server. */
export const loopback = (
  options: Omit<KalshiWebSocket.Options, "url" | "credentials"> = webSocketOptions
): Layer.Layer<Env> =>
  Layer.unwrapEffect(
    Effect.map(EmbeddedExchangeServer.EmbeddedExchangeServer, (server) =>
      EmbeddedExchangeWebSocket.layerTrader({
        account,
        client: { baseUrl: server.baseUrl },
        webSocket: { ...options, url: Option.getOrThrow(KalshiWebSocket.urlFromBaseUrl(server.baseUrl)) }
      }))
  ).pipe(
    Layer.provide(Layer.merge(NodeHttpClient.layerUndici, NodeKalshiWebSocket.layerConnector)),
    Layer.provideMerge(EmbeddedExchangeServer.layerWithExchange({ rateLimits: "unlimited" })),
    Layer.orDie
  )

/** Both transports, named. */
export const transports = [["in memory", inMemory], ["loopback sockets", loopback]] as const

/** The trader bids for `count` yes at `price`, with the given time in force. */
const bid =
  (time_in_force: Orders.CreateOrderV2Request["time_in_force"]) => (ticker: string, count: string, price: string) =>
    Effect.flatMap(Orders.newClientOrderId, (client_order_id) =>
      Orders.createV2({
        ticker,
        client_order_id,
        side: "bid",
        count: dec(count),
        price: dec(price),
        time_in_force,
        self_trade_prevention_type: "taker_at_cross"
      }))

/** The trader buys `count` yes at `price` (immediate-or-cancel): a trade against the resting asks. */
export const buy = bid("immediate_or_cancel")

/** The trader rests a bid. */
export const restBid = bid("good_till_canceled")

/** Data messages only (the client's notices left out). */
export const isData = <A extends { readonly type: string }>(event: A): boolean =>
  event.type !== "live" && event.type !== "resync"

/** The first `n` events that satisfy `predicate`, or a failure after `within`. */
export const takeMatching = <A, E, R>(
  events: Stream.Stream<A, E, R>,
  n: number,
  predicate: (a: A) => boolean = () => true,
  within: Duration.DurationInput = "5 seconds"
) =>
  events.pipe(
    Stream.filter(predicate),
    Stream.take(n),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.timeoutFail({ duration: within, onTimeout: () => new Error(`fewer than ${n} events within the time`) })
  )

export const str = (n: BigDecimal.BigDecimal): string => BigDecimal.format(n)

/** Polls `check` until it holds, failing after `within`: a bounded wait for something to have happened. */
export const eventually = <E, R>(
  check: Effect.Effect<boolean, E, R>,
  within: Duration.DurationInput = "5 seconds"
) =>
  Effect.gen(function*() {
    while (!(yield* check)) yield* Effect.sleep("2 millis")
  }).pipe(Effect.timeoutFail({ duration: within, onTimeout: () => new Error("the condition never held") }))
