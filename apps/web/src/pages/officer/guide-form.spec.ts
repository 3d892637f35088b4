import { dayjs, pickerValue, shanghaiIso } from '../../lib/time';
import { changedFields } from '../../lib/changed-fields';
import { fromContent, toContent } from './guide-form';

const stored = {
  title: '2027年百色市重点研发计划指南',
  intro: '聚焦铝产业。',
  eligibilityNotes: '',
  topicIds: ['7d0c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e01'],
  budgetCapFen: 50_000_000,
  totalBudgetFen: 200_000_000,
  windowStart: '2027-03-01T01:00:00.000Z', // 09:00 in Beijing
  windowEnd: '2027-03-31T09:30:00.000Z', // 17:30
};

describe('the guide editor’s values', () => {
  it('reads a picker’s wall-clock time as Beijing time, whatever the browser’s zone', () => {
    expect(shanghaiIso(dayjs('2027-03-01 09:00:00'))).toBe('2027-03-01T01:00:00.000Z');
    expect(pickerValue('2027-03-31T09:30:00.000Z').format('YYYY-MM-DD HH:mm')).toBe('2027-03-31 17:30');
    expect(shanghaiIso(null)).toBe('');
  });

  it('round-trips stored content through the form (yuan, picker times)', () => {
    const values = fromContent(stored);
    expect(values.budgetCapFen).toBe(500_000);
    expect(values.totalBudgetFen).toBe(2_000_000);
    expect(toContent(values)).toEqual(stored);
  });

  it('leaves an empty amount or date for the API to refuse on its field', () => {
    const content = toContent({
      title: '指南',
      topicIds: [],
      budgetCapFen: null,
      totalBudgetFen: null,
      windowStart: null,
      windowEnd: null,
    });
    expect(content).toMatchObject({ budgetCapFen: 0, totalBudgetFen: 0, windowStart: '', windowEnd: '' });
  });

  it('sends only the fields that changed', () => {
    const after = {
      ...stored,
      title: '2027年百色市重点研发计划指南（修订）',
      topicIds: [...stored.topicIds],
    };
    expect(changedFields(stored, after)).toEqual({ title: '2027年百色市重点研发计划指南（修订）' });
    expect(changedFields(stored, { ...stored })).toEqual({});
  });
});
