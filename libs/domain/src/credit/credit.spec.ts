import {
  addYears,
  checkEligibility,
  creditPartiesOf,
  CREDIT_KIND_LABELS,
  CREDIT_RECORD_KINDS,
  CREDIT_SUBJECT_TYPE_LABELS,
  CREDIT_SUBJECT_TYPES,
  creditDate,
  creditPolicySchema,
  CreditPolicy,
  CreditRating,
  creditRatingSchema,
  CreditRecord,
  creditRecordInputSchema,
  CreditRecordKind,
  creditRecordSchema,
  DEFAULT_CREDIT_POLICY,
  ELIGIBILITY_ROLE_LABELS,
  indirectCostRateCap,
  indirectRatePercentOf,
  levelAt,
  mayApply,
  mayKeepSurplus,
  mayLead,
  mayServeAsExpert,
  MISCONDUCT_KINDS,
  NEGATIVE_KINDS,
  needsExtraScrutiny,
  rateCredit,
  SEVERITIES,
  SEVERITY_LABELS,
  Severity,
  assertRepairable,
  repairDecisionSchema,
  creditBars,
  assertNotCreditBarred,
  EligibilitySubject,
  addMonths,
  assertMayApproveRepair,
  assertRepairTimely,
  DEFAULT_REPAIR_POLICY,
  assertMayDecideRepair,
  assertMayRequestRepair,
  assertReferencedRecord,
} from './credit';
import { CREDIT_LEVELS, CreditLevel } from '../guide/program-template';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

/**
 * Conventions under test (see the header of credit.ts): dates are Beijing calendar dates; a record
 * counts on [effectiveFrom, effectiveUntil); a ban of N years from D is lifted on D + N years, so the
 * day before is still banned and the end date itself is free.
 */

const PERSON = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const OFFICER = '33333333-3333-4333-8333-333333333333';
const PROJECT = '44444444-4444-4444-8444-444444444444';

let seq = 0;
function uuid(): string {
  seq += 1;
  return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
}

/** A valid input for `kind`; overrides replace fields. */
function input(kind: CreditRecordKind, severity: Severity, effectiveFrom: string, over: object = {}): any {
  return {
    subject: { type: 'person', id: PERSON },
    kind,
    severity,
    stage: 'acceptance',
    projectId: PROJECT,
    facts: '经调查核实，项目验收材料中的检测报告系伪造。',
    evidenceRefs: ['evidence/report-1.pdf'],
    decisionNo: '百科信〔2026〕1号',
    effectiveFrom,
    ...over,
  };
}

/** A stored record, validated through the record schema. */
function rec(
  kind: CreditRecordKind,
  severity: Severity,
  effectiveFrom: string,
  over: object = {},
): CreditRecord {
  return parseOrThrow(creditRecordSchema, {
    ...input(kind, severity, effectiveFrom),
    id: uuid(),
    recordedAt: '2026-01-05T09:00:00+08:00',
    recordedBy: OFFICER,
    ...over,
  });
}

function fields(fn: () => unknown) {
  return caught(fn).fields;
}

function policy(over: Partial<CreditPolicy>): CreditPolicy {
  return parseOrThrow(creditPolicySchema, { ...DEFAULT_CREDIT_POLICY, ...over });
}

function rating(level: CreditLevel, banUntil: CreditRating['banUntil'] = null): CreditRating {
  return { level, reasons: [], banUntil, activeRecordIds: [] };
}

// ---------------------------------------------------------------------------------------------

describe('vocabularies', () => {
  it('has the 8 national misconduct categories, each labelled in Chinese and English', () => {
    expect(MISCONDUCT_KINDS).toHaveLength(8);
    for (const kind of CREDIT_RECORD_KINDS) {
      expect(CREDIT_KIND_LABELS[kind].zh).toMatch(HAN);
      expect(CREDIT_KIND_LABELS[kind].en).not.toMatch(HAN);
    }
    expect(CREDIT_KIND_LABELS.plagiarism.zh).toBe('抄袭剽窃、侵占他人研究成果或项目申请书');
    expect(CREDIT_KIND_LABELS.other_misconduct.zh).toBe('其他科研失信行为');
  });

  it('labels severities with the 一般/较重/严重 grades and every subject type', () => {
    expect(SEVERITIES.map((s) => SEVERITY_LABELS[s].zh)).toEqual(['守信', '中性', '一般', '较重', '严重']);
    for (const t of CREDIT_SUBJECT_TYPES) expect(CREDIT_SUBJECT_TYPE_LABELS[t].zh).toMatch(HAN);
    for (const r of Object.values(ELIGIBILITY_ROLE_LABELS)) expect(r.zh).toMatch(HAN);
  });
});

describe('creditRecordInputSchema', () => {
  it('accepts a misconduct record and fills the defaults', () => {
    const parsed = parseOrThrow(creditRecordInputSchema, {
      ...input('fabrication', 'serious', '2026-03-01'),
      projectId: undefined,
      decisionNo: undefined,
    });
    expect(parsed).toMatchObject({
      projectId: null,
      decisionNo: null,
      effectiveUntil: null,
      referencesRecordId: null,
      isPublic: false,
    });
  });

  it('requires referencesRecordId for a correction and for a repair', () => {
    for (const kind of ['correction', 'repair'] as const) {
      const severity = kind === 'repair' ? 'neutral' : 'minor';
      const f = fields(() => parseOrThrow(creditRecordInputSchema, input(kind, severity, '2026-03-01')));
      expect(f).toHaveLength(1);
      expect(f[0].path).toBe('referencesRecordId');
      expect(f[0].message.zh).toMatch(HAN);
    }
  });

  it('forbids referencesRecordId on any other kind', () => {
    const f = fields(() =>
      parseOrThrow(
        creditRecordInputSchema,
        input('plagiarism', 'minor', '2026-03-01', { referencesRecordId: OTHER }),
      ),
    );
    expect(f.map((x) => x.path)).toEqual(['referencesRecordId']);
    expect(f[0].message.zh).toContain('更正记录和信用修复');
  });

  it.each<[CreditRecordKind, Severity]>([
    ['honest_failure', 'severe'],
    ['honest_failure', 'positive'],
    ['repair', 'minor'],
    ['excellent_acceptance', 'neutral'],
    ['excellent_acceptance', 'minor'],
  ])('refuses %s with severity %s at path severity', (kind, severity) => {
    const ref = kind === 'repair' ? { referencesRecordId: OTHER } : {};
    const f = fields(() => parseOrThrow(creditRecordInputSchema, input(kind, severity, '2026-03-01', ref)));
    expect(f.map((x) => x.path)).toEqual(['severity']);
    expect(f[0].message.zh).toMatch(HAN);
  });

  it.each(NEGATIVE_KINDS.flatMap((k) => [[k, 'positive'] as const, [k, 'neutral'] as const]))(
    'refuses breach kind %s with severity %s',
    (kind, severity) => {
      const f = fields(() => parseOrThrow(creditRecordInputSchema, input(kind, severity, '2026-03-01')));
      expect(f.map((x) => x.path)).toEqual(['severity']);
      expect(f[0].message.zh).toContain(CREDIT_KIND_LABELS[kind].zh);
    },
  );

  it('accepts a correction of any severity, including neutral (cleared on appeal)', () => {
    for (const severity of SEVERITIES) {
      expect(() =>
        parseOrThrow(
          creditRecordInputSchema,
          input('correction', severity, '2026-03-01', { referencesRecordId: OTHER }),
        ),
      ).not.toThrow();
    }
  });

  it('refuses effectiveUntil before or on effectiveFrom, and accepts the day after', () => {
    for (const until of ['2026-02-28', '2026-03-01']) {
      const f = fields(() =>
        parseOrThrow(
          creditRecordInputSchema,
          input('plagiarism', 'minor', '2026-03-01', { effectiveUntil: until }),
        ),
      );
      expect(f.map((x) => x.path)).toEqual(['effectiveUntil']);
      expect(f[0].message.zh).toContain('2026-03-01');
    }
    expect(
      parseOrThrow(
        creditRecordInputSchema,
        input('plagiarism', 'minor', '2026-03-01', { effectiveUntil: '2026-03-02' }),
      ).effectiveUntil,
    ).toBe('2026-03-02');
  });

  it('refuses an end date on a repair', () => {
    const f = fields(() =>
      parseOrThrow(
        creditRecordInputSchema,
        input('repair', 'neutral', '2026-03-01', { referencesRecordId: OTHER, effectiveUntil: '2027-03-01' }),
      ),
    );
    expect(f.map((x) => x.path)).toEqual(['effectiveUntil']);
  });

  it('names every bad field at its path at once', () => {
    const f = fields(() =>
      parseOrThrow(creditRecordInputSchema, {
        ...input('plagiarism', 'minor', '2026/03/01'),
        subject: { type: 'person', id: 'nope' },
        facts: '太短了',
        evidenceRefs: [''],
      }),
    );
    expect(f.map((x) => x.path).sort()).toEqual(['effectiveFrom', 'evidenceRefs.0', 'facts', 'subject.id']);
    for (const x of f) expect(x.message.zh).toMatch(HAN);
  });

  it('refuses unknown keys (strict) and an unknown subject type', () => {
    const f = fields(() =>
      parseOrThrow(creditRecordInputSchema, {
        ...input('plagiarism', 'minor', '2026-03-01'),
        subject: { type: 'company', id: PERSON },
        publik: true,
      }),
    );
    expect(f.map((x) => x.path).sort()).toEqual(['(root)', 'subject.type']);
  });
});

describe('creditRecordSchema', () => {
  it('accepts a stored row: UTC recordedAt, a workflow as recorder, no case', () => {
    const r = rec('failed_acceptance', 'minor', '2026-03-01', {
      recordedAt: '2026-03-01T02:00:00.000Z',
      recordedBy: null,
    });
    expect(r).toMatchObject({ recordedBy: null, caseId: null });
  });

  it('applies the same refinements as the input', () => {
    const f = fields(() => rec('honest_failure', 'severe', '2026-03-01'));
    expect(f.map((x) => x.path)).toEqual(['severity']);
  });
});

describe('creditPolicySchema and DEFAULT_CREDIT_POLICY', () => {
  it('holds the RULES §11 defaults', () => {
    expect(DEFAULT_CREDIT_POLICY).toEqual({
      banYears: { minor_breach: 1, serious_breach: 3, severe_breach: 5 },
      severePermanent: false,
      indirectCostRateCapPercent: {
        excellent: 30,
        good: 30,
        minor_breach: 20,
        serious_breach: 10,
        severe_breach: 0,
      },
      surplusRetention: {
        excellent: true,
        good: true,
        minor_breach: false,
        serious_breach: false,
        severe_breach: false,
      },
      expertMinLevel: 'good',
      extraScrutinyLevels: ['minor_breach', 'serious_breach'],
      excellentNeeds: { positiveRecords: 2, withinYears: 3 },
    });
  });

  it('refuses inconsistent overrides, each at its path', () => {
    const f = fields(() =>
      policy({
        banYears: { minor_breach: 3, serious_breach: 2, severe_breach: 1 },
        indirectCostRateCapPercent: {
          ...DEFAULT_CREDIT_POLICY.indirectCostRateCapPercent,
          serious_breach: 25,
        },
        surplusRetention: { ...DEFAULT_CREDIT_POLICY.surplusRetention, good: false, minor_breach: true },
        expertMinLevel: 'severe_breach',
        extraScrutinyLevels: ['minor_breach', 'minor_breach'],
      }),
    );
    expect(f.map((x) => x.path).sort()).toEqual([
      'banYears.serious_breach',
      'banYears.severe_breach',
      'expertMinLevel',
      'extraScrutinyLevels',
      'indirectCostRateCapPercent.serious_breach',
      'surplusRetention.minor_breach',
    ]);
    for (const x of f) expect(x.message.zh).toMatch(HAN);
  });

  it('refuses a zero-year ban and a cap above 100 %', () => {
    const f = fields(() =>
      policy({
        banYears: { minor_breach: 0, serious_breach: 3, severe_breach: 5 },
        indirectCostRateCapPercent: { ...DEFAULT_CREDIT_POLICY.indirectCostRateCapPercent, excellent: 101 },
      }),
    );
    expect(f.map((x) => x.path).sort()).toEqual([
      'banYears.minor_breach',
      'indirectCostRateCapPercent.excellent',
    ]);
  });
});

describe('dates', () => {
  it('reads `at` as a Beijing calendar date', () => {
    expect(creditDate('2027-03-01')).toBe('2027-03-01');
    expect(creditDate(new Date('2027-02-28T15:59:59Z'))).toBe('2027-02-28');
    expect(creditDate(new Date('2027-02-28T16:00:00Z'))).toBe('2027-03-01');
    expect(creditDate('2027-03-01T00:00:00+08:00')).toBe('2027-03-01');
  });

  it.each(['2027-02-30', '2027-03-01T00:00:00', 'soon', ''])('refuses %j as a date', (at) => {
    const e = caught(() => creditDate(at));
    expect(e.code).toBe('validation_failed');
    expect(e.bilingual.zh).toMatch(HAN);
  });

  it('adds calendar years; 29 February falls back to 28 February', () => {
    expect(addYears('2026-03-01', 3)).toBe('2029-03-01');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2026-12-31', 5)).toBe('2031-12-31');
  });
});

describe('rateCredit', () => {
  it('rates a subject without records as good', () => {
    expect(rateCredit([], '2026-06-01')).toEqual({
      level: 'good',
      reasons: [],
      banUntil: null,
      activeRecordIds: [],
    });
  });

  it.each<[Severity, CreditLevel, string]>([
    ['minor', 'minor_breach', '2027-03-01'],
    ['serious', 'serious_breach', '2029-03-01'],
    ['severe', 'severe_breach', '2031-03-01'],
  ])(
    'a %s breach gives %s until its ban ends on %s (the day before banned, the date free)',
    (sev, level, end) => {
      const r = rec('plagiarism', sev, '2026-03-01');
      expect(rateCredit([r], '2026-02-28').level).toBe('good'); // not yet in effect
      const first = rateCredit([r], '2026-03-01');
      expect(first).toMatchObject({ level, banUntil: end, activeRecordIds: [r.id] });
      const dayBefore = prevDay(end);
      expect(rateCredit([r], dayBefore)).toMatchObject({ level, banUntil: end });
      expect(rateCredit([r], end)).toMatchObject({ level: 'good', banUntil: null, activeRecordIds: [r.id] });
    },
  );

  it('explains a ban in both languages with its dates and decision number', () => {
    const r = rec('fabrication', 'serious', '2026-03-01');
    const { reasons } = rateCredit([r], '2026-06-01');
    expect(reasons).toHaveLength(1);
    expect(reasons[0].recordId).toBe(r.id);
    expect(reasons[0].zh).toMatch(HAN);
    expect(reasons[0].zh).toContain('2026-03-01');
    expect(reasons[0].zh).toContain('禁止期至 2029-03-01');
    expect(reasons[0].zh).toContain('较重失信');
    expect(reasons[0].zh).toContain('百科信〔2026〕1号');
    expect(reasons[0].en).toContain('banned until 2029-03-01');
    expect(reasons[0].en.replace(r.decisionNo ?? '', '')).not.toMatch(HAN); // the document number stays as issued
  });

  it('takes the worst running ban for the level and the latest end for banUntil', () => {
    const severe = rec('plagiarism', 'severe', '2021-01-01'); // ban to 2026-01-01
    const minor = rec('overdue_report', 'minor', '2025-06-01'); // ban to 2026-06-01
    const mid = rateCredit([minor, severe], '2025-07-01');
    expect(mid.level).toBe('severe_breach');
    expect(mid.banUntil).toBe('2026-06-01');
    expect(mid.reasons.map((x) => x.recordId)).toEqual([severe.id, minor.id]);
    expect(mid.activeRecordIds).toEqual([severe.id, minor.id]);
    expect(rateCredit([minor, severe], '2025-12-31').level).toBe('severe_breach');
    expect(rateCredit([minor, severe], '2026-01-01')).toMatchObject({
      level: 'minor_breach',
      banUntil: '2026-06-01',
    });
    expect(rateCredit([minor, severe], '2026-06-01')).toMatchObject({ level: 'good', banUntil: null });
  });

  it('bans permanently for severe under severePermanent, and only severe', () => {
    const permanent = policy({ severePermanent: true });
    const severe = rec('ghostwriting', 'severe', '2026-03-01');
    const serious = rec('ghostwriting', 'serious', '2026-03-01');
    for (const at of ['2026-03-01', '2031-03-01', '2076-03-01']) {
      expect(rateCredit([severe], at, permanent)).toMatchObject({
        level: 'severe_breach',
        banUntil: 'permanent',
      });
    }
    expect(rateCredit([severe], '2026-03-01', permanent).reasons[0].zh).toContain('永久禁止');
    expect(rateCredit([serious], '2029-03-01', permanent).level).toBe('good');
    // The default policy ends the same severe ban after 5 years.
    expect(rateCredit([severe], '2031-03-01').level).toBe('good');
  });

  it('overrides ban lengths by policy', () => {
    const r = rec('plagiarism', 'minor', '2026-03-01');
    const twoYears = policy({ banYears: { minor_breach: 2, serious_breach: 3, severe_breach: 5 } });
    expect(rateCredit([r], '2027-03-01', twoYears)).toMatchObject({
      level: 'minor_breach',
      banUntil: '2028-03-01',
    });
  });

  it('counts a record on [effectiveFrom, effectiveUntil) and ends its ban early on effectiveUntil', () => {
    const r = rec('plagiarism', 'serious', '2026-03-01', { effectiveUntil: '2027-09-01' });
    expect(rateCredit([r], '2027-08-31')).toMatchObject({ level: 'serious_breach', banUntil: '2027-09-01' });
    expect(rateCredit([r], '2027-09-01')).toMatchObject({
      level: 'good',
      banUntil: null,
      activeRecordIds: [],
    });
  });

  it('ends even a permanent ban on the record’s effectiveUntil', () => {
    const r = rec('plagiarism', 'severe', '2026-03-01', { effectiveUntil: '2040-01-01' });
    const permanent = policy({ severePermanent: true });
    expect(rateCredit([r], '2039-12-31', permanent).banUntil).toBe('2040-01-01');
    expect(rateCredit([r], '2040-01-01', permanent).level).toBe('good');
  });

  it('replaces a corrected record by the correction’s own severity and date', () => {
    const original = rec('fabrication', 'severe', '2026-03-01');
    const correction = rec('correction', 'minor', '2026-05-01', { referencesRecordId: original.id });
    const both = [original, correction];
    // Before the correction's date neither counts: the original is void whenever it was corrected.
    expect(rateCredit(both, '2026-04-01')).toMatchObject({ level: 'good', activeRecordIds: [] });
    const after = rateCredit(both, '2026-05-01');
    expect(after).toMatchObject({
      level: 'minor_breach',
      banUntil: '2027-05-01',
      activeRecordIds: [correction.id],
    });
    expect(after.reasons[0].zh).toContain(`更正后的“${CREDIT_KIND_LABELS.fabrication.zh}”`);
    expect(rateCredit(both, '2027-05-01').level).toBe('good');
  });

  it('names a correction of a correction after the original kind, and survives a reference cycle', () => {
    const original = rec('plagiarism', 'severe', '2026-03-01');
    const first = rec('correction', 'serious', '2026-03-02', { referencesRecordId: original.id });
    const second = rec('correction', 'minor', '2026-03-03', { referencesRecordId: first.id });
    const rated = rateCredit([original, first, second], '2026-03-03');
    expect(rated).toMatchObject({ level: 'minor_breach', activeRecordIds: [second.id] });
    expect(rated.reasons[0].zh).toContain(`更正后的“${CREDIT_KIND_LABELS.plagiarism.zh}”`);
    const a = rec('correction', 'minor', '2026-03-01', { referencesRecordId: OTHER });
    const b = rec('correction', 'minor', '2026-03-01', { referencesRecordId: a.id });
    const loop = { ...a, referencesRecordId: b.id };
    expect(rateCredit([loop, b], '2026-03-01')).toMatchObject({ level: 'good', activeRecordIds: [] });
  });

  it('clears a record with a neutral correction (e.g. overturned on appeal)', () => {
    const original = rec('plagiarism', 'serious', '2026-03-01');
    const cleared = rec('correction', 'neutral', '2026-04-01', { referencesRecordId: original.id });
    expect(rateCredit([original, cleared], '2026-04-01')).toMatchObject({
      level: 'good',
      banUntil: null,
      activeRecordIds: [cleared.id],
    });
  });

  it('can raise the severity by correction', () => {
    const original = rec('plagiarism', 'minor', '2026-03-01');
    const worse = rec('correction', 'severe', '2026-03-01', { referencesRecordId: original.id });
    expect(rateCredit([worse, original], '2026-03-02')).toMatchObject({
      level: 'severe_breach',
      banUntil: '2031-03-01',
    });
  });

  it('lifts a repaired record from the repair’s date, and shows the repair as the ban end', () => {
    const r = rec('overdue_report', 'serious', '2026-03-01');
    const repair = rec('repair', 'neutral', '2027-06-15', { referencesRecordId: r.id });
    expect(rateCredit([r, repair], '2027-06-14')).toMatchObject({
      level: 'serious_breach',
      banUntil: '2027-06-15',
      activeRecordIds: [r.id],
    });
    expect(rateCredit([r, repair], '2027-06-15')).toMatchObject({
      level: 'good',
      banUntil: null,
      activeRecordIds: [repair.id],
    });
  });

  it('lifts a permanent ban by repair', () => {
    const r = rec('plagiarism', 'severe', '2026-03-01');
    const repair = rec('repair', 'neutral', '2036-03-01', { referencesRecordId: r.id });
    const permanent = policy({ severePermanent: true });
    expect(rateCredit([r, repair], '2036-02-29', permanent).banUntil).toBe('2036-03-01');
    expect(rateCredit([r, repair], '2036-03-01', permanent).level).toBe('good');
  });

  it('ignores a repair that was itself replaced by a correction', () => {
    const r = rec('plagiarism', 'serious', '2026-03-01');
    const repair = rec('repair', 'neutral', '2026-06-01', { referencesRecordId: r.id });
    const voided = rec('correction', 'neutral', '2026-07-01', { referencesRecordId: repair.id });
    expect(rateCredit([r, repair, voided], '2026-08-01')).toMatchObject({
      level: 'serious_breach',
      banUntil: '2029-03-01',
    });
  });

  it('never lets an honest failure affect the level', () => {
    const failure = rec('honest_failure', 'neutral', '2026-03-01', { stage: 'acceptance' });
    const r = rateCredit([failure], '2026-03-01');
    expect(r).toEqual({ level: 'good', reasons: [], banUntil: null, activeRecordIds: [failure.id] });
    // nor keep an otherwise excellent subject from excellent
    const p1 = rec('excellent_acceptance', 'positive', '2025-01-01');
    const p2 = rec('excellent_acceptance', 'positive', '2026-01-01');
    expect(rateCredit([p1, failure, p2], '2026-03-01').level).toBe('excellent');
  });

  it('rates excellent with 2 positive records within 3 years, counting the window half-open', () => {
    const p1 = rec('excellent_acceptance', 'positive', '2023-05-01');
    const p2 = rec('excellent_acceptance', 'positive', '2025-01-01');
    const excellent = rateCredit([p1, p2], '2026-04-30');
    expect(excellent.level).toBe('excellent');
    expect(excellent.reasons.map((x) => x.recordId)).toEqual([p1.id, p2.id]);
    expect(excellent.reasons[0].zh).toContain('优秀');
    // p1 is exactly 3 years old on 2026-05-01: it no longer counts
    expect(rateCredit([p1, p2], '2026-05-01').level).toBe('good');
    // one positive record is not enough by default, but is under an override
    expect(rateCredit([p2], '2026-04-30').level).toBe('good');
    expect(
      rateCredit([p2], '2026-04-30', policy({ excellentNeeds: { positiveRecords: 1, withinYears: 3 } }))
        .level,
    ).toBe('excellent');
  });

  it('keeps a subject with a negative record in effect from excellent even after its ban', () => {
    const p1 = rec('excellent_acceptance', 'positive', '2027-01-01');
    const p2 = rec('excellent_acceptance', 'positive', '2027-02-01');
    const breach = rec('publication_violation', 'minor', '2026-03-01', { effectiveUntil: '2027-09-01' });
    const rated = rateCredit([breach, p1, p2], '2027-03-01');
    expect(rated).toMatchObject({ level: 'good', banUntil: null });
    expect(rated.reasons).toHaveLength(1);
    expect(rated.reasons[0].recordId).toBe(breach.id);
    expect(rated.reasons[0].zh).toContain('2027-03-01');
    expect(rated.reasons[0].zh).toContain('2027-09-01');
    expect(rateCredit([breach, p1, p2], '2027-09-01').level).toBe('excellent');
  });

  it('lets a running ban outweigh positive records', () => {
    const p1 = rec('excellent_acceptance', 'positive', '2026-01-01');
    const p2 = rec('excellent_acceptance', 'positive', '2026-02-01');
    const breach = rec('expert_leak', 'minor', '2026-03-01');
    expect(rateCredit([p1, p2, breach], '2026-03-01').level).toBe('minor_breach');
  });

  it('uses the Beijing date of a Date `at` for the ban boundary', () => {
    const r = rec('plagiarism', 'minor', '2026-03-01');
    expect(rateCredit([r], new Date('2027-02-28T15:59:59Z')).level).toBe('minor_breach');
    expect(rateCredit([r], new Date('2027-02-28T16:00:00Z')).level).toBe('good');
  });

  it('refuses records of several subjects', () => {
    const a = rec('plagiarism', 'minor', '2026-03-01');
    const b = rec('plagiarism', 'minor', '2026-03-01', { subject: { type: 'person', id: OTHER } });
    expect(caught(() => rateCredit([a, b], '2026-03-01')).code).toBe('validation_failed');
  });

  it('returns a rating that satisfies creditRatingSchema', () => {
    const r = rec('plagiarism', 'severe', '2026-03-01');
    expect(creditRatingSchema.safeParse(rateCredit([r], '2026-03-01')).success).toBe(true);
    expect(
      creditRatingSchema.safeParse(rateCredit([r], '2026-03-01', policy({ severePermanent: true }))).success,
    ).toBe(true);
  });
});

describe('consequences', () => {
  const banned = rating('serious_breach', '2029-03-01');

  it.each([
    ['mayApply', mayApply],
    ['mayLead', mayLead],
  ] as const)('%s refuses during a ban with reason and end date, and allows on the end date', (_, fn) => {
    const during = fn(banned, '2029-02-28');
    expect(during.allowed).toBe(false);
    expect(during.until).toBe('2029-03-01');
    expect(during.reason?.zh).toMatch(HAN);
    expect(during.reason?.zh).toContain('2029-03-01');
    expect(during.reason?.en).toContain('2029-03-01');
    expect(fn(banned, '2029-03-01')).toEqual({ allowed: true, reason: null, until: null });
    expect(fn(rating('good'), '2026-01-01')).toEqual({ allowed: true, reason: null, until: null });
    const forever = fn(rating('severe_breach', 'permanent'), '2099-01-01');
    expect(forever).toMatchObject({ allowed: false, until: 'permanent' });
    expect(forever.reason?.zh).toContain('永久禁止');
  });

  it('words applying and leading differently', () => {
    expect(mayApply(banned, '2027-01-01').reason?.zh).toContain('申报');
    expect(mayLead(banned, '2027-01-01').reason?.zh).toContain('项目负责人');
  });

  it('reads a stale rating by its ban end (levelAt)', () => {
    expect(levelAt(banned, '2029-02-28')).toBe('serious_breach');
    expect(levelAt(banned, '2029-03-01')).toBe('good');
    expect(levelAt(rating('excellent'), '2029-03-01')).toBe('excellent');
    expect(levelAt(rating('severe_breach', 'permanent'), '2099-01-01')).toBe('severe_breach');
  });

  it('lets only good or better serve as expert, by policy', () => {
    expect(mayServeAsExpert(rating('good')).allowed).toBe(true);
    expect(mayServeAsExpert(rating('excellent')).allowed).toBe(true);
    const refused = mayServeAsExpert(rating('minor_breach', '2027-03-01'));
    expect(refused).toMatchObject({ allowed: false, until: '2027-03-01' });
    expect(refused.reason?.zh).toContain('评审专家');
    const strict = policy({ expertMinLevel: 'excellent' });
    expect(mayServeAsExpert(rating('good'), strict)).toMatchObject({ allowed: false, until: null });
  });

  it.each<[CreditLevel, number, boolean, boolean]>([
    ['excellent', 30, true, false],
    ['good', 30, true, false],
    ['minor_breach', 20, false, true],
    ['serious_breach', 10, false, true],
    ['severe_breach', 0, false, false],
  ])('%s: indirect-cost cap %i %%, keeps surplus %s, extra scrutiny %s', (level, cap, surplus, scrutiny) => {
    const r = rating(level);
    const c = indirectCostRateCap(r);
    expect(c.percent).toBe(cap);
    expect(c.reason.zh).toContain(`${cap}%`);
    const s = mayKeepSurplus(r);
    expect(s.allowed).toBe(surplus);
    expect(s.reason.zh).toMatch(HAN);
    const x = needsExtraScrutiny(r);
    expect(x.required).toBe(scrutiny);
    expect(x.reason.zh).toMatch(HAN);
  });

  it('follows policy overrides for caps, surplus and scrutiny', () => {
    const p = policy({
      indirectCostRateCapPercent: {
        excellent: 40,
        good: 30,
        minor_breach: 20,
        serious_breach: 10,
        severe_breach: 0,
      },
      surplusRetention: {
        excellent: true,
        good: false,
        minor_breach: false,
        serious_breach: false,
        severe_breach: false,
      },
      extraScrutinyLevels: ['good'],
    });
    expect(indirectCostRateCap(rating('excellent'), p).percent).toBe(40);
    expect(mayKeepSurplus(rating('good'), p).allowed).toBe(false);
    expect(needsExtraScrutiny(rating('good'), p).required).toBe(true);
    expect(needsExtraScrutiny(rating('minor_breach'), p).required).toBe(false);
  });

  it("caps an application's indirect costs at the lower of its PI's and host's rates; members do not count", () => {
    const as = (role: 'pi' | 'participant' | 'institution', level: CreditLevel) => ({
      subject: { type: role === 'institution' ? ('institution' as const) : ('person' as const), id: PERSON },
      role,
      name: '某',
      rating: rating(level),
    });
    const percent = (level: CreditLevel) => indirectCostRateCap(rating(level)).percent;
    expect(indirectRatePercentOf([as('pi', 'excellent'), as('institution', 'minor_breach')])).toBe(
      percent('minor_breach'),
    );
    expect(indirectRatePercentOf([as('pi', 'minor_breach'), as('institution', 'excellent')])).toBe(
      percent('minor_breach'),
    );
    expect(indirectRatePercentOf([as('pi', 'excellent'), as('participant', 'severe_breach')])).toBe(
      percent('excellent'),
    );
  });

  it('derives each consequence from a computed rating end to end', () => {
    const r = rateCredit([rec('project_revoked', 'serious', '2026-03-01')], '2026-03-01');
    expect(mayApply(r, '2026-03-01').allowed).toBe(false);
    expect(indirectCostRateCap(r).percent).toBe(10);
    expect(mayKeepSurplus(r).allowed).toBe(false);
    expect(needsExtraScrutiny(r).required).toBe(true);
    expect(CREDIT_LEVELS).toContain(r.level);
  });
});

describe('checkEligibility', () => {
  const pi = { subject: { type: 'person' as const, id: PERSON }, role: 'pi' as const, name: '张三' };
  const inst = {
    subject: { type: 'institution' as const, id: OTHER },
    role: 'institution' as const,
    name: '百色某科技公司',
  };
  const member = {
    subject: { type: 'person' as const, id: OFFICER },
    role: 'participant' as const,
    name: '李四',
  };

  it('passes when every subject is free and at least at the minimum', () => {
    const result = checkEligibility({
      subjects: [
        { ...pi, rating: rating('excellent') },
        { ...inst, rating: rating('good') },
        { ...member, rating: rating('good') },
      ],
      minCreditLevel: 'good',
      at: '2026-06-01',
    });
    expect(result).toEqual({ pass: true, reasons: [] });
  });

  it('names each failing subject in order: a ban with its end date, a level below the minimum', () => {
    const result = checkEligibility({
      subjects: [
        { ...pi, rating: rating('serious_breach', '2029-03-01') },
        { ...inst, rating: rating('good') },
        { ...member, rating: rating('severe_breach', 'permanent') },
      ],
      minCreditLevel: 'excellent',
      at: '2026-06-01',
    });
    expect(result.pass).toBe(false);
    expect(result.reasons.map((r) => r.subjectId)).toEqual([PERSON, OTHER, OFFICER]);
    expect(result.reasons[0].zh).toContain('项目负责人张三');
    expect(result.reasons[0].zh).toContain('2029-03-01');
    expect(result.reasons[0].en).toContain('Principal investigator 张三');
    expect(result.reasons[1].zh).toContain('申报单位百色某科技公司');
    expect(result.reasons[1].zh).toContain('低于本计划要求的优秀');
    expect(result.reasons[2].zh).toContain('李四');
    expect(result.reasons[2].zh).toContain('永久禁止');
  });

  it('lets a subject whose ban ends on `at` apply, and refuses the day before', () => {
    const subjects = [{ ...pi, rating: rating('minor_breach', '2027-03-01') }];
    expect(checkEligibility({ subjects, minCreditLevel: 'good', at: '2027-03-01' })).toEqual({
      pass: true,
      reasons: [],
    });
    const before = checkEligibility({ subjects, minCreditLevel: 'good', at: '2027-02-28' });
    expect(before.pass).toBe(false);
    expect(before.reasons).toHaveLength(1);
  });

  it('accepts a minor breach without a running ban when the program allows minor_breach', () => {
    const result = checkEligibility({
      subjects: [{ ...inst, rating: rating('minor_breach') }],
      minCreditLevel: 'minor_breach',
      at: '2026-06-01',
    });
    expect(result.pass).toBe(true);
  });

  it('works on ratings computed by rateCredit for several subjects', () => {
    const piRecords = [rec('plagiarism', 'minor', '2026-03-01')];
    const instRecords = [
      rec('excellent_acceptance', 'positive', '2025-01-01', { subject: { type: 'institution', id: OTHER } }),
    ];
    const at = '2026-06-01';
    const result = checkEligibility({
      subjects: [
        { ...pi, rating: rateCredit(piRecords, at) },
        { ...inst, rating: rateCredit(instRecords, at) },
      ],
      minCreditLevel: 'good',
      at,
    });
    expect(result.pass).toBe(false);
    expect(result.reasons).toEqual([
      expect.objectContaining({ subjectId: PERSON, zh: expect.stringContaining('禁止期至 2027-03-01') }),
    ]);
  });
});

/** The calendar day before `date`. */
function prevDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

describe('credit repair', () => {
  it('repairs only a negative record not already corrected or repaired', () => {
    const breach = rec('overdue_report', 'minor', '2026-01-10');
    expect(() => assertRepairable(breach, [breach])).not.toThrow();
    const positive = rec('excellent_acceptance', 'positive', '2026-01-10');
    expect(caught(() => assertRepairable(positive, [positive])).bilingual.zh).toBe(
      '只有失信记录可以申请信用修复',
    );
    const repaired = rec('repair', 'neutral', '2026-03-01', { referencesRecordId: breach.id });
    const err = caught(() => assertRepairable(breach, [breach, repaired]));
    expect(err.code).toBe('invalid_state');
    expect(err.bilingual.zh).toBe('该记录已被更正或修复');
    const corrected = rec('correction', 'serious', '2026-03-01', { referencesRecordId: breach.id });
    expect(caught(() => assertRepairable(breach, [breach, corrected])).code).toBe('invalid_state');
  });

  it('needs a reason to reject, none to approve', () => {
    expect(repairDecisionSchema.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(
      fields(() => parseOrThrow(repairDecisionSchema, { decision: 'reject', reason: '不行' })).map(
        (f) => f.path,
      ),
    ).toEqual(['reason']);
  });
});

describe('creditBars / assertNotCreditBarred (a ban bars, RULES §3, §4)', () => {
  // A minor breach rated on 2026-03-01 bans for 1 year: lifted on 2027-03-01.
  const ban = () => rec('overdue_report', 'minor', '2026-03-01', { decisionNo: '百科信〔2026〕7号' });
  const pi = (records: CreditRecord[], at: string): EligibilitySubject => ({
    subject: { type: 'person', id: PERSON },
    role: 'pi',
    name: '覃强',
    rating: rateCredit(records, at),
  });

  it('refuses on the last day of the ban and takes the next day (Beijing dates)', () => {
    const r = ban();
    for (const at of ['2027-02-28', '2027-02-28T23:59:59+08:00', '2027-02-28T15:59:59Z']) {
      const err = caught(() => assertNotCreditBarred([pi([r], at)], at));
      expect(err.code).toBe('credit_barred');
      expect(err.status).toBe(422);
      expect(err.bilingual.zh).toContain(r.id);
      expect(err.bilingual.zh).toContain('禁止期至 2027-03-01（当日解除）');
      expect(err.bilingual.en).toContain('banned until 2027-03-01');
      expect(err.fields.map((f) => f.path)).toEqual([`creditRecords.${r.id}`]);
    }
    for (const at of ['2027-03-01', '2027-02-28T16:00:00Z', '2027-03-02']) {
      expect(() => assertNotCreditBarred([pi([r], at)], at)).not.toThrow();
      expect(creditBars([pi([r], at)], at)).toEqual([]);
    }
  });

  it('bars from the first day of the ban, not before', () => {
    const r = ban();
    expect(creditBars([pi([r], '2026-02-28')], '2026-02-28')).toEqual([]);
    expect(creditBars([pi([r], '2026-03-01')], '2026-03-01')).toHaveLength(1);
  });

  it('names every banning record of every subject (institution and participant too)', () => {
    const a = ban();
    const b = rec('failed_acceptance', 'serious', '2026-06-01', {
      subject: { type: 'institution', id: OTHER },
    });
    const at = '2026-07-01';
    const bars = creditBars(
      [
        pi([a], at),
        {
          subject: { type: 'institution', id: OTHER },
          role: 'institution',
          name: '百色职业学院',
          rating: rateCredit([b], at),
        },
      ],
      at,
    );
    expect(bars.map((x) => [x.role, x.recordId, x.until])).toEqual([
      ['pi', a.id, '2027-03-01'],
      ['institution', b.id, '2029-06-01'],
    ]);
    expect(bars[1].zh).toMatch(/^申报单位百色职业学院在信用禁止期内/);
    expect(bars[1].en).toMatch(
      /^Applicant institution .* banned until 2029-06-01 \(lifted on that day\)\); may not apply/,
    );
  });

  it('does not bar a repaired record, nor a level below the minimum without a ban', () => {
    const r = ban();
    const repair = rec('repair', 'neutral', '2026-09-01', {
      referencesRecordId: r.id,
      decisionNo: null,
    });
    expect(creditBars([pi([r, repair], '2026-09-01')], '2026-09-01')).toEqual([]);
    expect(creditBars([pi([r, repair], '2026-08-31')], '2026-08-31')).toHaveLength(1);
  });
});

describe('repair rules (信用修复: publication period, no repair during a serious ban, four eyes)', () => {
  it('adds calendar months, the month end standing in for a missing day', () => {
    expect(addMonths('2026-03-01', 3)).toBe('2026-06-01');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-05-15', 12)).toBe('2027-05-15');
  });

  it('refuses a repair before the minimum publication period, and takes it on its last day', () => {
    expect(DEFAULT_REPAIR_POLICY.minPublicationMonths).toEqual({ minor: 3, serious: 12, severe: 12 });
    const r = rec('overdue_report', 'minor', '2026-03-01');
    const err = caught(() => assertRepairTimely({ record: r, records: [r], at: '2026-05-31' }));
    expect(err.code).toBe('rule_refused');
    expect(err.status).toBe(422);
    expect(err.bilingual.zh).toBe(
      '一般失信记录须公示满 3 个月（自 2026-03-01 起）方可申请信用修复，最早 2026-06-01',
    );
    expect(err.bilingual.en).not.toMatch(HAN);
    expect(() => assertRepairTimely({ record: r, records: [r], at: '2026-05-31T16:00:00Z' })).not.toThrow(); // 2026-06-01 in Beijing
    // Configurable: a program that asks for 6 months.
    const policy = { ...DEFAULT_REPAIR_POLICY, minPublicationMonths: { minor: 6, serious: 12, severe: 12 } };
    expect(caught(() => assertRepairTimely({ record: r, records: [r], at: '2026-06-01', policy })).code).toBe(
      'rule_refused',
    );
  });

  it('never repairs a serious or severe breach while its ban runs; a minor one may be', () => {
    const serious = rec('failed_acceptance', 'serious', '2026-03-01');
    const during = caught(() =>
      assertRepairTimely({ record: serious, records: [serious], at: '2029-02-28' }),
    );
    expect(during.code).toBe('rule_refused');
    expect(during.bilingual.zh).toBe('较重失信记录在禁止期内不得修复（禁止期至 2029-03-01（当日解除））');
    expect(() => assertRepairTimely({ record: serious, records: [serious], at: '2029-03-01' })).not.toThrow();
    const severe = rec('fabrication', 'severe', '2020-03-01');
    expect(
      caught(() => assertRepairTimely({ record: severe, records: [severe], at: '2025-02-28' })).bilingual.en,
    ).toContain('banned until 2025-03-01');
    const minor = rec('overdue_report', 'minor', '2026-03-01');
    expect(() => assertRepairTimely({ record: minor, records: [minor], at: '2026-06-01' })).not.toThrow();
  });

  it('lets neither the officer who recorded the breach nor the requester approve', () => {
    const e1 = caught(() =>
      assertMayApproveRepair({ deciderId: OFFICER, recordedBy: OFFICER, requestedBy: PERSON }),
    );
    expect(e1.code).toBe('forbidden');
    expect(e1.bilingual.zh).toContain('记录该失信行为的人员不得批准');
    expect(
      caught(() => assertMayApproveRepair({ deciderId: PERSON, recordedBy: OFFICER, requestedBy: PERSON }))
        .code,
    ).toBe('forbidden');
    expect(() =>
      assertMayApproveRepair({ deciderId: OTHER, recordedBy: OFFICER, requestedBy: PERSON }),
    ).not.toThrow();
    expect(() =>
      assertMayApproveRepair({ deciderId: OTHER, recordedBy: null, requestedBy: PERSON }),
    ).not.toThrow();
  });
});

describe('creditPartiesOf', () => {
  it('names the PI, the institution and each team member with an account once, never the PI twice', () => {
    const parties = creditPartiesOf({
      applicantId: 'pi',
      institutionId: 'inst',
      content: {
        team: [{ userId: 'a' }, { userId: null }, {}, { userId: 'a' }, { userId: 'pi' }, { userId: 'b' }],
      },
    });
    expect(parties).toEqual({ piId: 'pi', institutionId: 'inst', participantIds: ['a', 'b'] });
    expect(creditPartiesOf({ applicantId: 'pi', institutionId: null, content: {} }).participantIds).toEqual(
      [],
    );
  });
});

describe('repair commands (what the credit subject workflow checks)', () => {
  it('asks: repairable, timely, and no request pending', () => {
    const r = rec('overdue_report', 'minor', '2026-03-01');
    expect(() =>
      assertMayRequestRepair({ record: r, records: [r], pending: false, at: '2026-06-01' }),
    ).not.toThrow();
    expect(
      caught(() => assertMayRequestRepair({ record: r, records: [r], pending: false, at: '2026-05-01' }))
        .code,
    ).toBe('rule_refused');
    const dup = caught(() =>
      assertMayRequestRepair({ record: r, records: [r], pending: true, at: '2026-06-01' }),
    );
    expect(dup.code).toBe('conflict');
    expect(dup.bilingual.zh).toBe('该记录已有待处理的修复申请');
    const repaired = rec('repair', 'neutral', '2026-06-02', { referencesRecordId: r.id });
    expect(
      caught(() =>
        assertMayRequestRepair({ record: r, records: [r, repaired], pending: false, at: '2026-07-01' }),
      ).code,
    ).toBe('invalid_state');
  });

  it('decides: only a pending request; an approval with four eyes and on time, a rejection always', () => {
    const r = rec('overdue_report', 'minor', '2026-03-01');
    const pending = { status: 'pending', requestedBy: PERSON };
    const base = { record: r, records: [r], at: '2026-06-01', request: pending };
    expect(() => assertMayDecideRepair({ ...base, decision: 'approve', deciderId: OTHER })).not.toThrow();
    expect(
      caught(() => assertMayDecideRepair({ ...base, decision: 'approve', deciderId: OFFICER })).code,
    ).toBe('forbidden');
    expect(() => assertMayDecideRepair({ ...base, decision: 'reject', deciderId: OFFICER })).not.toThrow();
    const decided = caught(() =>
      assertMayDecideRepair({
        ...base,
        request: { ...pending, status: 'approved' },
        decision: 'reject',
        deciderId: OTHER,
      }),
    );
    expect(decided.code).toBe('invalid_state');
    expect(decided.bilingual.zh).toBe('该申请已处理');
  });

  it('takes a reference only to a record of the same subject', () => {
    const subject = { type: 'person', id: PERSON };
    expect(() => assertReferencedRecord({ subject }, subject)).not.toThrow();
    expect(fields(() => assertReferencedRecord(null, subject)).map((f) => f.path)).toEqual([
      'referencesRecordId',
    ]);
    expect(
      caught(() => assertReferencedRecord({ subject: { type: 'person', id: OTHER } }, subject)).code,
    ).toBe('validation_failed');
  });
});
