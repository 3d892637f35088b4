import { as, Client, closeDb, count, readAll, request } from './support/api';
import { iso } from './support/flows';

/**
 * The working-day calendar as data: the installed years are official with their source; a year
 * without an approved notice is provisional (computed, never shorter) and everything counted on
 * it says so; an administrator enters the next year's notice, a second approves it, and periods
 * counted from then on use it. Dates are fixed, so this passes in any year.
 */
describe('working-day calendar', () => {
  let officer: Client;
  let admin: Client;
  let admin2: Client;
  let callId: string;
  const preview = (publishAt: string) =>
    officer.get(`/calls/${callId}/awards/notice-preview?publishAt=${encodeURIComponent(publishAt)}`);

  /** A plausible 2027 notice, as an administrator would enter it (test data, not the real notice). */
  const notice2027 = {
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
      {
        name: '国庆节',
        dates: [
          '2027-10-01',
          '2027-10-02',
          '2027-10-03',
          '2027-10-04',
          '2027-10-05',
          '2027-10-06',
          '2027-10-07',
        ],
      },
    ],
    makeupWorkdays: [
      { for: '春节', dates: ['2027-02-20'] },
      { for: '国庆节', dates: ['2027-09-26', '2027-10-09'] },
    ],
    source: {
      title: '国务院办公厅关于2027年部分节假日安排的通知',
      number: '国办发明电〔2026〕9号',
      publishedOn: '2026-11-05',
      url: 'https://www.gov.cn/zhengce/content/2027-holidays.htm',
    },
    note: '端到端测试录入 Entered by the end-to-end test',
  };

  beforeAll(async () => {
    [officer, admin, admin2] = await Promise.all([as('officer'), as('admin'), as('admin2')]);
    const call = await officer.post('/calls', {
      title: '工作日日历测试',
      mode: 'open_competition',
      windowStart: iso(-60_000),
      windowEnd: iso(600_000),
      budgetCapFen: 50_000_000,
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
  });
  afterAll(closeDb);

  it('shows an installed year as official, with its days off, make-up days and source (no login)', async () => {
    const y = await request('GET', '/public/calendar/2026');
    expect(y.status).toBe(200);
    expect(y.body).toMatchObject({
      year: 2026,
      status: 'official',
      version: 'v1',
      source: {
        title: '国务院办公厅关于2026年部分节假日安排的通知',
        number: '国办发明电〔2025〕7号',
        publishedOn: '2025-11-04',
      },
      pendingVersion: null,
    });
    expect(y.body.daysOff).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07', '2026-02-15']));
    expect(y.body.makeupDays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    const bad = await request('GET', '/public/calendar/20x6');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('year');
  });

  it('counts a notice published on 2026-12-28 on the provisional calendar, and says so', async () => {
    const y = await request('GET', '/public/calendar/2027');
    expect(y.body).toMatchObject({ year: 2027, status: 'provisional', source: { number: null } });
    // No make-up working days are assumed: every one is treated as a day off.
    expect(y.body.makeupDays).toEqual([]);
    expect(y.body.daysOff).toContain('2027-01-01');

    const p = await preview('2026-12-28T10:00:00+08:00');
    expect(p.status).toBe(200);
    expect(p.body.calendar).toMatchObject({
      status: 'provisional',
      years: [
        { year: 2026, status: 'official', version: 'v1' },
        { year: 2027, status: 'provisional' },
      ],
    });
    expect(p.body.calendar.statement.zh).toContain('临时日历');
    expect(p.body.calendar.statement.en).toContain('provisional calendar');
    // Days 1–2 are 12-29 and 12-30; 元旦 is off; the rest fall in January: never earlier than the official count could end.
    expect(p.body.lastDay >= '2027-01-05').toBe(true);
    expect(p.body.endLocal).toBe(`${p.body.lastDay} 23:59:59`);
  });

  it('refuses bad entries field by field and writes nothing', async () => {
    const years = () => count(`SELECT 1 FROM calendar_years WHERE year = 2027`);
    const before = await years();
    const cases: Array<[unknown, string]> = [
      [
        { ...notice2027, holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-03'] }] },
        'holidays.0.dates.1',
      ],
      [
        { ...notice2027, makeupWorkdays: [{ for: '春节', dates: ['2027-02-17'] }] },
        'makeupWorkdays.0.dates.0',
      ],
      [{ ...notice2027, holidays: [{ name: '元旦', dates: ['2026-06-01'] }] }, 'holidays.0.dates.0'],
      [{ ...notice2027, source: { ...notice2027.source, url: 'javascript:alert(1)' } }, 'source.url'],
      [{ ...notice2027, extra: true }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/calendar/years/2027/versions', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message.zh).toBeTruthy();
      if (path) expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await officer.post('/calendar/years/2027/versions', notice2027)).status).toBe(403);
    expect(await years()).toBe(before);
  });

  /** /health warns from 60 days before the last official year ends (1 November, Beijing time). */
  const expectHealthFor = async (lastOfficialYear: number) => {
    const health = await request('GET', '/health');
    expect(health.body.calendar.lastOfficialYear).toBe(lastOfficialYear);
    const due = Date.now() >= Date.parse(`${lastOfficialYear}-11-01T00:00:00+08:00`);
    expect(health.body.calendar.warning === null).toBe(!due);
    if (due) expect(health.body.calendar.warning.zh).toContain(`${lastOfficialYear + 1}年节假日安排尚未录入`);
  };

  it('an administrator enters 2027, a second approves it (four eyes), and the next notice is counted on it', async () => {
    await expectHealthFor(2026);
    const entered = await admin.post('/calendar/years/2027/versions', notice2027);
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({
      year: 2027,
      version: 1,
      status: 'pending',
      inForce: false,
      enteredBy: admin.user.id,
      source: notice2027.source,
    });
    // Pending is not in force: the year is still provisional, and says a version waits.
    expect((await request('GET', '/public/calendar/2027')).body).toMatchObject({
      status: 'provisional',
      pendingVersion: 1,
    });
    // One entry waits at a time; nobody approves their own; a rejection needs a comment.
    expect((await admin2.post('/calendar/years/2027/versions', notice2027)).status).toBe(409);
    const own = await admin.post('/calendar/years/2027/versions/1/decision', { decision: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.message.en).toContain('cannot approve');
    const bare = await admin2.post('/calendar/years/2027/versions/1/decision', { decision: 'reject' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields[0].path).toBe('comment');
    expect(
      (await officer.post('/calendar/years/2027/versions/1/decision', { decision: 'approve' })).status,
    ).toBe(403);
    expect(
      (await admin2.post('/calendar/years/2027/versions/2/decision', { decision: 'approve' })).status,
    ).toBe(404);

    const approved = await admin2.post('/calendar/years/2027/versions/1/decision', {
      decision: 'approve',
      comment: '已与国务院办公厅通知原文核对',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', inForce: true, decidedBy: admin2.user.id });
    // Both steps are domain events of the year.
    const events = await officer.get('/events?subjectType=calendar_year&subjectId=2027');
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'calendar_year.entered',
      'calendar_year.approved',
    ]);

    const y = await request('GET', '/public/calendar/2027');
    expect(y.body).toMatchObject({
      status: 'official',
      version: 'v1',
      source: notice2027.source,
      makeupDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
      pendingVersion: null,
    });
    // The same publication now counts on the approved notice: 12-29, 12-30, 12-31, 01-04, 01-05.
    const p = await preview('2026-12-28T10:00:00+08:00');
    expect(p.body).toMatchObject({ lastDay: '2027-01-05', endLocal: '2027-01-05 23:59:59' });
    expect(p.body.calendar).toMatchObject({
      status: 'official',
      years: [
        { year: 2026, status: 'official', version: 'v1' },
        { year: 2027, status: 'official', version: 'v1' },
      ],
    });
    expect(p.body.calendar.statement.zh).toContain('2027年v1');
    await expectHealthFor(2027);
    // The make-up Saturday of 春节 counts as a working day: from Friday 02-19, day 1 is 02-20.
    expect((await preview('2027-02-19T10:00:00+08:00')).body.lastDay).toBe('2027-02-25');

    // A correction is a new version through the same four eyes; until approved, v1 stays in force.
    const corrected = await admin2.post('/calendar/years/2027/versions', {
      ...notice2027,
      makeupWorkdays: [{ for: '国庆节', dates: ['2027-09-26', '2027-10-09'] }],
      note: '更正：春节无调休上班 Correction: no make-up day for the Spring Festival',
    });
    expect(corrected.body).toMatchObject({ version: 2, status: 'pending' });
    expect((await preview('2027-02-19T10:00:00+08:00')).body.lastDay).toBe('2027-02-25');
    const rejected = await admin.post('/calendar/years/2027/versions/2/decision', {
      decision: 'reject',
      comment: '与通知原文不符，春节有调休上班日',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      inForce: false,
      decisionComment: '与通知原文不符，春节有调休上班日',
    });
    const versions = await officer.get('/calendar/years/2027/versions');
    expect(
      versions.body.items.map((v: { version: number; status: string; inForce: boolean }) => [
        v.version,
        v.status,
        v.inForce,
      ]),
    ).toEqual([
      [2, 'rejected', false],
      [1, 'approved', true],
    ]);
    // A version a page: the one in force is marked on its own page too.
    const paged = await readAll(officer, '/calendar/years/2027/versions', 1);
    expect(paged.items.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(paged.pages).toBe(2);
  });

  it('reads a year far ahead (2030) as provisional, with its statutory holidays', async () => {
    const y = await request('GET', '/public/calendar/2030');
    expect(y.body).toMatchObject({ year: 2030, status: 'provisional' });
    expect(y.body.daysOff).toEqual(expect.arrayContaining(['2030-01-01', '2030-05-01', '2030-10-01']));
    const p = await preview('2030-09-30T10:00:00+08:00');
    expect(p.body.calendar.status).toBe('provisional');
    expect(p.body.lastDay > '2030-10-07').toBe(true);
  });
});
