/**
 * Plain-text tables for people: aligned columns of the values as Kalshi writes them (prices `"0.5600"`,
 * counts `"10.00"`), never reformatted through a float.
 *
 * @since 0.1.0
 */

/**
 * One column: its header, how a row shows in it, and which side its cells align to (numbers right).
 *
 * @since 0.1.0
 */
export interface Column<A> {
  readonly header: string
  readonly cell: (row: A) => string
  readonly align?: "left" | "right" | undefined
}

/**
 * A left-aligned column.
 *
 * @since 0.1.0
 */
export const text = <A>(header: string, cell: (row: A) => string): Column<A> => ({ header, cell })

/**
 * A right-aligned column, for prices, counts and amounts.
 *
 * @since 0.1.0
 */
export const number = <A>(header: string, cell: (row: A) => string): Column<A> => ({ header, cell, align: "right" })

const gap = "  "

/** The cells of one line padded to their columns' widths, without trailing blanks. */
const line = (cells: ReadonlyArray<string>, widths: ReadonlyArray<number>, aligns: ReadonlyArray<"left" | "right">) =>
  cells.map((cell, i) => aligns[i] === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)).join(gap)
    .trimEnd()

/**
 * Renders rows under their column headers, each column as wide as its widest cell; `empty` is printed
 * under the headers when there is no row.
 *
 * @since 0.1.0
 */
export const render = <A>(columns: ReadonlyArray<Column<A>>, rows: ReadonlyArray<A>, empty = "(none)"): string => {
  const headers = columns.map((column) => column.header)
  const cells = rows.map((row) => columns.map((column) => inert(column.cell(row))))
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i]!.length)))
  const aligns = columns.map((column) => column.align ?? "left")
  const body = cells.length === 0 ? [empty] : cells.map((row) => line(row, widths, aligns))
  return [line(headers, widths, aligns), ...body].join("\n")
}

/**
 * Renders one record as `field  value` lines, the values aligned.
 *
 * @since 0.1.0
 */
export const record = (entries: ReadonlyArray<readonly [field: string, value: string]>): string => {
  const width = Math.max(0, ...entries.map(([field]) => field.length))
  return entries.map(([field, value]) => `${field.padEnd(width)}${gap}${inert(value)}`.trimEnd()).join("\n")
}

/**
 * Text from the exchange on one line and inert: a newline in a title must not break a table, nor an
 * escape sequence drive the terminal. Control characters become a space.
 *
 * @since 0.1.0
 */
export const inert = (value: string): string => value.replace(/\p{Cc}+/gu, " ")
