/**
 * The spans of operations: how they are made, and how the HTTP spans under them find them.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Tracer from "effect/Tracer"

/**
 * The options of an operation's span. Unlike `Effect.fn`, it does not capture the caller's stack on every call:
 * that `Error` cost about 4% of a whole signed request's CPU, and the span, its name and its attributes are what
 * a trace shows.
 */
export const operationSpan: Tracer.SpanOptions = { captureStackTrace: false }

/**
 * `context` with `parent` as the current span: what a fiber started with it sees, as if it ran inside
 * `Effect.withParentSpan(parent)`, without the change of a fiber ref and its restoration that this costs the
 * fiber that starts it.
 */
export const withParent = (context: Context.Context<never>, parent: Tracer.AnySpan): Context.Context<never> =>
  Context.add(context, Tracer.ParentSpan, parent)
