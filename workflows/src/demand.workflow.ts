import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DemandContent } from '@kjflow/domain';
import {
  assertCanSubmitDemand,
  assertDemandEditable,
  assertDemandInCampaign,
  CampaignSpec,
  checkDemandPatch,
  checkDemandSubmission,
  DEMAND_DONE,
  DEMAND_EDITABLE,
  DemandStatus,
  nextDemandStatus,
  screeningDecisionSchema,
} from '@kjflow/domain/demand/demand.rules';
import { parseOrThrow } from '@kjflow/domain/kernel/validation.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  demandCreatedUpdate,
  DemandState,
  demandStateQuery,
  ScreenArgs,
  screenDemandUpdate,
} from './definitions';
import { check } from './lib/failures';
import { withoutContent } from './lib/serial';
import { submissionProcess } from './lib/submission';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface DemandWorkflowInput {
  demandId: string;
  campaign: Pick<CampaignSpec, 'id' | 'windowStart' | 'windowEnd' | 'keyFields' | 'counties'>;
  submitterId: string;
  institutionId: string | null;
  content: DemandContent;
}

/**
 * One workflow per demand (`demand-<id>`): drafting and submission in the campaign's window
 * (lib/submission), then the officer's screening: accept, reject, return or merge.
 */
export async function demandWorkflow(input: DemandWorkflowInput): Promise<DemandState> {
  const id = input.demandId;
  const state: DemandState = {
    demandId: id,
    status: 'draft',
    content: input.content,
    version: 1,
    submittedAt: null,
    mergedIntoId: null,
  };
  let created = false;
  setHandler(demandStateQuery, () => state);
  setHandler(demandCreatedUpdate, async () => {
    await condition(() => created);
    return withoutContent(state);
  });

  const process = submissionProcess<DemandStatus, DemandContent, DemandState>(state, {
    deadline: () => input.campaign.windowEnd,
    editable: DEMAND_EDITABLE,
    done: DEMAND_DONE,
    checkPatch: checkDemandPatch,
    assertEditable: assertDemandEditable,
    canSubmit: (status, now) => assertCanSubmitDemand(status, input.campaign, now),
    assertSubmittable: (content) => {
      assertDemandInCampaign(content, input.campaign);
      checkDemandSubmission(content);
    },
    lapse: (status) => nextDemandStatus(status, { kind: 'lapse' }),
    saveDraft: (w) => acts.saveDemandDraft({ id, ...w }),
    recordTransition: (w) => acts.transitionDemand({ id, ...w }),
  });

  // The merge target's existence and campaign are checked by the API against the read model.
  const validateScreen = ({ actorId: _actor, ...decision }: ScreenArgs) =>
    check(() => {
      parseOrThrow(screeningDecisionSchema, decision, '筛选决定');
      nextDemandStatus(state.status, { kind: 'screen', decision: decision.decision });
    });
  setHandler(
    screenDemandUpdate,
    process.guarded<ScreenArgs>(async (args) => {
      validateScreen(args);
      const t = nextDemandStatus(state.status, { kind: 'screen', decision: args.decision });
      const merge = args.decision === 'merge' ? { mergeIntoId: args.mergeIntoId } : undefined;
      await process.transition(t, args.actorId, args.reason ?? null, merge);
      if (merge) state.mergedIntoId = args.mergeIntoId ?? null;
    }),
    { validator: validateScreen },
  );

  await acts.createDemand({
    id,
    campaignId: input.campaign.id,
    submitterId: input.submitterId,
    institutionId: input.institutionId,
    content: input.content,
    at: Date.now(),
  });
  created = true;

  await process.untilDone();
  await condition(allHandlersFinished);
  return state;
}
