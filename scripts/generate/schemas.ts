/**
 * Turns the spec's schemas into `effect/Schema` expressions in the SDK's conventions:
 *
 * - requests are strict: enums are literals, prices and counts follow the request rules (scale, range,
 *   never a float), integers keep their `minimum`/`maximum`, unknown keys are refused by the encoder;
 * - responses are tolerant: enums are open, optional fields may be `null`, arrays sent as `null` read as
 *   empty, unknown fields are ignored.
 */
import * as Overrides from "./overrides.js"
import type { Document, SchemaObject } from "./spec.js"
import { refName, unwrapAllOf } from "./spec.js"

export type Mode = "request" | "response"

/** Component schemas that are never emitted as models: they become the SDK's own types inline. */
const inlined = new Set(["FixedPointDollars", "FixedPointCount", "ExchangeIndex", "PriceLevelDollarsCountFp"])

/** Whether a component is a string enum (emitted as a strict literal; open in responses). */
export const isEnum = (schema: SchemaObject): boolean => schema.type === "string" && schema.enum !== undefined

/** A component is a model when it is emitted under its own name. */
export const isModel = (document: Document, name: string): boolean =>
  !inlined.has(name) && document.components.schemas[name] !== undefined

/** The components a schema refers to, directly. */
export const references = (schema: SchemaObject): ReadonlyArray<string> => {
  const out: Array<string> = []
  const walk = (s: SchemaObject | undefined): void => {
    if (s === undefined) return
    if (s.$ref !== undefined) out.push(refName(s.$ref))
    s.allOf?.forEach(walk)
    Object.values(s.properties ?? {}).forEach(walk)
    walk(s.items)
    if (typeof s.additionalProperties === "object") walk(s.additionalProperties)
  }
  walk(schema)
  return out
}

const literal = (value: unknown): string => JSON.stringify(value)

const isPriceField = (field: string): boolean => field === "price" || /(^|_)(price|bid|ask)$/.test(field)

/** A string the spec describes as an amount "in dollars" without naming its fixed-point type. */
const isDollarString = (schema: SchemaObject): boolean =>
  schema.type === "string" && schema.format === undefined && /\bin dollars\b/i.test(schema.description ?? "")

const isCommaList = (description: string | undefined): boolean => /comma[- ]separated/i.test(description ?? "")

/** Where a schema sits: the `<Schema>.<field>` key of the overrides, the field's name, and the mode. */
export interface Site {
  readonly mode: Mode
  readonly owner: string
  readonly field?: string | undefined
  /** Whether the struct has a market ticker, so that `exchange_index: -1` (route by ticker) makes sense. */
  readonly routesByTicker?: boolean | undefined
}

/** The name of a model in a mode: request-only and response-only components keep their name. */
export type NameOf = (name: string, mode: Mode) => string

export interface Emitter {
  readonly expression: (schema: SchemaObject, site: Site) => string
  readonly struct: (schema: SchemaObject, site: Site) => string
}

export const emitter = (document: Document, nameOf: NameOf): Emitter => {
  const fixedPoint = (component: string, site: Site): string => {
    const dollars = component === "FixedPointDollars"
    if (site.mode === "response") return dollars ? "FixedPoint.Dollars" : "FixedPoint.Count"
    if (dollars) return isPriceField(site.field ?? "") ? "FixedPoint.PriceRequest" : "FixedPoint.DollarsRequest"
    return Overrides.requestFields[`${site.owner}.${site.field}`] === "countOrZero"
      ? "FixedPoint.CountOrZeroRequest"
      : "FixedPoint.CountRequest"
  }

  const integer = (schema: SchemaObject, site: Site): string => {
    if (site.mode === "response") return "Schema.Number"
    const field = site.field ?? ""
    const { maximum, minimum } = schema
    // Subaccounts and shards have the SDK's named rules (their ranges, and -1 only where a ticker routes).
    if (field === "subaccount" || field.endsWith("_subaccount")) return "Subaccount"
    if (field === "exchange_index") {
      return site.routesByTicker === true && (minimum === undefined || minimum < 0) ? "ExchangeIndex" : "ShardIndex"
    }
    if (minimum === undefined && maximum === undefined) return "Schema.Int"
    if (minimum !== undefined && maximum !== undefined) return `Schema.Int.pipe(Schema.between(${minimum}, ${maximum}))`
    return minimum !== undefined
      ? `Schema.Int.pipe(Schema.greaterThanOrEqualTo(${minimum}))`
      : `Schema.Int.pipe(Schema.lessThanOrEqualTo(${maximum}))`
  }

  const string = (schema: SchemaObject, site: Site): string => {
    const field = site.field ?? ""
    const vocabulary = Overrides.parameterEnums[`${site.owner}.${field}`]
    if (vocabulary !== undefined) return vocabulary
    if (schema.enum !== undefined) {
      const values = schema.enum.filter((value) => value !== null).map(literal).join(", ")
      return site.mode === "request" ? `Schema.Literal(${values})` : `openEnum(${values})`
    }
    if (field.endsWith("_dollars") || isDollarString(schema)) return fixedPoint("FixedPointDollars", site)
    if (field.endsWith("_fp")) return fixedPoint("FixedPointCount", site)
    if (site.mode === "response") return "Schema.String"
    if (isCommaList(schema.description)) {
      const most = /maximum (\d+)/i.exec(schema.description ?? "")?.[1]
      return most === undefined ? "commaList()" : `commaList(${most})`
    }
    return field === "cursor" ? "WellFormed" : "NonEmpty"
  }

  const array = (schema: SchemaObject, site: Site): string => {
    if (schema.items === undefined) throw new Error(`${site.owner}.${site.field}: array without items`)
    const item = expression(schema.items, { ...site, owner: `${site.owner}.${site.field}[]`, field: undefined })
    if (site.mode === "response") return `Schema.Array(${item})`
    const nonEmpty = Overrides.requestFields[`${site.owner}.${site.field}`] === "nonEmpty" ||
      (schema.minItems ?? 0) >= 1
    const base = nonEmpty ? `Schema.NonEmptyArray(${item})` : `Schema.Array(${item})`
    return schema.maxItems === undefined ? base : `${base}.pipe(Schema.maxItems(${schema.maxItems}))`
  }

  const record = (schema: SchemaObject, site: Site): string => {
    const value = typeof schema.additionalProperties === "object"
      ? expression(schema.additionalProperties, { ...site, owner: `${site.owner}.${site.field}{}`, field: undefined })
      : "Schema.Unknown"
    return `Schema.Record({ key: Schema.String, value: ${value} })`
  }

  const reference = (component: string, site: Site): string => {
    if (component === "FixedPointDollars" || component === "FixedPointCount") return fixedPoint(component, site)
    if (component === "PriceLevelDollarsCountFp") return "Schema.Tuple(FixedPoint.Dollars, FixedPoint.Count)"
    const target = document.components.schemas[component]!
    if (component === "ExchangeIndex") return integer(target, { ...site, field: "exchange_index" })
    if (isEnum(target) && site.mode === "response") return string(target, site)
    return nameOf(component, site.mode)
  }

  const expression = (raw: SchemaObject, site: Site): string => {
    const schema = unwrapAllOf(raw)
    if (schema.$ref !== undefined) return reference(refName(schema.$ref), site)
    switch (schema.type) {
      case "string":
        return string(schema, site)
      case "integer":
        return integer(schema, site)
      case "number":
        return site.mode === "request" ? "Schema.Finite" : "Schema.Number"
      case "boolean":
        return "Schema.Boolean"
      case "array":
        return array(schema, site)
      case "object":
      case undefined:
        if (schema.properties !== undefined) {
          return struct(schema, {
            ...site,
            owner: site.field === undefined ? site.owner : `${site.owner}.${site.field}`
          })
        }
        if (schema.additionalProperties !== undefined) return record(schema, site)
        return site.mode === "request"
          ? "Schema.Struct({})"
          : "Schema.Record({ key: Schema.String, value: Schema.Unknown })"
      default:
        throw new Error(`${site.owner}.${site.field}: unsupported type ${schema.type}`)
    }
  }

  const field = (name: string, property: SchemaObject, required: boolean, site: Site): string => {
    const schema = unwrapAllOf(property)
    const key = /^[a-z_][a-z0-9_]*$/i.test(name) ? name : literal(name)
    const doc = fieldDoc(document, schema, { ...site, field: name }, required)
    const isArray = schema.type === "array"
    const inner = isArray && site.mode === "response" ? "" : expression(property, { ...site, field: name })
    let value: string
    if (site.mode === "request") {
      value = required ? inner : `Schema.optional(${inner})`
    } else if (isArray) {
      // An array the exchange sends as `null` (or leaves out, as Go's omitempty does) reads as empty.
      value = `arrayOrNull(${
        expression(schema.items!, { ...site, owner: `${site.owner}.${name}[]`, field: undefined })
      })`
    } else if (required) {
      value = schema.nullable === true ? `Schema.NullOr(${inner})` : inner
    } else {
      value = `Schema.optional(Schema.NullOr(${inner}))`
    }
    return `${doc}${key}: ${value}`
  }

  const struct = (raw: SchemaObject, site: Site): string => {
    const schema = unwrapAllOf(raw)
    const required = new Set(schema.required ?? [])
    for (const [key, rule] of Object.entries(Overrides.requestFields)) {
      if (rule === "required" && key.startsWith(`${site.owner}.`) && site.mode === "request") {
        required.add(key.slice(site.owner.length + 1))
      }
    }
    for (const key of Object.keys(Overrides.omittedByServer)) {
      const [owner, field = ""] = key.split(".")
      if ((owner === site.owner || owner === "*") && site.mode === "response") required.delete(field)
    }
    const routesByTicker = schema.properties?.ticker !== undefined || schema.properties?.market_ticker !== undefined
    const fields = Object.entries(schema.properties ?? {}).map(([name, property]) =>
      field(name, property, required.has(name), { ...site, routesByTicker })
    )
    const base = `Schema.Struct({\n${fields.join(",\n")}\n})`
    const rules = site.mode === "request" ? Overrides.rules[site.owner] ?? [] : []
    return rules.length === 0 ? base : `${base}.pipe(${rules.map((rule) => `Schema.filter(Rules.${rule})`).join(", ")})`
  }

  return { expression, struct }
}

// ---------------------------------------------------------------------------------------------------
// Documentation made from the spec's facts
// ---------------------------------------------------------------------------------------------------

const unitOf = (document: Document, schema: SchemaObject, site: Site): string | undefined => {
  const field = site.field ?? ""
  const component = schema.$ref === undefined ? undefined : refName(schema.$ref)
  if (
    component === "FixedPointDollars" ||
    (schema.type === "string" && (field.endsWith("_dollars") || isDollarString(schema)))
  ) {
    return site.mode === "request" && isPriceField(field)
      ? "A price in dollars, as a `BigDecimal` within [0, 1] with at most 4 decimals."
      : "Dollars, as a `BigDecimal`."
  }
  if (component === "FixedPointCount" || (schema.type === "string" && field.endsWith("_fp"))) {
    return site.mode === "request"
      ? "Contracts, as a `BigDecimal` with at most 2 decimals."
      : "Contracts, as a `BigDecimal`."
  }
  if (component === "PriceLevelDollarsCountFp") {
    return "A price level: `[price in dollars, contracts]`, both `BigDecimal`."
  }
  if (component === "ExchangeIndex" || field === "exchange_index") return "An exchange shard index."
  if (field === "subaccount" || field.endsWith("_subaccount")) {
    return "A subaccount number: 0 is the primary account, 1–63 the others."
  }
  if (schema.format === "date-time") return "A time, as an RFC 3339 string."
  if (schema.type === "integer" && (field.endsWith("_ts") || field === "ts")) return "Unix time in seconds."
  if (schema.type === "integer" && (field.endsWith("_ms") || field.endsWith("_ts_ms"))) {
    return "Unix time in milliseconds."
  }
  if (schema.type === "integer" && /cents/.test(field + (schema.description ?? ""))) return "US cents."
  if (field === "cursor") {
    return site.mode === "request"
      ? "The `cursor` of the previous page; leave it out for the first page."
      : "The cursor of the next page: empty or absent on the last page."
  }
  if (field === "limit" && site.mode === "request") return "Items per page."
  if (schema.type === "string" && /(^|_)tickers?$/.test(field)) {
    const kind = field.startsWith("event") ? "event" : field.startsWith("series") ? "series" : "market"
    return field.endsWith("tickers")
      ? `${kind[0]!.toUpperCase()}${kind.slice(1)} tickers.`
      : `${kind === "event" ? "An" : "A"} ${kind} ticker.`
  }
  if (component !== undefined && isModel(document, component)) {
    const target = document.components.schemas[component]!
    return isEnum(target) ? undefined : `A {@link ${component}}.`
  }
  return kindOf(document, schema)
}

/** What a value is, for the fields no unit describes. */
const kindOf = (document: Document, schema: SchemaObject): string | undefined => {
  if (schema.enum !== undefined) return undefined
  switch (schema.type) {
    case "string":
      return schema.format === "uuid" ? "A UUID." : "Text."
    case "integer":
      return "An integer."
    case "number":
      return "A number."
    case "boolean":
      return "True or false."
    case "array": {
      const item = schema.items?.$ref === undefined ? undefined : refName(schema.items.$ref)
      return item === undefined || !isModel(document, item) ? "A list." : `A list of {@link ${item}}.`
    }
    case "object":
      return schema.properties === undefined ? "An object with free-form keys." : "An object."
    default:
      return undefined
  }
}

/** The TSDoc of a field: its unit, range, values, default, nullability and deprecation. */
export const fieldDoc = (document: Document, raw: SchemaObject, site: Site, required: boolean): string => {
  const schema = unwrapAllOf(raw)
  const target = schema.$ref === undefined
    ? schema
    : { ...document.components.schemas[refName(schema.$ref)]!, ...schema }
  const facts: Array<string> = []
  const unit = unitOf(document, schema, site)
  if (unit !== undefined) facts.push(unit)
  if (target.enum !== undefined) {
    const values = target.enum.filter((value) => value !== null).map((value) => `\`${value}\``).join(", ")
    facts.push(site.mode === "request" ? `One of ${values}.` : `One of ${values} (Kalshi may add values).`)
  }
  if (target.minimum !== undefined && target.maximum !== undefined) {
    facts.push(`From ${target.minimum} to ${target.maximum}.`)
  } else if (target.minimum !== undefined) facts.push(`At least ${target.minimum}.`)
  else if (target.maximum !== undefined) facts.push(`At most ${target.maximum}.`)
  if (target.type === "array" && target.maxItems !== undefined) facts.push(`At most ${target.maxItems} items.`)
  if (target.default !== undefined && target.default !== null) {
    facts.push(`Kalshi's default: \`${literal(target.default)}\`.`)
  }
  if (site.mode === "request" && isCommaList(target.description)) {
    const most = /maximum (\d+)/i.exec(target.description ?? "")?.[1]
    facts.push(`One value, or ${most === undefined ? "several" : `up to ${most}`} sent comma-separated.`)
  }
  if (site.mode === "request") facts.push(required ? "Required." : "Optional.")
  else if (target.nullable === true) facts.push("May be `null`.")
  if (site.mode === "response" && target.type === "array") facts.push("Empty when Kalshi sends none.")
  const lines = [facts.join(" ")]
  if (target.deprecated === true || schema.deprecated === true) {
    lines.push("@deprecated Kalshi has deprecated this field.")
  }
  const text = lines.filter((line) => line !== "")
  if (text.length === 0) return ""
  return `/** ${text.join("\n * ")} */\n`
}
