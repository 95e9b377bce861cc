/**
 * Every operation of Kalshi's spec that the exchange does not serve answers 501 with Kalshi's error body,
 * from routes registered for exactly those operations: static paths take precedence over parameters in the
 * router, so an unserved `GET /events/fee_changes` is never answered by `GET /events/{event_ticker}`.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import { json } from "./routeKit.js"
import { operations, specVersion } from "./specOperations.js"

/** `/markets/{ticker}` as the router writes it: `/markets/:ticker`. */
const routerPath = (path: string): HttpRouter.PathInput => path.replace(/\{([^}]+)\}/g, ":$1") as HttpRouter.PathInput

/** A route's shape whatever its parameters are called: `GET /markets/:`. */
const shape = (method: string, path: string): string => `${method} ${path.replace(/:[^/]+/g, ":")}`

const answer = (operation: (typeof operations)[number]) =>
  Effect.succeed(
    json({
      code: "not_implemented",
      message: `${operation.operationId} is not implemented by the embedded exchange`,
      details: `${operation.method} ${operation.path} (Kalshi API ${specVersion})`
    }, 501)
  )

/** Adds a 501 route for every spec operation `router` does not serve. */
export const fill = <E, R>(router: HttpRouter.HttpRouter<E, R>): HttpRouter.HttpRouter<E, R> => {
  const served = new Set(Chunk.toReadonlyArray(router.routes).map((route) => shape(route.method, route.path)))
  return operations
    .filter((operation) => !served.has(shape(operation.method, routerPath(operation.path))))
    .reduce(
      (routes, operation) => HttpRouter.route(operation.method)(routerPath(operation.path), answer(operation))(routes),
      router
    )
}
