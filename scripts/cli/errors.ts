// Errors a user can fix: printed as one line, exit code 1, never a stack trace.
import { AnchorError } from "@coral-xyz/anchor";

export class UserError extends Error {}

/** One line saying what went wrong and, where it can, what to do. */
export function describeError(error: unknown, url: string): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof AnchorError) return `${error.error.errorCode.code}: ${error.error.errorMessage}`;
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|fetch failed|ENOTFOUND|getaddrinfo/.test(message)) {
    return `cannot reach the cluster at ${url}: is it running? Check --url`;
  }
  if (/insufficient (funds|lamports)|custom program error: 0x1\b|Attempt to debit an account but found no record of a prior credit/i.test(message)) {
    return "insufficient funds: the wallet lacks SOL for fees and rent (hex airdrop gets some on localnet and devnet), or tokens for the payment";
  }
  return message.split("\n")[0];
}
