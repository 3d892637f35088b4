import {
  changeBody,
  dossierBody,
  dossierFormFrom,
  installmentRows,
  midtermBody,
  reportBody,
  reportFormFrom,
  type AgreementTerms,
} from './execution-forms';

const agreement: AgreementTerms = {
  title: '赤泥综合利用关键技术研究',
  indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, assessment: '第三方检测报告' }],
  milestones: [{ title: '工艺研究', start: '2027-01-01', end: '2027-06-30', deliverable: '工艺参数报告' }],
  budget: {
    equipment: [{ item: '成型试验机', amountFen: 5_000_000 }],
    business: [
      { item: '材料费', amountFen: 12_000_000 },
      { item: '测试化验加工费', amountFen: 8_000_000 },
    ],
    labour: [{ item: '研究生劳务', amountFen: 5_000_000 }],
    indirectFen: 3_000_000,
  },
};

describe('the PI’s execution forms', () => {
  it('starts a progress report from the agreement: its milestones, indicators and budget in yuan', () => {
    const form = reportFormFrom(agreement);
    expect(form.milestones).toEqual([{ name: '工艺研究', status: 'not_started', note: '' }]);
    expect(form.indicators).toEqual([{ name: '赤泥综合利用率', unit: '%', target: 30, achieved: null }]);
    expect(form.spending).toEqual([
      { category: 'equipment', plannedFen: 50_000, spentFen: null },
      { category: 'business', plannedFen: 200_000, spentFen: null },
      { category: 'labour', plannedFen: 50_000, spentFen: null },
    ]);
  });

  it('sends the report in integer fen, and a returned one comes back as it was sent', () => {
    const form = reportFormFrom(agreement);
    form.progress = '完成赤泥脱碱预处理工艺研究。';
    form.spending![1].spentFen = 60_000.5;
    const body = reportBody(form);
    expect(body.spending).toEqual([
      { category: 'equipment', plannedFen: 5_000_000, spentFen: 0 },
      { category: 'business', plannedFen: 20_000_000, spentFen: 6_000_050 },
      { category: 'labour', plannedFen: 5_000_000, spentFen: 0 },
    ]);
    expect(reportFormFrom(agreement, body)).toMatchObject({
      progress: '完成赤泥脱碱预处理工艺研究。',
      spending: [
        { category: 'equipment', plannedFen: 50_000, spentFen: 0 },
        { category: 'business', plannedFen: 200_000, spentFen: 60_000.5 },
        { category: 'labour', plannedFen: 50_000, spentFen: 0 },
      ],
    });
  });

  it('sends the mid-term spending and the final accounts in fen', () => {
    expect(midtermBody({ selfAssessment: '进展顺利', spending: { equipment: 1.5, business: 2 } })).toEqual({
      selfAssessment: '进展顺利',
      spending: { equipment: 150, business: 200, labour: 0, indirect: 0 },
    });
    const dossier = dossierFormFrom(agreement);
    expect(dossier.indicators).toEqual([
      { name: '赤泥综合利用率', unit: '%', target: 30, achieved: null, evidence: '', attachmentIds: [] },
    ]);
    dossier.indirectSpentFen = 30_000;
    expect(dossierBody(dossier)).toMatchObject({
      accounts: [
        { category: 'equipment', plannedFen: 5_000_000, spentFen: 0 },
        { category: 'business', plannedFen: 20_000_000, spentFen: 0 },
        { category: 'labour', plannedFen: 5_000_000, spentFen: 0 },
      ],
      indirectSpentFen: 3_000_000,
      auditReportId: null,
    });
  });

  it('sends only the fields of the change’s kind', () => {
    const reason = '中试设备到货延迟，需延长执行期。';
    // A new PI or host: the one chosen from the search, nothing of another kind.
    const id = '3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21';
    expect(changeBody({ kind: 'pi_change', reason, newPiId: id, newInstitutionId: 'x' })).toEqual({
      kind: 'pi_change',
      reason,
      newPiId: id,
    });
    expect(changeBody({ kind: 'institution_change', reason, newInstitutionId: id })).toEqual({
      kind: 'institution_change',
      reason,
      newInstitutionId: id,
    });
    expect(changeBody({ kind: 'extension', reason, extendBy: 6, objectives: '不应发送' })).toEqual({
      kind: 'extension',
      reason,
      extendBy: 'P6M',
    });
    expect(
      changeBody({
        kind: 'budget_adjustment',
        reason,
        budget: { equipmentFen: 40_000, businessFen: 210_000, labourFen: 50_000, indirectFen: 30_000 },
      }),
    ).toEqual({
      kind: 'budget_adjustment',
      reason,
      budget: {
        equipmentFen: 4_000_000,
        businessFen: 21_000_000,
        labourFen: 5_000_000,
        indirectFen: 3_000_000,
      },
    });
    expect(
      changeBody({ kind: 'objectives_change', reason, objectives: ' ', technicalRoute: '新路线' }),
    ).toEqual({
      kind: 'objectives_change',
      reason,
      technicalRoute: '新路线',
    });
    // No kind chosen: nothing is guessed (the API names the missing field).
    expect(changeBody({ reason })).toEqual({ kind: undefined, reason });
  });

  it('lists the payment plan of the terms until signing records the installments', () => {
    const plan = {
      ...agreement,
      installments: [{ sharePercent: 50, releasedBy: 'signing', amountFen: 15_000_000 }],
    };
    expect(installmentRows([], plan)).toEqual([
      {
        seq: 1,
        sharePercent: 50,
        amountFen: 15_000_000,
        releasedBy: 'signing',
        releasedByLabel: null,
        status: 'planned',
        dueByLocal: null,
        overdue: false,
      },
    ]);
    const recorded = {
      seq: 1,
      sharePercent: 50,
      amountFen: 15_000_000,
      releasedBy: 'signing',
      releasedByLabel: { zh: '任务书签订后', en: 'On signing the agreement' },
      status: 'paid' as const,
      dueByLocal: '2027-02-01 10:00',
      overdue: false,
    };
    expect(installmentRows([recorded], plan)).toEqual([recorded]);
  });
});
