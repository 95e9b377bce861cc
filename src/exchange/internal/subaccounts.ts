/**
 * Subaccounts: numbered 1 to 63 beside the primary account 0, each its own cash pool and positions, with
 * transfers between them.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Accounts from "./accounts.js"
import { badRequest, conflict, type ExchangeError } from "./errors.js"
import * as Fixed from "./fixed.js"
import type { Transfer } from "./model.js"
import type { Exchange } from "./trading.js"

export const maxSubaccount = 63

/** Opens the user's next numbered subaccount. */
export const create = (exchange: Exchange, userId: string): Either.Either<number, ExchangeError> => {
  const { ledgers } = Accounts.account(exchange.accounts, userId)
  Accounts.ledger(exchange.accounts, userId, 0)
  const next = Math.max(...ledgers.keys()) + 1
  if (next > maxSubaccount) {
    return Either.left(badRequest("subaccount_limit", "Maximum number of subaccounts reached", `${maxSubaccount}`))
  }
  Accounts.ledger(exchange.accounts, userId, next)
  return Either.right(next)
}

export interface TransferRequest {
  readonly client_transfer_id: string
  readonly from_subaccount: number
  readonly to_subaccount: number
  readonly amount_cents: number
}

/** Moves available cash between two existing subaccounts of the user; a transfer id is used once. */
export const transfer = (
  exchange: Exchange,
  userId: string,
  request: TransferRequest,
  now: number
): Either.Either<Transfer, ExchangeError> => {
  const account = Accounts.account(exchange.accounts, userId)
  const from = Accounts.findLedger(exchange.accounts, userId, request.from_subaccount)
  const to = Accounts.findLedger(exchange.accounts, userId, request.to_subaccount)
  const amount = Fixed.fromCents(request.amount_cents)
  if (account.transferIds.has(request.client_transfer_id)) {
    return Either.left(conflict("duplicate_transfer", "A transfer with this client_transfer_id exists", ""))
  }
  if (request.from_subaccount === request.to_subaccount) {
    return Either.left(badRequest("invalid_parameters", "from_subaccount and to_subaccount must differ", ""))
  }
  if (from === undefined || to === undefined) {
    return Either.left(badRequest("subaccount_not_found", "Subaccount not found", ""))
  }
  if (Fixed.toCents(from.balance) < request.amount_cents) {
    return Either.left(
      badRequest("insufficient_balance", "Insufficient balance", `available ${Fixed.formatDollars(from.balance)}`)
    )
  }
  Accounts.credit(from, BigDecimal.negate(amount), now)
  Accounts.credit(to, amount, now)
  account.transferIds.add(request.client_transfer_id)
  const record: Transfer = {
    id: request.client_transfer_id,
    userId,
    from: request.from_subaccount,
    to: request.to_subaccount,
    amountCents: request.amount_cents,
    createdMs: now
  }
  exchange.transfers.push(record)
  return Either.right(record)
}
