import { DEFAULT_YEARS, HolidayYear, WorkingDayCalendar } from './calendar';
import { calendarYearsInForce } from './calendar-in-force';
import {
  assertMayDecideCalendar,
  assertMayEnterCalendar,
  assertNoPendingEntry,
  calendarEntryAsYear,
  CalendarEntry,
  calendarStatement,
  calendarWarning,
  workingDayDeadline,
  yearsToLoad,
} from './calendar-year';
import { DomainError } from './messages';

const caught = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected a refusal');
};

/** Beijing wall-clock time as an instant. */
const beijing = (local: string) => new Date(`${local}+08:00`);

/** The installed years as approved version 1 (what the database holds after installation). */
const installed = DEFAULT_YEARS.map((y) => ({ ...y, version: 1 }));

/** An entered 2027 (test data in the shape of a State Council notice). */
const entry2027: CalendarEntry = {
  holidays: [
    { name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    {
      name: '春节',
      dates: [
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
      ],
    },
  ],
  makeupWorkdays: [{ for: '春节', dates: ['2027-02-20'] }],
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: null, publishedOn: null, url: null },
};
const official2027 = { ...calendarEntryAsYear(2027, entry2027), version: 1 };

describe('calendarYearsInForce', () => {
  it('takes approved years as official and computes the others as provisional', () => {
    const years = calendarYearsInForce([2026, 2027], installed);
    expect(years.map(({ year, status, version }) => ({ year, status, version }))).toEqual([
      { year: 2026, status: 'official', version: 'v1' },
      { year: 2027, status: 'provisional', version: expect.stringMatching(/^provisional/) },
    ]);
    expect(years[1].data.makeupWorkdays).toEqual([]);
  });

  it('prefers the approved version it is given', () => {
    const [y] = calendarYearsInForce([2027], [{ ...official2027, version: 3 }]);
    expect(y).toMatchObject({ status: 'official', version: 'v3' });
    expect(y.data.makeupWorkdays).toEqual(entry2027.makeupWorkdays);
  });
});

describe('workingDayDeadline, by date, across the end of the last official year', () => {
  const provisional = (from: Date) => calendarYearsInForce(yearsToLoad(from), installed);
  const official = (from: Date) => calendarYearsInForce(yearsToLoad(from), [...installed, official2027]);

  // Every publication day from 2026-12-25 to 2027-01-10: the provisional count never ends before the
  // official one would, and says which calendar it was counted on.
  const days = Array.from({ length: 17 }, (_, i) =>
    new Date(Date.UTC(2026, 11, 25 + i)).toISOString().slice(0, 10),
  );
  it.each(days)('published %s at 10:00 Beijing: 5 working days', (day) => {
    const from = beijing(`${day}T10:00:00`);
    const p = workingDayDeadline(provisional(from), from, 5);
    const o = workingDayDeadline(official(from), from, 5);
    expect(p.end.getTime()).toBeGreaterThanOrEqual(o.end.getTime());
    expect(p.basis.status).toBe('provisional');
    expect(o.basis.status).toBe('official');
    expect(p.lastDay > day).toBe(true);
    // The end of the last day, Beijing time.
    expect(p.end.toISOString()).toBe(`${p.lastDay}T15:59:59.999Z`);
  });

  it('names the official years a period stays within, and no provisional one', () => {
    const from = beijing('2026-12-10T09:00:00');
    const d = workingDayDeadline(provisional(from), from, 5);
    expect(d.lastDay).toBe('2026-12-17');
    expect(d.basis).toEqual({
      status: 'official',
      years: [{ year: 2026, status: 'official', version: 'v1' }],
    });
    expect(calendarStatement(d.basis).zh).toBe('按国务院办公厅节假日安排计算（2026年v1）');
  });

  it('counts on the entered 2027: published Monday 2026-12-28, the fifth working day is 2027-01-05', () => {
    const from = beijing('2026-12-28T10:00:00');
    const d = workingDayDeadline(official(from), from, 5);
    expect(d.lastDay).toBe('2027-01-05');
    expect(d.end.toISOString()).toBe('2027-01-05T15:59:59.999Z');
    expect(d.basis.years.map((y) => `${y.year} ${y.status} ${y.version}`)).toEqual([
      '2026 official v1',
      '2027 official v1',
    ]);
  });

  it('counts a date in 2030 on a provisional year, never refusing', () => {
    const from = beijing('2030-06-03T10:00:00');
    const years = calendarYearsInForce(yearsToLoad(from), installed);
    expect(years.map((y) => y.year)).toEqual([2030, 2031]);
    const d = workingDayDeadline(years, from, 15);
    expect(d.basis).toMatchObject({ status: 'provisional', years: [{ year: 2030, status: 'provisional' }] });
    // At least 15 weekdays after Monday 2030-06-03 (three weeks), later if a holiday falls inside.
    expect(d.lastDay >= '2030-06-24').toBe(true);
    expect(new WorkingDayCalendar(years.map((y) => y.data)).isWorkingDay(d.lastDay)).toBe(true);
  });

  it('refuses a count of no working days', () => {
    const from = beijing('2026-03-09T10:00:00');
    expect(caught(() => workingDayDeadline(provisional(from), from, 0)).code).toBe('validation_failed');
  });
});

describe('calendarStatement', () => {
  it('says in both languages that a provisional count can only end later', () => {
    const s = calendarStatement({
      status: 'provisional',
      years: [
        { year: 2026, status: 'official', version: 'v1' },
        { year: 2027, status: 'provisional', version: 'provisional-v1' },
      ],
    });
    expect(s.zh).toContain('临时日历');
    expect(s.zh).toContain('2027年节假日安排尚未发布');
    expect(s.en).toContain('provisional calendar');
    expect(s.en).toContain('never earlier');
  });
});

describe('calendarWarning', () => {
  it('warns from 60 days before the last official year ends, and after', () => {
    expect(calendarWarning(2026, beijing('2026-10-31T12:00:00'))).toBeNull();
    expect(calendarWarning(2026, beijing('2026-11-02T00:00:00'))?.en).toContain(
      'The 2027 holidays are not entered',
    );
    expect(calendarWarning(2026, beijing('2026-12-04T09:00:00'))?.zh).toContain('2027年节假日安排尚未录入');
    expect(calendarWarning(2026, beijing('2027-03-01T09:00:00'))?.en).toContain('2027');
    expect(calendarWarning(2027, beijing('2026-12-04T09:00:00'))).toBeNull();
    expect(calendarWarning(null, beijing('2026-12-04T09:00:00'))).not.toBeNull();
  });
});

describe('entering and approving a year', () => {
  const admin = { id: 'a1', roles: ['admin' as const] };
  const admin2 = { id: 'a2', roles: ['admin' as const] };

  it('checks an entry with the rules of the installed files', () => {
    const y: HolidayYear = calendarEntryAsYear(2027, entry2027);
    expect(y.year).toBe(2027);
    const gap = caught(() =>
      calendarEntryAsYear(2027, {
        ...entry2027,
        holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-03'] }],
        makeupWorkdays: [],
      }),
    );
    expect(gap.code).toBe('validation_failed');
    expect(gap.fields.map((f) => f.path)).toEqual(['holidays.0.dates.1']);
    expect(gap.fields[0].message.zh).toContain('连续');
    const weekday = caught(() =>
      calendarEntryAsYear(2027, { ...entry2027, makeupWorkdays: [{ for: '春节', dates: ['2027-02-17'] }] }),
    );
    expect(weekday.fields.map((f) => f.path)).toEqual(['makeupWorkdays.0.dates.0']);
  });

  it('lets administrators only enter, one pending version at a time', () => {
    expect(() => assertMayEnterCalendar(admin)).not.toThrow();
    expect(caught(() => assertMayEnterCalendar({ roles: ['officer'] })).code).toBe('forbidden');
    expect(() => assertNoPendingEntry(2027, null)).not.toThrow();
    expect(caught(() => assertNoPendingEntry(2027, 2)).code).toBe('invalid_state');
  });

  it('needs a second administrator to decide the pending version', () => {
    const pending = { version: 1, enteredBy: admin.id };
    expect(() => assertMayDecideCalendar(admin2, 2027, 1, pending)).not.toThrow();
    expect(caught(() => assertMayDecideCalendar(admin, 2027, 1, pending)).code).toBe('forbidden');
    expect(
      caught(() => assertMayDecideCalendar({ id: 'o', roles: ['officer'] }, 2027, 1, pending)).code,
    ).toBe('forbidden');
    expect(caught(() => assertMayDecideCalendar(admin2, 2027, 2, pending)).code).toBe('invalid_state');
    expect(caught(() => assertMayDecideCalendar(admin2, 2027, 1, null)).code).toBe('invalid_state');
  });
});
