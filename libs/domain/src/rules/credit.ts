import type { CreditRecord } from '../credit';
import { loadCredit } from './lazy';

/**
 * The credit-repair rules (信用修复) as the credit subject's workflow checks them. The rating they
 * need is in the full credit module (with its policy schema), loaded on this rare path only.
 */
export function assertMayRequestRepair(input: {
  record: CreditRecord;
  records: CreditRecord[];
  pending: boolean;
  at: Date | string;
}): void {
  loadCredit().assertMayRequestRepair(input);
}

export function assertMayDecideRepair(input: {
  decision: 'approve' | 'reject';
  deciderId: string;
  request: { status: string; requestedBy: string };
  record: CreditRecord;
  records: CreditRecord[];
  at: Date | string;
}): void {
  loadCredit().assertMayDecideRepair(input);
}
