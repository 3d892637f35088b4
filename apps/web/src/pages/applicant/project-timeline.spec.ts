import { projectTimeline } from './project-timeline';

const at = (iso: string) => Date.parse(iso);

describe('a project’s timeline', () => {
  it('puts the records in time order and marks what lies ahead or is late', () => {
    const entries = projectTimeline({
      now: at('2027-03-01T00:00:00Z'),
      project: { startsOn: '2027-01-05', endsOn: '2028-12-31', acceptedOn: null },
      agreement: {
        signatures: [
          {
            partyLabel: { zh: '项目负责人', en: 'PI' },
            signedByName: '李明',
            signedAt: '2027-01-04T02:00:00Z',
          },
          {
            partyLabel: { zh: '市科技局', en: 'the bureau' },
            signedByName: '王处长',
            signedAt: '2027-01-05T01:00:00Z',
          },
        ],
      },
      reports: [
        {
          seq: 1,
          dueAt: '2027-02-01T00:00:00Z',
          status: 'returned',
          overdue: false,
          versions: [
            {
              version: 1,
              submittedAt: '2027-01-20T00:00:00Z',
              reviews: [
                { step: 'confirmed', comment: '', at: '2027-01-21T00:00:00Z' },
                { step: 'returned', comment: '补充经费支出明细', at: '2027-01-25T00:00:00Z' },
              ],
            },
          ],
        },
        { seq: 2, dueAt: '2027-02-15T00:00:00Z', status: 'due', overdue: true, versions: [] },
        { seq: 3, dueAt: '2027-08-01T00:00:00Z', status: 'due', overdue: false, versions: [] },
      ],
      midterm: null,
      acceptance: null,
    });
    expect(entries.map((e) => [e.label, e.vars ?? null, e.state])).toEqual([
      ['exec.timeline.signed', { name: '李明' }, 'done'],
      ['exec.timeline.signed', { name: '王处长' }, 'done'],
      ['exec.timeline.started', null, 'done'],
      ['exec.timeline.reportSubmitted', { n: 1, version: 1 }, 'done'],
      ['exec.timeline.report.confirmed', { n: 1 }, 'done'],
      ['exec.timeline.report.returned', { n: 1 }, 'done'],
      ['exec.timeline.reportDue', { n: 2 }, 'late'],
      ['exec.timeline.reportDue', { n: 3 }, 'upcoming'],
      ['exec.timeline.ends', null, 'upcoming'],
    ]);
    expect(entries[5].note).toBe('补充经费支出明细');
    // The start day (a Beijing date) follows that day's signatures, as it is the last one that started it.
    expect(entries[2].when).toEqual({ date: '2027-01-05' });
  });

  it('names the mid-term decision by its code for the page to label', () => {
    const entries = projectTimeline({
      now: at('2028-06-01T00:00:00Z'),
      project: { startsOn: '2027-01-05', endsOn: '2028-12-31', acceptedOn: null },
      midterm: {
        opensAt: '2028-01-05T00:00:00Z',
        submission: { submittedAt: '2028-01-10T00:00:00Z' },
        confirmation: null,
        decision: { decision: 'rectify', decidedAt: '2028-02-01T00:00:00Z' },
        fixBy: '2028-05-01T00:00:00Z',
      },
    });
    expect(entries.find((e) => e.label === 'exec.timeline.midtermDecided')?.note).toEqual({
      group: 'exec.midtermDecision',
      code: 'rectify',
    });
    expect(entries.map((e) => e.label)).toContain('exec.timeline.fixBy');
  });
});
