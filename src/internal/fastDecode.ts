/**
 * Fast decoding of response bodies: each schema's AST is compiled once into a plain function that
 * validates and builds the decoded value in one pass, without the bookkeeping a full parse needs to
 * explain failures. When the fast path meets anything unexpected it gives up, and the schema's own
 * decoder runs: it produces the same value for valid input and the detailed error for invalid input.
 *
 * Only the forms the generated response models use are compiled (structs, records, arrays, tuples,
 * unions, literals, primitives, sync transformations such as the fixed-point decimals and optional
 * fields with defaults); any other node falls back to `ParseResult` for that node alone.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/** The fast path's "not for me": the caller runs the full decoder. */
const miss: unique symbol = Symbol("fastDecode/miss")
type Decoder = (input: unknown) => unknown

/** What a decoder given by {@link FastDecoder} answers when the input is not for it. */
export const decodeMiss: unknown = miss

/**
 * An annotation giving a schema's own fast decoder (the wire value in, the decoded value or
 * {@link decodeMiss} out), for hot schemas such as the fixed-point decimals.
 */
export const FastDecoder: unique symbol = Symbol.for("effect-kalshi/FastDecoder")

const compiled = new WeakMap<SchemaAST.AST, Decoder>()

const hasOwn = Object.prototype.hasOwnProperty
const parseOptions: SchemaAST.ParseOptions = {}

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * A JavaScript test over `v` for a node whose valid values decode to themselves (strings, numbers,
 * booleans, literals, `undefined`, and unions of those), so a compiled struct checks it inline; `undefined`
 * for any other node.
 */
const checkOf = (ast: SchemaAST.AST): string | undefined => {
  if (ast.annotations[FastDecoder] !== undefined) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return `typeof v === "string"`
    case "NumberKeyword":
      return `typeof v === "number"`
    case "BooleanKeyword":
      return `typeof v === "boolean"`
    case "UndefinedKeyword":
      return `v === undefined`
    case "UnknownKeyword":
    case "AnyKeyword":
      return `true`
    case "Literal": {
      const literal = ast.literal
      return literal === null || typeof literal === "string" || typeof literal === "boolean" ||
          (typeof literal === "number" && Number.isFinite(literal))
        ? `v === ${JSON.stringify(literal)}`
        : undefined
    }
    case "Union": {
      const checks = ast.types.map(checkOf)
      return checks.every((check) => check !== undefined) ? `(${checks.join(" || ")})` : undefined
    }
    default:
      return undefined
  }
}

/** The field names a compiled struct can spell as literal keys (no symbols, no `__proto__`). */
const isPlainName = (name: PropertyKey): name is string => typeof name === "string" && name !== "__proto__"

/**
 * A struct without index signatures compiled into one function (`new Function`): each field read by
 * name and checked inline or by its own decoder, and the output built as one object literal when every
 * optional field is present (the common case), so that each struct gets a fixed shape and no keyed
 * property access. `undefined` where code cannot be compiled (a runtime that forbids it, symbol keys).
 */
const compiledStruct = (ast: SchemaAST.TypeLiteral): Decoder | undefined => {
  const signatures = ast.propertySignatures
  if (ast.indexSignatures.length > 0 || !signatures.every((signature) => isPlainName(signature.name))) {
    return undefined
  }
  const decoders: Array<Decoder> = []
  const body: Array<string> = []
  const optional: Array<string> = []
  signatures.forEach((signature, j) => {
    const key = JSON.stringify(signature.name)
    const check = checkOf(signature.type)
    const decode = check === undefined
      ? `v = d${decoders.push(compile(signature.type)) - 1}(v); if (v === miss) return miss; `
      : check === "true"
      ? ""
      : `if (!(${check})) return miss; `
    if (signature.isOptional) {
      optional.push(`p${j}`)
      body.push(`const p${j} = hasOwn.call(i, ${key}); let v${j}; if (p${j}) { v = i[${key}]; ${decode}v${j} = v }`)
    } else {
      body.push(`if (!hasOwn.call(i, ${key})) return miss; v = i[${key}]; ${decode}const v${j} = v`)
    }
  })
  const entry = (j: number) => `${JSON.stringify(signatures[j]!.name)}: v${j}`
  const all = `{ ${signatures.map((_, j) => entry(j)).join(", ")} }`
  const firstOptional = signatures.findIndex((signature) => signature.isOptional)
  const partial = firstOptional === -1 ? [] : [
    `const o = { ${signatures.slice(0, firstOptional).map((_, j) => entry(j)).join(", ")} }`,
    ...signatures.slice(firstOptional).map((signature, k) => {
      const j = firstOptional + k
      const store = `o[${JSON.stringify(signature.name)}] = v${j}`
      return signature.isOptional ? `if (p${j}) ${store}` : store
    }),
    "return o"
  ]
  const source = [
    "return function decodeStruct(i) {",
    `if (typeof i !== "object" || i === null || Array.isArray(i)) return miss`,
    "let v",
    ...body,
    optional.length === 0 ? `return ${all}` : `if (${optional.join(" && ")}) return ${all}`,
    ...partial,
    "}"
  ].join("\n")
  try {
    const names = decoders.map((_, n) => `d${n}`)

    return new Function("hasOwn", "miss", ...names, source)(hasOwn, miss, ...decoders) as Decoder
  } catch {
    return undefined
  }
}

/** A struct read field by field: where {@link compiledStruct} cannot be used. */
const genericStruct = (ast: SchemaAST.TypeLiteral): Decoder => {
  const fields = ast.propertySignatures.map((signature) => ({
    name: signature.name,
    optional: signature.isOptional,
    decode: compile(signature.type)
  }))
  const indexes = ast.indexSignatures.map((index) => ({
    key: compile(index.parameter),
    value: compile(index.type)
  }))
  return (input) => {
    if (!isRecord(input)) return miss
    const out: Record<PropertyKey, unknown> = {}
    for (const field of fields) {
      if (!hasOwn.call(input, field.name)) {
        if (field.optional) continue
        return miss
      }
      const value = field.decode(input[field.name])
      if (value === miss) return miss
      out[field.name] = value
    }
    for (const index of indexes) {
      for (const key of Object.keys(input)) {
        if (index.key(key) === miss) return miss
        const value = index.value(input[key])
        if (value === miss) return miss
        out[key] = value
      }
    }
    return out
  }
}

const tuple = (ast: SchemaAST.TupleType): Decoder => {
  const elements = ast.elements.map((element) => ({ optional: element.isOptional, decode: compile(element.type) }))
  const rest = ast.rest.map((element) => compile(element.type))
  if (rest.length > 1) return fallback(ast)
  const restDecoder = rest[0]
  return (input) => {
    if (!Array.isArray(input)) return miss
    if (restDecoder === undefined && input.length > elements.length) return miss
    const out: Array<unknown> = new Array(input.length)
    for (let i = 0; i < input.length; i++) {
      const element = elements[i]
      if (element === undefined && restDecoder === undefined) return miss
      const value = (element?.decode ?? restDecoder!)(input[i])
      if (value === miss) return miss
      out[i] = value
    }
    for (let i = input.length; i < elements.length; i++) if (!elements[i]!.optional) return miss
    return out
  }
}

const union = (ast: SchemaAST.Union): Decoder => {
  const members = ast.types.map(compile)
  return (input) => {
    for (const member of members) {
      const value = member(input)
      if (value !== miss) return value
    }
    return miss
  }
}

/** A value the Either of a sync transformation holds, or a miss (a failure or an async transformation). */
const settled = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : miss) : miss

const transformation = (ast: SchemaAST.Transformation): Decoder => {
  const from = compile(ast.from)
  const kind = ast.transformation
  if (SchemaAST.isFinalTransformation(kind)) {
    const to = compile(SchemaAST.typeAST(ast.to))
    return (input) => {
      const decoded = from(input)
      if (decoded === miss) return miss
      const value = settled(kind.decode(decoded, parseOptions, ast, input))
      return value === miss ? miss : to(value)
    }
  }
  if (SchemaAST.isTypeLiteralTransformation(kind)) {
    // The struct's own transformation (defaults, renames): `to` holds the decoded fields' types. When every
    // field keeps its place (no rename, no default added for a missing key), the decoded record is only
    // checked against `to`, not built again; otherwise `to` builds it, in its own key order.
    const properties = kind.propertySignatureTransformations
    const renames = properties.some((property) => property.from !== property.to)
    const build = compile(ast.to)
    const isTo = check(ast.to)
    const renamesOrUnchecked = renames || isTo === undefined
    return (input) => {
      const decoded = from(input)
      if (decoded === miss) return miss
      const record = decoded as Record<PropertyKey, unknown>
      let rebuild = renamesOrUnchecked
      for (const property of properties) {
        const present = hasOwn.call(record, property.from)
        const result = property.decode(present ? Option.some(record[property.from]) : Option.none())
        if (renames || Option.isNone(result)) delete record[property.from]
        if (Option.isSome(result)) {
          rebuild ||= !present
          record[property.to] = result.value
        }
      }
      return rebuild ? build(record) : isTo!(record) ? record : miss
    }
  }
  return fallback(ast)
}

/**
 * Whether an already decoded value is valid for a type-side node, so that decoding it would answer it
 * unchanged; `undefined` for a node whose decoding could answer something else (a record, say).
 */
type Check = (value: unknown) => boolean

const checks = new WeakMap<SchemaAST.AST, Check | null>()

const check = (ast: SchemaAST.AST): Check | undefined => {
  let found = checks.get(ast)
  if (found === undefined) {
    found = checkNode(ast) ?? null
    checks.set(ast, found)
  }
  return found ?? undefined
}

/** The checks of every node, or `undefined` when one of them has none. */
const checkAll = (asts: ReadonlyArray<SchemaAST.AST>): ReadonlyArray<Check> | undefined => {
  const checked = asts.map(check)
  return checked.every((each) => each !== undefined) ? checked as ReadonlyArray<Check> : undefined
}

const checkNode = (ast: SchemaAST.AST): Check | undefined => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => typeof u === "string"
    case "NumberKeyword":
      return (u) => typeof u === "number"
    case "BooleanKeyword":
      return (u) => typeof u === "boolean"
    case "UndefinedKeyword":
      return (u) => u === undefined
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true
    case "Literal": {
      const literal = ast.literal
      return (u) => u === literal
    }
    case "TypeLiteral": {
      const types = checkAll(ast.propertySignatures.map((signature) => signature.type))
      if (ast.indexSignatures.length > 0 || types === undefined) return undefined
      return compiledCheck(ast, types) ?? genericCheck(ast, types)
    }
    case "TupleType": {
      const item = ast.rest.length === 1 ? check(ast.rest[0]!.type) : undefined
      if (ast.elements.length > 0 || item === undefined) return undefined
      return (u) => Array.isArray(u) && u.every(item)
    }
    case "Union": {
      const members = checkAll(ast.types)
      if (members === undefined) return undefined
      return (u) => members.some((member) => member(u))
    }
    case "Refinement": {
      const from = check(ast.from)
      if (from === undefined) return undefined
      return (u) => from(u) && Option.isNone(ast.filter(u, parseOptions, ast))
    }
    case "Declaration": {
      if (ast === Schema.BigDecimalFromSelf.ast) return BigDecimal.isBigDecimal
      const decode = ast.decodeUnknown(...ast.typeParameters)
      return (u) => settled(decode(u, parseOptions, ast)) === u
    }
    default:
      return undefined
  }
}

/** A struct's check compiled into one function, as {@link compiledStruct} does for decoding. */
const compiledCheck = (ast: SchemaAST.TypeLiteral, types: ReadonlyArray<Check>): Check | undefined => {
  if (!ast.propertySignatures.every((signature) => isPlainName(signature.name))) return undefined
  const fields = ast.propertySignatures.map((signature, j) => {
    const key = JSON.stringify(signature.name)
    const test = checkOf(signature.type) ?? `c${j}(v)`
    return signature.isOptional
      ? `if (hasOwn.call(u, ${key})) { v = u[${key}]; if (!(${test})) return false }`
      : `if (!hasOwn.call(u, ${key})) return false; v = u[${key}]; if (!(${test})) return false`
  })
  const source = [
    "return function checkStruct(u) {",
    `if (typeof u !== "object" || u === null || Array.isArray(u)) return false`,
    "let v",
    ...fields,
    "return true",
    "}"
  ].join("\n")
  try {
    return new Function("hasOwn", ...types.map((_, j) => `c${j}`), source)(hasOwn, ...types) as Check
  } catch {
    return undefined
  }
}

/** A struct checked field by field: where {@link compiledCheck} cannot be used. */
const genericCheck = (ast: SchemaAST.TypeLiteral, types: ReadonlyArray<Check>): Check => {
  const fields = ast.propertySignatures.map((signature, i) => ({
    name: signature.name,
    optional: signature.isOptional,
    check: types[i]!
  }))
  return (u) => {
    if (!isRecord(u)) return false
    for (const field of fields) {
      if (!hasOwn.call(u, field.name)) {
        if (field.optional) continue
        return false
      }
      if (!field.check(u[field.name])) return false
    }
    return true
  }
}

/** A node the fast path does not know: decoded by `ParseResult` alone. */
const fallback = (ast: SchemaAST.AST): Decoder => {
  const decode = ParseResult.decodeUnknownEither({ ast } as never)
  return (input) => {
    const result = decode(input)
    return Either.isRight(result) ? result.right : miss
  }
}

const primitive = (check: (u: unknown) => boolean): Decoder => (input) => check(input) ? input : miss

const compileNode = (ast: SchemaAST.AST): Decoder => {
  const own = ast.annotations[FastDecoder]
  if (typeof own === "function") return own as Decoder
  switch (ast._tag) {
    case "StringKeyword":
      return primitive((u) => typeof u === "string")
    case "NumberKeyword":
      return primitive((u) => typeof u === "number")
    case "BooleanKeyword":
      return primitive((u) => typeof u === "boolean")
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    case "UndefinedKeyword":
      return primitive((u) => u === undefined)
    case "Literal": {
      const literal = ast.literal
      return primitive((u) => u === literal)
    }
    case "TypeLiteral":
      return compiledStruct(ast) ?? genericStruct(ast)
    case "TupleType":
      return tuple(ast)
    case "Union":
      return union(ast)
    case "Transformation":
      return transformation(ast)
    case "Declaration": {
      // A type checked by its own function (`BigDecimalFromSelf`): called directly when it is synchronous.
      const decode = ast.decodeUnknown(...ast.typeParameters)
      return (input) => settled(decode(input, parseOptions, ast))
    }
    case "Suspend": {
      let inner: Decoder | undefined
      return (input) => (inner ??= compile(ast.f()))(input)
    }
    default:
      return fallback(ast)
  }
}

const compile = (ast: SchemaAST.AST): Decoder => {
  let decoder = compiled.get(ast)
  if (decoder === undefined) {
    decoder = compileNode(ast)
    compiled.set(ast, decoder)
  }
  return decoder
}

/**
 * Decodes `input` with the fast path of `schema`; `None` when the fast path could not (the input may be
 * invalid, or use a form the fast path does not know): then run the schema's own decoder.
 */
export const decodeFast = (schema: { readonly ast: SchemaAST.AST }, input: unknown): Option.Option<unknown> => {
  const value = compile(schema.ast)(input)
  return value === miss ? Option.none() : Option.some(value)
}
