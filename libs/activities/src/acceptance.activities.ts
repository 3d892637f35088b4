import { DataSource, EntityManager } from 'typeorm';
import {
  acceptanceDeadlines,
  acceptanceTerms,
  CreditRecord,
  mayKeepSurplus,
  rateCredit,
  ServiceLogInput,
  serviceSummaryTotals,
  workflowIds,
} from '@kjflow/domain';
import type { AcceptanceRecord, AcceptanceSettlement } from '@kjflow/workflows';
import {
  AcceptanceRepository,
  appendWithChange,
  CreditRepository,
  creditRecordFromEntity,
  MidtermRepository,
  ProjectRepository,
} from '@kjflow/persistence';

/** 验收: each step's record and its event in one transaction, keyed by the project's workflow and round. */
export function acceptanceActivities(ds: DataSource) {
  const event = (
    projectId: string,
    type: string,
    step: string,
    actorId: string | null,
    at: number,
    payload: object,
  ) => ({
    type,
    subjectType: 'project' as const,
    subjectId: projectId,
    actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.project(projectId),
    step,
    occurredAt: new Date(at),
  });

  return {
    async openAcceptance({ projectId, endsAt, at }: { projectId: string; endsAt: string; at: number }) {
      const t = await new AcceptanceRepository(ds).terms(projectId);
      const terms = acceptanceTerms(
        t.durations as Parameters<typeof acceptanceTerms>[0],
        t.auditThresholdFen,
        t.projectKind,
      );
      const deadlines = acceptanceDeadlines(endsAt, terms);
      await appendWithChange(
        ds,
        event(projectId, 'project.acceptance_opened', 'acceptance:opened', null, at, {
          endsAt,
          ...deadlines,
        }),
        (tx) => new AcceptanceRepository(tx).open(projectId, { at: new Date(at), ...deadlines }),
      );
      return { terms, ...deadlines };
    },

    async recordAcceptance(rec: AcceptanceRecord): Promise<void> {
      const at = new Date(rec.at);
      const { projectId, actorId, round } = rec;
      const key = `acceptance:${round}`;
      const write = (
        type: string,
        step: string,
        payload: object,
        change: (r: AcceptanceRepository, tx: EntityManager) => Promise<unknown>,
      ) =>
        appendWithChange(ds, event(projectId, type, step, actorId, rec.at, payload), (tx) =>
          change(new AcceptanceRepository(tx), tx),
        );
      if (rec.submission) {
        let s = rec.submission;
        // A dispatch's dossier is its service summary: the totals of the accepted service logs,
        // counted here from the record (not as the commissioner states them), beside their summary.
        const repo = new AcceptanceRepository(ds);
        if ((await repo.terms(projectId)).projectKind === 'dispatch') {
          const logs = (await repo.acceptedServiceLogs(projectId)) as unknown as ServiceLogInput[];
          s = { ...s, dossier: { ...s.dossier, serviceTotals: serviceSummaryTotals(logs) } };
        }
        // A returned or rectified dossier is a new submission: its instant keys it.
        await write('project.acceptance_submitted', `${key}:submitted:${rec.at}`, s, (r) =>
          r.submit(projectId, { round, ...s, actorId: actorId!, at }),
        );
      } else if (rec.confirmation) {
        await write('project.acceptance_confirmed', `${key}:confirmed:${rec.at}`, rec.confirmation, (r) =>
          r.confirm(projectId, { ...rec.confirmation!, actorId: actorId!, at }),
        );
      } else if (rec.check) {
        const c = rec.check;
        const phase = c.complete ? 'checked' : round > 1 ? 'rectifying' : 'awaiting';
        await write(
          c.complete ? 'project.acceptance_checked' : 'project.acceptance_returned',
          `${key}:checked:${rec.at}`,
          c,
          (r) => r.check(projectId, { phase, check: c, actorId: actorId!, at }),
        );
      } else if (rec.review) {
        await write('project.acceptance_reviewed', `${key}:reviewed:${rec.at}`, rec.review, (r) =>
          r.review(projectId, { review: rec.review!, actorId: actorId!, at }),
        );
      } else if (rec.rectify) {
        await write('project.acceptance_rectification_ordered', `${key}:rectify`, rec.rectify, (r) =>
          r.rectify(projectId, { ...rec.rectify!, actorId: actorId!, at }),
        );
      } else if (rec.published) {
        const p = rec.published;
        await write('project.acceptance_published', `${key}:published:${rec.at}`, p, (r) =>
          r.publish(projectId, { ...p, actorId, at }),
        );
      } else if (rec.objection) {
        const o = rec.objection;
        await write('project.acceptance_objection_filed', `acceptance:objection:${o.id}`, o, (r) =>
          r.addObjection({ ...o, projectId, round, actorId: actorId!, at }),
        );
      } else if (rec.objectionAnswer) {
        const o = rec.objectionAnswer;
        await write(
          'project.acceptance_objection_answered',
          `acceptance:objection:${o.id}:answered`,
          o,
          (r) => r.answerObjection(projectId, { ...o, actorId: actorId!, at }),
        );
      } else if (rec.final) {
        const f = rec.final;
        const type =
          f.verdict === 'pass'
            ? 'project.accepted'
            : f.verdict === 'closure'
              ? 'project.closed'
              : 'project.acceptance_failed';
        await write(type, `${key}:final`, f, async (r, tx) => {
          await r.finalize(projectId, { projectStatus: f.projectStatus, settlement: f, at });
          if (f.recovery) {
            await new MidtermRepository(tx).insertRecovery({ ...f.recovery, projectId, at });
            await appendWithChange(
              tx,
              event(
                projectId,
                'project.recovery_ordered',
                `recovery:${f.recovery.id}`,
                actorId,
                rec.at,
                f.recovery,
              ),
              async () => undefined,
            );
          }
        });
      }
    },

    async acceptanceSettlement({
      projectId,
      at,
    }: {
      projectId: string;
      at: number;
    }): Promise<AcceptanceSettlement> {
      const p = (await new ProjectRepository(ds).page({ id: projectId }, { limit: 1 })).items[0];
      if (!p) throw new Error(`project ${projectId} has no record`);
      const ledger = new CreditRepository(ds);
      const rating = async (subject: { type: 'person' | 'institution'; id: string }) =>
        rateCredit(
          (await ledger.ofSubject(subject)).map(creditRecordFromEntity) as CreditRecord[],
          new Date(at),
        );
      const keep = async (subject: { type: 'person' | 'institution'; id: string }) => {
        const k = mayKeepSurplus(await rating(subject));
        return { allowed: k.allowed, reason: { zh: k.reason.zh, en: k.reason.en } };
      };
      const repo = new AcceptanceRepository(ds);
      return {
        paidFen: await new MidtermRepository(ds).paidFen(projectId),
        releasedOnPassFen: await repo.releasedOnPassFen(projectId),
        piId: p.piId,
        institutionId: p.institutionId,
        surplus: {
          pi: await keep({ type: 'person', id: p.piId }),
          host: await keep({ type: 'institution', id: p.institutionId }),
        },
      };
    },
  };
}
