/**
 * Public market-data routes: order books, trades, candlesticks, events, series, exchange status and schedule.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { badRequest, type ExchangeError, notFound } from "./errors.js"
import * as Input from "./input.js"
import * as MarketData from "./marketData.js"
import type { Market } from "./model.js"
import { type Kit, page } from "./routeKit.js"
import { type Exchange, openInterest } from "./trading.js"
import * as Wire from "./wire.js"

const marketOf = (exchange: Exchange, ticker: string): Either.Either<Market, ExchangeError> => {
  const market = exchange.markets.get(ticker)
  return market === undefined ? Either.left(notFound("not_found", "Market not found", ticker)) : Either.right(market)
}

const params = (...names: ReadonlyArray<string>) => Effect.forEach(names, (name) => Input.pathParam(name))

export const routes = ({ respond }: Kit) =>
  HttpRouter.empty.pipe(
    HttpRouter.get(
      "/markets/orderbooks",
      Effect.flatMap(Input.query(MarketData.OrderbooksQuery), ({ tickers }) =>
        respond((exchange) =>
          Either.right({
            orderbooks: tickers.flatMap((ticker) => {
              const market = exchange.markets.get(ticker)
              return market === undefined ? [] : [{ ticker, orderbook_fp: MarketData.orderbook(market, undefined) }]
            })
          })
        ))
    ),
    HttpRouter.get(
      "/markets/trades",
      Effect.flatMap(Input.query(MarketData.TradesQuery), (query) =>
        respond((exchange) =>
          page(
            "trades",
            MarketData.trades(exchange, query),
            (trade) => trade.id,
            query,
            MarketData.encodeTrade
          )
        ))
    ),
    HttpRouter.get(
      "/markets/candlesticks",
      Effect.flatMap(Input.query(MarketData.BatchCandlesticksQuery), (query) =>
        respond((exchange) =>
          Either.right({
            markets: query.market_tickers.flatMap((ticker) => {
              const market = exchange.markets.get(ticker)
              return market === undefined
                ? []
                : [{ market_ticker: ticker, candlesticks: MarketData.candlesticks(exchange, market, query) }]
            })
          })
        ))
    ),
    HttpRouter.get(
      "/markets/:ticker/orderbook",
      Effect.flatMap(
        Effect.all([Input.pathParam("ticker"), Input.query(MarketData.OrderbookQuery)]),
        ([ticker, { depth }]) =>
          respond((exchange) =>
            Either.map(marketOf(exchange, ticker), (market) => ({
              orderbook_fp: MarketData.orderbook(market, depth)
            }))
          )
      )
    ),
    HttpRouter.get(
      "/series/:series_ticker/markets/:ticker/candlesticks",
      Effect.flatMap(
        Effect.all([params("series_ticker", "ticker"), Input.query(MarketData.CandlesticksQuery)]),
        ([[series, ticker], query]) =>
          respond((exchange) =>
            Either.flatMap(marketOf(exchange, ticker!), (market) =>
              market.seriesTicker !== series
                ? Either.left(notFound("not_found", "Market not found in this series", `${series}/${ticker}`))
                : Either.right({
                  ticker: market.seed.ticker,
                  candlesticks: MarketData.candlesticks(exchange, market, query)
                }))
          )
      )
    ),
    HttpRouter.get(
      "/events",
      Effect.flatMap(Input.query(MarketData.EventsQuery), (query) =>
        respond((exchange) =>
          Either.map(
            page(
              "events",
              MarketData.filterEvents(exchange, query),
              (event) => event.event_ticker,
              query,
              (event) => MarketData.encodeEvent(exchange, event, query.with_nested_markets === true)
            ),
            (body) => ({ ...body, milestones: [] })
          )
        ))
    ),
    HttpRouter.get(
      "/events/:event_ticker",
      Effect.flatMap(
        Effect.all([Input.pathParam("event_ticker"), Input.query(MarketData.EventQuery)]),
        ([ticker, query]) =>
          respond((exchange) => {
            const event = MarketData.events(exchange).find((one) => one.event_ticker === ticker)
            return event === undefined
              ? Either.left(notFound("not_found", "Event not found", ticker))
              : Either.right({
                event: MarketData.encodeEvent(exchange, event, query.with_nested_markets === true),
                markets: MarketData.marketsOf(exchange, ticker).map((market) =>
                  Wire.encodeMarket(market, openInterest(exchange, market.seed.ticker))
                )
              })
          })
      )
    ),
    HttpRouter.get(
      "/series",
      Effect.flatMap(Input.query(MarketData.SeriesQuery), (query) =>
        respond((exchange) =>
          Either.right({
            series: MarketData.filterSeries(exchange, query).map((one) =>
              MarketData.encodeSeries(exchange, one, query.include_volume === true)
            )
          })
        ))
    ),
    HttpRouter.get(
      "/series/:series_ticker",
      Effect.flatMap(
        Effect.all([Input.pathParam("series_ticker"), Input.query(MarketData.SeriesGetQuery)]),
        ([ticker, query]) =>
          respond((exchange) => {
            const one = MarketData.series(exchange).find((s) => s.ticker === ticker)
            return one === undefined
              ? Either.left(badRequest("series_not_found", "Series not found", ticker)) // the spec declares no 404
              : Either.right({ series: MarketData.encodeSeries(exchange, one, query.include_volume === true) })
          })
      )
    ),
    HttpRouter.get("/exchange/status", respond((exchange) => Either.right(MarketData.status(exchange)))),
    HttpRouter.get("/exchange/schedule", respond(() => Either.right(MarketData.schedule)))
  )
