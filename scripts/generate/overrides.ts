/**
 * What the generator cannot read from Kalshi's spec. Everything not listed here is derived.
 *
 * Each entry says why it exists. Keep this table small: when Kalshi's spec learns a fact, delete the
 * override that supplied it.
 */

/** The SDK namespace of each spec tag (a newcomer finds an operation in one hop). */
export const namespaces: Readonly<Record<string, string>> = {
  "account": "Account",
  "api-keys": "ApiKeys",
  "communications": "Communications",
  "events": "Events",
  "exchange": "Exchange",
  "fcm": "Fcm",
  "historical": "Historical",
  "incentive-programs": "IncentivePrograms",
  "live-data": "LiveData",
  "market": "Markets",
  "milestone": "Milestones",
  "multivariate": "Multivariate",
  "order-groups": "OrderGroups",
  "orders": "Orders",
  "portfolio": "Portfolio",
  "search": "Search",
  "structured-targets": "StructuredTargets"
}

/** Operations filed under another tag than the namespace users look for them in. */
export const namespaceOf: Readonly<Record<string, string>> = {
  // The spec tags series under "market"; a series is its own resource.
  GetSeriesList: "Series",
  GetSeries: "Series",
  GetSeriesFeeChanges: "Series"
}

/**
 * Per operation: the method name users already have (otherwise the camelCased `operationId`), the name
 * of its query-parameters schema (otherwise `<OperationId>Params`), and the one field of the response
 * to return instead of the whole envelope.
 */
export interface OperationOverride {
  readonly name?: string
  readonly paramsName?: string
  readonly unwrap?: string
  /** The list a cursor pages through, when the response carries several. */
  readonly pageItems?: string
}

export const operations: Readonly<Record<string, OperationOverride>> = {
  // Orders: the names of the hand-written 0.1 surface.
  CreateOrderV2: { name: "createV2" },
  BatchCreateOrdersV2: { name: "batchCreateV2" },
  CancelOrderV2: { name: "cancelV2", paramsName: "CancelOrderV2Params" },
  BatchCancelOrdersV2: { name: "batchCancelV2" },
  CancelAllOrders: { name: "cancelAll", paramsName: "CancelAllParams" },
  AmendOrderV2: { name: "amendV2", paramsName: "SubaccountParams" },
  DecreaseOrderV2: { name: "decreaseV2", paramsName: "SubaccountParams" },
  GetOrder: { name: "get", unwrap: "order" },
  GetOrders: { name: "list", paramsName: "ListOrdersParams" },
  GetOrderQueuePositions: { name: "queuePositions", paramsName: "QueuePositionsParams", unwrap: "queue_positions" },
  GetOrderQueuePosition: { name: "queuePosition", unwrap: "queue_position_fp" },
  // Markets and Portfolio: the names of the 0.1 surface.
  GetMarkets: { name: "list", paramsName: "ListMarketsParams" },
  GetMarket: { name: "get", unwrap: "market" },
  GetFills: { name: "fills", paramsName: "FillsParams" },
  GetBalance: { name: "balance", paramsName: "BalanceParams" },
  // Responses with two lists: the cursor pages through the first; the second is a per-page summary
  // (milestones of the page's events, event positions of the page's markets).
  GetEvents: { pageItems: "events" },
  GetPositions: { pageItems: "market_positions" },
  GetFCMPositions: { pageItems: "market_positions" },
  GetHistoricalPositions: { pageItems: "market_positions" }
}

/**
 * Cross-field rules the spec states only in prose, by the schema (or `<OperationId>Params`) they
 * apply to. Each names a refinement exported by `src/internal/rules.ts`.
 */
export const rules: Readonly<Record<string, ReadonlyArray<string>>> = {
  CreateOrderV2Request: ["immediateOrCancelHasNoExpiration", "autoRouteNeedsTicker"],
  DecreaseOrderV2Request: ["exactlyOneReduction", "autoRouteNeedsTicker"],
  "BatchCancelOrdersV2Request.orders[]": ["autoRouteNeedsTicker"],
  CancelOrderV2Params: ["autoRouteNeedsTicker"]
}

/**
 * Query parameters the spec types as a free string although only one vocabulary makes sense, by
 * `<ParamsSchema>.<field>`: the name of the model (a strict literal) they take.
 */
export const parameterEnums: Readonly<Record<string, string>> = {
  // The spec's shared `status` parameter says "values depend on the endpoint"; for orders they are OrderStatus.
  "ListOrdersParams.status": "OrderStatus"
}

/**
 * Request fields whose rule the spec does not state as a schema fact, by `<Schema>.<field>`.
 * - `required`: the field is required although the spec marks it optional.
 * - `countOrZero`: a count that may be zero (`reduce_to: 0` cancels).
 * - `nonEmpty`: an array that must hold at least one item.
 */
export const requestFields: Readonly<Record<string, "required" | "countOrZero" | "nonEmpty">> = {
  // Kalshi's idempotency key: the SDK's write surface makes it required on every create (the seed's rule).
  "CreateOrderV2Request.client_order_id": "required",
  "DecreaseOrderV2Request.reduce_to": "countOrZero",
  // An empty batch is refused by the exchange; refuse it before sending.
  "BatchCreateOrdersV2Request.orders": "nonEmpty",
  "BatchCancelOrdersV2Request.orders": "nonEmpty"
}

/**
 * Response fields the spec marks required that Kalshi is known to omit, by `<Schema>.<field>`, with the
 * evidence. They decode as optional.
 */
export const omittedByServer: Readonly<Record<string, string>> = {
  // Kalshi's pagination contract: "an empty or missing cursor means the last page".
  "*.cursor": "the last page of a list may come without a cursor, or with a null one"
}
