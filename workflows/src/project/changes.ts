import { patched, setHandler } from '@temporalio/workflow';
import {
  assertBudgetAdjustment,
  assertChangeable,
  assertChangeGates,
  assertExtensionAllowed,
  assertMayDecideChange,
  assertTakesChanges,
  ChangeKind,
  changeSteps,
  gatedSubjectOf,
  isLastStep,
} from '@kjflow/domain/project/change.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import type { ChangeApplied } from '../activities';
import {
  decideChangeUpdate,
  DecideChangeArgs,
  recordUnapprovedChangeUpdate,
  RecordUnapprovedChangeArgs,
  requestChangeUpdate,
  RequestChangeArgs,
} from '../definitions';
import { endProject } from './ending';
import type { ProjectRun } from './run';

/**
 * Change requests (变更申请, RULES §8): the PI asks, the rules are applied on the workflow's clock
 * (an extension's lead time is the server's to decide), the request goes through its chain (host
 * institution, officer, a second officer for major changes) and the last approval applies it: a
 * new agreement version, and here the project's end, reports or status.
 *
 * A new PI or host passes the gates of the formal check (credit, 限项) when the change is asked
 * for and again at each approval, on the facts read then: a credit record or another project may
 * have come in between, and an approval on stale facts would put the project on a barred holder.
 */
export function changesPart(run: ProjectRun): void {
  const { state, acts } = run;

  /**
   * The gates of a change of PI or host, read now. Histories from before the gates ran here (the
   * API checked the request) have no such step: 'change-gates' keeps them replaying.
   */
  async function checkGates(
    kind: ChangeKind,
    holders: { piId: string; institutionId: string },
    detail: { newPiId?: unknown; newInstitutionId?: unknown },
  ): Promise<void> {
    const subject = gatedSubjectOf(kind, detail);
    if (!subject || !patched('change-gates')) return;
    const facts = await acts.changeGateFacts({ projectId: state.projectId, subject, at: Date.now() });
    assertChangeGates(kind, holders, subject.id, facts);
  }

  setHandler(
    requestChangeUpdate,
    run.command<RequestChangeArgs>(async ({ changeId, actorId, request }) => {
      const pending = state.changes ?? [];
      assertChangeable({
        status: state.status,
        kind: request.kind,
        pendingKinds: pending.map((c) => c.kind),
      });
      const facts = await acts.projectChangeFacts({ projectId: state.projectId });
      const at = Date.now();
      const { kind, reason } = request;
      let detail: Record<string, unknown>;
      let budget: { equipmentChanged: boolean } | undefined;
      switch (request.kind) {
        case 'budget_adjustment':
          budget = assertBudgetAdjustment({
            current: facts.budget,
            proposed: request.budget,
            lumpSum: facts.policy.lumpSum,
            pledge: request.pledge === true,
            reason,
          });
          detail = { before: facts.budget, budget: request.budget, pledge: request.pledge === true };
          break;
        case 'extension': {
          const newEndsAt = assertExtensionAllowed({
            at,
            endsAt: state.endsAt!,
            originalEndsAt: state.originalEndsAt ?? state.endsAt!,
            extendBy: request.extendBy,
            extensionsSoFar: state.extensions ?? 0,
            policy: facts.policy,
          });
          detail = { extendBy: request.extendBy, endsAt: state.endsAt, newEndsAt };
          break;
        }
        default: {
          const { kind: _kind, reason: _reason, ...rest } = request;
          detail = rest;
          await checkGates(kind, facts, detail);
        }
      }
      let steps = changeSteps(kind, facts.policy, budget);
      // The new host's consent came with the gates; earlier histories asked the current host only.
      if (kind === 'institution_change' && !patched('change-gates'))
        steps = steps.filter((s) => s !== 'new_institution');
      const applied = await acts.recordChangeRequest({
        changeId,
        projectId: state.projectId,
        kind,
        reason,
        detail,
        steps,
        actorId,
        at,
      });
      if (applied) await apply(applied, changeId, actorId);
      else
        state.changes = [
          ...pending,
          {
            id: changeId,
            kind,
            status: 'pending',
            steps,
            deciders: [],
            ...(request.kind === 'pi_change' ? { newPiId: request.newPiId } : {}),
            ...(request.kind === 'institution_change' ? { newInstitutionId: request.newInstitutionId } : {}),
          },
        ];
    }),
  );

  setHandler(
    decideChangeUpdate,
    run.command<DecideChangeArgs>(async ({ changeId, actor, decision, comment }) => {
      const change = (state.changes ?? []).find((c) => c.id === changeId);
      if (!change) throw notPending();
      // A change still pending when the project ended is not decided: it would change an ended project.
      if (!run.executing()) assertTakesChanges(state.status);
      const facts = await acts.projectChangeFacts({ projectId: state.projectId });
      const step = assertMayDecideChange(change, facts, actor);
      // An approval is refused, and nothing written, when the new holder no longer passes.
      if (decision === 'approve') await checkGates(change.kind, facts, change);
      const final = decision === 'reject' || isLastStep(change);
      const applied = await acts.recordChangeDecision({
        changeId,
        projectId: state.projectId,
        step,
        decision,
        comment,
        actorId: actor.id,
        at: Date.now(),
        final,
      });
      if (final) state.changes = (state.changes ?? []).filter((c) => c.id !== changeId);
      else change.deciders = [...change.deciders, actor.id];
      if (applied) await apply(applied, changeId, actor.id);
    }),
  );

  setHandler(
    recordUnapprovedChangeUpdate,
    run.command<RecordUnapprovedChangeArgs>(async ({ actorId, kind, note }) => {
      await acts.recordUnapprovedChange({ projectId: state.projectId, kind, note, actorId, at: Date.now() });
      state.unapprovedChange = true;
    }),
  );

  /** What an approved change moves in the workflow's own state. */
  async function apply(applied: ChangeApplied, changeId: string, actorId: string): Promise<void> {
    if (applied.endsAt) {
      state.originalEndsAt ??= state.endsAt;
      state.endsAt = applied.endsAt;
      state.extensions = (state.extensions ?? 0) + 1;
      state.reports = [
        ...(state.reports ?? []),
        ...(applied.addedReports ?? []).map((r) => ({ ...r, status: 'due' })),
      ];
    }
    if (!applied.terminated) return;
    // Runs recorded before: the status alone, no accounts settled.
    if (!patched('termination-request-settles')) {
      state.status = 'terminated';
      return;
    }
    // The PI's own termination request, approved: settled like every early end (unspent funds
    // returned by a recovery order, no credit record), on the one path of ending.ts.
    await endProject(run, {
      decision: 'terminate',
      reasons: '项目负责人申请终止，经批准',
      actorId,
      spentFen: 0,
      evidenceRef: `project-change:${changeId}`,
      sourceStep: `change:${changeId}:approved`,
      creditStep: 'credit:change',
      record: (recovery, status) =>
        acts.recordProjectEnd({
          projectId: state.projectId,
          cause: { kind: 'change', changeId },
          actorId,
          at: Date.now(),
          status,
          reasons: '项目负责人申请终止，经批准',
          recovery,
        }),
    });
  }
}

/** A change that is not (or no longer) waiting for a decision (the API answers 404 for unknown ids). */
function notPending(): DomainError {
  return new DomainError('invalid_state', {
    zh: '该变更申请不在审批中',
    en: 'This change request is not pending',
  });
}
