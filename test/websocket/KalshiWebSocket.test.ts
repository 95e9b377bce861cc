/**
 * The client's configuration: URLs per environment, beside a REST base URL, from `Config`, and bad options
 * refused as configuration errors.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import * as EmbeddedExchange from "../../src/exchange/EmbeddedExchange.js"
import * as EmbeddedExchangeWebSocket from "../../src/exchange/EmbeddedExchangeWebSocket.js"
import * as KalshiWebSocket from "../../src/KalshiWebSocket.js"
import { takeMatching } from "./support.js"

describe("KalshiWebSocket configuration", () => {
  it("knows Kalshi's WebSocket hosts and derives the URL beside a REST base URL", () => {
    expect(KalshiWebSocket.urls.demo).toBe("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2")
    expect(KalshiWebSocket.urls.production).toBe("wss://external-api-ws.kalshi.com/trade-api/ws/v2")
    expect(KalshiWebSocket.urlFromBaseUrl("http://127.0.0.1:4000/trade-api/v2")).toEqual(
      Option.some("ws://127.0.0.1:4000/trade-api/ws/v2")
    )
    expect(KalshiWebSocket.urlFromBaseUrl("https://proxy.example/kalshi/trade-api/v2/")).toEqual(
      Option.some("wss://proxy.example/kalshi/trade-api/ws/v2")
    )
    expect(KalshiWebSocket.urlFromBaseUrl("not a url")).toEqual(Option.none())
    expect(KalshiWebSocket.urlFromBaseUrl("ftp://host/trade-api/v2")).toEqual(Option.none())
  })

  const urlOf = (options: KalshiWebSocket.Options) =>
    Effect.map(KalshiWebSocket.KalshiWebSocket, (client) => client.url).pipe(
      Effect.provide(KalshiWebSocket.layer(options).pipe(Layer.provide(EmbeddedExchangeWebSocket.layerConnector))),
      Effect.provide(EmbeddedExchange.layer())
    )

  it.effect("picks the environment's URL, or the one given", () =>
    Effect.gen(function*() {
      expect(yield* urlOf({})).toBe(KalshiWebSocket.urls.demo)
      expect(yield* urlOf({ environment: "production" })).toBe(KalshiWebSocket.urls.production)
      expect(yield* urlOf({ url: "ws://127.0.0.1:1/trade-api/ws/v2" })).toBe("ws://127.0.0.1:1/trade-api/ws/v2")
    }))

  it.effect("refuses a URL that is not ws:// or wss://, and bad sizes, as configuration errors", () =>
    Effect.gen(function*() {
      for (
        const options of [
          { url: "https://external-api.kalshi.com/trade-api/v2" },
          { bufferSize: 0 },
          { reconnect: { maxAttempts: -1 } }
        ]
      ) {
        const error = yield* Effect.flip(urlOf(options))
        expect(error._tag).toBe("ConfigError")
      }
    }))

  it.live("layerConfig reads the standard variables and connects beside KALSHI_BASE_URL", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      const trader = yield* exchange.generateCredentials({ algorithm: "ed25519" })
      const provider = ConfigProvider.fromMap(
        new Map([
          ["KALSHI_API_KEY_ID", trader.keyId],
          ["KALSHI_PRIVATE_KEY", Redacted.value(trader.privateKeyPem)],
          ["KALSHI_BASE_URL", EmbeddedExchange.baseUrl]
        ])
      )
      yield* Effect.gen(function*() {
        const trades = yield* KalshiWebSocket.subscribe({ channel: "trade" })
        const events = yield* takeMatching(trades.events, 1)
        expect(events.map((event) => event.type)).toEqual(["live"])
        expect(yield* exchange.webSocket.sessions).toBe(1)
      }).pipe(
        Effect.scoped,
        Effect.provide(
          KalshiWebSocket.layerConfig().pipe(
            Layer.provide(Layer.merge(EmbeddedExchangeWebSocket.layerConnector, NodeFileSystem.layer))
          )
        ),
        Effect.withConfigProvider(provider)
      )
    }).pipe(Effect.provide(EmbeddedExchange.layer())))

  it.live("KALSHI_WS_URL wins over the URL beside KALSHI_BASE_URL", () =>
    Effect.gen(function*() {
      const provider = ConfigProvider.fromMap(
        new Map([
          ["KALSHI_BASE_URL", "http://127.0.0.1:1/trade-api/v2"],
          ["KALSHI_WS_URL", "ws://override.example/trade-api/ws/v2"]
        ])
      )
      const url = yield* Effect.map(KalshiWebSocket.KalshiWebSocket, (client) => client.url).pipe(
        Effect.provide(
          KalshiWebSocket.layerConfig().pipe(
            Layer.provide(Layer.merge(EmbeddedExchangeWebSocket.layerConnector, NodeFileSystem.layer))
          )
        ),
        Effect.withConfigProvider(provider)
      )
      expect(url).toBe("ws://override.example/trade-api/ws/v2")
    }).pipe(Effect.provide(EmbeddedExchange.layer())))

  it.live("without credentials, subscriptions and listSubscriptions fail with AuthenticationError", () =>
    Effect.gen(function*() {
      const exchange = yield* EmbeddedExchange.EmbeddedExchange
      yield* Effect.gen(function*() {
        const listed = yield* Effect.flip(KalshiWebSocket.listSubscriptions)
        const subscribed = yield* KalshiWebSocket.subscribe({ channel: "trade" }).pipe(Effect.scoped, Effect.flip)
        expect([listed._tag, subscribed._tag]).toEqual(["AuthenticationError", "AuthenticationError"])
      }).pipe(
        Effect.provide(
          KalshiWebSocket.layer({ url: EmbeddedExchangeWebSocket.url }).pipe(
            Layer.provide(EmbeddedExchangeWebSocket.layerConnector)
          )
        )
      )
      expect(yield* exchange.webSocket.sessions).toBe(0)
    }).pipe(Effect.provide(EmbeddedExchange.layer())))

  it.live("a reconnect policy that gives up fails the subscription with ConnectionError", () =>
    Effect.gen(function*() {
      const trader = yield* (yield* EmbeddedExchange.EmbeddedExchange).generateCredentials({ algorithm: "ed25519" })
      const refusing = Layer.succeed(KalshiWebSocket.WebSocketConnector, {
        connect: () => Effect.fail(new KalshiWebSocket.HandshakeError({ message: "connection refused" }))
      })
      const error = yield* KalshiWebSocket.subscribe({ channel: "trade" }).pipe(
        Effect.scoped,
        Effect.provide(
          KalshiWebSocket.layer({
            url: EmbeddedExchangeWebSocket.url,
            credentials: { keyId: trader.keyId, privateKey: trader.privateKeyPem },
            reconnect: { baseDelay: "1 millis", maxDelay: "2 millis", maxAttempts: 2 }
          }).pipe(Layer.provide(refusing))
        ),
        Effect.flip
      )
      expect(error._tag).toBe("WebSocketConnectionError")
      expect(error.message).toContain("after 3 attempts")
    }).pipe(Effect.provide(EmbeddedExchange.layer())))
})
