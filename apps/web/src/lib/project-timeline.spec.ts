import { projectTimeline } from './project-timeline';

const project = { startsOn: '2026-01-01', endsOn: '2027-12-31', status: 'ongoing', acceptedOn: null };

describe('projectTimeline', () => {
  it('orders the start, reports, changes, the mid-term check and the end in time', () => {
    const entries = projectTimeline({
      project,
      reports: [
        { seq: 2, dueAt: '2027-01-01T00:00:00Z', status: 'due', overdue: false, versions: [] },
        {
          seq: 1,
          dueAt: '2026-07-01T00:00:00Z',
          status: 'accepted',
          overdue: false,
          versions: [{ submittedAt: '2026-06-20T03:00:00Z' }],
        },
      ],
      changes: [
        { kind: 'extension', status: 'pending', requestedAt: '2026-08-01T00:00:00Z', decidedAt: null },
      ],
      midterm: { opensAt: '2027-01-01T00:00:00Z', phase: null, overdue: false, decision: null },
      acceptance: { phase: null, applyBy: null, submittedAt: null, overdue: false },
    });
    expect(entries.map((e) => [e.kind, e.ref, e.status, e.done])).toEqual([
      ['start', null, null, true],
      ['report', 1, 'accepted', true],
      ['change', 'extension', 'pending', false],
      // The same instant: the report, listed first, stays first.
      ['report', 2, 'due', false],
      ['midterm', null, null, false],
      ['end', null, 'ongoing', false],
    ]);
    // A report submitted sits where it was submitted.
    expect(entries[1].at).toBe('2026-06-20T03:00:00Z');
  });

  it('shows an overdue report as overdue, and an open acceptance before an ended project’s end', () => {
    const entries = projectTimeline({
      project: { ...project, status: 'accepted', acceptedOn: '2028-03-01' },
      reports: [{ seq: 1, dueAt: '2026-07-01T00:00:00Z', status: 'due', overdue: true, versions: [] }],
      changes: [],
      midterm: null,
      acceptance: {
        phase: 'final',
        applyBy: '2028-01-31T00:00:00Z',
        submittedAt: '2028-01-10T00:00:00Z',
        overdue: false,
      },
    });
    expect(entries.map((e) => [e.kind, e.done, e.overdue])).toEqual([
      ['start', true, false],
      ['report', false, true],
      ['acceptance', true, false],
      ['end', true, false],
    ]);
  });
});
