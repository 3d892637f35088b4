import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import {
  Actor,
  AGREEMENT_PARTY_LABELS,
  AGREEMENT_STATUS_LABELS,
  AgreementParty,
  AgreementRevision,
  assertCanSign,
  assertPrintable,
  assertPledgeAccepted,
  assertRevisable,
  diffJson,
  MILESTONE_OUTCOME_LABELS,
  MilestoneCheckInput,
  SignatureInput,
  agreementPartyOf,
  assertProjectOngoing,
  mayReadAgreement,
  forbidden,
  formatShanghai,
  notFound,
  RELEASE_EVENT_LABELS,
  workflowIds,
  PageQuery,
  yuanDecimal,
} from '@kjflow/domain';
import { AgreementRepository, AgreementRow, ProjectRepository } from '@kjflow/persistence';
import {
  checkMilestoneUpdate,
  checkProjectMilestoneUpdate,
  installmentStepUpdate,
  reviseAgreementUpdate,
  signAgreementUpdate,
  projectRegisteredUpdate,
} from '@kjflow/workflows';
import type { AgreementInput } from '@kjflow/workflows';
import { TASK_QUEUE } from '@kjflow/temporal';
import { renderAgreementPdf } from './agreement-pdf';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

const AGREEMENT = { zh: '任务书', en: 'Agreement' };

/** 任务书 and 拨付: signatures through the agreement's workflow; installments approved and paid. */
@Injectable()
export class AgreementsService {
  private readonly projects: ProjectRepository;
  private readonly agreements: AgreementRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.agreements = new AgreementRepository(ds);
    this.projects = new ProjectRepository(ds);
  }

  async ofAward(awardId: string, page: PageQuery) {
    const ids = await this.agreements.pageOfAward(awardId, page);
    return { items: await Promise.all(ids.items.map((id) => this.view(id))), next: ids.next };
  }

  /**
   * Commands on a signed agreement go to its workflow, reopened on the same id when its signing
   * phase has ended (update-with-start): the workflow checks them against its records.
   */
  private reopen(a: AgreementRow) {
    const args: AgreementInput = { agreementId: a.id, signBy: a.signBy.toISOString(), reopened: true };
    return new WithStartWorkflowOperation('agreementWorkflow', {
      workflowId: workflowIds.agreement(a.id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [args],
    });
  }

  async get(id: string, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    return this.view(id);
  }

  /** The signer's party follows from their account (domain rule). */
  private partyOf(actor: Actor, a: AgreementRow): AgreementParty | null {
    return agreementPartyOf(actor, { applicantId: a.applicantId, institutionId: a.institutionId });
  }

  /** The PI of a challenge accepts the 军令状 with their signature (`performancePledge: true`). */
  async sign(id: string, input: SignatureInput, actor: Actor) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const party = this.partyOf(actor, a);
    if (!party) throw forbidden();
    assertPledgeAccepted(party, Boolean(a.content.performancePledge), input);
    try {
      const state = await this.temporal.workflow
        .getHandle(workflowIds.agreement(id))
        .executeUpdate(signAgreementUpdate, {
          args: [
            { actorId: actor.id, party, pledgeAccepted: party === 'pi' && input.performancePledge === true },
          ],
        });
      // The last signature started the project: answer once its record is written.
      if (state.projectId)
        await this.temporal.workflow
          .getHandle(workflowIds.project(state.projectId))
          .executeUpdate(projectRegisteredUpdate);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const signed = (await this.signatures(id)).map((s) => s.party);
      assertCanSign(a.status, signed, party, a.signBy.toISOString(), Date.now());
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

  /** A page of the versions of the terms, each with what changed from the one before. */
  async versions(id: string, actor: Actor, page: PageQuery) {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    const rows = await this.agreements.pageOfVersions(id, page);
    // The version before the page's first, to say what that one changed.
    const first = rows.items[0];
    const before = first && first.version > 1 ? await this.agreements.version(id, first.version - 1) : null;
    return {
      items: rows.items.map((v, i) => {
        const previous = i === 0 ? before : rows.items[i - 1];
        return {
          version: v.version,
          note: v.note,
          revisedBy: v.revisedBy,
          revisedByName: v.revisedByName,
          createdAt: v.createdAt.toISOString(),
          createdAtLocal: formatShanghai(v.createdAt),
          changes: previous ? diffJson(previous.content, v.content) : [],
          content: v.content,
        };
      }),
      next: rows.next,
    };
  }

  /**
   * 里程碑考核 (challenges pay per milestone): a staff member records each milestone's check in
   * order; a pass releases the next milestone installment, a failure stops funding.
   */
  async checkMilestone(id: string, milestone: number, input: MilestoneCheckInput, actor: Actor) {
    const a = await this.row(id);
    // A signed agreement's project takes its milestone checks (a failure ends it, per the 军令状).
    const projectId = await this.projects.idOfAgreement(id);
    if (projectId) {
      const p = (await this.projects.page({ id: projectId }, { limit: 1 })).items[0];
      await sendCommand(
        this.temporal.workflow.getHandle(workflowIds.project(projectId)),
        // The project's run has ended (terminated or revoked, its accounts settled): the rule says why.
        () => assertProjectOngoing(p?.status),
        (h) =>
          h.executeUpdate(checkProjectMilestoneUpdate, {
            args: [
              {
                actorId: actor.id,
                milestone,
                outcome: input.outcome,
                opinion: input.opinion,
                fault: input.fault,
              },
            ],
          }),
      );
      return this.view(id);
    }
    await this.temporal.workflow.executeUpdateWithStart(checkMilestoneUpdate, {
      args: [{ actorId: actor.id, milestone, outcome: input.outcome, opinion: input.opinion }],
      startWorkflowOperation: this.reopen(a),
    });
    return this.view(id);
  }

  /** The printable signed agreement (PDF, CJK font embedded). */
  async pdf(id: string, actor: Actor): Promise<Buffer> {
    const a = await this.row(id);
    if (!this.mayRead(actor, a)) throw notFound(AGREEMENT);
    assertPrintable(a.status);
    const v = await this.view(id);
    const meta = await this.agreements.printMeta(id);
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

  /** planned → approved (officer) → paid (another staff member); never beyond the award. */
  async installmentStep(id: string, seq: number, step: 'approve' | 'pay', actor: Actor) {
    const a = await this.row(id);
    if (!(await this.agreements.installment(id, seq))) throw notFound({ zh: '拨付期次', en: 'Installment' });
    await this.temporal.workflow.executeUpdateWithStart(installmentStepUpdate, {
      args: [{ actorId: actor.id, seq, step }],
      startWorkflowOperation: this.reopen(a),
    });
    return this.view(id);
  }

  /** The payment list for the finance bureau: approved and paid installments of a call. */
  async paymentList(callId: string): Promise<Buffer> {
    const rows = await this.agreements.paymentList(callId);
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
    return mayReadAgreement(actor, { applicantId: a.applicantId, institutionId: a.institutionId });
  }

  private signatures(id: string) {
    return this.agreements.signatures(id);
  }

  private async view(id: string) {
    const a = await this.row(id);
    const installments = await this.agreements.installments(id);
    return {
      id: a.id,
      awardId: a.awardId,
      applicationId: a.applicationId,
      callId: a.callId,
      amountFen: a.amountFen,
      status: a.status,
      statusLabel: AGREEMENT_STATUS_LABELS[a.status],
      signBy: a.signBy.toISOString(),
      signByLocal: formatShanghai(a.signBy),
      signedAt: a.signedAt ? a.signedAt.toISOString() : null,
      projectId: await this.projects.idOfAgreement(id),
      version: a.version,
      content: a.content,
      signatures: (await this.signatures(id)).map((s) => ({
        party: s.party,
        partyLabel: AGREEMENT_PARTY_LABELS[s.party],
        signedBy: s.signedBy,
        signedByName: s.signedByName,
        version: s.version,
        performancePledgeAccepted: s.pledgeAccepted,
        signedAt: s.signedAt.toISOString(),
        signedAtLocal: formatShanghai(s.signedAt),
      })),
      milestoneChecks: (await this.agreements.milestoneChecks(id)).map((m) => ({
        milestone: m.milestone,
        outcome: m.outcome,
        outcomeLabel: MILESTONE_OUTCOME_LABELS[m.outcome],
        opinion: m.opinion,
        checkedAtLocal: formatShanghai(m.checkedAt),
      })),
      installments: installments.map((i) => ({
        seq: i.seq,
        sharePercent: i.sharePercent,
        amountFen: i.amountFen,
        releasedBy: i.releasedBy,
        releasedByLabel: RELEASE_EVENT_LABELS[i.releasedBy],
        status: i.status,
        approvedAt: i.approvedAt ? i.approvedAt.toISOString() : null,
        paidAt: i.paidAt ? i.paidAt.toISOString() : null,
        // RULES §7: the first installment is due within 30 days of signing.
        dueBy: i.dueBy ? i.dueBy.toISOString() : null,
        dueByLocal: i.dueBy ? formatShanghai(i.dueBy) : null,
        overdue: i.dueBy !== null && i.status !== 'paid' && Date.now() > i.dueBy.getTime(),
      })),
    };
  }

  private async row(id: string): Promise<AgreementRow> {
    const a = await this.agreements.find(id);
    if (!a) throw notFound(AGREEMENT);
    return a;
  }
}
