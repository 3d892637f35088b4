import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { Actor, assertMayReadAgreements, formatShanghai, yuanDecimal } from '@kjflow/domain';
import { AgreementRepository } from '@kjflow/persistence';

/** 拨付清单: the approved and paid installments of a call, as a sheet for the finance bureau. */
@Injectable()
export class PaymentListQueryService {
  private readonly agreements: AgreementRepository;

  constructor(ds: DataSource) {
    this.agreements = new AgreementRepository(ds);
  }

  async xlsx(callId: string, actor: Actor): Promise<Buffer> {
    assertMayReadAgreements(actor);
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
}
