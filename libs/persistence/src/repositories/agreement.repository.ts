import { DataSource, EntityManager, In } from 'typeorm';
import type {
  AgreementExecutionFacts,
  AgreementParty,
  AgreementStatus,
  InstallmentStatus,
  MilestoneOutcome,
  Mode,
  Page,
  PageQuery,
} from '@kjflow/domain';
import { AgreementEntity } from '../entities/agreement.entity';
import { AgreementSignatureEntity } from '../entities/agreement-signature.entity';
import { AgreementVersionEntity } from '../entities/agreement-version.entity';
import { ApplicationEntity } from '../entities/application.entity';
import { InstallmentEntity } from '../entities/installment.entity';
import { MilestoneCheckEntity } from '../entities/milestone-check.entity';
import { UserEntity } from '../entities/user.entity';
import { CallEntity } from '../entities/call.entity';
import { InstitutionEntity } from '../entities/institution.entity';
import { ProjectEntity } from '../entities/project.entity';
import { atMillis, keysetPage, keysetRawPage, mapPage } from '../pagination';
import { ProjectReportRepository } from './project-report.repository';

/** An agreement with its application's PI and host institution (who may read and sign it). */
export type AgreementRow = AgreementEntity & { applicantId: string; institutionId: string | null };

/** A signature with the signer's name. */
export type SignatureRow = AgreementSignatureEntity & { signedByName: string };

/** A version of the terms with the name of who revised it (null for the version made from the award). */
export type AgreementVersionRow = AgreementVersionEntity & { revisedByName: string | null };

/** An agreement as the bureau's list shows it: its project's title, the parties' names, what is paid. */
export interface AgreementListRow {
  id: string;
  awardId: string;
  callId: string;
  applicationId: string;
  title: string;
  institution: string | null;
  piName: string;
  mode: Mode;
  amountFen: string;
  paidFen: string;
  status: AgreementStatus;
  signBy: Date;
  signedAt: Date | null;
  createdAt: Date;
  projectId: string | null;
}

export interface AgreementFilter {
  status?: AgreementStatus;
  callId?: string;
  mode?: Mode;
}

/** A final award's item with what its agreement is made from. */
export interface AwardedItemRow {
  application_id: string;
  amount_fen: string;
  call_id: string;
  mode: Mode;
  content: Record<string, unknown>;
  template: {
    durations?: { signingDeadline?: string; executionLength?: string };
    funding?: { installments: unknown[] };
    projectKind?: 'research' | 'dispatch';
  } | null;
}

/** Agreements (任务书), their versions, signatures, milestone checks and installments (拨付). */
export class AgreementRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  // ---- reads -----------------------------------------------------------------------------------

  async find(id: string): Promise<AgreementRow | null> {
    const { raw, entities } = await this.db
      .getRepository(AgreementEntity)
      .createQueryBuilder('g')
      .innerJoin(ApplicationEntity, 'p', 'p.id = g.application_id')
      .addSelect('p.applicant_id', 'applicant_id')
      .addSelect('p.institution_id', 'institution_id')
      .where('g.id = :id', { id })
      .getRawAndEntities<{ applicant_id: string; institution_id: string | null }>();
    return entities[0]
      ? { ...entities[0], applicantId: raw[0].applicant_id, institutionId: raw[0].institution_id }
      : null;
  }

  /** A page of the award's agreements (ids), by application. */
  async pageOfAward(awardId: string, page: PageQuery): Promise<Page<string>> {
    const query = this.db
      .getRepository(AgreementEntity)
      .createQueryBuilder('g')
      .where('g.award_id = :awardId', { awardId });
    const rows = await keysetPage(
      query,
      { columns: ['g.application_id', 'g.id'], direction: 'ASC', cursorOf: (g) => [g.applicationId, g.id] },
      page,
    );
    return mapPage(rows, (g) => g.id);
  }

  /**
   * A page of every agreement (the bureau's 任务书 desk), newest first, of one status, call or mode
   * when given: one query with the title, the host institution, the PI, the paid sum and the project.
   */
  page(filter: AgreementFilter, page: PageQuery): Promise<Page<AgreementListRow>> {
    const query = this.db
      .createQueryBuilder()
      .from(AgreementEntity, 'g')
      .innerJoin(ApplicationEntity, 'p', 'p.id = g.application_id')
      .innerJoin(CallEntity, 'c', 'c.id = g.call_id')
      .innerJoin(UserEntity, 'u', 'u.id = p.applicant_id')
      .leftJoin(InstitutionEntity, 'inst', 'inst.id = p.institution_id')
      .leftJoin(ProjectEntity, 'pr', 'pr.agreement_id = g.id')
      .select('g.id', 'id')
      .addSelect('g.award_id', 'awardId')
      .addSelect('g.call_id', 'callId')
      .addSelect('g.application_id', 'applicationId')
      .addSelect(`COALESCE(g.content->>'title', p.content->>'title')`, 'title')
      .addSelect('inst.name', 'institution')
      .addSelect('u.display_name', 'piName')
      .addSelect('c.mode', 'mode')
      .addSelect('g.amount_fen', 'amountFen')
      .addSelect(
        `(SELECT COALESCE(sum(i.amount_fen), 0) FROM installments i WHERE i.agreement_id = g.id AND i.status = 'paid')`,
        'paidFen',
      )
      .addSelect('g.status', 'status')
      .addSelect('g.sign_by', 'signBy')
      .addSelect('g.signed_at', 'signedAt')
      .addSelect('g.created_at', 'createdAt')
      .addSelect('pr.id', 'projectId');
    if (filter.status) query.andWhere('g.status = :status', { status: filter.status });
    if (filter.callId) query.andWhere('g.call_id = :callId', { callId: filter.callId });
    if (filter.mode) query.andWhere('c.mode = :mode', { mode: filter.mode });
    return keysetRawPage<AgreementListRow>(
      query,
      {
        columns: [atMillis('g.created_at'), 'g.id'],
        direction: 'DESC',
        cursorOf: (g) => [g.createdAt.toISOString(), g.id],
      },
      page,
    );
  }

  /** The signatures, in the order they were given. */
  async signatures(id: string): Promise<SignatureRow[]> {
    const { raw, entities } = await this.db
      .getRepository(AgreementSignatureEntity)
      .createQueryBuilder('s')
      .innerJoin(UserEntity, 'u', 'u.id = s.signed_by')
      .addSelect('u.display_name', 'signed_by_name')
      .where('s.agreement_id = :id', { id })
      .orderBy('s.signed_at')
      // Signatures of the same instant in the order the parties sign.
      .addOrderBy(`CASE s.party WHEN 'pi' THEN 0 WHEN 'institution' THEN 1 ELSE 2 END`)
      .getRawAndEntities<{ s_party: string; signed_by_name: string }>();
    const names = new Map(raw.map((r) => [r.s_party, r.signed_by_name]));
    return entities.map((e) => ({ ...e, signedByName: names.get(e.party)! }));
  }

  /** A page of the versions of the terms, oldest first. */
  async pageOfVersions(id: string, page: PageQuery): Promise<Page<AgreementVersionRow>> {
    const query = this.db
      .getRepository(AgreementVersionEntity)
      .createQueryBuilder('v')
      .where('v.agreement_id = :id', { id });
    const rows = await keysetPage(
      query,
      { columns: ['v.version'], direction: 'ASC', cursorOf: (v) => [v.version] },
      page,
    );
    return { items: await this.withRevisers(rows.items), next: rows.next };
  }

  /** One version of the terms (what the next one is compared with). */
  version(id: string, version: number): Promise<AgreementVersionEntity | null> {
    return this.db.getRepository(AgreementVersionEntity).findOneBy({ agreementId: id, version });
  }

  /** The versions with the names of who revised them. */
  private async withRevisers(rows: AgreementVersionEntity[]): Promise<AgreementVersionRow[]> {
    const ids = [...new Set(rows.flatMap((v) => (v.revisedBy ? [v.revisedBy] : [])))];
    const users = ids.length
      ? await this.db
          .getRepository(UserEntity)
          .find({ select: { id: true, displayName: true }, where: { id: In(ids) } })
      : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return rows.map((v) => ({ ...v, revisedByName: v.revisedBy ? (names.get(v.revisedBy) ?? null) : null }));
  }

  milestoneChecks(id: string): Promise<MilestoneCheckEntity[]> {
    return this.db
      .getRepository(MilestoneCheckEntity)
      .find({ where: { agreementId: id }, order: { milestone: 'ASC' } });
  }

  installments(id: string): Promise<InstallmentEntity[]> {
    return this.db
      .getRepository(InstallmentEntity)
      .find({ where: { agreementId: id }, order: { seq: 'ASC' } });
  }

  installment(id: string, seq: number): Promise<InstallmentEntity | null> {
    return this.db.getRepository(InstallmentEntity).findOneBy({ agreementId: id, seq });
  }

  /** What the printed agreement names: the call, the host institution and the PI. */
  async printMeta(id: string): Promise<{ call_title: string; institution: string | null; pi_name: string }> {
    const [meta] = await this.db.query(
      `SELECT c.title AS call_title, inst.name AS institution, u.display_name AS pi_name
         FROM agreements g JOIN calls c ON c.id = g.call_id JOIN applications p ON p.id = g.application_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id JOIN users u ON u.id = p.applicant_id
        WHERE g.id = $1`,
      [id],
    );
    return meta;
  }

  /** The finance bureau's list: approved and paid installments of a call. */
  paymentList(callId: string): Promise<
    Array<{
      title: string;
      institution: string | null;
      seq: number;
      amount_fen: string;
      status: InstallmentStatus;
      approved_at: Date | null;
      paid_at: Date | null;
    }>
  > {
    return this.db.query(
      `SELECT p.content->>'title' AS title, inst.name AS institution, i.seq, i.amount_fen, i.status, i.approved_at, i.paid_at
         FROM installments i JOIN agreements a ON a.id = i.agreement_id JOIN applications p ON p.id = a.application_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id
        WHERE a.call_id = $1 AND i.status IN ('approved', 'paid') ORDER BY inst.name, p.content->>'title', i.seq`,
      [callId],
    );
  }

  /** What milestone checks and installments are decided on; null for no such agreement. */
  async execution(id: string, now = new Date()): Promise<AgreementExecutionFacts | null> {
    const a = await this.find(id);
    if (!a) return null;
    // The project the signing started: its progress reports hold back or release installments.
    const reports = await new ProjectReportRepository(this.db).agreementFacts(id, now);
    const c = a.content as { performancePledge?: { milestones?: unknown[] }; milestones?: unknown[] };
    // The checks walk through the 军令状's milestones, else the agreement's.
    const milestones = c.performancePledge?.milestones ?? c.milestones ?? [];
    // The project the signing started: its mid-term decision releases, its end stops, installments.
    const [midterm]: Array<{ status: string; decision: string | null }> = await this.db.query(
      `SELECT p.status, m.decision FROM projects p LEFT JOIN project_midterms m ON m.project_id = p.id
        WHERE p.agreement_id = $1`,
      [id],
    );
    return {
      ...(midterm && { midtermPassed: midterm.decision === 'continue', projectStatus: midterm.status }),
      // The acceptance installment follows from projectStatus 'accepted' (a final pass).
      status: a.status,
      amountFen: a.amountFen,
      milestoneCount: milestones.length,
      milestones: (await this.milestoneChecks(id)).map((m) => m.outcome),
      installments: (await this.installments(id)).map((i) => ({
        seq: i.seq,
        releasedBy: i.releasedBy,
        amountFen: i.amountFen,
        status: i.status,
        approvedBy: i.approvedBy,
      })),
      ...(reports ? { project: reports } : {}),
    };
  }

  /** The final items of an award with their application, call mode and program template. */
  /** The final items of an award, by application; a page of them when `page` is given. */
  awardedItems(awardId: string, page?: { offset: number; limit: number }): Promise<AwardedItemRow[]> {
    return this.db.query(
      `SELECT i.application_id, i.amount_fen, a.call_id, c.mode, p.content, t.template
         FROM award_items i JOIN awards a ON a.id = i.award_id JOIN applications p ON p.id = i.application_id
         JOIN calls c ON c.id = a.call_id LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE i.award_id = $1 AND i.status = 'final' ORDER BY i.application_id
        ${page ? 'OFFSET $2 LIMIT $3' : ''}`,
      page ? [awardId, page.offset, page.limit] : [awardId],
    );
  }

  /** 赛马: the award's race with its teams' titles, or null. */
  async raceOfAward(awardId: string): Promise<{
    id: string;
    midpointDate: string;
    teams: Array<{ applicationId: string; title: string }>;
  } | null> {
    const [race]: Array<{ id: string; application_ids: string[]; midpoint_date: string }> =
      await this.db.query(
        `SELECT id, application_ids, to_char(midpoint_date, 'YYYY-MM-DD') AS midpoint_date FROM horse_races WHERE award_id = $1`,
        [awardId],
      );
    if (!race) return null;
    const titles: Array<{ id: string; title: string }> = await this.db.query(
      `SELECT id, content->>'title' AS title FROM applications WHERE id = ANY($1::uuid[])`,
      [race.application_ids],
    );
    return {
      id: race.id,
      midpointDate: race.midpoint_date,
      teams: race.application_ids.map((appId) => ({
        applicationId: appId,
        title: titles.find((t) => t.id === appId)?.title ?? '',
      })),
    };
  }

  /** The agreements already made from an award (earlier awards made them before their workflows). */
  ofAwardForWorkflows(awardId: string): Promise<Array<Pick<AgreementEntity, 'id' | 'signBy'>>> {
    return this.db.getRepository(AgreementEntity).find({
      select: { id: true, signBy: true },
      where: { awardId },
      order: { applicationId: 'ASC' },
    });
  }

  // ---- writes (the agreement's workflow, in the event's transaction) ---------------------------

  async insert(
    a: {
      id: string;
      awardId: string;
      applicationId: string;
      callId: string;
      amountFen: number;
      content: Record<string, unknown>;
      signBy: Date;
    },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO agreements (id, award_id, application_id, call_id, amount_fen, content, status, sign_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8)`,
      [a.id, a.awardId, a.applicationId, a.callId, a.amountFen, JSON.stringify(a.content), a.signBy, at],
    );
    await this.db.query(
      `INSERT INTO agreement_versions (agreement_id, version, content, created_at) VALUES ($1, 1, $2, $3)`,
      [a.id, JSON.stringify(a.content), at],
    );
  }

  async insertSignature(
    id: string,
    s: { party: AgreementParty; signedBy: string; version: number; pledgeAccepted: boolean },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO agreement_signatures (agreement_id, party, signed_by, signed_at, version, pledge_accepted)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, s.party, s.signedBy, at, s.version, s.pledgeAccepted],
    );
  }

  /** A new version of the terms: the changed parts over the current content, kept with its note. */
  async revise(
    id: string,
    r: {
      changes: Record<string, unknown>;
      newVersion: number;
      note: string | null;
      revisedBy: string | null;
    },
    at: Date,
  ): Promise<void> {
    const [a] = await this.db.query(`SELECT content FROM agreements WHERE id = $1`, [id]);
    const content = { ...a.content, ...r.changes };
    await this.db.query(`UPDATE agreements SET content = $2, version = $3 WHERE id = $1`, [
      id,
      JSON.stringify(content),
      r.newVersion,
    ]);
    await this.db.query(
      `INSERT INTO agreement_versions (agreement_id, version, content, revised_by, note, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, r.newVersion, JSON.stringify(content), r.revisedBy, r.note, at],
    );
  }

  /** Signed by every party: the installments of its plan are planned (the first due by `firstDueBy`). */
  async markSigned(id: string, at: Date, dueBy: (releasedBy: string) => Date | null): Promise<void> {
    const [a] = await this.db.query(`SELECT content FROM agreements WHERE id = $1`, [id]);
    await this.db.query(`UPDATE agreements SET status = 'signed', signed_at = $2 WHERE id = $1`, [id, at]);
    const plan = a.content.installments as Array<{
      sharePercent: number;
      releasedBy: string;
      amountFen: number;
    }>;
    for (const [i, p] of plan.entries())
      await this.db.query(
        `INSERT INTO installments (agreement_id, seq, share_percent, amount_fen, released_by, status, due_by)
         VALUES ($1, $2, $3, $4, $5, 'planned', $6)`,
        [id, i + 1, p.sharePercent, p.amountFen, p.releasedBy, dueBy(p.releasedBy)],
      );
  }

  /** 视为放弃: the agreement is forfeited and its amount returns to the call's budget. */
  async forfeit(id: string): Promise<void> {
    await this.db.query(`UPDATE agreements SET status = 'forfeited' WHERE id = $1`, [id]);
    await this.db.query(
      `UPDATE award_items i SET status = 'forfeited' FROM agreements a
        WHERE a.id = $1 AND i.award_id = a.award_id AND i.application_id = a.application_id`,
      [id],
    );
  }

  async insertMilestoneCheck(
    id: string,
    m: { milestone: number; outcome: MilestoneOutcome; opinion: string; checkedBy: string },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO milestone_checks (agreement_id, milestone, outcome, opinion, checked_by, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, m.milestone, m.outcome, m.opinion, m.checkedBy, at],
    );
  }

  async approveInstallment(id: string, seq: number, by: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE installments SET status = 'approved', approved_by = $3, approved_at = $4 WHERE agreement_id = $1 AND seq = $2`,
      [id, seq, by, at],
    );
  }

  async payInstallment(id: string, seq: number, by: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE installments SET status = 'paid', paid_by = $3, paid_at = $4 WHERE agreement_id = $1 AND seq = $2`,
      [id, seq, by, at],
    );
  }
}
