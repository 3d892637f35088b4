import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { CallSpec, callStatusAt } from '@kjflow/domain/guide/call.rules';
import { KjStage } from '@kjflow/domain/kernel/search-attributes.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  callCreatedUpdate,
  CallState,
  callStateQuery,
  PublishPassedListArgs,
  publishPassedListUpdate,
  withdrawCallSignal,
} from './definitions';
import { handlerQueue } from './lib/serial';
import { followWindow } from './lib/window';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * One workflow per call (`call-<id>`): records the call, then opens and closes it on timers
 * taken from its own window, so production windows of weeks and test windows of seconds run
 * the same code. After the window has closed the workflow ends; a later command (publishing
 * the passed list) reopens it by update-with-start under the same id: recording the call and
 * its window again is a no-op (keyed writes), so the reopened run only serves the command.
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
  const { guarded } = handlerQueue(state);
  setHandler(
    publishPassedListUpdate,
    guarded<PublishPassedListArgs>(async (args) => {
      await condition(() => state.created);
      await acts.publishPassedList({ callId: spec.id, actorId: args.actorId, at: Date.now() });
      state.passedListPublished = true;
    }),
  );

  await acts.createCall(spec, Date.now());
  state.created = true;
  upsertSearchAttributes([{ key: KjStage, value: state.status }]);

  await followWindow(spec, state, (status, at) => acts.setCallStatus({ callId: spec.id, status, at }));
  if (state.status === 'withdrawn') {
    await acts.setCallStatus({ callId: spec.id, status: 'withdrawn', at: Date.now() });
    upsertSearchAttributes([{ key: KjStage, value: 'withdrawn' }]);
  }
  await condition(allHandlersFinished);
  return state;
}
