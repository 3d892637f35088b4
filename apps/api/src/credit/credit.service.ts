import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  Actor,
  assertRepairable,
  AUDIT_ROLES,
  assertMayApproveRepair,
  assertNotCreditBarred,
  assertRepairTimely,
  checkEligibility,
  EligibilitySubject,
  CreditDecision,
  CreditLevel,
  CreditRating,
  CreditRecord,
  CreditRecordInput,
  DomainError,
  forbidden,
  hasRole,
  isCreditSubject,
  indirectCostRateCap,
  mayApply,
  mayKeepSurplus,
  mayLead,
  mayServeAsExpert,
  needsExtraScrutiny,
  notFound,
  rateCredit,
  RepairDecisionInput,
  RepairRequestInput,
  shanghaiDate,
} from '@kjflow/domain';
import {
  appendCreditRecord,
  creditRecordFromEntity,
  CreditRecordEntity,
  CreditRepairRequestEntity,
  InstitutionEntity,
  UserEntity,
} from '@kjflow/persistence';
import { TemplatesService } from '../guides/templates.service';

type Subject = { type: 'person' | 'institution' | 'expert' | 'agency'; id: string };

/** Misconduct kinds: a finding of one of them on a project bars honest-failure tolerance for it. */
const MISCONDUCT_SEVERITIES = ['minor', 'serious', 'severe'];

@Injectable()
export class CreditService {
  constructor(
    private readonly ds: DataSource,
    private readonly templates: TemplatesService,
  ) {}

  /** An officer's record, written through the same ledger function the workflows' activity uses. */
  async record(input: CreditRecordInput, actor: Actor) {
    if (input.referencesRecordId) await this.assertReferenced(input.referencesRecordId, input.subject);
    const id = randomUUID();
    await appendCreditRecord(this.ds, {
      id,
      ...input,
      recordedBy: actor.id,
      workflowId: `credit-api-${id}`,
      step: 'recorded',
      at: Date.now(),
    });
    return this.get(id);
  }

  /** Subjects see their own records; staff and auditors see all. */
  async list(subject: Subject, actor: Actor) {
    this.assertMaySee(subject, actor);
    const rows = await this.ds.getRepository(CreditRecordEntity).find({
      where: { subjectType: subject.type, subjectId: subject.id },
      order: { effectiveFrom: 'ASC', recordedAt: 'ASC' },
    });
    return rows.map(creditRecordFromEntity);
  }

  async get(id: string) {
    const row = await this.ds.getRepository(CreditRecordEntity).findOneBy({ id });
    if (!row) throw notFound({ zh: '信用记录', en: 'Credit record' });
    return creditRecordFromEntity(row);
  }

  async rating(subject: Subject, actor: Actor, at = new Date()) {
    this.assertMaySee(subject, actor);
    const rating = await this.rate(subject, at);
    return {
      subject,
      at: shanghaiDate(at),
      rating,
      consequences: {
        mayApply: mayApply(rating, at),
        mayLead: mayLead(rating, at),
        mayServeAsExpert: mayServeAsExpert(rating),
        indirectCostRateCapPercent: indirectCostRateCap(rating),
        mayKeepSurplus: mayKeepSurplus(rating),
        extraScrutiny: needsExtraScrutiny(rating),
      },
    };
  }

  /** The eligibility gate for a PI, their institution and team under a program's rules. */
  async eligibility(input: {
    programCode: string;
    piId: string;
    institutionId: string;
    participantIds: string[];
    at?: string;
  }) {
    const template = await this.templates.current(input.programCode);
    const minCreditLevel = template.template.eligibility.minCreditLevel;
    return {
      program: { code: template.code, version: template.version, minCreditLevel },
      ...(await this.gate({ ...input, minCreditLevel, at: input.at ? new Date(input.at) : new Date() })),
    };
  }

  /** The gate itself: rate each subject at `at` and apply the program's minimum level and bans. */
  async gate(input: {
    minCreditLevel: CreditLevel;
    piId: string;
    institutionId: string | null;
    participantIds: string[];
    at: Date;
  }) {
    const rated = await this.subjects(input);
    return checkEligibility({ subjects: rated, minCreditLevel: input.minCreditLevel, at: input.at });
  }

  /**
   * A running ban of the PI, the institution or a participant refuses `action` (422 credit_barred,
   * naming each record and its end date): at submission and at the formal check's pass.
   */
  async assertNotBarred(
    input: { piId: string; institutionId: string | null; participantIds: string[]; at: Date },
    action?: { zh: string; en: string },
  ): Promise<void> {
    assertNotCreditBarred(await this.subjects(input), input.at, action);
  }

  /** The PI, participants and institution, each with their name and rating at `at`. */
  async subjects(input: {
    piId: string;
    institutionId: string | null;
    participantIds: string[];
    at: Date;
  }): Promise<EligibilitySubject[]> {
    const personIds = [input.piId, ...input.participantIds];
    const people = await this.ds.getRepository(UserEntity).findBy(personIds.map((id) => ({ id })));
    const institution = input.institutionId
      ? await this.ds.getRepository(InstitutionEntity).findOneBy({ id: input.institutionId })
      : null;
    const missing = [
      ...personIds
        .map((id, i) => ({ id, path: i === 0 ? 'piId' : `participantIds.${i - 1}` }))
        .filter(({ id }) => !people.some((p) => p.id === id)),
      ...(input.institutionId && !institution ? [{ id: input.institutionId, path: 'institutionId' }] : []),
    ];
    if (missing.length) {
      const message = { zh: '主体不存在', en: 'Unknown subject' };
      throw new DomainError(
        'validation_failed',
        message,
        missing.map(({ path }) => ({ path, message })),
      );
    }
    const subjects = [
      ...personIds.map((id, i) => ({
        subject: { type: 'person' as const, id },
        role: i === 0 ? ('pi' as const) : ('participant' as const),
        name: people.find((p) => p.id === id)!.displayName,
      })),
      ...(institution
        ? [
            {
              subject: { type: 'institution' as const, id: institution.id },
              role: 'institution' as const,
              name: institution.name,
            },
          ]
        : []),
    ];
    return Promise.all(subjects.map(async (s) => ({ ...s, rating: await this.rate(s.subject, input.at) })));
  }

  /**
   * 容错: a project that failed despite diligence gets an honest_failure record (no penalty),
   * unless a misconduct finding exists for the same project.
   */
  async honestFailure(
    input: {
      projectId: string;
      piId: string;
      diligenceEvidence: string[];
      expertConfirmation: { expertName: string; conclusion: string };
    },
    actor: Actor,
  ) {
    const findings = await this.ds
      .getRepository(CreditRecordEntity)
      .createQueryBuilder('r')
      .where('r.project_id = :p', { p: input.projectId })
      .andWhere('r.severity IN (:...s)', { s: MISCONDUCT_SEVERITIES })
      .getCount();
    if (findings > 0) {
      throw new DomainError('invalid_state', {
        zh: '该项目存在失信行为认定，不适用容错',
        en: 'A misconduct finding exists for this project; honest-failure tolerance does not apply',
      });
    }
    return this.record(
      {
        subject: { type: 'person', id: input.piId },
        kind: 'honest_failure',
        severity: 'neutral',
        stage: 'acceptance',
        projectId: input.projectId,
        facts: `经专家（${input.expertConfirmation.expertName}）确认：${input.expertConfirmation.conclusion}`,
        evidenceRefs: input.diligenceEvidence,
        decisionNo: null,
        effectiveFrom: shanghaiDate(new Date()),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
      } as CreditRecordInput,
      actor,
    );
  }

  // ---- 信用修复 ------------------------------------------------------------------------------

  /** The subject (or their institution's admin) asks to repair a negative record. */
  async requestRepair(input: RepairRequestInput, actor: Actor) {
    const record = await this.get(input.recordId);
    const subject = record.subject as Subject;
    if (!isCreditSubject(actor, subject)) throw notFound({ zh: '信用记录', en: 'Credit record' });
    const all = await this.list(subject, actor);
    assertRepairable(record as unknown as CreditRecord, all as unknown as CreditRecord[]);
    // Not before the minimum publication period, never during a serious breach's ban.
    assertRepairTimely({
      record: record as unknown as CreditRecord,
      records: all as unknown as CreditRecord[],
      at: new Date(),
    });
    const id = randomUUID();
    try {
      await this.ds.getRepository(CreditRepairRequestEntity).insert({
        id,
        recordId: input.recordId,
        reason: input.reason,
        evidenceRefs: input.evidenceRefs,
        status: 'pending',
        requestedBy: actor.id,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new DomainError('conflict', {
          zh: '该记录已有待处理的修复申请',
          en: 'A repair request for this record is already pending',
        });
      }
      throw err;
    }
    return this.repairRequest(id);
  }

  /** An officer decides; an approval writes the `repair` record, in the same transaction. */
  async decideRepair(id: string, input: RepairDecisionInput, actor: Actor) {
    await this.ds.transaction(async (tx) => {
      const req = await tx
        .getRepository(CreditRepairRequestEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!req) throw notFound({ zh: '修复申请', en: 'Repair request' });
      if (req.status !== 'pending') {
        throw new DomainError('invalid_state', {
          zh: '该申请已处理',
          en: 'The request has already been decided',
        });
      }
      let repairRecordId: string | null = null;
      if (input.decision === 'approve') {
        const record = await tx.getRepository(CreditRecordEntity).findOneByOrFail({ id: req.recordId });
        // Four eyes: not the officer who recorded the breach; and the timing rules hold on this day too.
        assertMayApproveRepair({
          deciderId: actor.id,
          recordedBy: record.recordedBy,
          requestedBy: req.requestedBy,
        });
        const records = await tx
          .getRepository(CreditRecordEntity)
          .find({ where: { subjectType: record.subjectType, subjectId: record.subjectId } });
        assertRepairTimely({
          record: creditRecordFromEntity(record) as CreditRecord,
          records: records.map(creditRecordFromEntity) as CreditRecord[],
          at: new Date(),
        });
        repairRecordId = randomUUID();
        await appendCreditRecord(tx, {
          id: repairRecordId,
          subject: { type: record.subjectType, id: record.subjectId },
          kind: 'repair',
          severity: 'neutral',
          stage: 'credit',
          projectId: record.projectId,
          facts: `信用修复：${req.reason}`,
          evidenceRefs: req.evidenceRefs,
          decisionNo: null,
          effectiveFrom: shanghaiDate(new Date()),
          effectiveUntil: null,
          referencesRecordId: record.id,
          isPublic: record.isPublic,
          recordedBy: actor.id,
          workflowId: `credit-repair-${id}`,
          step: 'approved',
          at: Date.now(),
        });
      }
      await tx.getRepository(CreditRepairRequestEntity).update(
        { id },
        {
          status: input.decision === 'approve' ? 'approved' : 'rejected',
          decisionReason: input.reason ?? null,
          decidedBy: actor.id,
          decidedAt: new Date(),
          repairRecordId,
        },
      );
    });
    return this.repairRequest(id);
  }

  async repairRequest(id: string) {
    const r = await this.ds.getRepository(CreditRepairRequestEntity).findOneBy({ id });
    if (!r) throw notFound({ zh: '修复申请', en: 'Repair request' });
    return { ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null };
  }

  async publicDecisions() {
    const rows = await this.ds
      .getRepository(CreditRecordEntity)
      .find({ where: { isPublic: true }, order: { recordedAt: 'DESC' } });
    return rows.map(creditRecordFromEntity);
  }

  /** The credit-adjusted indirect-cost rate (seed 000 line 329): the lowest of the subjects' (PI and host). */
  async indirectRatePercent(subjects: Subject[], at: Date): Promise<number> {
    const rates = await Promise.all(
      subjects.map(async (s) => indirectCostRateCap(await this.rate(s, at)).percent),
    );
    return Math.min(...rates);
  }

  /**
   * Whether each expert may serve as a review expert at `at` (subject `{ type: 'expert', id }`,
   * the expert pool's id): one query for all of them, each rated on its own records.
   */
  async expertEligibility(expertIds: string[], at: Date): Promise<Map<string, CreditDecision>> {
    const ids = [...new Set(expertIds)];
    const rows = ids.length
      ? await this.ds
          .getRepository(CreditRecordEntity)
          .find({ where: { subjectType: 'expert', subjectId: In(ids) } })
      : [];
    const bySubject = new Map<string, CreditRecord[]>();
    for (const r of rows) {
      const list = bySubject.get(r.subjectId) ?? [];
      list.push(creditRecordFromEntity(r) as CreditRecord);
      bySubject.set(r.subjectId, list);
    }
    return new Map(ids.map((id) => [id, mayServeAsExpert(rateCredit(bySubject.get(id) ?? [], at))]));
  }

  private async rate(subject: Subject, at: Date): Promise<CreditRating> {
    const rows = await this.ds
      .getRepository(CreditRecordEntity)
      .find({ where: { subjectType: subject.type, subjectId: subject.id } });
    return rateCredit(rows.map(creditRecordFromEntity) as CreditRecord[], at);
  }

  private async assertReferenced(recordId: string, subject: Subject) {
    const ref = await this.ds.getRepository(CreditRecordEntity).findOneBy({ id: recordId });
    if (!ref || ref.subjectType !== subject.type || ref.subjectId !== subject.id) {
      const message = {
        zh: '被更正或修复的记录不存在或不属于该主体',
        en: 'The referenced record does not exist for this subject',
      };
      throw new DomainError('validation_failed', message, [{ path: 'referencesRecordId', message }]);
    }
  }

  private assertMaySee(subject: Subject, actor: Actor) {
    if (hasRole(actor, ...AUDIT_ROLES) || isCreditSubject(actor, subject)) return;
    throw forbidden();
  }
}
