import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_YEARS,
  HolidayYear,
  holidayYearSchema,
  shanghaiDate,
  WorkingDayCalendar,
  workingDayCalendar,
} from './calendar';
import { caught, HAN } from './spec-helpers';
import { formatShanghai } from './time';

const cal = workingDayCalendar();
const fileOf = (year: number): HolidayYear => {
  const file = DEFAULT_YEARS.find((f) => f.year === year);
  if (!file) throw new Error(`no data file for ${year}`);
  return file;
};
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;
const daysOf = (year: number) => {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('isWorkingDay', () => {
  it.each([
    ['2025-10-11', 'Saturday make-up day for National Day 2025'],
    ['2026-02-14', 'Saturday make-up day for the Spring Festival 2026'],
    ['2026-02-28', 'Saturday make-up day after the Spring Festival 2026'],
    ['2026-01-04', "Sunday make-up day for New Year's Day 2026"],
    ['2025-09-28', 'Sunday make-up day for National Day 2025'],
    ['2024-04-07', 'Sunday make-up day for Qingming 2024'],
    ['2023-01-29', 'Sunday make-up day after the Spring Festival 2023'],
    ['2023-10-08', 'Sunday make-up day after Mid-Autumn + National Day 2023'],
    ['2022-04-02', 'Saturday make-up day for Qingming 2022'],
    ['2021-09-18', 'Saturday make-up day for Mid-Autumn 2021'],
    ['2020-01-19', 'Sunday make-up day for the Spring Festival 2020'],
    ['2020-06-28', 'Sunday make-up day for Dragon Boat 2020'],
  ])('counts the make-up day %s (%s) as a working day', (date) => {
    expect(isWeekend(date)).toBe(true);
    expect(cal.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2025-10-01', 'Wednesday, National Day'],
    ['2025-10-08', 'Wednesday, last day of National Day + Mid-Autumn 2025'],
    ['2026-02-16', 'Monday, Spring Festival'],
    ['2026-02-23', 'Monday, last day of the Spring Festival 2026'],
    ['2026-01-02', "Friday, New Year's Day 2026"],
    ['2024-06-10', 'Monday, Dragon Boat 2024'],
    ['2025-01-01', "Wednesday, New Year's Day 2025"],
    ['2023-01-02', "Monday, New Year's Day 2023"],
    ['2023-09-29', 'Friday, Mid-Autumn 2023'],
    ['2022-01-31', 'Monday, Spring Festival 2022'],
    ['2021-02-11', 'Thursday, Spring Festival 2021'],
    ['2020-01-31', 'Friday, added to the Spring Festival 2020 by the extension'],
    ['2020-10-08', 'Thursday, last day of National Day + Mid-Autumn 2020'],
  ])('does not count the weekday holiday %s (%s)', (date) => {
    expect(isWeekend(date)).toBe(false);
    expect(cal.isWorkingDay(date)).toBe(false);
  });

  it.each(['2025-10-18', '2025-10-19', '2026-03-07', '2026-03-08', '2024-12-28', '2026-01-03'])(
    'does not count the weekend day %s',
    (date) => {
      expect(isWeekend(date)).toBe(true);
      expect(cal.isWorkingDay(date)).toBe(false);
    },
  );

  it.each(['2025-10-09', '2025-10-10', '2026-03-02', '2024-12-31', '2026-02-24'])(
    'counts the ordinary weekday %s',
    (date) => {
      expect(cal.isWorkingDay(date)).toBe(true);
    },
  );

  // Days − weekend days − weekday holidays + make-up days, counted by hand from the notices:
  // 2020: 366 − 104 − 19 + 6 (after the Spring Festival extension; the original notice alone
  //       gave 366 − 104 − 18 + 7 = 251: the extension took Friday 01-31 and make-up Saturday 02-01);
  // 2021: 365 − 104 − 18 + 7; 2022: 365 − 105 − 18 + 7 (starts on a Saturday: 53 Saturdays);
  // 2023: 365 − 105 − 18 + 7 (starts on a Sunday: 53 Sundays; its New Year's Saturday 2022-12-31
  //       lies in 2022 and is a weekend day anyway, so it changes neither year's total);
  // 2024: 366 − 104 − 19 + 8; 2025: 365 − 104 − 18 + 5; 2026: 365 − 104 − 19 + 6.
  // Weekday holidays 2020: 1 + 6 + 1 + 3 + 2 + 6; 2021: 1 + 5 + 1 + 3 + 1 + 2 + 5;
  // 2022: 1 + 5 + 2 + 3 + 1 + 1 + 5; 2023: 1 + 5 + 1 + 3 + 2 + 6 (in the order of the notices).
  it.each([
    [2020, 249],
    [2021, 250],
    [2022, 249],
    [2023, 249],
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('finds %i working days in %i', (year, count) => {
    expect(daysOf(year).filter((d) => cal.isWorkingDay(d))).toHaveLength(count);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-10-1', '2025/10/01', '', ' 2025-10-01'])(
    'refuses the malformed date %j',
    (date) => {
      expect(caught(() => cal.isWorkingDay(date)).code).toBe('validation_failed');
    },
  );
});

describe('years without a data file', () => {
  it.each([
    ['2027-03-01', 2027],
    ['2019-06-03', 2019],
  ])('refuses %s explicitly instead of guessing from weekends', (date, year) => {
    const err = caught(() => cal.isWorkingDay(date));
    // The deployment lacks data; the caller did nothing wrong, so it is not a 400.
    expect(err.code).toBe('calendar_data_missing');
    expect(err.status).toBe(503);
    expect(err.bilingual.zh).toMatch(HAN);
    expect(err.bilingual.zh).toContain(`${year}年`);
    expect(err.bilingual.zh).toContain('数据文件');
    expect(err.bilingual.en).toContain(String(year));
    expect(err.bilingual.en).toContain('calendar data file');
    expect(err.bilingual.en).toContain('missing');
    expect(err.message).toBe(err.bilingual.en);
  });

  it('refuses a count that runs past the last year with data', () => {
    // 2026-12-30 (Wed): the 2nd working day after it is in January 2027.
    expect(cal.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    const err = caught(() => cal.addWorkingDays('2026-12-30', 2));
    expect(err.code).toBe('calendar_data_missing');
    expect(err.bilingual.en).toContain('2027');
  });

  it('refuses a count that starts before the first year with data and stays there', () => {
    expect(caught(() => cal.addWorkingDays('2019-12-20', 1)).code).toBe('calendar_data_missing');
    expect(caught(() => cal.workingDaysBetween('2019-12-20', '2020-01-05')).code).toBe(
      'calendar_data_missing',
    );
  });

  it('lets the start day itself lie in the year before, since it is not counted', () => {
    // 2019-12-31 (Tue) is only the anchor; 2020-01-01 is a holiday, 2020-01-02 (Thu) the 1st day.
    expect(cal.addWorkingDays('2019-12-31', 1)).toBe('2020-01-02');
  });
});

describe('addWorkingDays', () => {
  it('counts 15 working days across the 2025 National Day + Mid-Autumn holiday', () => {
    // From Friday 2025-09-26 (not counted):
    //   09-27 Sat off · 09-28 Sun make-up → 1 · 09-29 Mon → 2 · 09-30 Tue → 3
    //   10-01 … 10-08 holiday (8 days off)
    //   10-09 Thu → 4 · 10-10 Fri → 5 · 10-11 Sat make-up → 6 · 10-12 Sun off
    //   10-13 … 10-17 Mon–Fri → 7 … 11 · 10-18/19 weekend
    //   10-20 Mon → 12 · 10-21 → 13 · 10-22 → 14 · 10-23 Thu → 15
    expect(cal.addWorkingDays('2025-09-26', 15)).toBe('2025-10-23');
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-23')).toBe(15);
  });

  it('counts 5 working days across the 2026 Spring Festival', () => {
    // From Friday 2026-02-13 (not counted):
    //   02-14 Sat make-up → 1 · 02-15 … 02-23 holiday (9 days off)
    //   02-24 Tue → 2 · 02-25 → 3 · 02-26 → 4 · 02-27 Fri → 5
    expect(cal.addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    // From Thursday 2026-02-12: 02-13 → 1, 02-14 → 2, 02-24 → 3, 02-25 → 4, 02-26 → 5.
    expect(cal.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
  });

  it('crosses into the next year onto a Sunday make-up day', () => {
    // 2025-12-31 (Wed) → 2026-01-01…03 off → 2026-01-04 (Sun) is a make-up working day.
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('crosses the 2023 New Year holiday that starts on Saturday 2022-12-31', () => {
    // 2022-12-30 (Fri) → 2022-12-31 (Sat), 2023-01-01 (Sun), 2023-01-02 (Mon) off → 01-03 (Tue).
    expect(cal.isWorkingDay('2022-12-30')).toBe(true);
    expect(cal.isWorkingDay('2022-12-31')).toBe(false);
    expect(cal.isWorkingDay('2023-01-02')).toBe(false);
    expect(cal.addWorkingDays('2022-12-30', 1)).toBe('2023-01-03');
    expect(cal.workingDaysBetween('2022-12-29', '2023-01-03')).toBe(2); // 12-30, 01-03
  });

  it('counts across the 2023 Spring Festival onto its make-up weekend', () => {
    // From Friday 2023-01-20 (not counted): 01-21 … 01-27 off (7 days),
    //   01-28 Sat make-up → 1 · 01-29 Sun make-up → 2 · 01-30 Mon → 3.
    expect(cal.addWorkingDays('2023-01-20', 1)).toBe('2023-01-28');
    expect(cal.addWorkingDays('2023-01-20', 2)).toBe('2023-01-29');
    expect(cal.addWorkingDays('2023-01-20', 3)).toBe('2023-01-30');
  });

  it('applies the 2020 Spring Festival extension (国办发明电〔2020〕1号), not the original notice', () => {
    // Originally 01-24 … 01-30 off with Saturday 02-01 a make-up day; extended to Sunday 02-02,
    // so Friday 01-31 and Saturday 02-01 are days off and work resumed on Monday 02-03.
    expect(cal.isWorkingDay('2020-01-31')).toBe(false);
    expect(cal.isWorkingDay('2020-02-01')).toBe(false);
    expect(cal.isWorkingDay('2020-02-02')).toBe(false);
    expect(cal.isWorkingDay('2020-02-03')).toBe(true);
    // From Thursday 2020-01-23 (not counted): 01-24 … 02-02 off (10 days) → 02-03 Mon is the 1st.
    expect(cal.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
    // (Fri 01-17, Fri 02-07]: 01-19 Sun make-up → 1 · 01-20 … 01-23 → 5 · 02-03 … 02-07 → 10.
    // The original notice alone would have counted 01-31 (Fri) and 02-01 (Sat make-up) too: 12.
    expect(cal.workingDaysBetween('2020-01-17', '2020-02-07')).toBe(10);
  });

  it('skips an ordinary weekend', () => {
    expect(cal.addWorkingDays('2025-10-17', 1)).toBe('2025-10-20');
    expect(cal.addWorkingDays('2025-10-18', 1)).toBe('2025-10-20');
  });

  it('does not count the start day, even when it is a working day or a holiday', () => {
    expect(cal.addWorkingDays('2025-10-09', 1)).toBe('2025-10-10');
    expect(cal.addWorkingDays('2025-10-03', 1)).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses n = %p', (n) => {
    expect(caught(() => cal.addWorkingDays('2025-10-09', n)).code).toBe('validation_failed');
  });

  it('refuses a malformed start date', () => {
    expect(caught(() => cal.addWorkingDays('2025-02-29', 1)).code).toBe('validation_failed');
  });

  it('always lands on a working day and agrees with workingDaysBetween (every start, n = 1…10)', () => {
    const failures: string[] = [];
    const starts = [2020, 2021, 2022, 2023, 2024, 2025].flatMap(daysOf);
    for (const start of [...starts, ...daysOf(2026).slice(0, 330)]) {
      for (let n = 1; n <= 10; n++) {
        const end = cal.addWorkingDays(start, n);
        if (!cal.isWorkingDay(end) || cal.workingDaysBetween(start, end) !== n)
          failures.push(`${start}+${n}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('workingDaysBetween', () => {
  it('counts (from, to]: from excluded, to included', () => {
    expect(cal.workingDaysBetween('2025-10-09', '2025-10-10')).toBe(1);
    expect(cal.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6); // 02-14, 24, 25, 26, 27, 28
  });

  it('is negative when to is before from', () => {
    expect(cal.workingDaysBetween('2025-10-23', '2025-09-26')).toBe(-15);
  });

  it('counts whole years', () => {
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.workingDaysBetween('2019-12-31', '2020-12-31')).toBe(249);
    expect(cal.workingDaysBetween('2019-12-31', '2023-12-31')).toBe(249 + 250 + 249 + 249);
  });
});

describe('shanghaiDate', () => {
  it('rolls over to the next civil date at 16:00 UTC (midnight in Beijing)', () => {
    expect(shanghaiDate('2025-09-30T15:59:59Z')).toBe('2025-09-30');
    expect(shanghaiDate('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(shanghaiDate('2025-09-30T16:00:00Z')).toBe('2025-10-01');
    expect(shanghaiDate('2025-12-31T16:00:00Z')).toBe('2026-01-01');
  });

  it('accepts a Date, an ISO string and epoch milliseconds, and is also a calendar method', () => {
    const at = new Date('2026-02-13T20:00:00Z');
    expect(shanghaiDate(at)).toBe('2026-02-14');
    expect(shanghaiDate(at.getTime())).toBe('2026-02-14');
    expect(shanghaiDate('2026-02-14T04:00:00+08:00')).toBe('2026-02-14');
    expect(cal.shanghaiDate(at)).toBe('2026-02-14');
  });

  it('refuses an invalid instant', () => {
    expect(caught(() => shanghaiDate('not a date')).code).toBe('validation_failed');
    expect(caught(() => shanghaiDate(Number.NaN)).code).toBe('validation_failed');
  });
});

describe('endOfWorkingDaysUtc', () => {
  it('ends at 23:59:59.999 Beijing time (15:59:59.999Z) of the n-th working day', () => {
    const end = cal.endOfWorkingDaysUtc('2025-09-26T02:00:00Z', 15);
    expect(end.toISOString()).toBe('2025-10-23T15:59:59.999Z');
    expect(formatShanghai(end)).toBe('2025-10-23 23:59:59');
    expect(shanghaiDate(end.getTime() + 1)).toBe('2025-10-24');
  });

  it('counts from the Beijing date of the instant, not its UTC date', () => {
    // 2025-09-25T16:30Z is 2025-09-26 00:30 in Beijing: same start as above.
    expect(cal.endOfWorkingDaysUtc('2025-09-25T16:30:00Z', 15).toISOString()).toBe(
      '2025-10-23T15:59:59.999Z',
    );
    // 2025-09-25T15:59:59Z is still 2025-09-25 (Thu) in Beijing: 09-26 is the 1st day, 10-22 the 15th.
    expect(cal.endOfWorkingDaysUtc('2025-09-25T15:59:59Z', 15).toISOString()).toBe(
      '2025-10-22T15:59:59.999Z',
    );
  });

  it('handles a notice period across the 2026 Spring Festival', () => {
    expect(cal.endOfWorkingDaysUtc(new Date('2026-02-13T01:00:00Z'), 5).toISOString()).toBe(
      '2026-02-27T15:59:59.999Z',
    );
  });

  it('refuses an instant whose window runs past the data', () => {
    expect(caught(() => cal.endOfWorkingDaysUtc('2026-12-28T00:00:00Z', 10)).code).toBe(
      'calendar_data_missing',
    );
  });
});

describe('the holiday data files', () => {
  it('covers 2020–2026, one file per year, each registered in the code', () => {
    const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026];
    expect(cal.coveredYears).toEqual(years);
    expect(DEFAULT_YEARS.map((f) => f.year)).toEqual(years);
    const files = readdirSync(join(__dirname, 'data/holidays')).sort();
    expect(files).toEqual(DEFAULT_YEARS.map((f) => `${f.year}.json`));
  });

  it.each(DEFAULT_YEARS.map((f) => [f.year, f] as const))(
    '%i cites its State Council notice',
    (year, file) => {
      // The annual notice first, then any later notice that changed the arrangement.
      expect(file.source).toMatch(
        new RegExp(
          `^国务院办公厅关于${year}年部分节假日安排的通知（国办发明电〔${year - 1}〕\\d+号）` +
            `(；国务院办公厅关于[^（）；]+的通知（国办发明电〔\\d{4}〕\\d+号）)*$`,
        ),
      );
    },
  );

  it('cites both notices behind the 2020 Spring Festival, and only 2020 cites a second notice', () => {
    expect(fileOf(2020).source).toBe(
      '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）；' +
        '国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）',
    );
    expect(DEFAULT_YEARS.filter((f) => f.source.includes('；')).map((f) => f.year)).toEqual([2020]);
  });

  it.each(DEFAULT_YEARS.map((f) => [f.year, f] as const))(
    '%i: make-up days are weekends, holidays are not make-up days, holidays are contiguous',
    (year, file) => {
      const makeup = file.makeupWorkdays.flatMap((m) => m.dates);
      const off = file.holidays.flatMap((h) => h.dates);
      expect(makeup.filter((d) => !isWeekend(d))).toEqual([]);
      expect(off.filter((d) => makeup.includes(d))).toEqual([]);
      expect(new Set(off).size).toBe(off.length);
      // The file's year, or the adjacent December / January (the 2023 New Year began on 2022-12-31).
      for (const date of [...off, ...makeup])
        expect(
          date.startsWith(`${year}-`) ||
            date.startsWith(`${year - 1}-12-`) ||
            date.startsWith(`${year + 1}-01-`),
        ).toBe(true);
      for (const h of file.holidays) {
        const first = Date.parse(h.dates[0]);
        expect(h.dates.map((d) => (Date.parse(d) - first) / 86_400_000)).toEqual(h.dates.map((_, i) => i));
      }
      const names = file.holidays.map((h) => h.name);
      for (const m of file.makeupWorkdays) expect(names).toContain(m.for);
    },
  );

  it('places the 2023 New Year holiday, which begins on Saturday 2022-12-31, in the 2023 file', () => {
    expect(fileOf(2023).holidays[0]).toEqual({
      name: '元旦',
      dates: ['2022-12-31', '2023-01-01', '2023-01-02'],
    });
    const outside = DEFAULT_YEARS.flatMap((f) =>
      [...f.holidays.flatMap((h) => h.dates), ...f.makeupWorkdays.flatMap((m) => m.dates)]
        .filter((d) => !d.startsWith(`${f.year}-`))
        .map((d) => `${f.year}: ${d}`),
    );
    expect(outside).toEqual(['2023: 2022-12-31']);
  });

  it('matches the published arrangements', () => {
    const summary = (file: HolidayYear) => ({
      off: file.holidays.map((h) => `${h.name} ${h.dates[0].slice(5)}..${h.dates.at(-1)?.slice(5)}`),
      work: file.makeupWorkdays.flatMap((m) => m.dates.map((d) => d.slice(5))),
    });
    expect(DEFAULT_YEARS.map(summary)).toEqual([
      {
        off: [
          '元旦 01-01..01-01',
          '春节 01-24..02-02', // 01-24..01-30 in 国办发明电〔2019〕16号, extended by 国办发明电〔2020〕1号
          '清明节 04-04..04-06',
          '劳动节 05-01..05-05',
          '端午节 06-25..06-27',
          '国庆节、中秋节 10-01..10-08',
        ],
        work: ['01-19', '04-26', '05-09', '06-28', '09-27', '10-10'], // 02-01 dropped by the extension
      },
      {
        off: [
          '元旦 01-01..01-03',
          '春节 02-11..02-17',
          '清明节 04-03..04-05',
          '劳动节 05-01..05-05',
          '端午节 06-12..06-14',
          '中秋节 09-19..09-21',
          '国庆节 10-01..10-07',
        ],
        work: ['02-07', '02-20', '04-25', '05-08', '09-18', '09-26', '10-09'],
      },
      {
        off: [
          '元旦 01-01..01-03',
          '春节 01-31..02-06',
          '清明节 04-03..04-05',
          '劳动节 04-30..05-04',
          '端午节 06-03..06-05',
          '中秋节 09-10..09-12',
          '国庆节 10-01..10-07',
        ],
        work: ['01-29', '01-30', '04-02', '04-24', '05-07', '10-08', '10-09'],
      },
      {
        off: [
          '元旦 12-31..01-02', // 2022-12-31 … 2023-01-02
          '春节 01-21..01-27',
          '清明节 04-05..04-05',
          '劳动节 04-29..05-03',
          '端午节 06-22..06-24',
          '中秋节、国庆节 09-29..10-06',
        ],
        work: ['01-28', '01-29', '04-23', '05-06', '06-25', '10-07', '10-08'],
      },
      {
        off: [
          '元旦 01-01..01-01',
          '春节 02-10..02-17',
          '清明节 04-04..04-06',
          '劳动节 05-01..05-05',
          '端午节 06-10..06-10',
          '中秋节 09-15..09-17',
          '国庆节 10-01..10-07',
        ],
        work: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
      },
      {
        off: [
          '元旦 01-01..01-01',
          '春节 01-28..02-04',
          '清明节 04-04..04-06',
          '劳动节 05-01..05-05',
          '端午节 05-31..06-02',
          '国庆节、中秋节 10-01..10-08',
        ],
        work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
      },
      {
        off: [
          '元旦 01-01..01-03',
          '春节 02-15..02-23',
          '清明节 04-04..04-06',
          '劳动节 05-01..05-05',
          '端午节 06-19..06-21',
          '中秋节 09-25..09-27',
          '国庆节 10-01..10-07',
        ],
        work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
      },
    ]);
  });
});

describe('holidayYearSchema', () => {
  const base = (): HolidayYear => ({
    year: 2030,
    source: '测试',
    holidays: [{ name: '春节', dates: ['2030-02-02', '2030-02-03', '2030-02-04'] }],
    makeupWorkdays: [{ for: '春节', dates: ['2030-01-26'] }], // a Saturday
  });
  const issuePaths = (data: unknown) => {
    const r = holidayYearSchema.safeParse(data);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts a well-formed file', () => {
    expect(issuePaths(base())).toEqual([]);
  });

  it.each<[string, (f: HolidayYear) => void, string]>([
    [
      'a make-up day on a weekday',
      (f) => (f.makeupWorkdays[0].dates = ['2030-01-28']),
      'makeupWorkdays.0.dates.0',
    ],
    [
      'a day both off and a make-up day',
      (f) => (f.makeupWorkdays[0].dates = ['2030-02-02']),
      'makeupWorkdays.0.dates.0',
    ],
    ['a gap in a holiday', (f) => (f.holidays[0].dates = ['2030-02-02', '2030-02-04']), 'holidays.0.dates.1'],
    [
      'descending holiday dates',
      (f) => (f.holidays[0].dates = ['2030-02-03', '2030-02-02']),
      'holidays.0.dates.1',
    ],
    ['a date outside the year', (f) => (f.holidays[0].dates = ['2031-06-01']), 'holidays.0.dates.0'],
    ['an impossible date', (f) => (f.holidays[0].dates = ['2030-02-30']), 'holidays.0.dates.0'],
    [
      'a make-up day for an unknown holiday',
      (f) => (f.makeupWorkdays[0].for = '国庆节'),
      'makeupWorkdays.0.for',
    ],
    ['an unknown field', (f) => Object.assign(f, { extra: 1 }), ''],
  ])('refuses %s', (_what, mutate, path) => {
    const file = base();
    mutate(file);
    expect(issuePaths(file)).toContain(path);
  });

  it('accepts dates reaching into the adjacent December or January (as the 2019 notice did)', () => {
    const file: HolidayYear = {
      year: 2019,
      source: '国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）',
      holidays: [{ name: '元旦', dates: ['2018-12-30', '2018-12-31', '2019-01-01'] }],
      makeupWorkdays: [{ for: '元旦', dates: ['2018-12-29'] }],
    };
    expect(issuePaths(file)).toEqual([]);
  });
});

describe('workingDayCalendar', () => {
  it('returns the one default calendar for the bundled data', () => {
    expect(workingDayCalendar()).toBe(cal);
    expect(workingDayCalendar(DEFAULT_YEARS)).toBe(cal);
    expect(cal).toBeInstanceOf(WorkingDayCalendar);
  });

  it('builds a calendar from other data files, covering only their years', () => {
    const only2025 = workingDayCalendar(DEFAULT_YEARS.filter((f) => f.year === 2025));
    expect(only2025.coveredYears).toEqual([2025]);
    expect(only2025.isWorkingDay('2025-10-11')).toBe(true);
    expect(caught(() => only2025.isWorkingDay('2026-01-05')).bilingual.en).toContain('2026');
  });

  it('refuses the same year twice and invalid data', () => {
    expect(caught(() => workingDayCalendar([DEFAULT_YEARS[0], DEFAULT_YEARS[0]])).code).toBe(
      'validation_failed',
    );
    const bad = { ...fileOf(2024), makeupWorkdays: [{ for: '春节', dates: ['2024-02-05'] }] }; // a Monday
    expect(caught(() => workingDayCalendar([bad])).code).toBe('validation_failed');
  });
});
