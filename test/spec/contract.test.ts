/**
 * The SDK against Kalshi's OpenAPI document (read from ../shared, never copied into the repo), in both
 * directions and by behaviour, one table-driven case per operation:
 *
 * - every spec operation has exactly one SDK method, and every SDK method is a spec operation;
 * - each method, called with values made from the spec's schemas, sends the spec's method and path, its
 *   query parameters as declared (required ones present, arrays in the declared style), a body with the
 *   declared fields (required ones present), signed exactly when the spec asks;
 * - a response made from the spec's schema decodes, and so does every response example of the spec;
 * - 404 and 409 become `NotFoundError` / `ConflictError` exactly where the operation declares them.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import { parameterEnums } from "../../scripts/generate/overrides.js"
import { operations as registry, specVersion } from "../../src/generated/operations.js"
import * as Api from "../../src/index.js"
import * as S from "../support/scripted.js"

interface JsonSchema {
  readonly $ref?: string | undefined
  readonly type?: string | undefined
  readonly format?: string | undefined
  readonly description?: string | undefined
  readonly enum?: ReadonlyArray<string | null> | undefined
  readonly properties?: Readonly<Record<string, JsonSchema>> | undefined
  readonly required?: ReadonlyArray<string> | undefined
  readonly items?: JsonSchema | undefined
  readonly allOf?: ReadonlyArray<JsonSchema> | undefined
  readonly additionalProperties?: boolean | JsonSchema | undefined
  readonly minimum?: number | undefined
  readonly maximum?: number | undefined
  readonly minItems?: number | undefined
  readonly example?: unknown
}
interface Parameter {
  readonly $ref?: string | undefined
  readonly name: string
  readonly in: string
  readonly required?: boolean
  readonly explode?: boolean
  readonly schema: JsonSchema
}
interface Operation {
  readonly operationId: string
  readonly parameters?: ReadonlyArray<Parameter>
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> }
  readonly responses: Readonly<Record<string, { readonly content?: Record<string, { readonly schema?: JsonSchema }> }>>
  readonly security?: ReadonlyArray<unknown>
}
interface Spec {
  readonly info: { readonly version: string }
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>
    readonly parameters: Readonly<Record<string, Parameter>>
  }
}

const spec: Spec = parse(readFileSync(new URL("../../../shared/kalshi/openapi.yaml", import.meta.url), "utf8"))

const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1)
const deref = (schema: JsonSchema): JsonSchema => {
  const unwrapped = schema.allOf?.length === 1 ? { ...schema.allOf[0]!, ...schema, allOf: undefined } : schema
  return unwrapped.$ref === undefined
    ? unwrapped
    : { ...spec.components.schemas[refName(unwrapped.$ref)]!, ...unwrapped, $ref: undefined }
}

/**
 * A wire value of a schema, made from its facts: fixed-point strings where the spec says dollars or
 * counts, the first enum value, the minimum of a range; with `optional`, optional fields too.
 */
const sample = (raw: JsonSchema, name = "", optional = true): unknown => {
  const ref = raw.$ref ?? raw.allOf?.[0]?.$ref
  if (ref !== undefined && refName(ref) === "FixedPointDollars") return "0.5000"
  if (ref !== undefined && refName(ref) === "FixedPointCount") return "1.00"
  if (ref !== undefined && refName(ref) === "PriceLevelDollarsCountFp") return ["0.5000", "1.00"]
  const schema = deref(raw)
  if (schema.enum !== undefined) return schema.enum.find((value) => value !== null)
  switch (schema.type) {
    case "string":
      if (name.endsWith("_dollars") || /\bin dollars\b/i.test(schema.description ?? "")) return "0.5000"
      if (name.endsWith("_fp")) return "1.00"
      if (schema.format === "date-time") return "2026-11-21T12:00:00Z"
      if (schema.format === "uuid") return "0b9c2b1e-8f0e-4d8e-9c55-0a4f3c0d6f1e"
      return `${name || "value"}-1`
    case "integer":
      return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : 1
    case "number":
      return 1.5
    case "boolean":
      return true
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, name, optional))
    default: {
      if (schema.properties === undefined) return {}
      const required = new Set(schema.required ?? [])
      return Object.fromEntries(
        Object.entries(schema.properties)
          .filter(([field]) => optional || required.has(field))
          .map(([field, property]) => [field, sample(property, field, optional)])
      )
    }
  }
}

const parametersOf = (operation: Operation): ReadonlyArray<Parameter> =>
  (operation.parameters ?? []).map((p) => p.$ref === undefined ? p : spec.components.parameters[refName(p.$ref)]!)

const jsonSchema = (content: Record<string, { readonly schema?: JsonSchema }> | undefined) =>
  content?.["application/json"]?.schema

const specOperations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation }))
)

type Namespace = Readonly<Record<string, unknown>>
const namespaceOf = (name: string): Namespace => (Api as unknown as Record<string, Namespace>)[name]!

/** The SDK's methods: the exported functions of the resource namespaces that are not schemas. */
const resourceNamespaces = [...new Set(registry.map((entry) => entry.namespace))]
const handWritten: Readonly<Record<string, ReadonlyArray<string>>> = {
  // The deprecated aliases of Portfolio.fills / fillsAll, the legacy-vocabulary helper, and the safe
  // write retries (a create resent with its client_order_id, and the lookup by client_order_id).
  Orders: ["fills", "fillsAll", "fromLegacyIntent", "createV2Safely", "findByClientOrderId"]
}

describe("every spec operation is one SDK method, and every SDK method a spec operation", () => {
  it("the registry is stamped with the spec's version", () => {
    expect(specVersion).toBe(spec.info.version)
  })

  it("each spec operation appears exactly once, with its method and path", () => {
    const fromSpec = specOperations.map((op) => `${op.operation.operationId} ${op.method} ${op.path}`).sort()
    const fromSdk = registry.map((entry) => `${entry.operationId} ${entry.method} ${entry.path}`).sort()
    expect(fromSdk).toEqual(fromSpec)
    expect(new Set(registry.map((entry) => `${entry.namespace}.${entry.name}`)).size).toBe(registry.length)
  })

  it("each registered method (and stream) is exported by its namespace", () => {
    for (const entry of registry) {
      expect(typeof namespaceOf(entry.namespace)[entry.name], `${entry.namespace}.${entry.name}`).toBe("function")
      if (entry.stream !== undefined) {
        expect(typeof namespaceOf(entry.namespace)[entry.stream], `${entry.namespace}.${entry.stream}`).toBe("function")
      }
    }
  })

  it("every function a resource namespace exports is a registered operation or a known hand-written helper", () => {
    const known = new Set(registry.flatMap((entry) => [
      `${entry.namespace}.${entry.name}`,
      ...(entry.stream === undefined ? [] : [`${entry.namespace}.${entry.stream}`])
    ]))
    for (const namespace of resourceNamespaces) {
      for (const [name, value] of Object.entries(namespaceOf(namespace))) {
        if (typeof value !== "function" || Schema.isSchema(value)) continue
        const qualified = `${namespace}.${name}`
        expect(known.has(qualified) || (handWritten[namespace] ?? []).includes(name), qualified).toBe(true)
      }
    }
  })
})

/** The values to call an operation's SDK method with, decoded from wire values by its own schemas. */
const callArguments = (entry: (typeof registry)[number], operation: Operation) =>
  Effect.gen(function*() {
    const namespace = namespaceOf(entry.namespace)
    const args: Array<unknown> = [...entry.path.matchAll(/\{([a-z_]+)\}/g)].map(([, name]) => `${name}-1`)
    const bodySchema = jsonSchema(operation.requestBody?.content)
    if (entry.body !== undefined && bodySchema !== undefined) {
      const schema = namespace[entry.body] as Schema.Schema<unknown, unknown>
      const component = deref(bodySchema)
      // Kalshi's own example when there is one (it respects the cross-field rules); required fields otherwise.
      const wire = component.example ?? sample(bodySchema, "", false)
      args.push(yield* Schema.decodeUnknown(schema)(wire))
    }
    if (entry.params !== undefined) {
      // A parameter the overrides narrow to a vocabulary takes that vocabulary's first value.
      const vocabulary = (name: string) => parameterEnums[`${entry.params}.${name}`]
      const query = Object.fromEntries(
        parametersOf(operation).filter((p) => p.in === "query").map((p) => {
          const narrowed = vocabulary(p.name)
          return [p.name, narrowed === undefined ? sample(p.schema, p.name) : sample({ $ref: narrowed })]
        })
      )
      const schema = namespace[entry.params] as Schema.Schema<unknown, unknown>
      args.push(yield* Schema.decodeUnknown(schema)(query))
    }
    return args
  })

const call = (entry: (typeof registry)[number], args: ReadonlyArray<unknown>) =>
  (namespaceOf(entry.namespace)[entry.name] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>)(
    ...args
  ) as Effect.Effect<unknown, { readonly _tag: string }, Api.KalshiClient.KalshiClient>

const successReply = (operation: Operation): S.Reply => {
  const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))!
  const body = jsonSchema(response.content)
  return status === "204" ? S.noContent : S.json(Number(status), body === undefined ? {} : sample(body))
}

describe("each operation sends what the spec describes and reads what it answers", () => {
  for (const entry of registry) {
    const operation = spec.paths[entry.path]![entry.method.toLowerCase()]!
    const parameters = parametersOf(operation)
    it.effect(`${entry.namespace}.${entry.name}: ${entry.method} ${entry.path}`, () =>
      Effect.gen(function*() {
        const args = yield* callArguments(entry, operation)
        yield* S.reply(successReply(operation))
        yield* call(entry, args)
        const request = yield* S.onlyRequest

        expect(request.method).toBe(entry.method)
        const expectedPath = entry.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => `${name}-1`)
        expect(request.pathname).toBe(`${S.basePath}${expectedPath}`)
        expect("kalshi-access-signature" in request.headers).toBe((operation.security ?? []).length > 0)

        const declared = parameters.filter((p) => p.in === "query")
        const sent = request.queryEntries.map(([key]) => key)
        for (const key of sent) expect(declared.map((p) => p.name), `query ${key}`).toContain(key)
        for (const p of declared.filter((p) => p.required === true)) expect(sent).toContain(p.name)
        for (const p of declared.filter((p) => deref(p.schema).type === "array")) {
          // Exploded arrays repeat the key, one value each; nothing is comma-joined.
          const values = request.queryEntries.filter(([key]) => key === p.name).map(([, value]) => value)
          expect(values.length, p.name).toBeGreaterThan(0)
          for (const value of values) expect(value, p.name).not.toContain(",")
        }

        const bodySchema = jsonSchema(operation.requestBody?.content)
        if (bodySchema === undefined) {
          expect(request.body).toBeUndefined()
        } else {
          const component = deref(bodySchema)
          const body = request.json as Record<string, unknown>
          expect(typeof body).toBe("object")
          for (const key of Object.keys(body)) {
            expect(Object.keys(component.properties ?? {}), `body ${key}`).toContain(key)
          }
          for (const key of component.required ?? []) expect(Object.keys(body), `body ${key}`).toContain(key)
        }
      }).pipe(Effect.provide(S.layer({ retry: false }))))

    it.effect(`${entry.namespace}.${entry.name}: 404 and 409 map as the operation declares`, () =>
      Effect.gen(function*() {
        const args = yield* callArguments(entry, operation)
        yield* S.reply(S.json(404, { code: "not_found" }), S.json(409, { code: "conflict" }))
        const notFound = yield* Effect.flip(call(entry, args))
        const conflict = yield* Effect.flip(call(entry, args))
        expect(notFound._tag).toBe("404" in operation.responses ? "NotFoundError" : "ProtocolError")
        expect(conflict._tag).toBe("409" in operation.responses ? "ConflictError" : "ProtocolError")
      }).pipe(Effect.provide(S.layer({ retry: false }))))
  }
})

describe("the spec's response examples decode", () => {
  const examples = specOperations.flatMap(({ method, operation, path }) => {
    const entry = registry.find((e) => e.operationId === operation.operationId)!
    return Object.entries(operation.responses)
      .filter(([code]) => code.startsWith("2"))
      .flatMap(([status, response]) => {
        const schema = jsonSchema(response.content)
        const example = schema === undefined ? undefined : deref(schema).example
        return example === undefined ? [] : [{ entry, example, method, path, status: Number(status) }]
      })
  })

  it("there are examples to check", () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  for (const { entry, example, method, path, status } of examples) {
    it.effect(`${entry.namespace}.${entry.name} (${method} ${path})`, () =>
      Effect.gen(function*() {
        const operation = spec.paths[path]![method.toLowerCase()]!
        const args = yield* callArguments(entry, operation)
        yield* S.reply(S.json(status, example))
        yield* call(entry, args)
      }).pipe(Effect.provide(S.layer({ retry: false }))))
  }
})
