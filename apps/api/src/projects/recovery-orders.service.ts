import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertRecoveryPayable,
  formatShanghai,
  RecoveryOrderView,
  workflowIds,
  yuanDecimal,
} from '@kjflow/domain';
import { MidtermRepository } from '@kjflow/persistence';
import { payRecoveryUpdate } from '@kjflow/workflows';
import { ProjectsQueryService } from './projects-query.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { workbook } from '../common/xlsx';

const RECOVERY_STATUS_ZH: Record<string, string> = { open: '待缴回', paid: '已缴回', overdue: '逾期未缴回' };

/**
 * 追回单 of a project, whatever ended it (the mid-term check, a race, a milestone, a termination
 * request, 容错 or acceptance): read by the project's readers, repaid through `project-<id>`, and
 * listed for the finance bureau.
 */
@Injectable()
export class RecoveryOrdersService {
  private readonly midterms: MidtermRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
  ) {
    this.midterms = new MidtermRepository(ds);
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
    return workbook([
      {
        name: '追回清单 Recoveries',
        columns: [
          { header: '追回单 Order', key: 'id', width: 38 },
          { header: '项目 Project', key: 'title', width: 40 },
          { header: '依托单位 Institution', key: 'institution', width: 30 },
          { header: '金额（元）Amount (yuan)', key: 'yuan', width: 18 },
          { header: '事由 Reason', key: 'reason', width: 40 },
          { header: '缴回期限 Due', key: 'due', width: 20 },
          { header: '状态 Status', key: 'status', width: 12 },
          { header: '缴回时间 Paid', key: 'paid', width: 20 },
        ],
        rows: rows.map((r) => ({
          id: r.id,
          title: r.title,
          institution: r.institution,
          // As text: the sheet shows exact fen, never a float.
          yuan: yuanDecimal(Number(r.amount_fen)),
          reason: r.reason,
          due: formatShanghai(r.due_at),
          status: RECOVERY_STATUS_ZH[r.status] ?? r.status,
          paid: r.paid_at ? formatShanghai(r.paid_at) : '',
        })),
      },
    ]);
  }
}
