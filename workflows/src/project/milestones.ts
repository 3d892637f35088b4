import { patched, setHandler } from '@temporalio/workflow';
import { assertMilestoneCheckOf } from '@kjflow/domain/agreement/agreement.rules';
import { assertProjectOngoing } from '@kjflow/domain/project/project.rules';
import { CheckProjectMilestoneArgs, checkProjectMilestoneUpdate } from '../definitions';
import { endProject, tellAgreement } from './ending';
import { ProjectRun } from './run';

/**
 * 里程碑考核 of a challenge (揭榜挂帅, issue 15 §5, RULES §12.4): once the agreement has a project,
 * the project takes the checks (same rule as the agreement did: in order, none after a failure),
 * recorded on the agreement's records its installments are decided on. A failed milestone stops
 * funding (installmentBlocked) and, per the 军令状, ends the project: terminated without fault, or
 * revoked with credit records when the officer records a subjective fault.
 */
export function milestonesPart(run: ProjectRun): void {
  if (!patched('project-milestones')) return;
  const s = run.state;
  setHandler(
    checkProjectMilestoneUpdate,
    run.command<CheckProjectMilestoneArgs>(async (a) => {
      // The agreement's records, read fresh: the checks so far and how many milestones it has. A
      // failed milestone is named before the end it caused (军令状).
      const e = await run.acts.agreementExecution({ agreementId: s.agreementId! });
      assertMilestoneCheckOf(e, a.milestone);
      assertProjectOngoing(s.status);
      await run.acts.recordAgreementExecution({
        agreementId: s.agreementId!,
        actorId: a.actorId,
        at: Date.now(),
        milestone: { milestone: a.milestone, outcome: a.outcome, opinion: a.opinion },
      });
      if (a.outcome === 'passed') return tellAgreement(run);
      const decision = a.fault ? 'revoke' : 'terminate';
      const reasons = `第 ${a.milestone} 个里程碑考核未通过（军令状）：${a.opinion}`;
      await endProject(run, {
        decision,
        reasons,
        actorId: a.actorId,
        spentFen: s.midterm?.spentFen ?? 0,
        severity: a.fault?.severity,
        creditInstitution: a.fault?.creditInstitution,
        creditFacts: `里程碑考核未通过，经认定存在主观过错，撤销项目：${a.opinion}`,
        evidenceRef: `project:${s.projectId}:milestone:${a.milestone}`,
        sourceStep: `milestone:${a.milestone}:ended`,
        creditStep: `credit:milestone:${a.milestone}`,
        record: (recovery, status) =>
          run.acts.recordProjectEnd({
            projectId: s.projectId,
            cause: { kind: 'milestone', milestone: a.milestone },
            actorId: a.actorId,
            at: Date.now(),
            status,
            reasons,
            recovery,
          }),
      });
    }),
  );
}
