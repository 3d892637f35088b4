import { loadCredit } from '../kernel/lazy.rules';

type CreditModule = typeof import('./credit');

/**
 * The credit-repair rules (信用修复) as the credit subject's workflow checks them. The rating they
 * need is in the full credit module (with its policy schema), loaded on this rare path only; the
 * signatures are the module's own, so the rule is written once.
 */
export function assertMayRequestRepair(...args: Parameters<CreditModule['assertMayRequestRepair']>): void {
  loadCredit().assertMayRequestRepair(...args);
}

export function assertMayDecideRepair(...args: Parameters<CreditModule['assertMayDecideRepair']>): void {
  loadCredit().assertMayDecideRepair(...args);
}
