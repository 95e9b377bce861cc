/**
 * The part of OpenAPI 3.0 that Kalshi's document uses, and reading it.
 */
import { readFileSync } from "node:fs"
import { parse } from "yaml"

export interface SchemaObject {
  readonly $ref?: string
  readonly type?: string
  readonly format?: string
  readonly description?: string
  readonly enum?: ReadonlyArray<string>
  readonly nullable?: boolean
  readonly deprecated?: boolean
  readonly required?: ReadonlyArray<string>
  readonly properties?: Readonly<Record<string, SchemaObject>>
  readonly additionalProperties?: boolean | SchemaObject
  readonly items?: SchemaObject
  readonly allOf?: ReadonlyArray<SchemaObject>
  readonly minimum?: number
  readonly maximum?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly maxLength?: number
  readonly default?: unknown
  readonly example?: unknown
}

export interface Parameter {
  readonly $ref?: string
  readonly name: string
  readonly in: "path" | "query" | "header"
  readonly required?: boolean
  readonly description?: string
  readonly schema: SchemaObject
  readonly explode?: boolean
  readonly style?: string
}

export interface Response {
  readonly description?: string
  readonly content?: { readonly "application/json"?: { readonly schema?: SchemaObject } }
}

export interface Operation {
  readonly operationId: string
  readonly summary?: string
  readonly tags?: ReadonlyArray<string>
  readonly deprecated?: boolean
  readonly parameters?: ReadonlyArray<Parameter>
  readonly requestBody?: {
    readonly required?: boolean
    readonly content?: { readonly "application/json"?: { readonly schema?: SchemaObject } }
  }
  readonly responses: Readonly<Record<string, Response>>
  readonly security?: ReadonlyArray<Readonly<Record<string, ReadonlyArray<string>>>>
  readonly "x-kalshi-spec-version"?: string
}

export interface Document {
  readonly info: { readonly version: string }
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, SchemaObject>>
    readonly parameters: Readonly<Record<string, Parameter>>
  }
}

export type Method = "GET" | "POST" | "PUT" | "DELETE"

/** One operation with its method and path, parameters resolved. */
export interface SpecOperation {
  readonly method: Method
  readonly path: string
  readonly operation: Operation
  readonly parameters: ReadonlyArray<Parameter>
}

export const read = (file: string): Document => parse(readFileSync(file, "utf8")) as Document

/** The last segment of a `#/components/…/Name` reference. */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf("/") + 1)

const resolveParameter = (document: Document, parameter: Parameter): Parameter =>
  parameter.$ref === undefined ? parameter : document.components.parameters[refName(parameter.$ref)]!

export const operations = (document: Document): ReadonlyArray<SpecOperation> =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase() as Method,
      path,
      operation,
      parameters: (operation.parameters ?? []).map((parameter) => resolveParameter(document, parameter))
    }))
  ).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))

/**
 * A property schema without its `allOf: [$ref]` wrapper (the spec wraps a reference to attach a
 * description or `nullable`): the reference with the wrapper's own facts.
 */
export const unwrapAllOf = (schema: SchemaObject): SchemaObject => {
  if (schema.allOf === undefined || schema.allOf.length !== 1) return schema
  const { allOf, ...rest } = schema
  return { ...allOf[0]!, ...rest }
}

/** The JSON body schema of a response or request, if any. */
export const jsonSchema = (
  content: { readonly "application/json"?: { readonly schema?: SchemaObject } } | undefined
): SchemaObject | undefined => content?.["application/json"]?.schema

/** The success status an operation promises and its body. */
export const success = (operation: Operation): { readonly status: 200 | 201 | 204; readonly body?: SchemaObject } => {
  const status = Object.keys(operation.responses).find((code) => code.startsWith("2"))
  if (status !== "200" && status !== "201" && status !== "204") {
    throw new Error(`${operation.operationId}: unsupported success status ${status}`)
  }
  const body = jsonSchema(operation.responses[status]!.content)
  return body === undefined ? { status: Number(status) as 200 | 201 | 204 } : {
    status: Number(status) as 200 | 201 | 204,
    body
  }
}

export const isAuthenticated = (operation: Operation): boolean => (operation.security ?? []).length > 0
