import { caught, HAN, passes } from '../kernel/spec-helpers';
import type { Actor } from '../kernel/roles';
import { parseOrThrow } from '../kernel/validation';
import {
  acceptanceDossierSchema,
  assertAcceptanceActor,
  assertAuditReport,
  assertDossierIndicators,
  dossierCompletion,
  dossierSpentFen,
  serviceSummaryTotals,
} from './acceptance';
import { serviceLogSchema } from './dispatch';
import {
  ACCEPTANCE_PHASES,
  ACCEPTANCE_STEPS,
  acceptanceDeadlines,
  acceptanceName,
  acceptanceStepsAt,
  acceptanceTerms,
  acceptanceVerdictLabel,
  mayBeExcellent,
  assertAcceptanceObjectionOpen,
  assertAcceptanceStep,
  assertAuditReportFen,
  DEFAULT_AUDIT_THRESHOLD_FEN,
  surplusKept,
  AcceptanceFacts,
  allowedVerdicts,
  assertVerdictAllowed,
  completionRate,
  statusAfterAcceptance,
  suggestedVerdict,
  surplusFen,
  verdictGrounds,
} from './acceptance.rules';

const facts = (over: Partial<AcceptanceFacts> = {}): AcceptanceFacts => ({
  completion: 1,
  unapprovedChanges: 0,
  falseMaterial: false,
  spendingIssues: false,
  late: false,
  ...over,
});

describe('acceptance deadlines (RULES §10: apply within 6 months, fail more than 6 months later)', () => {
  it('defaults: apply by six months after the term, fail six months after that', () => {
    expect(acceptanceDeadlines('2026-12-31T16:00:00.000Z')).toEqual({
      applyBy: '2027-06-30T16:00:00.000Z',
      failsAt: '2027-12-30T16:00:00.000Z',
    });
  });
  it('a template’s durations replace them (a drill runs in seconds)', () => {
    expect(
      acceptanceDeadlines('2026-01-01T00:00:00.000Z', { window: 'PT10S', overdueLimit: 'PT20S' }),
    ).toEqual({
      applyBy: '2026-01-01T00:00:10.000Z',
      failsAt: '2026-01-01T00:00:30.000Z',
    });
  });
});

describe('the steps a phase waits for (acceptanceStepsAt), as assertAcceptanceStep allows them', () => {
  it('names, for each phase, exactly the steps the rule lets through', () => {
    expect(acceptanceStepsAt(null)).toEqual([]);
    expect(acceptanceStepsAt('checked')).toEqual(['convene', 'review']);
    expect(acceptanceStepsAt('reviewed')).toEqual(['decide']);
    expect(acceptanceStepsAt('published')).toEqual(['object', 'answer_objection']);
    expect(acceptanceStepsAt('final')).toEqual([]);
    const now = Date.parse('2027-01-01T00:00:00Z');
    for (const phase of ACCEPTANCE_PHASES)
      for (const step of ACCEPTANCE_STEPS) {
        const allowed = passes(() => assertAcceptanceStep({ phase, objectionsUntil: null }, step, now));
        expect([phase, step, acceptanceStepsAt(phase).includes(step)]).toEqual([phase, step, allowed]);
      }
  });
});

describe('task completion (任务完成率)', () => {
  it('is the mean of each indicator’s achievement, each capped at 100 %', () => {
    // 10 of 10 patents, 3 of 6 products, 150 of 100 trainees (capped): (1 + 0.5 + 1) / 3
    expect(
      completionRate([
        { target: 10, achieved: 10 },
        { target: 6, achieved: 3 },
        { target: 100, achieved: 150 },
      ]),
    ).toBeCloseTo(2.5 / 3, 10);
  });
  it('a zero target is met by any achievement of at least zero; no indicators is nothing done', () => {
    expect(completionRate([{ target: 0, achieved: 0 }])).toBe(1);
    expect(completionRate([])).toBe(0);
    expect(completionRate([{ target: 5, achieved: -1 }])).toBe(0);
  });
});

describe('the verdict and its grounds (安阳 thresholds as Baise defaults)', () => {
  it('everything achieved on the record: pass first, every verdict allowed', () => {
    expect(allowedVerdicts(facts(), 1)).toEqual(['pass', 'conditional', 'fail', 'closure']);
    expect(suggestedVerdict(facts(), 1)).toBe('pass');
  });
  it('completion at 90 % passes; just below is conditional; below 80 % fails', () => {
    expect(suggestedVerdict(facts({ completion: 0.9 }), 1)).toBe('pass');
    expect(suggestedVerdict(facts({ completion: 0.8999 }), 1)).toBe('conditional');
    expect(suggestedVerdict(facts({ completion: 0.8 }), 1)).toBe('conditional');
    expect(suggestedVerdict(facts({ completion: 0.7999 }), 1)).toBe('fail');
  });
  it('an unapproved change or false material fails whatever the completion', () => {
    expect(allowedVerdicts(facts({ unapprovedChanges: 1 }), 1)).toEqual(['fail']);
    expect(allowedVerdicts(facts({ falseMaterial: true }), 1)).toEqual(['fail']);
  });
  it('spending issues rule out a pass', () => {
    expect(allowedVerdicts(facts({ spendingIssues: true }), 1)).not.toContain('pass');
  });
  it('the re-check after rectification ends in pass or fail (one chance to fix)', () => {
    expect(allowedVerdicts(facts(), 2)).toEqual(['pass', 'fail']);
    expect(allowedVerdicts(facts({ completion: 0.85 }), 2)).toEqual(['fail']);
  });
  it('a refused verdict names its grounds with their numbers, in Chinese and English', () => {
    const e = caught(() =>
      assertVerdictAllowed(facts({ completion: 0.75, unapprovedChanges: 2 }), 1, 'pass'),
    );
    expect(e.code).toBe('rule_refused');
    expect(e.bilingual.zh).toMatch(HAN);
    expect(e.bilingual.zh).toContain('75%');
    expect(e.bilingual.zh).toContain('2 项');
    expect(e.bilingual.en).toContain('below 80%');
    const again = caught(() => assertVerdictAllowed(facts(), 2, 'conditional'));
    expect(again.bilingual.en).toContain('re-check');
    expect(() => assertVerdictAllowed(facts({ completion: 0.85 }), 1, 'conditional')).not.toThrow();
  });
  it('grounds are listed by kind', () => {
    expect(verdictGrounds(facts({ completion: 0.85, spendingIssues: true })).conditional).toHaveLength(2);
    expect(verdictGrounds(facts()).fail).toHaveLength(0);
  });
});

describe('after the verdict', () => {
  it('the project’s status', () => {
    expect(statusAfterAcceptance('pass')).toBe('accepted');
    expect(statusAfterAcceptance('conditional')).toBe('rectifying');
    expect(statusAfterAcceptance('closure')).toBe('closed');
    expect(statusAfterAcceptance('fail')).toBe('failed');
  });
  it('the surplus is what was paid and not spent, never negative', () => {
    expect(surplusFen(1_000_000, 800_000)).toBe(200_000);
    expect(surplusFen(1_000_000, 1_200_000)).toBe(0);
  });
});

describe('the dossier (验收申请材料)', () => {
  const dossier = {
    summary: '完成了赤泥综合利用中试线建设与工艺验证。',
    indicators: [{ name: '中试线', unit: '条', target: 1, achieved: 1, evidence: '第三方检测报告' }],
    accounts: [
      { category: 'equipment', plannedFen: 50_000_00, spentFen: 48_000_00 },
      { category: 'business', plannedFen: 30_000_00, spentFen: 30_000_00 },
    ],
    indirectSpentFen: 5_000_00,
  };
  it('totals the final accounts in fen, indirect costs included', () => {
    expect(dossierSpentFen(parseOrThrow(acceptanceDossierSchema, dossier))).toBe(83_000_00);
  });
  it('names a category given twice', () => {
    const e = caught(() =>
      parseOrThrow(acceptanceDossierSchema, {
        ...dossier,
        accounts: [...dossier.accounts, { category: 'business', plannedFen: 1, spentFen: 1 }],
      }),
    );
    expect(e.fields.map((f) => f.path)).toContain('accounts.2.category');
  });
  it('asks for the audit report above the template’s threshold, naming both amounts', () => {
    const d = parseOrThrow(acceptanceDossierSchema, dossier);
    expect(() => assertAuditReport(d, 83_000_00)).not.toThrow();
    const e = caught(() => assertAuditReport(d, 80_000_00));
    expect(e.code).toBe('rule_refused');
    expect(e.bilingual.zh).toContain('83000 元');
    expect(e.fields[0]!.path).toBe('auditReportId');
    expect(() =>
      assertAuditReport({ ...d, auditReportId: '0b8f6b2e-7f1c-4c55-9a39-4f4f7e0c2a11' }, 80_000_00),
    ).not.toThrow();
  });
});

describe('who takes each step of acceptance', () => {
  const holders = { piId: 'pi', institutionId: 'inst' };
  const actor = (id: string, roles: Actor['roles'], institutionId: string | null = null): Actor =>
    ({ id, roles, institutionId }) as Actor;
  const STEPS = ['submit', 'confirm', 'check', 'review', 'decide', 'answer_objection'] as const;
  it('the PI applies, the host institution confirms, staff check, review, decide and answer objections; nobody else', () => {
    const staff = ['check', 'review', 'decide', 'answer_objection'] as const;
    const cases: Array<[Actor, ReadonlyArray<(typeof STEPS)[number]>]> = [
      [actor('pi', ['applicant']), ['submit']],
      [actor('other', ['applicant']), []],
      [actor('a', ['institution_admin'], 'inst'), ['confirm']],
      [actor('a', ['institution_admin'], 'inst-2'), []],
      [actor('o', ['officer']), staff],
      [actor('ad', ['admin']), staff],
      [actor('au', ['auditor']), []],
      [actor('e', ['expert']), []],
    ];
    for (const [who, allowed] of cases)
      for (const step of STEPS) {
        if (allowed.includes(step)) expect(() => assertAcceptanceActor(who, holders, step)).not.toThrow();
        else expect(caught(() => assertAcceptanceActor(who, holders, step)).code).toBe('forbidden');
      }
  });
});

describe('the steps in order (RULES §14 Acceptance)', () => {
  const now = Date.parse('2027-01-10T00:00:00Z');
  it('refuses every step before the term ends, naming it', () => {
    const e = caught(() => assertAcceptanceStep({ phase: null }, 'submit', now));
    expect([e.code, e.bilingual.zh]).toEqual(['invalid_state', '项目实施期尚未结束，验收尚未开始']);
  });
  it('takes each step in its phase only, and says where acceptance stands', () => {
    expect(() => assertAcceptanceStep({ phase: 'awaiting' }, 'submit', now)).not.toThrow();
    expect(() => assertAcceptanceStep({ phase: 'rectifying' }, 'submit', now)).not.toThrow();
    expect(() => assertAcceptanceStep({ phase: 'submitted' }, 'confirm', now)).not.toThrow();
    expect(() => assertAcceptanceStep({ phase: 'confirmed' }, 'check', now)).not.toThrow();
    expect(() => assertAcceptanceStep({ phase: 'checked' }, 'review', now)).not.toThrow();
    expect(() => assertAcceptanceStep({ phase: 'reviewed' }, 'decide', now)).not.toThrow();
    const e = caught(() => assertAcceptanceStep({ phase: 'awaiting' }, 'decide', now));
    expect([e.code, e.bilingual.zh]).toEqual(['invalid_state', '验收当前为“待验收”，不能进行此操作']);
    expect(caught(() => assertAcceptanceStep({ phase: 'final' }, 'submit', now)).code).toBe('invalid_state');
  });
  it('takes objections during the publication until its window ends; late ones are refused', () => {
    const f = { phase: 'published' as const, objectionsUntil: '2027-01-10T00:00:00.000Z' };
    expect(() => assertAcceptanceStep(f, 'object', now)).not.toThrow();
    expect(caught(() => assertAcceptanceStep(f, 'object', now + 1)).bilingual.zh).toContain(
      '逾期提出的异议不予受理',
    );
    // The officer still answers after the window (the verdict waits for the answers).
    expect(() => assertAcceptanceStep(f, 'answer_objection', now + 1)).not.toThrow();
  });
  it('answers an objection once', () => {
    const list = [
      { id: 'a', status: 'open' },
      { id: 'b', status: 'dismissed' },
    ];
    expect(() => assertAcceptanceObjectionOpen(list, 'a')).not.toThrow();
    expect(caught(() => assertAcceptanceObjectionOpen(list, 'b')).code).toBe('invalid_state');
    expect(caught(() => assertAcceptanceObjectionOpen(list, 'c')).code).toBe('not_found');
  });
});

describe('the template’s acceptance terms', () => {
  it('default to the RULES numbers (6 + 6 months, 3 months to fix, 5 working days, ¥1,000,000 audit threshold)', () => {
    expect(acceptanceTerms(null)).toEqual({
      window: 'P6M',
      overdueLimit: 'P6M',
      rectifyWindow: 'P3M',
      objectionWorkingDays: 5,
      objectionPeriod: null,
      auditThresholdFen: DEFAULT_AUDIT_THRESHOLD_FEN,
      recoveryWindow: null,
      kind: 'research',
    });
    expect(DEFAULT_AUDIT_THRESHOLD_FEN).toBe(100_000_000);
  });
  it('take the template’s own durations and threshold', () => {
    expect(
      acceptanceTerms(
        {
          acceptanceWindow: 'PT10S',
          acceptanceOverdueLimit: 'PT20S',
          acceptanceRectifyWindow: 'PT30S',
          acceptanceObjectionWorkingDays: 7,
          acceptanceObjectionPeriod: 'PT5S',
        },
        50_000_000,
      ),
    ).toEqual({
      window: 'PT10S',
      overdueLimit: 'PT20S',
      rectifyWindow: 'PT30S',
      objectionWorkingDays: 7,
      objectionPeriod: 'PT5S',
      auditThresholdFen: 50_000_000,
      recoveryWindow: null,
      kind: 'research',
    });
  });
  it('the audit report: required above the threshold, not at it', () => {
    expect(() => assertAuditReportFen(500_000, null, 500_000)).not.toThrow();
    const e = caught(() => assertAuditReportFen(500_001, null, 500_000));
    expect([e.code, e.fields[0]?.path]).toEqual(['rule_refused', 'auditReportId']);
    expect(() => assertAuditReportFen(500_001, 'report', 500_000)).not.toThrow();
  });
});

describe('the surplus after a pass (结余经费, RULES §10–11)', () => {
  const yes = { allowed: true, reason: { zh: '信用等级为良好，结余经费可留用', en: 'may keep' } };
  const no = {
    allowed: false,
    reason: { zh: '信用等级为一般失信，结余经费不得留用，应按规定收回', en: 'may not' },
  };
  it('is kept only when both the PI’s and the institution’s credit allow it; the reason names both', () => {
    expect(surplusKept(yes, yes).kept).toBe(true);
    expect(surplusKept(no, yes).kept).toBe(false);
    expect(surplusKept(yes, no).kept).toBe(false);
    expect(surplusKept(no, yes).reason).toBe(`项目负责人：${no.reason.zh}；依托单位：${yes.reason.zh}`);
  });
});

describe('the dossier against the agreement’s indicators', () => {
  const agreed = [
    { name: '赤泥综合利用率', unit: '%', target: 30 },
    { name: '发明专利申请', unit: '件', target: 2 },
  ];
  const row = (name: string, target: number, achieved: number) => ({
    name,
    unit: 'x',
    target,
    achieved,
    evidence: '检测报告',
    attachmentIds: [],
  });
  it('reports every agreed indicator at the agreement’s target; the refusal names each on its field', () => {
    expect(() =>
      assertDossierIndicators(agreed, [row('赤泥综合利用率', 30, 31), row('发明专利申请', 2, 2)]),
    ).not.toThrow();
    const e = caught(() => assertDossierIndicators(agreed, [row('赤泥综合利用率', 20, 21)]));
    expect(e.code).toBe('rule_refused');
    expect(e.fields.map((f) => f.path)).toEqual(['indicators.0.target', 'indicators']);
    expect(e.bilingual.zh).toContain('须为任务书约定的 30%');
    expect(e.bilingual.zh).toContain('缺少任务书考核指标“发明专利申请”');
    // A project of earlier records has no agreed indicators: the dossier's stand.
    expect(() => assertDossierIndicators([], [row('自定指标', 1, 1)])).not.toThrow();
  });
  it('measures completion on the agreed indicators only', () => {
    const reported = [row('赤泥综合利用率', 30, 21), row('发明专利申请', 2, 2), row('额外指标', 1, 0)];
    expect(dossierCompletion(agreed, reported)).toBeCloseTo(0.85, 10);
    expect(dossierCompletion([], [row('自定指标', 4, 2)])).toBe(0.5);
  });
});

describe('the yearly assessment of a dispatch (科技特派员年度考核)', () => {
  it('is named by the template’s project kind: 年度考核 graded 优秀 / 合格 / 不合格; a research project keeps its verdicts', () => {
    expect(acceptanceName('dispatch')).toEqual({ zh: '年度考核', en: 'Yearly assessment' });
    expect(acceptanceName('research').zh).toBe('验收');
    expect(acceptanceName(undefined).zh).toBe('验收');
    const zh = (v: 'pass' | 'fail', excellent: boolean, kind: 'research' | 'dispatch' | null) =>
      acceptanceVerdictLabel(v, excellent, kind).zh;
    expect([
      zh('pass', true, 'dispatch'),
      zh('pass', false, 'dispatch'),
      zh('fail', false, 'dispatch'),
    ]).toEqual(['优秀', '合格', '不合格']);
    expect([zh('pass', true, 'research'), zh('pass', false, null), zh('fail', false, 'research')]).toEqual([
      '通过验收',
      '通过验收',
      '不通过验收',
    ]);
    expect(acceptanceVerdictLabel('pass', true, 'dispatch').en).toBe('Excellent');
  });

  it('has no conditional or closure; the RULES thresholds still bind: under 80 % 不合格, under 90 % 合格 at best', () => {
    expect(allowedVerdicts(facts(), 1, 'dispatch')).toEqual(['pass', 'fail']);
    expect(suggestedVerdict(facts({ completion: 0.85 }), 1, 'dispatch')).toBe('pass');
    expect(allowedVerdicts(facts({ completion: 0.79 }), 1, 'dispatch')).toEqual(['fail']);
    expect(allowedVerdicts(facts({ falseMaterial: true }), 1, 'dispatch')).toEqual(['fail']);
    expect([
      mayBeExcellent(facts(), 'dispatch'),
      mayBeExcellent(facts({ completion: 0.85 }), 'dispatch'),
    ]).toEqual([true, false]);
    expect(mayBeExcellent(facts({ spendingIssues: true }), 'dispatch')).toBe(false);
    expect(() => assertVerdictAllowed(facts(), 1, 'pass', 'dispatch', true)).not.toThrow();
    const notExcellent = caught(() =>
      assertVerdictAllowed(facts({ completion: 0.85 }), 1, 'pass', 'dispatch', true),
    );
    expect(notExcellent.bilingual.zh).toContain('不能评为优秀');
    expect(notExcellent.bilingual.zh).toContain('85%');
    expect(() => assertVerdictAllowed(facts({ completion: 0.85 }), 1, 'pass', 'dispatch')).not.toThrow();
    for (const v of ['conditional', 'closure'] as const) {
      const e = caught(() => assertVerdictAllowed(facts(), 1, v, 'dispatch'));
      expect(e.code).toBe('rule_refused');
      expect(e.bilingual.zh).toContain('优秀、合格或不合格');
      expect(HAN.test(e.bilingual.en)).toBe(false);
      expect(e.bilingual.en).toContain('excellent, qualified or unqualified');
    }
    const unqualified = caught(() => assertVerdictAllowed(facts({ completion: 0.5 }), 1, 'pass', 'dispatch'));
    expect(unqualified.bilingual.zh).toContain('合格');
    expect(unqualified.bilingual.zh).toContain('低于 80%');
  });

  it('a research project is unchanged: a pass may be excellent as before', () => {
    expect(allowedVerdicts(facts(), 1)).toEqual(['pass', 'conditional', 'fail', 'closure']);
    expect(() => assertVerdictAllowed(facts(), 1, 'pass', 'research', true)).not.toThrow();
  });

  it('the template’s kind rides with the terms (runs opened before: research)', () => {
    expect(acceptanceTerms(null).kind).toBe('research');
    expect(acceptanceTerms(null, null, 'dispatch').kind).toBe('dispatch');
  });

  it('the dossier’s service summary counts the accepted logs: visits, trainings, people trained, technologies', () => {
    const logs = [
      {
        summary: '驻点调研，现场指导',
        visits: [
          { date: '2027-03-02', place: '百笔村', served: '合作社' },
          { date: '2027-03-16', place: '中平村', served: '种植大户' },
        ],
        trainings: [
          { topic: '病虫害防控', sessions: 2, peopleTrained: 85 },
          { topic: '修剪控梢', sessions: 1, peopleTrained: 40 },
        ],
        technologies: [{ name: '绿色防控技术' }],
      },
      {
        summary: '示范推广高接换种',
        trainings: [{ topic: '高接换种', sessions: 3, peopleTrained: 96 }],
        problemsSolved: [{ problem: '品种退化', solution: '高接换种' }],
      },
    ].map((l) => parseOrThrow(serviceLogSchema, l));
    expect(serviceSummaryTotals(logs)).toEqual({
      logs: 2,
      visits: 2,
      trainingSessions: 6,
      peopleTrained: 221,
      technologies: 1,
      problemsSolved: 1,
    });
    expect(serviceSummaryTotals([])).toEqual({
      logs: 0,
      visits: 0,
      trainingSessions: 0,
      peopleTrained: 0,
      technologies: 0,
      problemsSolved: 0,
    });
  });

  it('keeps the agreement’s indicator table: completion on the commissioner’s agreed targets', () => {
    const agreed = [
      { name: '培训农民', unit: '人次', target: 200 },
      { name: '推广新技术', unit: '项', target: 2 },
    ];
    const reported = (trained: number, tech: number) => [
      {
        name: '培训农民',
        unit: '人次',
        target: 200,
        achieved: trained,
        evidence: '服务日志与签到表',
        attachmentIds: [],
      },
      { name: '推广新技术', unit: '项', target: 2, achieved: tech, evidence: '服务日志', attachmentIds: [] },
    ];
    expect(dossierCompletion(agreed, reported(221, 2))).toBe(1);
    expect(dossierCompletion(agreed, reported(100, 2))).toBe(0.75);
    expect(() => assertDossierIndicators(agreed, reported(221, 2).slice(0, 1))).toThrow();
  });
});
