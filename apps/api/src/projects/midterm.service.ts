import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { Client, WorkflowHandle } from '@temporalio/client';
import {
  Actor,
  assertMidtermActor,
  assertMidtermStep,
  assertRecoveryPayable,
  formatShanghai,
  mayReadMidterm,
  maySeePanelIdentities,
  MidtermPanelConveneInput,
  MidtermPanelView,
  notFound,
  MidtermDecisionInput,
  MidtermFacts,
  MidtermPhase,
  MidtermReviewInput,
  MidtermStep,
  MidtermSubmissionInput,
  MidtermView,
  rectificationOverdue,
  RecoveryOrderView,
  workflowIds,
  yuanDecimal,
} from '@kjflow/domain';
import { MidtermPanelRepository, MidtermRepository } from '@kjflow/persistence';
import {
  confirmMidtermUpdate,
  conveneMidtermPanelUpdate,
  decideMidtermUpdate,
  payRecoveryUpdate,
  reviewMidtermUpdate,
  submitMidtermUpdate,
} from '@kjflow/workflows';
import { ProjectsQueryService } from './projects-query.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

const RECOVERY_STATUS_ZH: Record<string, string> = { open: '待缴回', paid: '已缴回', overdue: '逾期未缴回' };

/** 中期检查 and 追回 of a project: commands through `project-<id>`, reads from the records. */
@Injectable()
export class MidtermService {
  private readonly midterms: MidtermRepository;
  private readonly panels: MidtermPanelRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
  ) {
    this.midterms = new MidtermRepository(ds);
    this.panels = new MidtermPanelRepository(ds);
  }

  /**
   * The check as its reader may see it: the project's readers, and the experts on its panel (the
   * mid-term materials only: the project's other records stay closed to them).
   */
  async get(id: string, actor: Actor): Promise<MidtermView> {
    const p = await this.projects.one(id);
    if (!p || !mayReadMidterm(actor, p, await this.panels.readerUserIds(id)))
      throw notFound({ zh: '项目', en: 'Project' });
    if (!p.midtermAt)
      assertMidtermStep({ status: p.status, midtermAt: null, midterm: null }, 'submit', actor.id);
    const m = await this.midterms.find(id);
    const sub = m?.submission as MidtermSubmissionInput | undefined | null;
    const review = m?.review as {
      opinion: string;
      recommendation: MidtermDecisionInput['decision'];
      by?: 'panel';
    } | null;
    return {
      projectId: id,
      opensAt: p.midtermAt!,
      phase: (m?.phase as MidtermPhase) ?? null,
      round: m?.round ?? 1,
      submission:
        m && sub && m.submittedBy && m.submittedAt
          ? {
              ...sub,
              spentFen: Number(m.spentFen),
              submittedBy: m.submittedBy,
              submittedAt: m.submittedAt.toISOString(),
            }
          : null,
      confirmation:
        m?.confirmation && m.confirmedBy && m.confirmedAt
          ? { opinion: m.confirmation, confirmedBy: m.confirmedBy, confirmedAt: m.confirmedAt.toISOString() }
          : null,
      review:
        m && review && m.reviewedAt
          ? {
              opinion: review.opinion,
              recommendation: review.recommendation,
              reviewedBy: m.reviewedBy,
              reviewedAt: m.reviewedAt.toISOString(),
              by: review.by === 'panel' ? 'panel' : 'officer',
            }
          : null,
      decision:
        m?.decision && m.decidedBy && m.decidedAt
          ? {
              decision: m.decision as MidtermDecisionInput['decision'],
              reasons: m.reasons ?? '',
              changeNote: m.changeNote,
              decidedBy: m.decidedBy,
              decidedAt: m.decidedAt.toISOString(),
            }
          : null,
      panel: await this.panelView(id, m?.round ?? 1, actor),
      fixBy: m?.fixBy ? m.fixBy.toISOString() : null,
      overdue: rectificationOverdue(m ? this.facts(m) : null, Date.now()),
    };
  }

  /** The panel of the check's current round; members' identities for staff and auditors only. */
  private async panelView(projectId: string, round: number, actor: Actor): Promise<MidtermPanelView | null> {
    const panel = await this.panels.current(projectId);
    if (!panel || panel.round !== round) return null;
    const identities = maySeePanelIdentities(actor);
    return {
      id: panel.id,
      round: panel.round,
      convenedBy: panel.convenedBy,
      convenedAt: panel.convenedAt.toISOString(),
      deadline: panel.deadline.toISOString(),
      seed: Number(panel.seed),
      status: panel.status,
      recommendation: panel.recommendation as MidtermPanelView['recommendation'],
      explanation: panel.consolidation?.explanation ?? null,
      meanScore: panel.meanScore === null ? null : Number(panel.meanScore),
      members: (await this.panels.members(panel.id)).map((m) => ({
        id: m.id,
        seat: m.seat,
        expertId: identities ? m.expertId : null,
        expertName: identities ? m.expertName : null,
        status: m.status as MidtermPanelView['members'][number]['status'],
        reason: m.reason,
        recommendation: m.recommendation as MidtermPanelView['recommendation'],
        score: m.score,
        opinion: m.opinion,
        submittedAt: m.submittedAt ? m.submittedAt.toISOString() : null,
      })),
    };
  }

  private facts(m: NonNullable<Awaited<ReturnType<MidtermRepository['find']>>>): MidtermFacts {
    return {
      phase: m.phase as MidtermPhase,
      round: m.round,
      reviewedBy: m.reviewedBy,
      fixBy: m.fixBy ? m.fixBy.toISOString() : null,
      decision: m.decision as MidtermFacts['decision'],
    };
  }

  /** One step: read access (404), the step's party (403), then the project's workflow decides. */
  private async step(
    id: string,
    actor: Actor,
    step: MidtermStep,
    send: (h: WorkflowHandle) => Promise<unknown>,
  ): Promise<MidtermView> {
    const p = await this.projects.get(id, actor);
    assertMidtermActor(actor, p, step);
    const m = await this.midterms.find(id);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      // No run (an earlier record): the rule on the records explains why.
      () =>
        assertMidtermStep(
          {
            status: p.status,
            midtermAt: p.midtermAt,
            midterm: m ? this.facts(m) : null,
          },
          step,
          actor.id,
        ),
      send,
    );
    return this.get(id, actor);
  }

  submit(id: string, input: MidtermSubmissionInput, actor: Actor) {
    return this.step(id, actor, 'submit', (h) =>
      h.executeUpdate(submitMidtermUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  confirm(id: string, input: { opinion: string }, actor: Actor) {
    return this.step(id, actor, 'confirm', (h) =>
      h.executeUpdate(confirmMidtermUpdate, { args: [{ actorId: actor.id, opinion: input.opinion }] }),
    );
  }

  review(id: string, input: MidtermReviewInput, actor: Actor) {
    return this.step(id, actor, 'review', (h) =>
      h.executeUpdate(reviewMidtermUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }

  /** 召集专家组: the draw's seed is chosen here (uint32) and recorded with the panel. */
  convene(id: string, input: MidtermPanelConveneInput, actor: Actor) {
    const seed = randomInt(0, 0xffffffff);
    return this.step(id, actor, 'convene', (h) =>
      h.executeUpdate(conveneMidtermPanelUpdate, {
        args: [{ actorId: actor.id, seed, pool: input.pool ?? null }],
      }),
    );
  }

  decide(id: string, input: MidtermDecisionInput, actor: Actor) {
    return this.step(id, actor, 'decide', (h) =>
      h.executeUpdate(decideMidtermUpdate, {
        args: [
          {
            actorId: actor.id,
            decision: input.decision,
            reasons: input.reasons,
            changeNote: input.changeNote ?? null,
            severity: input.severity,
            creditInstitution: input.creditInstitution,
          },
        ],
      }),
    );
  }

  async recoveryOrders(id: string, actor: Actor): Promise<{ items: RecoveryOrderView[] }> {
    await this.projects.get(id, actor);
    return { items: (await this.midterms.recoveryOrders(id)).map((o) => this.orderView(o)) };
  }

  /** 登记缴回: staff record the repayment through the project's workflow. */
  async pay(id: string, orderId: string, note: string, actor: Actor): Promise<RecoveryOrderView> {
    await this.projects.get(id, actor);
    const order = (await this.midterms.recoveryOrders(id)).find((o) => o.id === orderId);
    assertRecoveryPayable(order);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(id)),
      () => assertRecoveryPayable(order),
      (h) => h.executeUpdate(payRecoveryUpdate, { args: [{ actorId: actor.id, orderId, note }] }),
    );
    const after = (await this.midterms.recoveryOrders(id)).find((o) => o.id === orderId)!;
    return this.orderView(after);
  }

  private orderView(o: Awaited<ReturnType<MidtermRepository['recoveryOrders']>>[number]): RecoveryOrderView {
    return {
      id: o.id,
      projectId: o.projectId,
      amountFen: Number(o.amountFen),
      reason: o.reason,
      dueAt: o.dueAt.toISOString(),
      status: o.status as RecoveryOrderView['status'],
      paidAt: o.paidAt ? o.paidAt.toISOString() : null,
      createdAt: o.createdAt.toISOString(),
    };
  }

  /** 追回清单 for the finance bureau: every recovery order, open and overdue first. */
  async recoveryList(): Promise<Buffer> {
    const rows = await this.midterms.recoveryList();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('追回清单 Recoveries');
    ws.columns = [
      { header: '追回单 Order', key: 'id', width: 38 },
      { header: '项目 Project', key: 'title', width: 40 },
      { header: '依托单位 Institution', key: 'institution', width: 30 },
      { header: '金额（元）Amount (yuan)', key: 'yuan', width: 18 },
      { header: '事由 Reason', key: 'reason', width: 40 },
      { header: '缴回期限 Due', key: 'due', width: 20 },
      { header: '状态 Status', key: 'status', width: 12 },
      { header: '缴回时间 Paid', key: 'paid', width: 20 },
    ];
    for (const r of rows)
      ws.addRow({
        id: r.id,
        title: r.title,
        institution: r.institution,
        // As text: the sheet shows exact fen, never a float.
        yuan: yuanDecimal(Number(r.amount_fen)),
        reason: r.reason,
        due: formatShanghai(r.due_at),
        status: RECOVERY_STATUS_ZH[r.status] ?? r.status,
        paid: r.paid_at ? formatShanghai(r.paid_at) : '',
      });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
