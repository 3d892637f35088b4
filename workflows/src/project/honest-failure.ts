import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import {
  assertExpertConfirmation,
  assertHonestFailureEligible,
  assertHonestFailureStep,
  HonestFailureStep,
} from '@kjflow/domain/project/honest-failure.rules';
import { assertProjectOngoing } from '@kjflow/domain/project/project.rules';
import {
  ConfirmHonestFailureArgs,
  confirmHonestFailureUpdate,
  DecideHonestFailureArgs,
  decideHonestFailureUpdate,
  RequestHonestFailureArgs,
  requestHonestFailureUpdate,
  SetRiskProfileArgs,
  setRiskProfileUpdate,
} from '../definitions';
import { check } from '../lib/failures';
import { endProject } from './ending';
import { ProjectRun } from './run';

/**
 * 容错 (RULES §12.5, issue 16 §2): the PI asks with original records and a diligence statement;
 * the rules (flagged exploratory or high-risk, or a challenge or horse-race team; no misconduct
 * finding; reports on time; funds per plan) are checked on the project's own records; the host
 * institution confirms; the officer records the experts' confirmation (≥ 3, odd, none conflicted).
 * Confirmed: the project closes (结题) settled like a termination (unspent funds returned) with an
 * honest_failure credit record for the PI (neutral: no penalty). Not confirmed: refused with the
 * experts' reasons, and the project goes on. Staff set the project's risk flag here too.
 */
export function honestFailurePart(run: ProjectRun): void {
  // Runs started before this part existed keep their history; their next run has it.
  if (!patched('project-honest-failure')) return;
  const s = run.state;
  const step = (st: HonestFailureStep) => (_args: unknown) =>
    check(() => assertHonestFailureStep(s.status, s.honestFailure, st));
  // The rules on the project's records, read now (a finding may be recorded while a request waits).
  const assertEligible = async () =>
    assertHonestFailureEligible(
      { ...(await run.acts.honestFailureFacts({ projectId: s.projectId })), status: s.status },
      Date.now(),
    );

  setHandler(
    setRiskProfileUpdate,
    run.command<SetRiskProfileArgs>(async (a) => {
      assertProjectOngoing(s.status);
      await run.acts.recordHonestFailure({
        projectId: s.projectId,
        actorId: a.actorId,
        at: Date.now(),
        riskProfile: { riskProfile: a.riskProfile, reason: a.reason },
      });
    }),
    { validator: (_a: SetRiskProfileArgs) => check(() => assertProjectOngoing(s.status)) },
  );

  setHandler(
    requestHonestFailureUpdate,
    run.command<RequestHonestFailureArgs>(async (a) => {
      assertHonestFailureStep(s.status, s.honestFailure, 'request');
      await assertEligible();
      const round = (s.honestFailure?.round ?? 0) + 1;
      await run.acts.recordHonestFailure({
        projectId: s.projectId,
        actorId: a.actorId,
        at: Date.now(),
        request: { round, originalRecordIds: a.originalRecordIds, diligenceStatement: a.diligenceStatement },
      });
      s.honestFailure = { phase: 'requested', round };
    }),
    { validator: step('request') },
  );

  setHandler(
    confirmHonestFailureUpdate,
    run.command<ConfirmHonestFailureArgs>(async (a) => {
      assertHonestFailureStep(s.status, s.honestFailure, 'confirm');
      const h = s.honestFailure!;
      await run.acts.recordHonestFailure({
        projectId: s.projectId,
        actorId: a.actorId,
        at: Date.now(),
        confirmation: { round: h.round, opinion: a.opinion, confirmed: a.confirmed },
      });
      h.phase = a.confirmed ? 'institution_confirmed' : 'refused';
    }),
    { validator: step('confirm') },
  );

  setHandler(
    decideHonestFailureUpdate,
    run.command<DecideHonestFailureArgs>(async (a) => {
      assertHonestFailureStep(s.status, s.honestFailure, 'decide');
      const h = s.honestFailure!;
      const now = Date.now();
      const panel = await run.acts.expertConfirmationFacts({
        projectId: s.projectId,
        expertIds: a.experts,
        at: now,
      });
      assertExpertConfirmation(a.experts, panel);
      const experts = a.experts.map((id) => ({
        id,
        name: panel.experts.find((e) => e.id === id)?.name ?? '',
      }));
      const decision = {
        round: h.round,
        experts,
        opinion: a.opinion,
        diligenceConfirmed: a.diligenceConfirmed,
      };
      if (!a.diligenceConfirmed) {
        // Not confirmed: the experts' opinion is the reason; the project continues.
        await run.acts.recordHonestFailure({
          projectId: s.projectId,
          actorId: a.actorId,
          at: now,
          decision: { ...decision, projectStatus: null, recovery: null },
        });
        h.phase = 'refused';
        return;
      }
      await assertEligible();
      const reasons = `经专家论证确认已履行勤勉尽责义务，予以容错结题：${a.opinion}`;
      // 结题 settles like a termination (ending.ts): unspent funds returned, no credit record there.
      await endProject(run, {
        decision: 'close',
        reasons,
        actorId: a.actorId,
        spentFen: 0,
        evidenceRef: `project:${s.projectId}:honest-failure:${h.round}`,
        sourceStep: `honest_failure:${h.round}:closed`,
        creditStep: `credit:honest_failure:${h.round}`,
        record: (recovery) =>
          run.acts.recordHonestFailure({
            projectId: s.projectId,
            actorId: a.actorId,
            at: now,
            decision: { ...decision, projectStatus: 'closed', recovery },
          }),
      });
      h.phase = 'closed';
      // RULES §12.5: recorded as 容错 (neutral: no penalty, no ban, no effect on new applications).
      const funds = await run.acts.projectFunds({ projectId: s.projectId });
      await run.acts.recordCredit({
        id: uuid4(),
        subject: { type: 'person', id: funds.piId },
        kind: 'honest_failure',
        severity: 'neutral',
        stage: 'acceptance',
        projectId: s.projectId,
        facts: `经专家（${experts.map((e) => e.name).join('、')}）论证确认：${a.opinion}`,
        evidenceRefs: [`project:${s.projectId}:honest-failure:${h.round}`],
        decisionNo: null,
        effectiveFrom: shanghaiDate(new Date(now)),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
        sourceEvent: {
          workflowId: workflowIds.project(s.projectId),
          step: `honest_failure:${h.round}:closed`,
        },
        recordedBy: a.actorId,
        workflowId: workflowIds.project(s.projectId),
        step: `credit:honest_failure:${h.round}`,
        at: now,
      });
    }),
    { validator: step('decide') },
  );
}
