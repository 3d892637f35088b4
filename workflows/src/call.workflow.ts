import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { CallSpec, callStatusAt } from '@kjflow/domain/rules/call';
import { KjStage } from '@kjflow/domain/rules/search-attributes';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { callCreatedUpdate, CallState, callStateQuery, withdrawCallSignal } from './definitions';
import { followWindow } from './lib/window';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

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
  // Sent by the guide that published the call; only a call that has not opened can be withdrawn.
  setHandler(withdrawCallSignal, () => {
    if (state.status === 'scheduled') state.status = 'withdrawn';
  });

  await acts.createCall(spec, Date.now());
  state.created = true;
  upsertSearchAttributes([{ key: KjStage, value: state.status }]);

  await followWindow(spec, state, (status, at) => acts.setCallStatus({ callId: spec.id, status, at }));
  if (state.status === 'withdrawn') {
    await acts.setCallStatus({ callId: spec.id, status: 'withdrawn', at: Date.now() });
    upsertSearchAttributes([{ key: KjStage, value: 'withdrawn' }]);
  }
  return state;
}
