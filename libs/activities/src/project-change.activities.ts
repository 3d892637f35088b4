import { DataSource, EntityManager } from 'typeorm';
import {
  agreementChangesOf,
  budgetTotals,
  BudgetByCategory,
  CHANGE_KIND_LABELS,
  ChangeKind,
  changePolicyOf,
  checkEligibility,
  CreditLevel,
  diffJson,
  EMPTY_BUDGET,
  reportsAddedByExtension,
  workflowIds,
} from '@kjflow/domain';
import type { Budget, ChangeGateFacts } from '@kjflow/domain';
import type {
  ChangeApplied,
  ChangeDecisionRecord,
  ChangeRequestRecord,
  ProjectChangeFacts,
  UnapprovedChangeRecord,
} from '@kjflow/workflows';
import { appendWithChange, ProjectChangeRepository, ratedCreditSubjects } from '@kjflow/persistence';

/** The budget by category the agreement's latest version holds (adjusted, or from its line items). */
function budgetOf(content: Record<string, unknown> | null): BudgetByCategory {
  const adjusted = content?.budgetByCategory as BudgetByCategory | undefined;
  if (adjusted) return adjusted;
  const lines = (content?.budget ?? null) as Partial<Budget> | null;
  const t = budgetTotals({ ...EMPTY_BUDGET, ...(lines ?? {}) }, 0);
  return {
    equipmentFen: t.equipmentFen,
    businessFen: t.businessFen,
    labourFen: t.labourFen,
    indirectFen: t.indirectFen,
  };
}

async function factsOf(db: DataSource | EntityManager, projectId: string) {
  const f = await new ProjectChangeRepository(db).facts(projectId);
  if (!f) throw new Error(`project ${projectId} has no record`);
  return f;
}

/**
 * An approved change takes effect in the caller's transaction: the agreement's new version with
 * its diff and note, and the project moved where the change moves it. Answers what it did.
 */
async function applyChange(
  tx: EntityManager,
  c: { id: string; projectId: string; kind: ChangeKind; reason: string; detail: Record<string, unknown> },
  actorId: string,
  comment: string | null,
  at: Date,
): Promise<ChangeApplied> {
  const repo = new ProjectChangeRepository(tx);
  const f = await factsOf(tx, c.projectId);
  const changes = agreementChangesOf(c.kind, c.detail, at.toISOString());
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, f.agreementContent?.[k] ?? null]));
  const diff = diffJson(before, changes);
  const newVersion = f.agreementId ? (f.agreementVersion ?? 1) + 1 : null;
  const label = CHANGE_KIND_LABELS[c.kind];
  const note = `${label.zh} ${label.en}: ${c.reason}${comment ? ` (${comment})` : ''}`;
  const effect: ChangeApplied = { kind: c.kind, agreementVersion: newVersion };
  const project: Parameters<ProjectChangeRepository['approve']>[1]['project'] = { id: c.projectId };
  if (c.kind === 'extension') {
    const endsAt = c.detail.newEndsAt as string;
    const cadence = f.template?.durations?.reportCadence;
    const addedReports =
      cadence && f.startsAt && f.endsAt
        ? reportsAddedByExtension({
            startsAt: f.startsAt.toISOString(),
            reportCadence: cadence,
            oldEndsAt: f.endsAt.toISOString(),
            newEndsAt: endsAt,
            lastSeq: await repo.lastReportSeq(c.projectId),
          })
        : [];
    Object.assign(effect, { endsAt, addedReports });
    Object.assign(project, { endsAt, addedReports });
  }
  if (c.kind === 'pi_change') project.piId = c.detail.newPiId as string;
  if (c.kind === 'institution_change') project.institutionId = c.detail.newInstitutionId as string;
  if (c.kind === 'termination_request') {
    effect.terminated = true;
    project.terminated = true;
  }
  await repo.approve(
    c.id,
    {
      agreementId: f.agreementId,
      agreementChanges: changes,
      diff,
      newVersion,
      note,
      revisedBy: actorId,
      project,
      effect: effect as unknown as Record<string, unknown>,
    },
    at,
  );
  return effect;
}

export function projectChangeActivities(ds: DataSource) {
  return {
    async projectChangeFacts({ projectId }: { projectId: string }): Promise<ProjectChangeFacts> {
      const f = await factsOf(ds, projectId);
      return {
        piId: f.piId,
        institutionId: f.institutionId,
        policy: changePolicyOf(f.template as Parameters<typeof changePolicyOf>[0]),
        budget: budgetOf(f.agreementContent),
      };
    },

    /**
     * The formal check's gates for a new PI or host, on what the database holds at `at`: the credit
     * gate under the program's minimum level (calls without one: good), and the new PI's 限项.
     */
    async changeGateFacts({
      projectId,
      subject,
      at,
    }: {
      projectId: string;
      subject: { type: 'person' | 'institution'; id: string };
      at: number;
    }): Promise<ChangeGateFacts> {
      const f = await factsOf(ds, projectId);
      const when = new Date(at);
      const person = subject.type === 'person';
      const { subjects, missing } = await ratedCreditSubjects(ds, {
        piId: person ? subject.id : null,
        institutionId: person ? null : subject.id,
        participantIds: [],
        at: when,
      });
      if (missing.length) return { credit: null, ongoingInProgram: [], overdue: [] };
      const template = f.template as { eligibility?: { minCreditLevel?: CreditLevel } } | null;
      const gate = checkEligibility({
        subjects,
        minCreditLevel: template?.eligibility?.minCreditLevel ?? 'good',
        at: when,
      });
      const credit = { pass: gate.pass, reasons: gate.reasons.map(({ zh, en }) => ({ zh, en })) };
      if (!person) return { credit, ongoingInProgram: [], overdue: [] };
      const load = await new ProjectChangeRepository(ds).piLoad(subject.id, f.programCode, when);
      return { credit, ongoingInProgram: load.ongoing, overdue: load.overdue };
    },

    async recordChangeRequest(rec: ChangeRequestRecord): Promise<ChangeApplied | null> {
      const at = new Date(rec.at);
      const effective = rec.steps.length === 0;
      await appendWithChange(
        ds,
        {
          type: effective ? 'project.change_approved' : 'project.change_requested',
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: {
            changeId: rec.changeId,
            kind: rec.kind,
            reason: rec.reason,
            detail: rec.detail,
            steps: rec.steps,
          },
          workflowId: workflowIds.project(rec.projectId),
          step: `change:${rec.changeId}`,
          occurredAt: at,
        },
        async (tx) => {
          await new ProjectChangeRepository(tx).insert({
            id: rec.changeId,
            projectId: rec.projectId,
            kind: rec.kind,
            reason: rec.reason,
            detail: rec.detail,
            steps: rec.steps,
            requestedBy: rec.actorId,
            requestedAt: at,
          });
          // Nothing to approve (the PI's own budget categories, 包干制): effective at once.
          if (effective) await applyChange(tx, { ...rec, id: rec.changeId }, rec.actorId, null, at);
        },
      );
      if (!effective) return null;
      const row = await new ProjectChangeRepository(ds).find(rec.projectId, rec.changeId);
      return row!.effect as unknown as ChangeApplied;
    },

    async recordChangeDecision(rec: ChangeDecisionRecord): Promise<ChangeApplied | null> {
      const at = new Date(rec.at);
      const approvedNow = rec.final && rec.decision === 'approve';
      const type =
        rec.decision === 'reject'
          ? 'project.change_rejected'
          : approvedNow
            ? 'project.change_approved'
            : 'project.change_consented';
      await appendWithChange(
        ds,
        {
          type,
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: { changeId: rec.changeId, step: rec.step, decision: rec.decision, comment: rec.comment },
          workflowId: workflowIds.project(rec.projectId),
          step: `change:${rec.changeId}:${rec.step}`,
          occurredAt: at,
        },
        async (tx) => {
          const repo = new ProjectChangeRepository(tx);
          const status = rec.decision === 'reject' ? 'rejected' : 'pending';
          await repo.addDecision(
            rec.changeId,
            { step: rec.step, decision: rec.decision, comment: rec.comment, decidedBy: rec.actorId },
            at,
            status,
          );
          if (approvedNow) {
            const c = (await repo.find(rec.projectId, rec.changeId))!;
            await applyChange(tx, c, rec.actorId, rec.comment, at);
          }
        },
      );
      if (!approvedNow) return null;
      const row = await new ProjectChangeRepository(ds).find(rec.projectId, rec.changeId);
      return row!.effect as unknown as ChangeApplied;
    },

    async recordUnapprovedChange(rec: UnapprovedChangeRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'project.unapproved_change_recorded',
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: { kind: rec.kind, note: rec.note },
          workflowId: workflowIds.project(rec.projectId),
          step: `unapproved-change:${rec.at}`,
          occurredAt: new Date(rec.at),
        },
        (tx) => new ProjectChangeRepository(tx).markUnapproved(rec.projectId),
      );
    },
  };
}
