import { formatShanghai, isoShanghai, SHANGHAI_TZ } from './time';

describe('SHANGHAI_TZ', () => {
  it('is the IANA name of Beijing time', () => {
    expect(SHANGHAI_TZ).toBe('Asia/Shanghai');
  });
});

describe('formatShanghai', () => {
  it('shows a UTC instant in Beijing time (UTC+8)', () => {
    expect(formatShanghai('2026-11-30T10:00:00Z')).toBe('2026-11-30 18:00:00');
  });

  it('accepts a Date, an ISO string and epoch milliseconds alike', () => {
    const at = new Date('2026-03-01T01:02:03Z');
    expect(formatShanghai(at)).toBe('2026-03-01 09:02:03');
    expect(formatShanghai(at.toISOString())).toBe('2026-03-01 09:02:03');
    expect(formatShanghai(at.getTime())).toBe('2026-03-01 09:02:03');
  });

  it('honours an explicit offset in the input', () => {
    expect(formatShanghai('2026-11-30T18:00:00+08:00')).toBe('2026-11-30 18:00:00');
    expect(formatShanghai('2026-11-30T05:00:00-05:00')).toBe('2026-11-30 18:00:00');
  });

  it('rolls over to the next local day after 16:00 UTC', () => {
    expect(formatShanghai('2026-11-30T16:30:00Z')).toBe('2026-12-01 00:30:00');
    expect(formatShanghai('2026-11-30T15:59:59Z')).toBe('2026-11-30 23:59:59');
    expect(formatShanghai('2026-11-30T16:00:00Z')).toBe('2026-12-01 00:00:00');
  });

  it('rolls over month, year and leap day boundaries', () => {
    expect(formatShanghai('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30:00');
    expect(formatShanghai('2028-02-28T16:30:00Z')).toBe('2028-02-29 00:30:00');
    expect(formatShanghai('2027-02-28T16:30:00Z')).toBe('2027-03-01 00:30:00');
  });

  it('drops milliseconds without rounding up', () => {
    expect(formatShanghai('2026-11-30T10:00:00.999Z')).toBe('2026-11-30 18:00:00');
  });

  it('is DST-free: the offset is +8 h in winter and in summer', () => {
    const winter = '2026-01-15T04:00:00Z';
    const summer = '2026-07-15T04:00:00Z';
    expect(formatShanghai(winter)).toBe('2026-01-15 12:00:00');
    expect(formatShanghai(summer)).toBe('2026-07-15 12:00:00');
  });

  it('agrees with the tz database for Asia/Shanghai on every day of 2025–2027', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const dayMs = 24 * 60 * 60 * 1000;
    const mismatches: string[] = [];
    for (let t = Date.UTC(2025, 0, 1, 17, 30, 15); t < Date.UTC(2028, 0, 1); t += dayMs) {
      if (formatShanghai(t) !== intl.format(t)) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
  });
});

describe('isoShanghai', () => {
  it('renders ISO 8601 local time with the +08:00 offset', () => {
    expect(isoShanghai('2026-11-30T10:00:00Z')).toBe('2026-11-30T18:00:00+08:00');
  });

  it('rolls over to the next local day after 16:00 UTC', () => {
    expect(isoShanghai('2026-11-30T16:30:00Z')).toBe('2026-12-01T00:30:00+08:00');
  });

  it('round-trips to the same instant (to the second)', () => {
    const instants = ['2026-11-30T16:30:00Z', '2026-07-01T00:00:00Z', '2025-12-31T23:59:59Z'];
    for (const instant of instants) {
      expect(new Date(isoShanghai(instant)).toISOString()).toBe(new Date(instant).toISOString());
    }
  });

  it('accepts a Date and epoch milliseconds', () => {
    const at = new Date('2026-06-01T12:00:00Z');
    expect(isoShanghai(at)).toBe('2026-06-01T20:00:00+08:00');
    expect(isoShanghai(at.getTime())).toBe('2026-06-01T20:00:00+08:00');
  });

  it('agrees with formatShanghai on the local wall-clock time', () => {
    const at = '2026-02-10T18:45:12Z';
    expect(isoShanghai(at).slice(0, 19).replace('T', ' ')).toBe(formatShanghai(at));
  });
});
