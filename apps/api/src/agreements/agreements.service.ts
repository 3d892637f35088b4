import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import {
  Actor,
  AGREEMENT_PARTY_LABELS,
  AGREEMENT_STATUS_LABELS,
  AgreementParty,
  AgreementStatus,
  assertCanSign,
  assertInstallmentStep,
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
import { signAgreementUpdate } from '@kjflow/workflows';
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
  async sign(id: string, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const party: AgreementParty | null =
      hasRole(actor, 'applicant') && actor.id === a.applicant_id
        ? 'pi'
        : hasRole(actor, 'institution_admin') && actor.institutionId === a.institution_id
          ? 'institution'
          : hasRole(actor, 'officer', 'admin')
            ? 'bureau'
            : null;
    if (!party) throw forbidden();
    try {
      await this.temporal.workflow
        .getHandle(workflowIds.agreement(id))
        .executeUpdate(signAgreementUpdate, { args: [{ actorId: actor.id, party }] });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const signed = (await this.signatures(id)).map((s) => s.party);
      assertCanSign(a.status, signed, party, a.sign_by.toISOString(), Date.now());
      throw err;
    }
    return this.view(id);
  }

  /** planned → approved (officer) → paid (another staff member); never beyond the award. */
  async installmentStep(id: string, seq: number, step: 'approve' | 'pay', actor: Actor) {
    const a = await this.row(id);
    const [i]: InstallmentRow[] = await this.ds.query(
      `SELECT * FROM installments WHERE agreement_id = $1 AND seq = $2`,
      [id, seq],
    );
    if (!i) throw notFound({ zh: '拨付期次', en: 'Installment' });
    // Only signing releases money today; mid-term and acceptance come with the execution stage.
    const released = i.released_by === 'signing' && a.status === 'signed';
    assertInstallmentStep(i.status, step, released, RELEASE_EVENT_LABELS[i.released_by]);
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

  private signatures(
    id: string,
  ): Promise<Array<{ party: AgreementParty; signed_by: string; signed_at: Date }>> {
    return this.ds.query(`SELECT * FROM agreement_signatures WHERE agreement_id = $1 ORDER BY signed_at`, [
      id,
    ]);
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
      content: a.content,
      signatures: (await this.signatures(id)).map((s) => ({
        party: s.party,
        partyLabel: AGREEMENT_PARTY_LABELS[s.party],
        signedBy: s.signed_by,
        signedAt: s.signed_at.toISOString(),
        signedAtLocal: formatShanghai(s.signed_at),
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
