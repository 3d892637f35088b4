import {
  assertCallClosedFor,
  assertWindowOpen,
  CALL_STATUS_LABELS,
  CALL_STATUSES,
  callStatusAt,
  callWindowSchema,
  createCallSchema,
  MODE_LABELS,
  MODES,
  startsDuringWindow,
} from './call';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const validCall = {
  title: '2026 年度重点研发计划',
  mode: 'open_competition',
  windowStart: '2026-11-01T00:00:00Z',
  windowEnd: '2026-11-30T10:00:00Z',
  budgetCapFen: 500_000_00,
};

function callFieldsOf(input: unknown) {
  return caught(() => parseOrThrow(createCallSchema, input)).fields;
}

describe('createCallSchema', () => {
  it('accepts a well-formed call and trims the title', () => {
    const parsed = parseOrThrow(createCallSchema, { ...validCall, title: '  揭榜挂帅专项  ' });
    expect(parsed).toEqual({ ...validCall, title: '揭榜挂帅专项' });
  });

  it.each(MODES)('accepts mode %s (a directed call with its invited institutions)', (mode) => {
    const invited =
      mode === 'directed' ? { invitedInstitutionIds: ['0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'] } : {};
    expect(createCallSchema.safeParse({ ...validCall, mode, ...invited }).success).toBe(true);
  });

  it('requires invited institutions for a directed call, and refuses them elsewhere', () => {
    expect(callFieldsOf({ ...validCall, mode: 'directed' }).map((f) => f.path)).toEqual([
      'invitedInstitutionIds',
    ]);
    expect(
      callFieldsOf({ ...validCall, invitedInstitutionIds: ['0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'] }).map(
        (f) => f.path,
      ),
    ).toEqual(['invitedInstitutionIds']);
  });

  it('refuses an unknown mode', () => {
    expect(callFieldsOf({ ...validCall, mode: 'lottery' }).map((f) => f.path)).toEqual(['mode']);
  });

  it.each([
    ['a one-character title', 'x'],
    ['a title of only spaces', '     '],
    ['a title over 200 characters', 'a'.repeat(201)],
  ])('refuses %s', (_label, title) => {
    expect(callFieldsOf({ ...validCall, title }).map((f) => f.path)).toEqual(['title']);
  });

  it('accepts a title of exactly 200 characters', () => {
    expect(createCallSchema.safeParse({ ...validCall, title: 'a'.repeat(200) }).success).toBe(true);
  });

  it('refuses a windowEnd equal to windowStart, on windowEnd, in zh and en', () => {
    const fields = callFieldsOf({ ...validCall, windowEnd: validCall.windowStart });

    expect(fields).toEqual([
      {
        path: 'windowEnd',
        message: { zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' },
      },
    ]);
  });

  it('refuses a windowEnd before windowStart', () => {
    const fields = callFieldsOf({
      ...validCall,
      windowStart: '2026-11-30T10:00:00Z',
      windowEnd: '2026-11-01T00:00:00Z',
    });
    expect(fields.map((f) => f.path)).toEqual(['windowEnd']);
  });

  it('compares the window as instants, not as text, across offsets', () => {
    // 18:00+08:00 is 10:00Z: equal instants although the strings differ.
    const equal = {
      ...validCall,
      windowStart: '2026-11-30T10:00:00Z',
      windowEnd: '2026-11-30T18:00:00+08:00',
    };
    expect(callFieldsOf(equal).map((f) => f.path)).toEqual(['windowEnd']);

    // 18:00:01+08:00 is one second after 10:00Z.
    const later = {
      ...validCall,
      windowStart: '2026-11-30T10:00:00Z',
      windowEnd: '2026-11-30T18:00:01+08:00',
    };
    expect(createCallSchema.safeParse(later).success).toBe(true);
  });

  it('accepts a window that ends one millisecond after it starts', () => {
    const input = {
      ...validCall,
      windowStart: '2026-11-30T10:00:00.000Z',
      windowEnd: '2026-11-30T10:00:00.001Z',
    };
    expect(createCallSchema.safeParse(input).success).toBe(true);
  });

  it('accepts datetimes with a numeric offset and keeps them as given', () => {
    const input = {
      ...validCall,
      windowStart: '2026-11-01T08:00:00+08:00',
      windowEnd: '2026-11-30T18:00:00+08:00',
    };
    const parsed = parseOrThrow(createCallSchema, input);
    expect(parsed.windowStart).toBe('2026-11-01T08:00:00+08:00');
    expect(parsed.windowEnd).toBe('2026-11-30T18:00:00+08:00');
  });

  it.each([
    ['without an offset', '2026-11-01T00:00:00'],
    ['as a date only', '2026-11-01'],
    ['in a non-ISO format', '2026/11/01 00:00:00'],
    ['as free text', 'next Monday'],
  ])('refuses a windowStart %s', (_label, windowStart) => {
    expect(callFieldsOf({ ...validCall, windowStart }).map((f) => f.path)).toContain('windowStart');
  });

  it('refuses a windowEnd without an offset', () => {
    expect(callFieldsOf({ ...validCall, windowEnd: '2026-11-30T10:00:00' }).map((f) => f.path)).toContain(
      'windowEnd',
    );
  });

  it('refuses a Date object or epoch number where an ISO string is required', () => {
    const fields = callFieldsOf({ ...validCall, windowStart: new Date(validCall.windowStart), windowEnd: 1 });
    expect(fields.map((f) => f.path)).toEqual(['windowStart', 'windowEnd']);
  });

  it.each([
    ['zero', 0],
    ['negative', -100],
    ['a float', 100.5],
    ['a numeric string', '100'],
    ['above MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER + 2],
  ])('refuses a budgetCapFen that is %s', (_label, budgetCapFen) => {
    const paths = callFieldsOf({ ...validCall, budgetCapFen }).map((f) => f.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set(['budgetCapFen']));
  });

  it('accepts a budgetCapFen of 1 fen and of MAX_SAFE_INTEGER', () => {
    expect(createCallSchema.safeParse({ ...validCall, budgetCapFen: 1 }).success).toBe(true);
    expect(createCallSchema.safeParse({ ...validCall, budgetCapFen: Number.MAX_SAFE_INTEGER }).success).toBe(
      true,
    );
  });

  it('reports every missing field as required', () => {
    const fields = callFieldsOf({ mode: 'directed' });
    expect(fields).toEqual(
      ['title', 'windowStart', 'windowEnd', 'budgetCapFen'].map((path) => ({
        path,
        message: { zh: '必填字段', en: 'Required' },
      })),
    );
  });
});

describe('callWindowSchema', () => {
  it('coerces strings to Dates', () => {
    const parsed = callWindowSchema.parse({
      windowStart: validCall.windowStart,
      windowEnd: validCall.windowEnd,
    });
    expect(parsed.windowStart).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(parsed.windowEnd).toEqual(new Date('2026-11-30T10:00:00Z'));
  });

  it('refuses an unparseable date', () => {
    expect(callWindowSchema.safeParse({ windowStart: 'soon', windowEnd: validCall.windowEnd }).success).toBe(
      false,
    );
  });
});

describe('callStatusAt', () => {
  const window = { windowStart: '2026-11-01T00:00:00Z', windowEnd: '2026-11-30T10:00:00Z' };
  const start = Date.parse(window.windowStart);
  const end = Date.parse(window.windowEnd);

  it('is scheduled up to the last millisecond before windowStart', () => {
    expect(callStatusAt(window, start - 1)).toBe('scheduled');
    expect(callStatusAt(window, 0)).toBe('scheduled');
  });

  it('is open from exactly windowStart (inclusive)', () => {
    expect(callStatusAt(window, start)).toBe('open');
  });

  it('is still open one millisecond before windowEnd', () => {
    expect(callStatusAt(window, end - 1)).toBe('open');
  });

  it('is closed from exactly windowEnd (exclusive end)', () => {
    expect(callStatusAt(window, end)).toBe('closed');
    expect(callStatusAt(window, end + 365 * 24 * 3600 * 1000)).toBe('closed');
  });

  it('accepts Date objects for the window', () => {
    const dates = { windowStart: new Date(start), windowEnd: new Date(end) };
    expect(callStatusAt(dates, start - 1)).toBe('scheduled');
    expect(callStatusAt(dates, start)).toBe('open');
    expect(callStatusAt(dates, end)).toBe('closed');
  });

  it('interprets offsets in the window strings', () => {
    const local = { windowStart: '2026-11-01T08:00:00+08:00', windowEnd: '2026-11-30T18:00:00+08:00' };
    expect(callStatusAt(local, start - 1)).toBe('scheduled');
    expect(callStatusAt(local, start)).toBe('open');
    expect(callStatusAt(local, end - 1)).toBe('open');
    expect(callStatusAt(local, end)).toBe('closed');
  });
});

describe('assertWindowOpen', () => {
  const window = { windowStart: '2026-11-01T00:00:00Z', windowEnd: '2026-11-30T10:00:00Z' };
  const start = Date.parse(window.windowStart);
  const end = Date.parse(window.windowEnd);

  it('passes inside [windowStart, windowEnd)', () => {
    expect(() => assertWindowOpen(window, start)).not.toThrow();
    expect(() => assertWindowOpen(window, end - 1)).not.toThrow();
  });

  it('refuses before the window with window_not_open (422) showing the start in Beijing time', () => {
    const error = caught(() => assertWindowOpen(window, start - 1));

    expect(error.code).toBe('window_not_open');
    expect(error.status).toBe(422);
    expect(error.bilingual.zh).toBe('申报尚未开始，开始时间为 2026-11-01 08:00:00（北京时间）');
    expect(error.bilingual.en).toBe(
      'The application window has not opened yet; it opens at 2026-11-01 08:00:00 (Asia/Shanghai)',
    );
  });

  it('refuses at exactly windowEnd with window_closed (422) showing the deadline in Beijing time', () => {
    const error = caught(() => assertWindowOpen(window, end));

    expect(error.code).toBe('window_closed');
    expect(error.status).toBe(422);
    expect(error.bilingual.zh).toBe('申报已截止，截止时间为 2026-11-30 18:00:00（北京时间）');
    expect(error.bilingual.en).toBe('The application window closed at 2026-11-30 18:00:00 (Asia/Shanghai)');
    expect(error.message).toBe(error.bilingual.en);
  });

  it('shows a deadline after 16:00 UTC on the next local day', () => {
    const late = { windowStart: '2026-11-01T00:00:00Z', windowEnd: '2026-11-30T16:30:00Z' };
    const error = caught(() => assertWindowOpen(late, Date.parse('2026-12-01T00:00:00Z')));

    expect(error.code).toBe('window_closed');
    expect(error.bilingual.zh).toContain('2026-12-01 00:30:00');
    expect(error.bilingual.en).toContain('2026-12-01 00:30:00');
  });

  it('works with Date objects for the window', () => {
    const dates = { windowStart: new Date(start), windowEnd: new Date(end) };
    expect(caught(() => assertWindowOpen(dates, end)).bilingual.en).toContain('2026-11-30 18:00:00');
  });

  it('carries no field messages', () => {
    expect(caught(() => assertWindowOpen(window, end)).fields).toEqual([]);
  });
});

describe('labels', () => {
  it.each(MODES)('has a Chinese and an English label for mode %s', (mode) => {
    expect(MODE_LABELS[mode].zh).toMatch(HAN);
    expect(MODE_LABELS[mode].en.length).toBeGreaterThan(0);
  });

  it.each(CALL_STATUSES)('has a Chinese and an English label for call status %s', (status) => {
    expect(CALL_STATUS_LABELS[status].zh).toMatch(HAN);
    expect(CALL_STATUS_LABELS[status].en.length).toBeGreaterThan(0);
  });
});

describe('createCallSchema with a malformed date', () => {
  it('reports only the malformed field, not a misleading ordering error', () => {
    const result = createCallSchema.safeParse({
      title: '2026年百色市重点研发计划',
      mode: 'open_competition',
      windowStart: 'next Monday',
      windowEnd: '2030-01-01T00:00:00+08:00',
      budgetCapFen: 1000,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['windowStart']);
  });
});

describe('assertCallClosedFor (formal check and review start after the call closes)', () => {
  const call = { windowEnd: '2026-06-30T17:00:00+08:00' };
  const end = Date.parse(call.windowEnd);

  it.each(['formal_check', 'expert_review'] as const)(
    'refuses %s before the close, takes it from the close on',
    (stage) => {
      const err = caught(() => assertCallClosedFor(stage, call, end - 1));
      expect(err.code).toBe('window_not_open');
      expect(err.status).toBe(422);
      expect(err.bilingual.zh).toContain('须在申报截止后开始，本批次截止时间为 2026-06-30 17:00');
      expect(err.bilingual.en).not.toMatch(HAN);
      expect(() => assertCallClosedFor(stage, call, end)).not.toThrow();
      expect(() => assertCallClosedFor(stage, call, end + 86_400_000)).not.toThrow();
    },
  );

  it('lets a template that says so run during the window', () => {
    expect(() => assertCallClosedFor('formal_check', call, end - 3_600_000, true)).not.toThrow();
  });

  it('names the stage', () => {
    expect(caught(() => assertCallClosedFor('formal_check', call, end - 1)).bilingual.zh).toMatch(
      /^形式审查/,
    );
    expect(caught(() => assertCallClosedFor('expert_review', call, end - 1)).bilingual.en).toMatch(
      /^An expert review round/,
    );
  });
});

describe("startsDuringWindow (the template's exception to the close)", () => {
  it('answers from the stages the template lists, and no for a call without one', () => {
    expect(startsDuringWindow({ startDuringWindow: ['formal_check'] }, 'formal_check')).toBe(true);
    expect(startsDuringWindow({ startDuringWindow: ['formal_check'] }, 'expert_review')).toBe(false);
    expect(startsDuringWindow({}, 'formal_check')).toBe(false);
    expect(startsDuringWindow(null, 'expert_review')).toBe(false);
  });
});
