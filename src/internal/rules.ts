/**
 * Cross-field rules of Kalshi's requests that the spec states only in prose. The generator attaches them
 * to the request schemas named in `scripts/generate/overrides.ts`; each answers `true` or the message of
 * the broken rule.
 *
 * @internal
 */

/** `immediate_or_cancel` orders never rest, so an expiration time makes no sense (the spec's rule). */
export const immediateOrCancelHasNoExpiration = (
  order: { readonly time_in_force: string; readonly expiration_time?: number | undefined }
): true | string =>
  order.time_in_force === "immediate_or_cancel" && order.expiration_time !== undefined
    ? "immediate_or_cancel cannot be combined with expiration_time"
    : true

/** `exchange_index: -1` asks the exchange to route by market ticker, so the ticker must be there. */
export const autoRouteNeedsTicker = (
  value: {
    readonly exchange_index?: number | undefined
    readonly ticker?: string | undefined
    readonly market_ticker?: string | undefined
  }
): true | string =>
  value.exchange_index !== -1 || (value.ticker ?? value.market_ticker ?? "") !== "" ||
  `exchange_index -1 (auto-route) needs ${"ticker" in value ? "ticker" : "market_ticker"}`

/** A decrease says how much to take off or what to leave: exactly one of the two. */
export const exactlyOneReduction = (
  request: { readonly reduce_by?: unknown; readonly reduce_to?: unknown }
): true | string =>
  (request.reduce_by === undefined) === (request.reduce_to === undefined)
    ? "exactly one of reduce_by or reduce_to must be set"
    : true
