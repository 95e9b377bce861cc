/**
 * One WebSocket session: Kalshi's commands (subscribe, unsubscribe, update_subscription, list_subscriptions)
 * with its error codes, per-subscription `sid`s and `seq`s, and the delivery of the engine's changes to the
 * session's subscriptions. Everything here is synchronous and runs inside a state transaction, so a snapshot
 * and the deltas that follow it always agree.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import type { Market } from "../model.js"
import type { Exchange } from "../trading.js"
import * as Feed from "./feed.js"
import * as Protocol from "./protocol.js"

/** The transport under a session. */
export interface Peer {
  /** Sends a text frame. */
  readonly send: (text: string) => void
  /** Sends a Ping control frame (`heartbeat`). */
  readonly ping: () => void
  /** Closes cleanly with a close frame. */
  readonly close: (code: number, reason: string) => void
  /** Drops the connection without a close frame (the client sees 1006). */
  readonly terminate: () => void
  /** Stops reading: inbound frames wait and Pings go unanswered, until `resume`. */
  readonly pause: () => void
  readonly resume: () => void
}

interface Subscription {
  readonly sid: number
  readonly channel: Protocol.Channel
  /** The market filter; `undefined` is every market. */
  markets: Set<string> | undefined
  /** The last `seq` used on this sid. */
  seq: number
}

export interface Session {
  readonly userId: string
  readonly peer: Peer
  readonly subscriptions: Map<number, Subscription>
  nextSid: number
  /** While stalled nothing is sent: frames wait in `held`. */
  stalled: boolean
  readonly held: Array<string>
}

/** Faults that act on what sessions send. */
export interface Faults {
  /** How many sequenced messages to swallow (their `seq` is used, the message never sent). */
  skipSequence: number
}

export interface Context {
  readonly exchange: Exchange
  readonly feed: Feed.Feed
  readonly faults: Faults
  readonly now: number
}

export const make = (userId: string, peer: Peer): Session => ({
  userId,
  peer,
  subscriptions: new Map(),
  nextSid: 1,
  stalled: false,
  held: []
})

const transmit = (session: Session, message: unknown): void => {
  const text = JSON.stringify(message)
  if (session.stalled) session.held.push(text)
  else session.peer.send(text)
}

/** Sends a message that carries the subscription's next `seq`, unless a fault swallows it. */
const sequencedSend = (context: Context, session: Session, sub: Subscription, build: (seq: number) => unknown) => {
  sub.seq += 1
  if (context.faults.skipSequence > 0) {
    context.faults.skipSequence -= 1
    return
  }
  transmit(session, build(sub.seq))
}

/** Ends a stall: what was held goes out in order. */
export const unstall = (session: Session): void => {
  if (!session.stalled) return
  session.stalled = false
  session.peer.resume()
  for (const text of session.held.splice(0)) session.peer.send(text)
}

/** Releases what the session's subscriptions held (watched books). */
export const close = (session: Session, feed: Feed.Feed): void => {
  for (const sub of session.subscriptions.values()) unwatchAll(feed, sub)
  session.subscriptions.clear()
}

const unwatchAll = (feed: Feed.Feed, sub: Subscription) => {
  if (sub.channel !== "orderbook_delta") return
  for (const ticker of sub.markets ?? []) Feed.unwatch(feed, ticker)
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

type Refusal = Protocol.CommandError

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const isStringArray = (u: unknown): u is ReadonlyArray<string> =>
  Array.isArray(u) && u.every((item) => typeof item === "string")

const isSid = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= 1

/**
 * The markets a command names (`market_ticker`, `market_tickers`, `market_id`, `market_ids`); `undefined`
 * when it names none. Ids are accepted only where Kalshi accepts them (the `ticker` channel).
 */
const namedMarkets = (
  exchange: Exchange,
  params: Record<string, unknown>,
  idsAllowed: boolean
): ReadonlyArray<Market> | undefined | Refusal => {
  const { market_id, market_ids, market_ticker, market_tickers } = params
  const byTicker = market_ticker !== undefined || market_tickers !== undefined
  const byId = market_id !== undefined || market_ids !== undefined
  if ((market_ticker !== undefined && market_tickers !== undefined) || (byTicker && byId)) return { code: 11 }
  if (byId && !idsAllowed) return { code: 11 }
  const names = market_ticker !== undefined ? [market_ticker] : market_tickers ?? market_id ?? market_ids
  if (names === undefined) return undefined
  const list = typeof names === "string" ? [names] : names
  if (!isStringArray(list)) return { code: 11 }
  if (list.length === 0) return undefined
  const markets: Array<Market> = []
  for (const name of list) {
    const market = byId
      ? [...exchange.markets.values()].find((candidate) => Protocol.marketId(candidate.seed.ticker) === name)
      : exchange.markets.get(name)
    if (market === undefined) return { code: 16, marketTicker: name }
    markets.push(market)
  }
  return markets
}

const isRefusal = (u: unknown): u is Refusal => isRecord(u) && typeof u.code === "number"

const shardCheck = (params: Record<string, unknown>): Refusal | undefined => {
  const { shard_factor, shard_key } = params
  if (shard_factor === undefined) return shard_key === undefined ? undefined : { code: 20 }
  if (typeof shard_factor !== "number" || shard_factor <= 0) return { code: 19 }
  if (shard_factor > 100) return { code: 22 }
  if (shard_key !== undefined && (typeof shard_key !== "number" || shard_key < 0 || shard_key >= shard_factor)) {
    return { code: 21 }
  }
  return undefined
}

const sendSnapshot = (context: Context, session: Session, sub: Subscription, market: Market) => {
  const levels = Feed.levels(context.feed, market.seed.ticker)
  if (levels === undefined) return
  sequencedSend(context, session, sub, (seq) => Protocol.snapshot(sub.sid, seq, market.seed.ticker, levels))
}

const sendTickers = (context: Context, session: Session, sub: Subscription, markets: ReadonlyArray<Market>) => {
  for (const market of markets) {
    transmit(
      session,
      Protocol.ticker(
        sub.sid,
        Feed.tickerLine(context.feed, context.exchange, market, BigDecimal.fromBigInt(0n)),
        context.now
      )
    )
  }
}

const subscribe = (context: Context, session: Session, id: number | undefined, params: unknown): Refusal | void => {
  if (!isRecord(params)) return { code: 2 }
  const { channels } = params
  if (!Array.isArray(channels) || channels.length === 0) return { code: 3 }
  const unknown = channels.find((channel) => !Protocol.isChannel(channel))
  if (unknown !== undefined) return { code: 8 }
  const requested = channels as ReadonlyArray<Protocol.Channel>
  const markets = namedMarkets(context.exchange, params, requested.every((channel) => channel === "ticker"))
  if (isRefusal(markets)) return markets
  if (markets === undefined && requested.includes("orderbook_delta")) return { code: 14 }
  const shards = requested.includes("communications") ? shardCheck(params) : undefined
  if (shards !== undefined) return shards
  const active = new Set([...session.subscriptions.values()].map((sub) => sub.channel))
  if (requested.some((channel) => active.has(channel)) || new Set(requested).size !== requested.length) {
    return { code: 6 }
  }
  for (const channel of requested) {
    const sub: Subscription = {
      sid: session.nextSid++,
      channel,
      markets: markets === undefined || !Protocol.marketFiltered.has(channel)
        ? undefined
        : new Set(markets.map((market) => market.seed.ticker)),
      seq: 0
    }
    session.subscriptions.set(sub.sid, sub)
    transmit(session, { ...(id === undefined ? {} : { id }), type: "subscribed", msg: { channel, sid: sub.sid } })
    if (channel === "orderbook_delta") {
      for (const market of markets ?? []) {
        Feed.watch(context.feed, market)
        sendSnapshot(context, session, sub, market)
      }
    }
    if (channel === "ticker" && params.send_initial_snapshot === true && markets !== undefined) {
      sendTickers(context, session, sub, markets)
    }
  }
}

const unsubscribe = (context: Context, session: Session, id: number | undefined, params: unknown): Refusal | void => {
  if (!isRecord(params)) return { code: 2 }
  const { sids } = params
  if (!Array.isArray(sids) || sids.length === 0) return { code: 4 }
  if (!sids.every((sid) => isSid(sid) && session.subscriptions.has(sid))) return { code: 7 }
  for (const sid of sids as ReadonlyArray<number>) {
    const sub = session.subscriptions.get(sid)
    if (sub === undefined) continue
    session.subscriptions.delete(sid)
    unwatchAll(context.feed, sub)
    transmit(session, { ...(id === undefined ? {} : { id }), sid, seq: sub.seq, type: "unsubscribed" })
  }
}

const indexActions: Partial<Record<Protocol.Channel, { readonly [action: string]: number | undefined }>> = {
  cfbenchmarks_value: { subscribe_indices: 24, unsubscribe_indices: 24, indexlist: undefined },
  pyth_value: { subscribe_underlyings: 28, unsubscribe_underlyings: 28, underlying_list: undefined }
}

const updateMarkets = (
  context: Context,
  session: Session,
  sub: Subscription,
  action: string,
  params: Record<string, unknown>
): Refusal | void => {
  if (!Protocol.marketFiltered.has(sub.channel)) return { code: 13 }
  const markets = namedMarkets(context.exchange, params, sub.channel === "ticker")
  if (isRefusal(markets)) return markets
  if (markets === undefined) return { code: 14 }
  if (action === "get_snapshot") {
    if (sub.channel !== "orderbook_delta") return { code: 13 }
    const missing = markets.find((market) => !sub.markets?.has(market.seed.ticker))
    if (missing !== undefined) return { code: 11, marketTicker: missing.seed.ticker }
    for (const market of markets) sendSnapshot(context, session, sub, market)
    return
  }
  if (sub.markets === undefined) return
  for (const market of markets) {
    const ticker = market.seed.ticker
    const present = sub.markets.has(ticker)
    if (action === "add_markets" && !present) {
      sub.markets.add(ticker)
      if (sub.channel === "orderbook_delta") {
        Feed.watch(context.feed, market)
        sendSnapshot(context, session, sub, market)
      }
      if (sub.channel === "ticker" && params.send_initial_snapshot === true) {
        sendTickers(context, session, sub, [market])
      }
    }
    if (action === "delete_markets" && present) {
      sub.markets.delete(ticker)
      if (sub.channel === "orderbook_delta") Feed.unwatch(context.feed, ticker)
    }
  }
}

const updateSubscription = (
  context: Context,
  session: Session,
  id: number | undefined,
  params: unknown
): Refusal | void => {
  if (!isRecord(params)) return { code: 2 }
  const { action, sid, sids } = params
  const single = sid !== undefined && sids === undefined
    ? sid
    : sid === undefined && Array.isArray(sids) && sids.length === 1
    ? sids[0]
    : undefined
  if (single === undefined) return { code: 12 }
  if (typeof action !== "string" || action === "") return { code: 15 }
  const sub = isSid(single) ? session.subscriptions.get(single) : undefined
  if (sub === undefined) return { code: 7 }
  const indexAction = indexActions[sub.channel]
  if (indexAction !== undefined) {
    if (!(action in indexAction)) return { code: 13 }
    const required = indexAction[action]
    const list = sub.channel === "cfbenchmarks_value" ? params.index_ids : params.underlying_tickers
    if (required !== undefined && (!isStringArray(list) || list.length === 0)) return { code: required }
  } else if (action === "add_markets" || action === "delete_markets" || action === "get_snapshot") {
    const refused = updateMarkets(context, session, sub, action, params)
    if (refused !== undefined) return refused
  } else {
    return { code: 13 }
  }
  transmit(session, {
    ...(id === undefined ? {} : { id }),
    sid: sub.sid,
    ...(Protocol.sequenced.has(sub.channel) ? { seq: sub.seq } : {}),
    type: "ok",
    msg: { market_tickers: [...(sub.markets ?? [])].sort() }
  })
}

const listSubscriptions = (session: Session, id: number | undefined) =>
  transmit(session, {
    ...(id === undefined ? {} : { id }),
    type: "ok",
    msg: [...session.subscriptions.values()].map((sub) => ({ channel: sub.channel, sid: sub.sid }))
  })

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Handles one inbound text frame. */
export const command = (context: Context, session: Session, text: string): void => {
  const frame = parse(text)
  if (!isRecord(frame) || typeof frame.cmd !== "string") {
    return transmit(session, Protocol.error(undefined, { code: 1 }))
  }
  const id = typeof frame.id === "number" && Number.isInteger(frame.id) && frame.id > 0 ? frame.id : undefined
  const refused = frame.cmd === "subscribe"
    ? subscribe(context, session, id, frame.params)
    : frame.cmd === "unsubscribe"
    ? unsubscribe(context, session, id, frame.params)
    : frame.cmd === "update_subscription"
    ? updateSubscription(context, session, id, frame.params)
    : frame.cmd === "list_subscriptions"
    ? listSubscriptions(session, id)
    : { code: 5 }
  if (refused !== undefined) transmit(session, Protocol.error(id, refused))
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------------------------------------------

const inFilter = (sub: Subscription, ticker: string) => sub.markets === undefined || sub.markets.has(ticker)

/** Sends one transaction's changes to the session's subscriptions. */
export const deliver = (context: Context, session: Session, changes: Feed.Changes): void => {
  const own = session.userId
  for (const sub of session.subscriptions.values()) {
    switch (sub.channel) {
      case "orderbook_delta":
        for (const change of changes.deltas) {
          if (!inFilter(sub, change.ticker)) continue
          const mine = change.orders.find((order) => order.userId === own)
          sequencedSend(context, session, sub, (seq) => Protocol.delta(sub.sid, seq, change, changes.now, mine))
        }
        break
      case "ticker":
        for (const line of changes.tickers) {
          if (inFilter(sub, line.ticker)) transmit(session, Protocol.ticker(sub.sid, line, changes.now))
        }
        break
      case "trade":
        for (const taker of changes.trades) {
          if (inFilter(sub, taker.ticker)) transmit(session, Protocol.trade(sub.sid, taker))
        }
        break
      case "fill":
        for (const line of changes.fills) {
          if (line.fill.userId === own && inFilter(sub, line.fill.ticker)) {
            transmit(session, Protocol.fill(sub.sid, line))
          }
        }
        break
      case "user_orders":
        for (const order of changes.orders) {
          if (order.userId === own && inFilter(sub, order.ticker)) transmit(session, Protocol.userOrder(sub.sid, order))
        }
        break
      case "market_positions":
        for (const line of changes.positions) {
          if (line.userId === own && inFilter(sub, line.ticker)) {
            transmit(session, Protocol.marketPosition(sub.sid, line))
          }
        }
        break
      case "market_lifecycle_v2":
        for (const change of changes.statuses) transmit(session, Protocol.lifecycle(sub.sid, change, changes.now))
        break
      default:
        // multivariate lifecycle, communications, order groups and the reference-price feeds: the embedded
        // exchange has no RFQs, order groups, combos or index feeds, so these subscriptions stay quiet.
        break
    }
  }
}
