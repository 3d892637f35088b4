import {
  assertCanConfirmReport,
  assertCanDecideReport,
  assertCanSubmitReport,
  assertCitableAttachments,
  assertMayActOnReport,
  assertMayAddProjectAttachment,
  assertProjectTakesReports,
  isReportOverdue,
  progressReportSchema,
  reportDecisionSchema,
  reportGraceEndsAt,
  reportOf,
  reportRemindAt,
  ReportStatus,
  REPORT_STATUSES,
} from './report';
import type { Actor } from '../kernel/roles';
import type { Role } from '../kernel/roles';
import { caught, HAN } from '../kernel/spec-helpers';

const PI = '00000000-0000-4000-8000-000000000001';
const INST = '00000000-0000-4000-8000-000000000002';
const actor = (id: string, roles: Role[], institutionId: string | null = null): Actor =>
  ({ id, roles, institutionId, username: id, name: id }) as unknown as Actor;

describe('report timings', () => {
  it('reminds a week before the due date and ends the grace a month after it, by default', () => {
    expect(reportRemindAt('2027-03-08T02:00:00.000Z')).toBe('2027-03-01T02:00:00.000Z');
    expect(reportGraceEndsAt('2027-01-31T02:00:00.000Z')).toBe('2027-02-28T02:00:00.000Z');
  });

  it('takes the template’s timings, seconds in a test template', () => {
    expect(reportRemindAt('2027-03-08T02:00:10.000Z', 'PT5S')).toBe('2027-03-08T02:00:05.000Z');
    expect(reportGraceEndsAt('2027-03-08T02:00:10.000Z', 'PT20S')).toBe('2027-03-08T02:00:30.000Z');
  });

  it('counts a report as overdue from the millisecond after its due date while the PI holds it', () => {
    const due = '2027-03-08T02:00:00.000Z';
    const at = new Date(due).getTime();
    expect(isReportOverdue('due', due, at)).toBe(false);
    expect(isReportOverdue('due', due, at + 1)).toBe(true);
    expect(isReportOverdue('returned', due, at + 1)).toBe(true);
    for (const s of ['submitted', 'confirmed', 'accepted'])
      expect(isReportOverdue(s, due, at + 1)).toBe(false);
  });
});

describe('the report’s steps', () => {
  const others = (allowed: ReportStatus[]) => REPORT_STATUSES.filter((s) => !allowed.includes(s));

  it('the PI submits a due or returned report; nothing else', () => {
    for (const s of ['due', 'returned'] as const)
      expect(() => assertCanSubmitReport('ongoing', 1, s)).not.toThrow();
    for (const s of others(['due', 'returned'])) {
      const e = caught(() => assertCanSubmitReport('ongoing', 2, s));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toContain('第 2 期进展报告');
      expect(e.bilingual.en).toContain('Progress report 2');
    }
  });

  it('the institution confirms a submitted report only', () => {
    expect(() => assertCanConfirmReport('rectifying', 1, 'submitted')).not.toThrow();
    for (const s of others(['submitted']))
      expect(caught(() => assertCanConfirmReport('ongoing', 1, s)).code).toBe('invalid_state');
  });

  it('the bureau decides a confirmed report only; an accepted one cannot change', () => {
    expect(() => assertCanDecideReport('ongoing', 1, 'confirmed')).not.toThrow();
    for (const s of others(['confirmed']))
      expect(caught(() => assertCanDecideReport('ongoing', 1, s)).code).toBe('invalid_state');
    expect(caught(() => assertCanDecideReport('ongoing', 1, 'accepted')).bilingual.zh).toContain('不能更改');
    expect(caught(() => assertCanDecideReport('ongoing', 1, 'submitted')).bilingual.zh).toContain(
      '依托单位确认',
    );
  });

  it('takes nothing once the project has finished', () => {
    for (const p of ['terminated', 'revoked', 'accepted', 'closed'] as const) {
      const e = caught(() => assertCanSubmitReport(p, 1, 'due'));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toMatch(HAN);
      expect(caught(() => assertCanConfirmReport(p, 1, 'submitted')).code).toBe('invalid_state');
      expect(caught(() => assertCanDecideReport(p, 1, 'confirmed')).code).toBe('invalid_state');
    }
  });

  it('finds a scheduled report or answers not_found', () => {
    expect(reportOf([{ seq: 1 }, { seq: 2 }], 2)).toEqual({ seq: 2 });
    expect(caught(() => reportOf([{ seq: 1 }], 3)).code).toBe('not_found');
    expect(caught(() => reportOf(undefined, 1)).code).toBe('not_found');
  });
});

describe('who acts on a report', () => {
  const p = { piId: PI, institutionId: INST };
  it('the PI submits, the host institution confirms, the bureau decides; everyone else is forbidden', () => {
    const pi = actor(PI, ['applicant']);
    const host = actor('00000000-0000-4000-8000-000000000003', ['institution_admin'], INST);
    const otherHost = actor('00000000-0000-4000-8000-000000000004', ['institution_admin'], PI);
    const officer = actor('00000000-0000-4000-8000-000000000005', ['officer']);
    const admin = actor('00000000-0000-4000-8000-000000000006', ['admin']);
    const auditor = actor('00000000-0000-4000-8000-000000000007', ['auditor']);
    const otherPi = actor('00000000-0000-4000-8000-000000000008', ['applicant']);
    const cases: Array<[Actor, 'submit' | 'confirm' | 'decide', boolean]> = [
      [pi, 'submit', true],
      [pi, 'confirm', false],
      [pi, 'decide', false],
      [host, 'confirm', true],
      [host, 'submit', false],
      [host, 'decide', false],
      [otherHost, 'confirm', false],
      [officer, 'decide', true],
      [admin, 'decide', true],
      [officer, 'submit', false],
      [officer, 'confirm', false],
      [auditor, 'decide', false],
      [auditor, 'submit', false],
      [otherPi, 'submit', false],
    ];
    for (const [a, act, ok] of cases) {
      if (ok) expect(() => assertMayActOnReport(a, p, act)).not.toThrow();
      else expect(caught(() => assertMayActOnReport(a, p, act)).code).toBe('forbidden');
    }
  });
});

describe('progressReportSchema', () => {
  const report = {
    progress: '完成中试线建设，关键工艺参数优化完毕。',
    spending: [
      { category: 'equipment', plannedFen: 1_000_000, spentFen: 800_000 },
      { category: 'labour', plannedFen: 500_000, spentFen: 250_000 },
    ],
  };
  it('takes a report with spending by category in integer fen, filling the optional parts', () => {
    const r = progressReportSchema.parse(report);
    expect(r).toMatchObject({
      milestones: [],
      indicators: [],
      problems: '',
      outcomes: '',
      attachmentIds: [],
    });
  });
  it('refuses fractional fen, a category twice, an unknown category and no spending, at their fields', () => {
    const paths = (input: unknown) =>
      (progressReportSchema.safeParse(input).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ ...report, spending: [{ category: 'equipment', plannedFen: 1.5, spentFen: 0 }] })).toEqual(
      ['spending.0.plannedFen'],
    );
    expect(paths({ ...report, spending: [report.spending[0], report.spending[0]] })).toEqual([
      'spending.1.category',
    ]);
    expect(paths({ ...report, spending: [{ category: 'travel', plannedFen: 1, spentFen: 0 }] })).toEqual([
      'spending.0.category',
    ]);
    expect(paths({ ...report, spending: [] })).toEqual(['spending']);
    expect(paths({ ...report, extra: 1 })).toEqual(['']);
  });
  it('a return says what to revise', () => {
    expect(reportDecisionSchema.safeParse({ decision: 'accept' }).success).toBe(true);
    const r = reportDecisionSchema.safeParse({ decision: 'return', comment: '' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['comment']);
    expect(
      reportDecisionSchema.safeParse({ decision: 'return', comment: '请补充经费支出明细' }).success,
    ).toBe(true);
  });
});

describe('project attachments (evidence for the reports)', () => {
  const project = { piId: PI, institutionId: INST };
  it('are added by the PI and the host institution only', () => {
    expect(() => assertMayAddProjectAttachment(actor(PI, ['applicant']), project)).not.toThrow();
    expect(() =>
      assertMayAddProjectAttachment(actor('h', ['institution_admin'], INST), project),
    ).not.toThrow();
    for (const who of [
      actor('o', ['officer']),
      actor('a', ['auditor']),
      actor('x', ['applicant']),
      actor('h2', ['institution_admin'], '00000000-0000-4000-8000-000000000009'),
    ])
      expect(caught(() => assertMayAddProjectAttachment(who, project)).code).toBe('forbidden');
  });

  it('are taken while the project runs, not once it is finished', () => {
    expect(() => assertProjectTakesReports('ongoing')).not.toThrow();
    expect(caught(() => assertProjectTakesReports('terminated')).code).toBe('invalid_state');
  });

  it('are cited by a report only when they are the project’s (or its application’s): each other id named on its field', () => {
    expect(() => assertCitableAttachments(['a', 'b'], ['b', 'a', 'c'])).not.toThrow();
    expect(() => assertCitableAttachments([], [])).not.toThrow();
    const refused = caught(() => assertCitableAttachments(['a', 'x', 'b', 'y'], ['a', 'b']));
    expect(refused.code).toBe('rule_refused');
    expect(refused.fields.map((f) => f.path)).toEqual(['attachmentIds.1', 'attachmentIds.3']);
    expect(refused.fields[0].message.zh).toBe('附件 x 不存在或不属于本项目');
    expect(refused.bilingual.zh).toBe('进展报告引用了不属于本项目的附件：x、y');
    expect(refused.bilingual.en).toBe('The report cites attachments that are not this project’s: x, y');
  });
});
