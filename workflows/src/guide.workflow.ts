import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { CallSpec } from '@kjflow/domain/guide/call.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import {
  assertCorrectable,
  assertGuideEditable,
  assertMayApprove,
  assertWithdrawable,
  correctionSchema,
  guideContentSchema,
  GuideSpec,
  GuideStatus,
  nextGuideStatus,
  patchGuideSchema,
} from '@kjflow/domain/guide/guide.rules';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { KjCallId, KjMode, KjStage } from '@kjflow/domain/kernel/search-attributes.rules';
import type { Transition } from '@kjflow/domain/kernel/state-machine.rules';
import { parseOrThrow } from '@kjflow/domain/kernel/validation.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { callWorkflow } from './call.workflow';
import {
  CorrectGuideArgs,
  correctGuideUpdate,
  DecideGuideArgs,
  decideGuideUpdate,
  EditGuideArgs,
  editGuideUpdate,
  GuideActorArgs,
  guideCreatedUpdate,
  GuideState,
  guideStateQuery,
  submitGuideUpdate,
  withdrawCallSignal,
  WithdrawGuideArgs,
  withdrawGuideUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue, withoutContent } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * One workflow per guide (`guide-<id>`): drafting, internal approval through the configured
 * chain (four eyes: never the drafter), publication — which freezes version 1 and starts the
 * call's own workflow — then corrections as new versions, or withdrawal before the window opens.
 */
export async function guideWorkflow(spec: GuideSpec): Promise<GuideState> {
  const state: GuideState = {
    guideId: spec.id,
    status: 'draft',
    content: spec.content,
    draftVersion: 1,
    approvedSteps: 0,
    publishedVersion: null,
    callId: null,
  };
  let created = false;
  let step = 0;
  const { guarded } = handlerQueue(state, withoutContent);
  const nextStep = (name: string) => `${++step}:${name}`;

  async function transition(t: Transition<GuideStatus>, actorId: string, comments: string | null) {
    const approvedSteps = t.to === 'in_review' || t.to === 'returned' ? 0 : state.approvedSteps;
    await acts.transitionGuide({
      id: spec.id,
      event: t.event,
      transition: t,
      approvedSteps,
      actorId,
      comments,
      step: nextStep(t.event),
      at: Date.now(),
    });
    state.status = t.to;
    state.approvedSteps = approvedSteps;
    upsertSearchAttributes([{ key: KjStage, value: `guide_${t.to}` }]);
  }

  async function publish(actorId: string, comments: string | null) {
    const t = nextGuideStatus(state.status, 'publish');
    const callId = uuid4();
    await acts.publishGuide({
      id: spec.id,
      approvedSteps: spec.approvalChain.length,
      comments,
      version: 1,
      content: state.content,
      callId,
      actorId,
      step: nextStep(t.event),
      at: Date.now(),
    });
    const callSpec: CallSpec = {
      id: callId,
      title: state.content.title,
      mode: spec.mode,
      windowStart: state.content.windowStart,
      windowEnd: state.content.windowEnd,
      budgetCapFen: state.content.budgetCapFen,
      totalBudgetFen: state.content.totalBudgetFen,
      createdBy: actorId,
      templateId: spec.templateId,
      guideId: spec.id,
    };
    // Record the call before answering the approver, so the published guide never names a call
    // that cannot be read yet. The call's own workflow makes the same idempotent write (same key),
    // which then changes nothing. Guides published before this change did not do it.
    if (patched('publish-records-call')) await acts.createCall(callSpec, Date.now());
    // The call lives on after the guide's own workflow ends.
    await startChild(callWorkflow, {
      workflowId: workflowIds.call(callId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [callSpec],
      typedSearchAttributes: [
        { key: KjCallId, value: callId },
        { key: KjMode, value: spec.mode },
        { key: KjStage, value: 'call' },
      ],
    });
    state.status = t.to;
    state.approvedSteps = spec.approvalChain.length;
    state.publishedVersion = 1;
    state.callId = callId;
    upsertSearchAttributes([{ key: KjStage, value: 'guide_published' }]);
  }

  setHandler(guideStateQuery, () => state);
  setHandler(guideCreatedUpdate, async () => {
    await condition(() => created);
    return withoutContent(state);
  });

  const validateEdit = ({ patch, expectedVersion }: EditGuideArgs) =>
    check(() => {
      assertGuideEditable(state.status);
      const clean = parseOrThrow(patchGuideSchema, patch, '修改内容');
      parseOrThrow(guideContentSchema, { ...state.content, ...clean }, '指南');
      if (expectedVersion !== undefined && expectedVersion !== state.draftVersion) {
        throw new DomainError('precondition_failed', {
          zh: `指南已被修改（当前版本 ${state.draftVersion}），请刷新后再编辑`,
          en: `The guide has changed (now version ${state.draftVersion}); reload before editing`,
        });
      }
    });
  setHandler(
    editGuideUpdate,
    guarded<EditGuideArgs>(async (args) => {
      validateEdit(args);
      const clean = parseOrThrow(patchGuideSchema, args.patch);
      const content = { ...state.content, ...clean };
      await acts.saveGuideDraft({
        id: spec.id,
        content,
        changed: Object.keys(clean),
        version: state.draftVersion + 1,
        actorId: args.actorId,
        step: nextStep('draft_saved'),
        at: Date.now(),
      });
      state.content = content;
      state.draftVersion += 1;
    }),
    { validator: validateEdit },
  );

  const validateSubmit = (_: GuideActorArgs) => check(() => void nextGuideStatus(state.status, 'submit'));
  setHandler(
    submitGuideUpdate,
    guarded<GuideActorArgs>(async (args) => {
      validateSubmit(args);
      await transition(nextGuideStatus(state.status, 'submit'), args.actorId, null);
    }),
    { validator: validateSubmit },
  );

  const validateDecision = (args: DecideGuideArgs) =>
    check(() => {
      nextGuideStatus(state.status, args.decision === 'approve' ? 'publish' : 'return');
      assertMayApprove(
        { id: args.actorId, roles: args.actorRoles },
        spec.approvalChain[state.approvedSteps],
        spec.createdBy,
      );
      if (args.decision === 'approve' && state.approvedSteps === spec.approvalChain.length - 1) {
        if (new Date(state.content.windowEnd).getTime() <= Date.now()) {
          throw new DomainError(
            'validation_failed',
            { zh: '指南的申报截止时间已过', en: "The guide's deadline has passed" },
            [
              {
                path: 'windowEnd',
                message: { zh: '请先修改申报截止时间', en: 'Move the deadline before publishing' },
              },
            ],
          );
        }
      }
    });
  setHandler(
    decideGuideUpdate,
    guarded<DecideGuideArgs>(async (args) => {
      validateDecision(args);
      if (args.decision === 'return') {
        await transition(nextGuideStatus(state.status, 'return'), args.actorId, args.comments ?? null);
      } else if (state.approvedSteps < spec.approvalChain.length - 1) {
        const approvedSteps = state.approvedSteps + 1;
        await acts.transitionGuide({
          id: spec.id,
          event: 'guide.approval_step_approved',
          transition: null,
          approvedSteps,
          actorId: args.actorId,
          comments: args.comments ?? null,
          step: nextStep('approval_step'),
          at: Date.now(),
        });
        state.approvedSteps = approvedSteps;
      } else {
        await publish(args.actorId, args.comments ?? null);
      }
    }),
    { validator: validateDecision },
  );

  const validateCorrection = ({ correction }: CorrectGuideArgs) =>
    check(() => {
      assertCorrectable(state.status);
      parseOrThrow(correctionSchema, correction, '更正');
    });
  setHandler(
    correctGuideUpdate,
    guarded<CorrectGuideArgs>(async (args) => {
      validateCorrection(args);
      const { changeNote, ...changes } = parseOrThrow(correctionSchema, args.correction);
      const content = { ...state.content, ...changes };
      const version = (state.publishedVersion ?? 0) + 1;
      await acts.publishGuideCorrection({
        id: spec.id,
        version,
        fromVersion: version - 1,
        content,
        changeNote,
        callId: state.callId!,
        actorId: args.actorId,
        step: nextStep('guide.corrected'),
        at: Date.now(),
      });
      state.content = content;
      state.publishedVersion = version;
    }),
    { validator: validateCorrection },
  );

  const validateWithdraw = (_: WithdrawGuideArgs) =>
    check(() => void assertWithdrawable(state.status, state.content.windowStart, Date.now()));
  setHandler(
    withdrawGuideUpdate,
    guarded<WithdrawGuideArgs>(async (args) => {
      validateWithdraw(args);
      const t = assertWithdrawable(state.status, state.content.windowStart, Date.now());
      await transition(t, args.actorId, args.reason);
      await getExternalWorkflowHandle(workflowIds.call(state.callId!)).signal(withdrawCallSignal);
    }),
    { validator: validateWithdraw },
  );

  await acts.createGuide(spec, Date.now());
  created = true;

  // Drafting and approval take as long as they take; once published, the guide stays
  // correctable until its window closes (or it is withdrawn).
  await condition(() => state.status === 'published' || state.status === 'withdrawn');
  const untilClose = new Date(state.content.windowEnd).getTime() - Date.now();
  if (state.status === 'published' && untilClose > 0)
    await condition(() => state.status === 'withdrawn', untilClose);
  await condition(allHandlersFinished);
  return state;
}
