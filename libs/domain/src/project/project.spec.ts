import {
  assertKnownSubjects,
  MAX_SCHEDULED_REPORTS,
  mayReadProject,
  myProjectsFilter,
  portfolioRollupView,
  projectSchedule,
  projectTermsOf,
} from './project';
import type { Role } from '../kernel/roles';
import { caught } from '../kernel/spec-helpers';

describe('assertKnownSubjects', () => {
  it('passes when the PI and the institution exist, else names each unknown one', () => {
    expect(() => assertKnownSubjects([])).not.toThrow();
    const e = caught(() => assertKnownSubjects(['piId', 'institutionId']));
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['piId', 'institutionId']);
    expect(e.bilingual).toEqual({ zh: '主体不存在', en: 'Unknown subject' });
  });
});

describe('portfolioRollupView', () => {
  it('totals each key over its statuses, most projects first (ties by key, no key last)', () => {
    const view = portfolioRollupView('keyField', [
      { key: 'eco_aluminium', status: 'accepted', projects: 1 },
      { key: null, status: 'ongoing', projects: 5 },
      { key: 'eco_aluminium', status: 'ongoing', projects: 2 },
      { key: 'new_materials', status: 'ongoing', projects: 3 },
      { key: 'modern_agriculture_forestry', status: 'ongoing', projects: 3 },
    ]);
    expect(view).toEqual({
      by: 'keyField',
      items: [
        { key: null, projects: 5, statuses: [{ status: 'ongoing', projects: 5 }] },
        {
          key: 'eco_aluminium',
          projects: 3,
          statuses: [
            { status: 'ongoing', projects: 2 },
            { status: 'accepted', projects: 1 },
          ],
        },
        { key: 'modern_agriculture_forestry', projects: 3, statuses: [{ status: 'ongoing', projects: 3 }] },
        { key: 'new_materials', projects: 3, statuses: [{ status: 'ongoing', projects: 3 }] },
      ],
    });
    expect(portfolioRollupView('county', [])).toEqual({ by: 'county', items: [] });
  });
});

describe('projectSchedule', () => {
  it('puts a report at each cadence step strictly inside the term, and the mid-term point when the template runs it', () => {
    const s = projectSchedule(
      projectTermsOf('2026-01-31T02:00:00.000Z', {
        stages: ['execution', 'midterm_check', 'acceptance'],
        durations: { executionLength: 'P2Y', reportCadence: 'P6M', midtermPoint: 'P1Y' },
      }),
    );
    expect(s.endsAt).toBe('2028-01-31T02:00:00.000Z');
    // Counted from the start each time, so a month end does not drift (31 Jan + 6 months = 31 Jul).
    expect(s.reports).toEqual([
      { seq: 1, dueAt: '2026-07-31T02:00:00.000Z' },
      { seq: 2, dueAt: '2027-01-31T02:00:00.000Z' },
      { seq: 3, dueAt: '2027-07-31T02:00:00.000Z' },
    ]);
    expect(s.midtermAt).toBe('2027-01-31T02:00:00.000Z');
  });

  it('has no mid-term check without the stage, even with a mid-term point', () => {
    const s = projectSchedule(
      projectTermsOf('2026-03-01T00:00:00.000Z', {
        stages: ['execution', 'acceptance'],
        durations: { executionLength: 'P1Y', reportCadence: 'P3M', midtermPoint: 'P6M' },
      }),
    );
    expect(s.midtermAt).toBeNull();
    expect(s.reports.map((r) => r.dueAt)).toEqual([
      '2026-06-01T00:00:00.000Z',
      '2026-09-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ]);
  });

  it('runs a template of seconds (a test template) the same way', () => {
    const s = projectSchedule(
      projectTermsOf('2026-12-04T00:00:00.000Z', {
        stages: ['execution', 'midterm_check'],
        durations: { executionLength: 'PT60S', reportCadence: 'PT20S', midtermPoint: 'PT30S' },
      }),
    );
    expect(s.reports.map((r) => r.dueAt)).toEqual(['2026-12-04T00:00:20.000Z', '2026-12-04T00:00:40.000Z']);
    expect(s.midtermAt).toBe('2026-12-04T00:00:30.000Z');
    expect(s.endsAt).toBe('2026-12-04T00:01:00.000Z');
  });

  it('drops a mid-term point at or past the end, and caps the reports of an absurd cadence', () => {
    expect(
      projectSchedule({
        startsAt: '2026-01-01T00:00:00.000Z',
        executionLength: 'P1Y',
        reportCadence: 'P1Y',
        midtermPoint: 'P1Y',
      }),
    ).toMatchObject({ reports: [], midtermAt: null });
    const many = projectSchedule({
      startsAt: '2026-01-01T00:00:00.000Z',
      executionLength: 'P10Y',
      reportCadence: 'P1D',
      midtermPoint: null,
    });
    expect(many.reports).toHaveLength(MAX_SCHEDULED_REPORTS);
  });
});

describe('project access', () => {
  const project = { piId: 'pi-1', institutionId: 'inst-1' };
  const actor = (roles: Role[], id = 'u', institutionId: string | null = null) => ({
    id,
    roles,
    institutionId,
  });
  it('lets staff, auditors, the PI and the host institution read a project, and nobody else', () => {
    expect(mayReadProject(actor(['officer']), project)).toBe(true);
    expect(mayReadProject(actor(['auditor']), project)).toBe(true);
    expect(mayReadProject(actor(['applicant'], 'pi-1'), project)).toBe(true);
    expect(mayReadProject(actor(['institution_admin'], 'x', 'inst-1'), project)).toBe(true);
    expect(mayReadProject(actor(['applicant'], 'other'), project)).toBe(false);
    expect(mayReadProject(actor(['institution_admin'], 'x', 'inst-2'), project)).toBe(false);
    expect(mayReadProject(actor(['expert']), project)).toBe(false);
  });
  it('takes "my projects" as the PI’s or the institution’s, and refuses staff', () => {
    expect(myProjectsFilter(actor(['applicant'], 'pi-1'))).toEqual({ piId: 'pi-1' });
    expect(myProjectsFilter(actor(['institution_admin'], 'x', 'inst-1'))).toEqual({
      institutionId: 'inst-1',
    });
    expect(caught(() => myProjectsFilter(actor(['officer']))).code).toBe('forbidden');
  });
});
