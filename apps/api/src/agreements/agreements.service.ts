import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import {
  Actor,
  AGREEMENT_PARTY_LABELS,
  AGREEMENT_STATUS_LABELS,
  AgreementParty,
  AgreementStatus,
  AgreementRevision,
  assertCanSign,
  assertInstallmentStep,
  assertMilestoneCheck,
  assertPledgeAccepted,
  assertRevisable,
  diffJson,
  installmentBlocked,
  MILESTONE_OUTCOME_LABELS,
  MilestoneCheckInput,
  MilestoneOutcome,
  SignatureInput,
  assertPayable,
  AUDIT_ROLES,
  DomainError,
  forbidden,
  formatShanghai,
  hasRole,
  InstallmentStatus,
  notFound,
  RELEASE_EVENT_LABELS,
  ReleaseEvent,
  workflowIds,
  yuanDecimal,
} from '@kjflow/domain';
import { appendWithChange } from '@kjflow/persistence';
import { reviseAgreementUpdate, signAgreementUpdate } from '@kjflow/workflows';
import { renderAgreementPdf } from './agreement-pdf';
import { TEMPORAL_CLIENT } from '../infra/infra.module';

const AGREEMENT = { zh: '任务书', en: 'Agreement' };

interface AgreementRow {
  id: string;
  award_id: string;
  application_id: string;
  call_id: string;
  amount_fen: string;
  content: Record<string, unknown>;
  status: AgreementStatus;
  version: number;
  sign_by: Date;
  signed_at: Date | null;
  applicant_id: string;
  institution_id: string | null;
}

interface InstallmentRow {
  seq: number;
  share_percent: number;
  amount_fen: string;
  released_by: ReleaseEvent;
  status: InstallmentStatus;
  approved_by: string | null;
  approved_at: Date | null;
  paid_by: string | null;
  paid_at: Date | null;
  due_by: Date | null;
}

/** 任务书 and 拨付: signatures through the agreement's workflow; installments approved and paid. */
@Injectable()
export class AgreementsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async ofAward(awardId: string) {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM agreements WHERE award_id = $1 ORDER BY application_id`,
      [awardId],
    );
    return Promise.all(rows.map((r) => this.view(r.id)));
  }

  async get(id: string, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    return this.view(id);
  }

  /** The signer's party follows from their account: the PI, the host's admin, or the bureau. */
  private partyOf(actor: Actor, a: AgreementRow): AgreementParty | null {
    if (hasRole(actor, 'applicant') && actor.id === a.applicant_id) return 'pi';
    if (hasRole(actor, 'institution_admin') && actor.institutionId === a.institution_id) return 'institution';
    return hasRole(actor, 'officer', 'admin') ? 'bureau' : null;
  }

  /** The PI of a challenge accepts the 军令状 with their signature (`performancePledge: true`). */
  async sign(id: string, input: SignatureInput, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const party = this.partyOf(actor, a);
    if (!party) throw forbidden();
    assertPledgeAccepted(party, Boolean(a.content.performancePledge), input);
    try {
      await this.temporal.workflow.getHandle(workflowIds.agreement(id)).executeUpdate(signAgreementUpdate, {
        args: [
          { actorId: actor.id, party, pledgeAccepted: party === 'pi' && input.performancePledge === true },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const signed = (await this.signatures(id)).map((s) => s.party);
      assertCanSign(a.status, signed, party, a.sign_by.toISOString(), Date.now());
      throw err;
    }
    return this.view(id);
  }

  /**
   * 任务书协商: the bureau or the PI revises the draft's terms from the latest version; each
   * revision is kept with its note. The first signature locks the terms.
   */
  async revise(id: string, input: AgreementRevision, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const party = this.partyOf(actor, a);
    if (party !== 'pi' && party !== 'bureau') throw forbidden();
    try {
      await this.temporal.workflow.getHandle(workflowIds.agreement(id)).executeUpdate(reviseAgreementUpdate, {
        args: [{ actorId: actor.id, revisionId: id, revision: input }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const signed = (await this.signatures(id)).map((s) => s.party);
      assertRevisable(a.status, signed, a.version, input.version);
      throw err;
    }
    return this.view(id);
  }

  /** Every version of the terms, each with what changed from the one before. */
  async versions(id: string, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const rows: Array<Record<string, any>> = await this.ds.query(
      `SELECT v.version, v.content, v.note, v.created_at, u.display_name AS revised_by_name, v.revised_by
         FROM agreement_versions v LEFT JOIN users u ON u.id = v.revised_by
        WHERE v.agreement_id = $1 ORDER BY v.version`,
      [id],
    );
    return rows.map((v, i) => ({
      version: v.version,
      note: v.note,
      revisedBy: v.revised_by,
      revisedByName: v.revised_by_name,
      createdAt: v.created_at.toISOString(),
      createdAtLocal: formatShanghai(v.created_at),
      changes: i === 0 ? [] : diffJson(rows[i - 1].content, v.content),
      content: v.content,
    }));
  }

  /**
   * 里程碑考核 (challenges pay per milestone): a staff member records each milestone's check in
   * order; a pass releases the next milestone installment, a failure stops funding.
   */
  async checkMilestone(id: string, milestone: number, input: MilestoneCheckInput, actor: Actor) {
    const a = await this.row(id);
    const count = this.milestonesOf(a).length;
    assertMilestoneCheck(a.status, count, await this.milestoneOutcomes(id), milestone);
    const at = new Date();
    await appendWithChange(
      this.ds,
      {
        type: `agreement.milestone_${input.outcome}`,
        subjectType: 'agreement',
        subjectId: id,
        actorId: actor.id,
        payload: { milestone, outcome: input.outcome, opinion: input.opinion },
        workflowId: workflowIds.agreement(id),
        step: `milestone:${milestone}`,
        occurredAt: at,
      },
      async (tx) => {
        // Re-checked under the agreement's lock: two checks at once cannot both pass the order rule.
        await tx.query(`SELECT 1 FROM agreements WHERE id = $1 FOR UPDATE`, [id]);
        assertMilestoneCheck(a.status, count, await this.milestoneOutcomes(id, tx), milestone);
        await tx.query(
          `INSERT INTO milestone_checks (agreement_id, milestone, outcome, opinion, checked_by, checked_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, milestone, input.outcome, input.opinion, actor.id, at],
        );
      },
    );
    return this.view(id);
  }

  /** The printable signed agreement (PDF, CJK font embedded). */
  async pdf(id: string, actor: Actor): Promise<Buffer> {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    if (a.status !== 'signed')
      throw new DomainError('invalid_state', {
        zh: '任务书签订后才能打印',
        en: 'The agreement can be printed once it is signed',
      });
    const v = await this.view(id);
    const [meta] = await this.ds.query(
      `SELECT c.title AS call_title, inst.name AS institution, u.display_name AS pi_name
         FROM agreements g JOIN calls c ON c.id = g.call_id JOIN applications p ON p.id = g.application_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id JOIN users u ON u.id = p.applicant_id
        WHERE g.id = $1`,
      [id],
    );
    const c = v.content as Record<string, any>;
    return renderAgreementPdf({
      id: v.id,
      title: c.title,
      callTitle: meta.call_title,
      institution: meta.institution,
      piName: c.pi?.name ?? meta.pi_name,
      amountFen: v.amountFen,
      objectives: c.objectives ?? '',
      indicators: c.indicators ?? [],
      milestones: c.milestones ?? [],
      installments: v.installments,
      performancePledge: c.performancePledge ?? null,
      race: c.race
        ? {
            midpointDate: c.race.midpointDate,
            teams: c.race.teams.map((t: { title: string }) => t.title),
          }
        : null,
      version: v.version,
      signatures: v.signatures.map((s) => ({
        partyLabel: s.partyLabel,
        signerName: s.signedByName,
        signedAtLocal: s.signedAtLocal,
      })),
      signedAtLocal: v.signedAt ? formatShanghai(v.signedAt) : null,
    });
  }

  /** What the milestone checks walk through: the 军令状's milestones, else the agreement's. */
  private milestonesOf(a: AgreementRow): unknown[] {
    const c = a.content as { performancePledge?: { milestones?: unknown[] }; milestones?: unknown[] };
    return c.performancePledge?.milestones ?? c.milestones ?? [];
  }

  private async milestoneOutcomes(
    id: string,
    db: EntityManager | DataSource = this.ds,
  ): Promise<MilestoneOutcome[]> {
    const rows: Array<{ outcome: MilestoneOutcome }> = await db.query(
      `SELECT outcome FROM milestone_checks WHERE agreement_id = $1 ORDER BY milestone`,
      [id],
    );
    return rows.map((r) => r.outcome);
  }

  /** planned → approved (officer) → paid (another staff member); never beyond the award. */
  async installmentStep(id: string, seq: number, step: 'approve' | 'pay', actor: Actor) {
    const a = await this.row(id);
    const [i]: InstallmentRow[] = await this.ds.query(
      `SELECT * FROM installments WHERE agreement_id = $1 AND seq = $2`,
      [id, seq],
    );
    if (!i) throw notFound({ zh: '拨付期次', en: 'Installment' });
    const plan: Array<{ released_by: string }> = await this.ds.query(
      `SELECT released_by FROM installments WHERE agreement_id = $1 ORDER BY seq`,
      [id],
    );
    const blocked = installmentBlocked(
      plan.map((p) => ({ releasedBy: p.released_by })),
      seq,
      { signed: a.status === 'signed', milestones: await this.milestoneOutcomes(id) },
    );
    assertInstallmentStep(i.status, step, blocked);
    if (step === 'pay') {
      if (i.approved_by === actor.id)
        throw new DomainError('forbidden', {
          zh: '审核人与拨付经办人不能为同一人',
          en: 'The approver of an installment cannot also pay it',
        });
      const [{ paid }] = await this.ds.query(
        `SELECT COALESCE(sum(amount_fen), 0)::bigint AS paid FROM installments WHERE agreement_id = $1 AND status = 'paid'`,
        [id],
      );
      assertPayable(Number(paid), Number(i.amount_fen), Number(a.amount_fen));
    }
    const at = new Date();
    await appendWithChange(
      this.ds,
      {
        type: step === 'approve' ? 'installment.approved' : 'installment.paid',
        subjectType: 'agreement',
        subjectId: id,
        actorId: actor.id,
        payload: { seq, amountFen: Number(i.amount_fen) },
        workflowId: workflowIds.agreement(id),
        step: `installment:${seq}:${step}`,
        occurredAt: at,
      },
      (tx) =>
        tx.query(
          step === 'approve'
            ? `UPDATE installments SET status = 'approved', approved_by = $3, approved_at = $4 WHERE agreement_id = $1 AND seq = $2`
            : `UPDATE installments SET status = 'paid', paid_by = $3, paid_at = $4 WHERE agreement_id = $1 AND seq = $2`,
          [id, seq, actor.id, at],
        ),
    );
    return this.view(id);
  }

  /** The payment list for the finance bureau: approved and paid installments of a call. */
  async paymentList(callId: string): Promise<Buffer> {
    const rows = await this.ds.query(
      `SELECT p.content->>'title' AS title, inst.name AS institution, i.seq, i.amount_fen, i.status, i.approved_at, i.paid_at
         FROM installments i JOIN agreements a ON a.id = i.agreement_id JOIN applications p ON p.id = a.application_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id
        WHERE a.call_id = $1 AND i.status IN ('approved', 'paid') ORDER BY inst.name, p.content->>'title', i.seq`,
      [callId],
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('拨付清单 Payments');
    ws.columns = [
      { header: '项目名称 Project', key: 'title', width: 40 },
      { header: '依托单位 Institution', key: 'institution', width: 30 },
      { header: '期次 Installment', key: 'seq', width: 10 },
      { header: '金额（元）Amount (yuan)', key: 'yuan', width: 18 },
      { header: '状态 Status', key: 'status', width: 12 },
      { header: '审核时间 Approved (Beijing)', key: 'approved', width: 22 },
      { header: '拨付时间 Paid (Beijing)', key: 'paid', width: 22 },
    ];
    for (const r of rows)
      ws.addRow({
        title: r.title,
        institution: r.institution,
        seq: r.seq,
        // As text: the sheet shows exact fen, never a float.
        yuan: yuanDecimal(Number(r.amount_fen)),
        status: r.status === 'paid' ? '已拨付' : '已审核',
        approved: r.approved_at ? formatShanghai(r.approved_at) : '',
        paid: r.paid_at ? formatShanghai(r.paid_at) : '',
      });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  private mayRead(actor: Actor, a: AgreementRow): boolean {
    if (hasRole(actor, ...AUDIT_ROLES)) return true;
    if (hasRole(actor, 'applicant') && actor.id === a.applicant_id) return true;
    return (
      hasRole(actor, 'institution_admin') &&
      actor.institutionId !== null &&
      actor.institutionId === a.institution_id
    );
  }

  private signatures(id: string): Promise<
    Array<{
      party: AgreementParty;
      signed_by: string;
      signed_by_name: string;
      signed_at: Date;
      version: number;
      pledge_accepted: boolean;
    }>
  > {
    return this.ds.query(
      `SELECT s.*, u.display_name AS signed_by_name FROM agreement_signatures s JOIN users u ON u.id = s.signed_by
        WHERE s.agreement_id = $1 ORDER BY s.signed_at`,
      [id],
    );
  }

  private async view(id: string) {
    const a = await this.row(id);
    const installments: InstallmentRow[] = await this.ds.query(
      `SELECT * FROM installments WHERE agreement_id = $1 ORDER BY seq`,
      [id],
    );
    return {
      id: a.id,
      awardId: a.award_id,
      applicationId: a.application_id,
      callId: a.call_id,
      amountFen: Number(a.amount_fen),
      status: a.status,
      statusLabel: AGREEMENT_STATUS_LABELS[a.status],
      signBy: a.sign_by.toISOString(),
      signByLocal: formatShanghai(a.sign_by),
      signedAt: a.signed_at ? a.signed_at.toISOString() : null,
      version: a.version,
      content: a.content,
      signatures: (await this.signatures(id)).map((s) => ({
        party: s.party,
        partyLabel: AGREEMENT_PARTY_LABELS[s.party],
        signedBy: s.signed_by,
        signedByName: s.signed_by_name,
        version: s.version,
        performancePledgeAccepted: s.pledge_accepted,
        signedAt: s.signed_at.toISOString(),
        signedAtLocal: formatShanghai(s.signed_at),
      })),
      milestoneChecks: (
        await this.ds.query(
          `SELECT milestone, outcome, opinion, checked_at FROM milestone_checks WHERE agreement_id = $1 ORDER BY milestone`,
          [id],
        )
      ).map((m: { milestone: number; outcome: MilestoneOutcome; opinion: string; checked_at: Date }) => ({
        milestone: m.milestone,
        outcome: m.outcome,
        outcomeLabel: MILESTONE_OUTCOME_LABELS[m.outcome],
        opinion: m.opinion,
        checkedAtLocal: formatShanghai(m.checked_at),
      })),
      installments: installments.map((i) => ({
        seq: i.seq,
        sharePercent: i.share_percent,
        amountFen: Number(i.amount_fen),
        releasedBy: i.released_by,
        releasedByLabel: RELEASE_EVENT_LABELS[i.released_by],
        status: i.status,
        approvedAt: i.approved_at ? i.approved_at.toISOString() : null,
        paidAt: i.paid_at ? i.paid_at.toISOString() : null,
        // RULES §7: the first installment is due within 30 days of signing.
        dueBy: i.due_by ? i.due_by.toISOString() : null,
        dueByLocal: i.due_by ? formatShanghai(i.due_by) : null,
        overdue: i.due_by !== null && i.status !== 'paid' && Date.now() > i.due_by.getTime(),
      })),
    };
  }

  private async row(id: string): Promise<AgreementRow> {
    const [a] = await this.ds.query(
      `SELECT g.*, p.applicant_id, p.institution_id FROM agreements g JOIN applications p ON p.id = g.application_id WHERE g.id = $1`,
      [id],
    );
    if (!a) throw notFound(AGREEMENT);
    return a;
  }
}
