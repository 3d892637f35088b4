import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  addDuration,
  agreementDispatch,
  DEFAULT_INSTALLMENTS,
  DEFAULT_SIGNING_DEADLINE,
  installmentPlan,
  PERFORMANCE_PLEDGE_CONSEQUENCES,
  SIGNING_INSTALLMENT_DUE,
  workflowIds,
} from '@kjflow/domain';
import type {
  AgreementExecution,
  AgreementExecutionRecord,
  AgreementPlan,
  AgreementRecord,
} from '@kjflow/workflows';
import { AgreementRepository, appendWithChange } from '@kjflow/persistence';

/** The agreements a final award makes: ids, deadlines and terms from the applications as submitted. */
async function plan(
  ds: DataSource,
  awardId: string,
  at: number,
  page?: { offset: number; limit: number },
): Promise<AgreementPlan[]> {
  const repo = new AgreementRepository(ds);
  const items = await repo.awardedItems(awardId, page);
  // 赛马: the agreements of raced teams name the race, its other teams and the mid-point date.
  const race = await repo.raceOfAward(awardId);
  return items.map((item) => {
    // The program's signing deadline (RULES §7: 30 days for calls without a template).
    const signBy = addDuration(
      new Date(at),
      item.template?.durations?.signingDeadline ?? DEFAULT_SIGNING_DEADLINE,
    );
    const amountFen = Number(item.amount_fen);
    const schedule = (item.template?.funding?.installments ?? DEFAULT_INSTALLMENTS) as Array<{
      sharePercent: number;
      releasedBy: string;
    }>;
    const c = item.content;
    const content = {
      title: c.title,
      objectives: c.objectives ?? '',
      indicators: c.indicators ?? [],
      milestones: c.schedule ?? [],
      budget: c.budget ?? null,
      // 揭榜挂帅: the winner's 军令状, from the bid, with the bureau's standard consequences.
      performancePledge:
        item.mode === 'challenge' && c.pledge
          ? { ...(c.pledge as object), bureauTerms: PERFORMANCE_PLEDGE_CONSEQUENCES }
          : null,
      race: race && race.teams.some((t) => t.applicationId === item.application_id) ? race : null,
      // 科技特派员: where the commissioner serves, from the application, for the program's term.
      dispatch: agreementDispatch(
        item.template?.projectKind,
        c.dispatch,
        item.template?.durations?.executionLength ?? '',
      ),
      amountFen,
      installments: installmentPlan(amountFen, schedule),
    };
    return {
      agreementId: randomUUID(),
      awardId,
      applicationId: item.application_id,
      callId: item.call_id,
      amountFen,
      signBy: signBy.toISOString(),
      content,
      at,
    };
  });
}

export function agreementActivities(ds: DataSource) {
  return {
    /** Awards finalized before agreements had their own first step: rows first, then workflows. */
    async createAgreements({ awardId, at }: { awardId: string; at: number }) {
      for (const p of await plan(ds, awardId, at))
        await appendWithChange(
          ds,
          {
            type: 'agreement.generated',
            subjectType: 'agreement',
            subjectId: p.agreementId,
            actorId: null,
            payload: { awardId, applicationId: p.applicationId, amountFen: p.amountFen, signBy: p.signBy },
            workflowId: workflowIds.award(awardId),
            step: `agreement:${p.applicationId}`,
            occurredAt: new Date(at),
          },
          (tx) =>
            new AgreementRepository(tx).insert(
              { ...p, id: p.agreementId, signBy: new Date(p.signBy) },
              new Date(at),
            ),
        );
      const rows = await new AgreementRepository(ds).ofAwardForWorkflows(awardId);
      return rows.map((r) => ({ agreementId: r.id, signBy: r.signBy.toISOString() }));
    },

    /**
     * Nothing is written: a retry plans again (new ids), and only the recorded plan is used.
     * A page (by application, in a stable order) keeps a large award's plans within a payload.
     */
    planAgreements(input: {
      awardId: string;
      at: number;
      offset?: number;
      limit?: number;
    }): Promise<AgreementPlan[]> {
      const page = input.limit !== undefined ? { offset: input.offset ?? 0, limit: input.limit } : undefined;
      return plan(ds, input.awardId, input.at, page);
    },

    async createAgreement(p: AgreementPlan): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'agreement.generated',
          subjectType: 'agreement',
          subjectId: p.agreementId,
          actorId: null,
          payload: {
            awardId: p.awardId,
            applicationId: p.applicationId,
            amountFen: p.amountFen,
            signBy: p.signBy,
          },
          workflowId: workflowIds.agreement(p.agreementId),
          step: 'generated',
          occurredAt: new Date(p.at),
        },
        (tx) =>
          new AgreementRepository(tx).insert(
            { ...p, id: p.agreementId, signBy: new Date(p.signBy) },
            new Date(p.at),
          ),
      );
    },

    async agreementExecution({ agreementId }: { agreementId: string }): Promise<AgreementExecution> {
      const facts = await new AgreementRepository(ds).execution(agreementId);
      if (!facts) throw new Error(`agreement ${agreementId} has no record`);
      const { project, ...agreement } = facts;
      return {
        ...agreement,
        milestones: [...facts.milestones],
        installments: [...facts.installments],
        ...(project ? { project: { ...project, overdueReports: [...project.overdueReports] } } : {}),
      };
    },

    async recordAgreementExecution(rec: AgreementExecutionRecord): Promise<void> {
      const at = new Date(rec.at);
      const { milestone: m, installment: i } = rec;
      await appendWithChange(
        ds,
        {
          type: m
            ? `agreement.milestone_${m.outcome}`
            : i!.step === 'approve'
              ? 'installment.approved'
              : 'installment.paid',
          subjectType: 'agreement',
          subjectId: rec.agreementId,
          actorId: rec.actorId,
          payload: m
            ? { milestone: m.milestone, outcome: m.outcome, opinion: m.opinion }
            : { seq: i!.seq, amountFen: i!.amountFen },
          workflowId: workflowIds.agreement(rec.agreementId),
          step: m ? `milestone:${m.milestone}` : `installment:${i!.seq}:${i!.step}`,
          occurredAt: at,
        },
        async (tx) => {
          const repo = new AgreementRepository(tx);
          if (m)
            await repo.insertMilestoneCheck(
              rec.agreementId,
              { milestone: m.milestone, outcome: m.outcome, opinion: m.opinion, checkedBy: rec.actorId },
              at,
            );
          else if (i!.step === 'approve')
            await repo.approveInstallment(rec.agreementId, i!.seq, rec.actorId, at);
          else await repo.payInstallment(rec.agreementId, i!.seq, rec.actorId, at);
        },
      );
    },

    async recordAgreement(rec: AgreementRecord): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: rec.type,
          subjectType: 'agreement',
          subjectId: rec.agreementId,
          actorId: rec.actorId,
          payload: {
            party: rec.party ?? null,
            version: rec.version ?? rec.revision?.newVersion ?? null,
            ...(rec.pledgeAccepted ? { pledgeAccepted: true } : {}),
            ...(rec.revision ? { note: rec.revision.note } : {}),
          },
          workflowId: workflowIds.agreement(rec.agreementId),
          step: rec.party
            ? `signed:${rec.party}`
            : rec.revision
              ? `revised:${rec.revision.newVersion}`
              : rec.type,
          occurredAt: at,
        },
        async (tx) => {
          const repo = new AgreementRepository(tx);
          if (rec.type === 'agreement.signed_by')
            await repo.insertSignature(
              rec.agreementId,
              {
                party: rec.party!,
                signedBy: rec.actorId!,
                version: rec.version ?? 1,
                pledgeAccepted: rec.pledgeAccepted ?? false,
              },
              at,
            );
          if (rec.revision) {
            const { version: _from, note, newVersion, ...changes } = rec.revision;
            await repo.revise(
              rec.agreementId,
              { changes, newVersion, note: note ?? null, revisedBy: rec.actorId },
              at,
            );
          }
          if (rec.type === 'agreement.signed')
            // RULES §7: the installment released by signing is due within 30 days of it.
            await repo.markSigned(rec.agreementId, at, (releasedBy) =>
              releasedBy === 'signing' ? addDuration(at, SIGNING_INSTALLMENT_DUE) : null,
            );
          if (rec.type === 'agreement.forfeited') await repo.forfeit(rec.agreementId);
        },
      );
    },
  };
}
