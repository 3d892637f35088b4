import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface AuditAnchorInput {
  /** Time between anchors, in milliseconds (KJ_AUDIT_ANCHOR_MS at the worker's start). */
  intervalMs: number;
}

/**
 * The audit trail's anchors (`audit-anchor`, one for the whole system): every interval, a signed
 * anchor of the heads of the streams that moved (none if nothing did). A rewritten chain is
 * caught against the last anchor, so the interval bounds what an attacker could rewrite unseen.
 * Continues as new every 500 anchors to keep its history short.
 */
export async function auditAnchorWorkflow(input: AuditAnchorInput): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await sleep(input.intervalMs);
    await acts.writeAuditAnchor({ at: Date.now() });
  }
  await continueAsNew<typeof auditAnchorWorkflow>(input);
}
