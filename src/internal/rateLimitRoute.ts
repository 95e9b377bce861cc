/**
 * Which of Kalshi's token buckets a request draws on, and how many tokens it costs, derived from the request
 * alone (method, path, query, body), so that no endpoint has to declare it.
 *
 * @internal
 */
import * as Arr from "effect/Array"

/** A request as the rate limiter sees it: a subset of `KalshiClient.Call`. */
export interface Request {
  readonly method: string
  readonly path: string
  readonly query?: Readonly<Record<string, unknown>> | undefined
  readonly body?: unknown
}

/** One entry of `GET /account/endpoint_costs`. */
export interface EndpointCost {
  readonly method: string
  readonly path: string
  readonly cost: number
}

/** What one request takes: `cost` tokens from `bucket` (`read`, `write`, or `write/<shard>`). */
export interface Charge {
  readonly bucket: string
  readonly kind: "read" | "write"
  readonly cost: number
}

/** A compiled endpoint cost: the method, the path's segments (`undefined` for a `{param}`), and the cost. */
interface Pattern {
  readonly method: string
  readonly segments: ReadonlyArray<string | undefined>
  readonly literals: number
  readonly cost: number
}

const apiRoot = "/trade-api/v2"

const isParameter = (segment: string) => /^\{[^}]*\}$/.test(segment) || segment.startsWith(":")

/** The path's segments under the API root (Kalshi may list paths with or without `/trade-api/v2`). */
const segmentsOf = (path: string): Array<string> => {
  const bare = path.split("?")[0]!
  const relative = bare.startsWith(`${apiRoot}/`) ? bare.slice(apiRoot.length) : bare
  return relative.split("/").filter((segment) => segment !== "")
}

const compile = (entry: EndpointCost): Pattern => {
  const segments = segmentsOf(entry.path).map((segment) => isParameter(segment) ? undefined : segment)
  return {
    method: entry.method.toUpperCase(),
    segments,
    literals: segments.filter((segment) => segment !== undefined).length,
    cost: entry.cost
  }
}

/** Whether a pattern of the request's method matches its path. */
const matches = (pattern: Pattern, segments: ReadonlyArray<string>) =>
  pattern.segments.length === segments.length &&
  pattern.segments.every((segment, i) => segment === undefined || segment === segments[i])

/**
 * The cost of one call of an endpoint: the listed cost of the most specific matching entry (the one with the
 * most literal segments, so `/portfolio/orders/batched` wins over `/portfolio/orders/{order_id}`), otherwise
 * the default cost.
 */
export const costTable = (
  defaultCost: number,
  entries: ReadonlyArray<EndpointCost>
): (method: string, path: string) => number => {
  const patterns = entries.map(compile).sort((a, b) => b.literals - a.literals)
  // By method: a request whose method has no entry (every read, when only cancels cost something else)
  // costs the default without its path being split.
  const byMethod = Arr.groupBy(patterns, (pattern) => pattern.method)
  return (method, path) => {
    const upper = method.toUpperCase()
    if (!Object.hasOwn(byMethod, upper)) return defaultCost
    const candidates = byMethod[upper]!
    const segments = segmentsOf(path)
    return candidates.find((pattern) => matches(pattern, segments))?.cost ?? defaultCost
  }
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** The number of legs of a batch (`orders`, or the legacy `ids`), `undefined` for a single request. */
export const legsOf = (request: Request): number | undefined => {
  if (!request.path.endsWith("/batched") || !isRecord(request.body)) return undefined
  const legs = Array.isArray(request.body.orders) ? request.body.orders : request.body.ids
  return Array.isArray(legs) ? legs.length : undefined
}

const shardValue = (value: unknown): number | undefined => {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 1 ? n : undefined
}

/**
 * The shard ≥ 1 a single write names with `exchange_index` (in the body for creates, amends and decreases, in
 * the query for cancels), or `undefined` for shard 0, auto-routing (`-1`) and anything else.
 */
export const shardOf = (request: Request): number | undefined =>
  shardValue(isRecord(request.body) ? request.body.exchange_index : undefined) ??
    shardValue(request.query?.exchange_index)

/**
 * What a request takes: reads (GET) from the read bucket; writes from the write bucket, or from their shard's
 * bucket for a single write that names a shard ≥ 1; a batch takes the cost of one leg times its legs, at once,
 * from the main write bucket.
 */
export const charge = (costOf: (method: string, path: string) => number, request: Request): Charge => {
  const unit = costOf(request.method, request.path)
  if (request.method.toUpperCase() === "GET") return { bucket: "read", kind: "read", cost: unit }
  const legs = legsOf(request)
  if (legs !== undefined) return { bucket: "write", kind: "write", cost: unit * legs }
  const shard = shardOf(request)
  return { bucket: shard === undefined ? "write" : `write/${shard}`, kind: "write", cost: unit }
}
