import { inboxItemOf, inboxKindsFor } from './inbox';

describe('the task inbox rules', () => {
  it('gives each role its own kinds and an auditor none', () => {
    expect(inboxKindsFor({ roles: ['auditor'] })).toEqual([]);
    expect(inboxKindsFor({ roles: ['expert'] })).toEqual([
      'review_invitation',
      'review_scoring',
      'panel_invitation',
      'panel_opinion',
    ]);
    const institution = inboxKindsFor({ roles: ['institution_admin'] });
    expect(institution).toContain('endorsement');
    expect(institution).not.toContain('formal_check');
    const officer = inboxKindsFor({ roles: ['officer'] });
    expect(officer).toEqual(
      expect.arrayContaining(['formal_check', 'guide_approval', 'objection_answer', 'report_overdue']),
    );
    expect(officer).not.toContain('calendar_approval');
    expect(inboxKindsFor({ roles: ['admin'] })).toEqual([
      'guide_approval',
      'award_approval',
      'calendar_approval',
    ]);
  });

  it('names the item, its deadline in Shanghai time, whether it is overdue and the request that acts', () => {
    const dueAt = new Date('2026-03-01T02:00:00Z');
    const item = inboxItemOf(
      { kind: 'report_submission', subjectId: 'p1', ref: '2', name: '赤泥综合利用', dueAt },
      dueAt.getTime() + 1,
    );
    expect(item).toEqual({
      kind: 'report_submission',
      title: { zh: '提交《赤泥综合利用》第 2 期进展报告', en: 'Submit progress report 2 of “赤泥综合利用”' },
      subject: { type: 'project', id: 'p1', ref: '2', name: '赤泥综合利用' },
      dueAt: '2026-03-01T02:00:00.000Z',
      dueAtLocal: '2026-03-01 10:00:00',
      overdue: true,
      action: { method: 'POST', path: '/projects/p1/reports/2/submission', route: '/projects/p1/reports/2' },
    });
    const none = inboxItemOf(
      { kind: 'guide_approval', subjectId: 'g1', ref: null, name: '指南', dueAt: null },
      0,
    );
    expect([none.dueAt, none.dueAtLocal, none.overdue]).toEqual([null, null, false]);
  });
});
