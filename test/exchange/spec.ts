/**
 * Kalshi's OpenAPI document, read at test time from ../shared (never copied into the repository), and a small
 * validator of JSON values against its response schemas: `$ref`, `allOf` / `oneOf` / `anyOf`, `nullable`,
 * types, enums, required and unknown properties, array bounds, `date-time` strings.
 */
import { readFileSync } from "node:fs"
import { parse } from "yaml"

export interface JsonSchema {
  readonly $ref?: string
  readonly type?: string
  readonly format?: string
  readonly nullable?: boolean
  readonly enum?: ReadonlyArray<unknown>
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly additionalProperties?: boolean | JsonSchema
  readonly required?: ReadonlyArray<string>
  readonly items?: JsonSchema
  readonly minItems?: number
  readonly maxItems?: number
  readonly allOf?: ReadonlyArray<JsonSchema>
  readonly oneOf?: ReadonlyArray<JsonSchema>
  readonly anyOf?: ReadonlyArray<JsonSchema>
}

export interface Operation {
  readonly operationId: string
  readonly parameters?: ReadonlyArray<{ readonly $ref?: string; readonly name?: string; readonly in?: string }>
  readonly responses: Readonly<
    Record<string, {
      readonly $ref?: string
      readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>
    }>
  >
}

export interface Spec {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>
    readonly responses?: Readonly<Record<string, Operation["responses"][string]>>
  }
}

export const spec: Spec = parse(readFileSync(new URL("../../../shared/kalshi/openapi.yaml", import.meta.url), "utf8"))

const deref = <A>(ref: string): A => {
  let node: unknown = spec
  for (const part of ref.split("/").slice(1)) node = (node as Record<string, unknown>)[part]
  return node as A
}

/** Every operation: method (upper case), path template and the operation itself. */
export const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([method]) => ["get", "post", "put", "delete"].includes(method))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation }))
)

export const operation = (operationId: string) => {
  const found = operations.find((op) => op.operation.operationId === operationId)
  if (found === undefined) throw new Error(`no operation ${operationId} in the spec`)
  return found
}

/** The statuses an operation declares. */
export const declaredStatuses = (op: Operation): ReadonlyArray<number> => Object.keys(op.responses).map(Number)

/** The JSON schema of an operation's response for a status, if it has one. */
export const responseSchema = (op: Operation, status: number): JsonSchema | undefined => {
  const response = op.responses[String(status)]
  if (response === undefined) return undefined
  const resolved = response.$ref === undefined ? response : deref<typeof response>(response.$ref)
  return resolved.content?.["application/json"]?.schema
}

const typeOf = (value: unknown): string => value === null ? "null" : Array.isArray(value) ? "array" : typeof value

/** Every way `value` breaks `schema`, as `path: problem` lines (empty when it conforms). */
export const validate = (schema: JsonSchema, value: unknown, path = "$"): ReadonlyArray<string> => {
  // `nullable` may sit beside a `$ref` (the spec's `{ $ref: FixedPointDollars, nullable: true }`).
  if (value === null && (schema.nullable === true || isNullableAllOf(schema))) return []
  if (schema.$ref !== undefined) return validate(deref<JsonSchema>(schema.$ref), value, path)
  if (value === null) return [`${path}: null`]
  const problems: Array<string> = []
  for (const part of schema.allOf ?? []) problems.push(...validate(part, value, path))
  const alternatives = schema.oneOf ?? schema.anyOf
  if (alternatives !== undefined && !alternatives.some((alt) => validate(alt, value, path).length === 0)) {
    problems.push(`${path}: matches none of ${alternatives.length} alternatives`)
  }
  const actual = typeOf(value)
  switch (schema.type) {
    case undefined:
      break
    case "integer":
      if (!Number.isInteger(value)) problems.push(`${path}: expected an integer, got ${JSON.stringify(value)}`)
      break
    case "number":
      if (actual !== "number") problems.push(`${path}: expected a number, got ${actual}`)
      break
    case "array":
    case "object":
    case "string":
    case "boolean":
      if (actual !== schema.type) problems.push(`${path}: expected ${schema.type}, got ${actual}`)
      break
  }
  if (problems.length > 0) return problems
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  if (schema.format === "date-time" && typeof value === "string" && Number.isNaN(Date.parse(value))) {
    problems.push(`${path}: ${JSON.stringify(value)} is not a date-time`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: too few items`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: too many items`)
    if (schema.items !== undefined) {
      value.forEach((item, i) => problems.push(...validate(schema.items!, item, `${path}[${i}]`)))
    }
  }
  if (actual === "object" && schema.properties !== undefined) {
    const record = value as Record<string, unknown>
    for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${path}.${name}: missing`)
    for (const [name, field] of Object.entries(record)) {
      const property = schema.properties[name]
      if (property === undefined) {
        if (schema.additionalProperties === undefined || schema.additionalProperties === false) {
          problems.push(`${path}.${name}: not in the spec`)
        }
      } else {
        problems.push(...validate(property, field, `${path}.${name}`))
      }
    }
  }
  return problems
}

/** `allOf: [{ $ref }]` with `nullable: true` beside it, or a nullable referenced schema. */
const isNullableAllOf = (schema: JsonSchema): boolean =>
  (schema.allOf ?? []).some((part) =>
    part.nullable === true || (part.$ref !== undefined && deref<JsonSchema>(part.$ref).nullable === true)
  )
