import { condition, patched, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { CALL_STATUSES, CallStatus } from '@kjflow/domain/guide/call.rules';
import { KjStage } from '@kjflow/domain/kernel/search-attributes.rules';

/**
 * Follows a window on timers: scheduled → open at `windowStart` → closed at `windowEnd`,
 * recording each change it has not yet passed. Shared by calls and demand campaigns.
 */
export async function followWindow(
  window: { windowStart: string; windowEnd: string },
  state: { status: CallStatus },
  record: (status: CallStatus, at: number) => Promise<void>,
): Promise<void> {
  for (const [status, at] of [
    ['open', window.windowStart],
    ['closed', window.windowEnd],
  ] as const) {
    const wait = new Date(at).getTime() - Date.now();
    // Withdrawal (added after the first calls ran) must be able to end the wait; workflows
    // recorded before the patch keep their plain timers on replay.
    if (wait > 0 && patched('window-withdrawal')) await condition(() => state.status === 'withdrawn', wait);
    else if (wait > 0) await sleep(wait);
    if (state.status === 'withdrawn') return;
    if (CALL_STATUSES.indexOf(state.status) >= CALL_STATUSES.indexOf(status)) continue;
    await record(status, Date.now());
    state.status = status;
    upsertSearchAttributes([{ key: KjStage, value: status }]);
  }
}
