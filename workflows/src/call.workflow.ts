import { condition, proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { CALL_STATUSES, CallSpec, callStatusAt, KjStage } from '@kjflow/domain';
import type { Activities } from './activities';
import { callCreatedUpdate, CallState, callStateQuery } from './definitions';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/**
 * One workflow per call (`call-<id>`): records the call, then opens and closes it on timers
 * taken from its own window, so production windows of weeks and test windows of seconds run
 * the same code.
 */
export async function callWorkflow(spec: CallSpec): Promise<CallState> {
  const state: CallState = { callId: spec.id, status: callStatusAt(spec, Date.now()), created: false };
  setHandler(callStateQuery, () => state);
  setHandler(callCreatedUpdate, async () => {
    await condition(() => state.created);
    return state;
  });

  await acts.createCall(spec, Date.now());
  state.created = true;
  upsertSearchAttributes([{ key: KjStage, value: state.status }]);

  for (const [status, at] of [
    ['open', spec.windowStart],
    ['closed', spec.windowEnd],
  ] as const) {
    const wait = new Date(at).getTime() - Date.now();
    if (wait > 0) await sleep(wait);
    if (CALL_STATUSES.indexOf(state.status) >= CALL_STATUSES.indexOf(status)) continue;
    await acts.setCallStatus({ callId: spec.id, status, at: Date.now() });
    state.status = status;
    upsertSearchAttributes([{ key: KjStage, value: status }]);
  }
  return state;
}
