/**
 * The command line's pure parts: table layout, the book ladder, the failure line, and what counts as
 * production.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import { describe, expect, it } from "@effect/vitest"
import { ConfigError, Option } from "effect"
import * as Confirm from "../../src/cli/Confirm.js"
import * as Failure from "../../src/cli/Failure.js"
import * as MarketsCommand from "../../src/cli/MarketsCommand.js"
import * as Output from "../../src/cli/Output.js"
import * as Table from "../../src/cli/Table.js"
import * as KalshiClient from "../../src/KalshiClient.js"
import { NotFoundError, TransportError } from "../../src/KalshiError.js"

describe("Table", () => {
  const columns = [
    Table.text<{ name: string; price: string }>("NAME", (row) => row.name),
    Table.number<{ name: string; price: string }>("PRICE", (row) => row.price)
  ]

  it("aligns text left and numbers right, without trailing blanks", () => {
    expect(Table.render(columns, [{ name: "a", price: "0.5600" }, { name: "long name", price: "10.00" }])).toBe(
      ["NAME        PRICE", "a          0.5600", "long name   10.00"].join("\n")
    )
  })

  it("says so when there is no row", () => {
    expect(Table.render(columns, [])).toBe("NAME  PRICE\n(none)")
  })

  it("keeps text from the exchange on one line and inert", () => {
    expect(Table.render(columns, [{ name: "two\nlines\u001b[2J", price: "1" }]).split("\n")).toHaveLength(2)
    expect(Table.record([["title", "a\r\nb\tc\u0007"]])).toBe("title  a b c")
  })
})

describe("Output", () => {
  it("turns cents into exact dollars", () => {
    expect([0, 5, 100, 123456, -42].map(Output.centsAsDollars)).toEqual(["0.00", "0.05", "1.00", "1234.56", "-0.42"])
  })
})

describe("markets book ladder", () => {
  it("pairs the best yes bids with the best yes asks, the complements of the no bids", () => {
    expect(MarketsCommand.ladder({
      yes_dollars: [["0.4100", "5.00"], ["0.4300", "1.00"], ["0.4200", "2.00"]],
      no_dollars: [["0.5500", "7.00"], ["0.5650", "3.00"]]
    })).toEqual([
      { bid: ["0.4300", "1.00"], ask: ["0.4350", "3.00"] },
      { bid: ["0.4200", "2.00"], ask: ["0.4500", "7.00"] },
      { bid: ["0.4100", "5.00"], ask: undefined }
    ])
    expect(MarketsCommand.ladder({})).toEqual([])
  })
})

describe("Failure.describe", () => {
  it("prints an SDK error with Kalshi's status, code, details and the request", () => {
    expect(Failure.describe(
      new NotFoundError({
        message: "Order not found",
        status: 404,
        code: "not_found",
        details: "abc",
        method: "DELETE",
        path: "/portfolio/events/orders/abc"
      })
    )).toEqual(Option.some("NotFoundError: Order not found: abc [404 not_found] (DELETE /portfolio/events/orders/abc)"))
    expect(Failure.describe(new TransportError({ message: "connection refused", reason: "connection_refused" })))
      .toEqual(Option.some("TransportError: connection refused"))
  })

  it("lists every problem of a configuration error", () => {
    const error = ConfigError.And(
      ConfigError.InvalidData(["KALSHI_ENV"], "KALSHI_ENV must be demo or production"),
      ConfigError.MissingData(["KALSHI_API_KEY_ID"], "KALSHI_API_KEY_ID is not set")
    )
    expect(Failure.describe(error)).toEqual(
      Option.some("configuration: KALSHI_ENV must be demo or production; KALSHI_API_KEY_ID is not set")
    )
  })

  it("leaves a bad command line to @effect/cli, which prints it with the help", () => {
    expect(Failure.describe(ValidationError.invalidValue(HelpDoc.p("bad")))).toEqual(Option.none())
  })
})

describe("Confirm.isProductionUrl", () => {
  it("is Kalshi's production hosts, not the demo or anything local", () => {
    expect(Confirm.isProductionUrl(KalshiClient.baseUrls.production)).toBe(true)
    expect(Confirm.isProductionUrl("https://api.elections.kalshi.com/trade-api/v2")).toBe(true)
    expect(Confirm.isProductionUrl(KalshiClient.baseUrls.demo)).toBe(false)
    expect(Confirm.isProductionUrl("https://demo-api.kalshi.co/trade-api/v2")).toBe(false)
    expect(Confirm.isProductionUrl("http://127.0.0.1:8080/trade-api/v2")).toBe(false)
    expect(Confirm.isProductionUrl("https://notkalshi.com/trade-api/v2")).toBe(false)
  })
})
