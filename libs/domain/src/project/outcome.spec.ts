import { z } from 'zod';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../kernel/messages';
import { Actor } from '../kernel/roles';
import {
  assertMayReadOutcomes,
  assertMayRegisterOutcome,
  assertMayVerifyOutcomes,
  assertOutcomeEvidence,
  assertVerificationComment,
  INDICATOR_RULES,
  indicatorMeasure,
  nextOutcomeStatus,
  OUTCOME_DETAIL_FIELDS,
  OUTCOME_DETAIL_SCHEMAS,
  OUTCOME_TYPES,
  outcomeContributions,
  OutcomeInput,
  outcomeInputSchema,
  OutcomeRecord,
  percentOfTarget,
  settleOutcome,
  totalsByIndicator,
  valueInUnit,
} from './outcome';

const plan = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../seeds/data/plan-indicators.json'), 'utf8'),
) as {
  indicators: Array<{ code: string; unit: string }>;
  yearlyTargets: Array<{ code: string; unit: string }>;
};
const allIndicators = [...plan.indicators, ...plan.yearlyTargets];

const caught = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

const base = {
  title: '赤泥基免烧砖制备方法',
  occurredOn: '2025-03-01',
  evidence: { reference: 'ZL202510000001.2' },
};
const rec = (type: string, details: Record<string, unknown> = {}) =>
  outcomeInputSchema.parse({ ...base, type, details }) as unknown as OutcomeRecord;

describe('outcome types and their fields', () => {
  it('accepts each type with its own fields and defaults', () => {
    expect(rec('invention_patent_granted').details).toEqual({});
    expect(
      rec('technology_contract', { amountFen: 5_000_000_00, counterparty: '百色银海铝业' }).details,
    ).toEqual({
      amountFen: 500_000_000,
      counterparty: '百色银海铝业',
    });
    expect(rec('talent_trained', { count: 12 }).details).toEqual({ count: 12, highLevel: false });
    expect(rec('result_transferred', { counterparty: '田东民泰' }).details).toEqual({
      counterparty: '田东民泰',
      amountFen: 0,
    });
  });

  it('names the missing or wrong field of a type', () => {
    const noAmount = outcomeInputSchema.safeParse({
      ...base,
      type: 'technology_contract',
      details: { counterparty: '某公司' },
    });
    expect(noAmount.success).toBe(false);
    expect(noAmount.error!.issues.map((i) => i.path.join('.'))).toEqual(['details.amountFen']);
    const floatFen = outcomeInputSchema.safeParse({
      ...base,
      type: 'technology_contract',
      details: { amountFen: 10.5, counterparty: '某公司' },
    });
    expect(floatFen.error!.issues.map((i) => i.path.join('.'))).toEqual(['details.amountFen']);
    const level = outcomeInputSchema.safeParse({
      ...base,
      type: 'platform_built',
      details: { level: 'county', kind: 'key_lab' },
    });
    expect(level.error!.issues.map((i) => i.path.join('.'))).toEqual(['details.level']);
    const unknownType = outcomeInputSchema.safeParse({ ...base, type: 'award', details: {} });
    expect(unknownType.error!.issues.map((i) => i.path.join('.'))).toEqual(['type']);
  });

  it('asks for evidence: a reference or attachments', () => {
    const none = outcomeInputSchema.safeParse({
      ...base,
      evidence: {},
      type: 'paper',
      details: { venue: '有色金属' },
    });
    expect(none.error!.issues.map((i) => i.path.join('.'))).toEqual(['evidence.reference']);
    const attached = outcomeInputSchema.safeParse({
      ...base,
      evidence: { attachmentIds: ['3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21'] },
      type: 'paper',
      details: { venue: '有色金属' },
    });
    expect(attached.success).toBe(true);
  });
});

describe('the details as a form asks for them', () => {
  it.each(OUTCOME_TYPES)('%s: every field of the schema, each typed in as the schema reads it', (type) => {
    const shape = OUTCOME_DETAIL_SCHEMAS[type].shape as Record<string, z.ZodType>;
    const fields = OUTCOME_DETAIL_FIELDS[type];
    expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(shape).sort());
    for (const f of fields) {
      const schema = shape[f.name];
      if (f.kind === 'choice')
        expect(f.options.map((o) => o.code)).toEqual((schema as unknown as z.ZodEnum).options);
      const sample = {
        text: '百色某建材公司',
        yuan: 123_456,
        count: 3,
        flag: true,
        choice: f.kind === 'choice' && f.options[0].code,
      }[f.kind];
      expect(schema.safeParse(sample).success).toBe(true);
      // Money is fen in the API: a yuan field is a fen one, and only those are.
      expect(f.kind === 'yuan').toBe(f.name.endsWith('Fen'));
    }
  });
});

describe('evidence files', () => {
  it("cites only the project's files, each unknown one on its own field", () => {
    expect(() => assertOutcomeEvidence(['a', 'b'], ['b', 'a'])).not.toThrow();
    expect(() => assertOutcomeEvidence([], [])).not.toThrow();
    const e = caught(() => assertOutcomeEvidence(['a', 'x', 'b', 'y'], ['a', 'b']));
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['evidence.attachmentIds.1', 'evidence.attachmentIds.3']);
  });
});

describe('key field and county from the project, overridable with a reason', () => {
  const project = { keyField: 'eco_aluminium', county: '平果市' };
  const input = (extra: Partial<OutcomeInput>) =>
    ({ ...rec('high_tech_enterprise', { enterpriseName: '百色某铝业' }), ...extra }) as OutcomeInput;

  it("copies the project's", () => {
    const r = settleOutcome(input({}), project, '2025-06-01');
    expect([r.keyField, r.county, r.placementNote]).toEqual(['eco_aluminium', '平果市', null]);
  });

  it('takes an override with its note, and refuses one without', () => {
    const r = settleOutcome(
      input({ county: '田东县', placementNote: '受让企业注册地在田东县' }),
      project,
      '2025-06-01',
    );
    expect([r.keyField, r.county, r.placementNote]).toEqual([
      'eco_aluminium',
      '田东县',
      '受让企业注册地在田东县',
    ]);
    expect(
      caught(() => settleOutcome(input({ county: '田东县' }), project, '2025-06-01')).fields[0].path,
    ).toBe('placementNote');
    // The same value as the project's is no override.
    expect(settleOutcome(input({ county: '平果市' }), project, '2025-06-01').placementNote).toBeNull();
  });

  it('refuses a date after today (Beijing)', () => {
    expect(
      caught(() => settleOutcome(input({ occurredOn: '2025-06-02' }), project, '2025-06-01')).fields[0].path,
    ).toBe('occurredOn');
  });
});

describe('mapping to the plan indicators', () => {
  it('names only indicators of plan-indicators.json, money only for money units', () => {
    for (const [code, rule] of Object.entries(INDICATOR_RULES)) {
      const ind = allIndicators.find((i) => i.code === code);
      expect({ code, known: !!ind }).toEqual({ code, known: true });
      expect({ code, money: rule.measure === 'amount_fen' }).toEqual({ code, money: ind!.unit === '亿元' });
    }
  });

  it('counts each type where the plans say', () => {
    const codes = (r: OutcomeRecord) => outcomeContributions(r).map((c) => `${c.indicatorCode}=${c.value}`);
    expect(codes(rec('invention_patent_granted'))).toEqual(['invention_patents_per_10k=1']);
    expect(codes(rec('invention_patent_applied'))).toEqual([]);
    expect(codes(rec('paper', { venue: '轻金属' }))).toEqual([]);
    expect(codes(rec('technology_contract', { amountFen: 123_456, counterparty: '某公司' }))).toEqual([
      'tech_contract_turnover_cumulative=123456',
      'tech_contract_turnover_2022=123456',
    ]);
    expect(codes(rec('result_transferred', { counterparty: '某公司', amountFen: 100 }))).toEqual([
      'results_transferred=1',
      'results_transferred_2022=1',
    ]);
    expect(codes(rec('talent_trained', { count: 30 }))).toEqual([]);
    expect(codes(rec('talent_trained', { count: 3, highLevel: true }))).toEqual([
      'provincial_high_level_talents=3',
    ]);
    expect(codes(rec('enterprise_incubated', { enterpriseName: '某公司' }))).toEqual([]);
    expect(codes(rec('enterprise_incubated', { enterpriseName: '某公司', techSmeRegistered: true }))).toEqual(
      ['tech_smes_registered=1', 'tech_smes_new_2022=1'],
    );
    expect(codes(rec('platform_built', { level: 'city', kind: 'key_lab' }))).toEqual([
      'platforms_new_2022=1',
    ]);
    expect(codes(rec('platform_built', { level: 'national', kind: 'key_lab' }))).toEqual([
      'provincial_platforms=1',
      'national_key_labs=1',
      'platforms_new_2022=1',
    ]);
    expect(codes(rec('platform_built', { level: 'provincial', kind: 'star_space' }))).toEqual([
      'provincial_platforms=1',
      'platforms_new_2022=1',
      'star_innovation_spaces_2022=1',
    ]);
  });

  it('lets every type be registered even where no indicator counts it', () => {
    const counted = new Set(Object.values(INDICATOR_RULES).flatMap((r) => r.types));
    expect(OUTCOME_TYPES.filter((t) => !counted.has(t))).toEqual([
      'invention_patent_applied',
      'paper',
      'standard',
      'new_product',
    ]);
    expect(indicatorMeasure('rd_intensity')).toBeNull();
    // Counted from the commissioners' dispatches (dispatch.spec.ts), not from outcomes.
    expect(indicatorMeasure('commissioners_dispatched_2022')).toBe('count');
  });
});

describe('roll-up arithmetic', () => {
  it('shows fen in 亿元 exactly, counts as they are', () => {
    expect(valueInUnit(2_050_000_000_000, 'amount_fen', '亿元')).toBe('205');
    expect(valueInUnit(15_000_000_000, 'amount_fen', '亿元')).toBe('1.5');
    expect(valueInUnit(123, 'amount_fen', '亿元')).toBe('0.0000000123');
    expect(valueInUnit(0, 'amount_fen', '亿元')).toBe('0');
    expect(valueInUnit(7, 'count', '项')).toBe('7');
  });

  it('gives the share of the target in percent with one decimal', () => {
    expect(percentOfTarget(45, 'count', 150, '项')).toBe(30);
    expect(percentOfTarget(1, 'count', 3, '项')).toBe(33.3);
    // 20 亿元 = 2e11 fen; 5 亿元 of contracts is a quarter.
    expect(percentOfTarget(50_000_000_000, 'amount_fen', 20, '亿元')).toBe(25);
    expect(percentOfTarget(5, null, 10, '%')).toBeNull();
  });

  it('adds a split back up to the indicator totals', () => {
    const t = totalsByIndicator([
      { indicatorCode: 'a', value: 2 },
      { indicatorCode: 'b', value: 5 },
      { indicatorCode: 'a', value: 3 },
    ]);
    expect(Object.fromEntries(t)).toEqual({ a: 5, b: 5 });
  });
});

describe('verification steps', () => {
  it('registers once, verifies, returns and takes a resubmission, rejects', () => {
    expect(nextOutcomeStatus('draft', 'register').to).toBe('submitted');
    expect(nextOutcomeStatus('submitted', 'verify')).toEqual({
      from: 'submitted',
      to: 'verified',
      event: 'outcome.verified',
    });
    expect(nextOutcomeStatus('submitted', 'return').to).toBe('returned');
    expect(nextOutcomeStatus('returned', 'resubmit').to).toBe('submitted');
    expect(nextOutcomeStatus('submitted', 'reject').to).toBe('rejected');
  });

  it('refuses what the status does not allow, naming it', () => {
    const e = caught(() => nextOutcomeStatus('verified', 'verify'));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toContain('已核实');
    expect(caught(() => nextOutcomeStatus('submitted', 'resubmit')).code).toBe('invalid_state');
    expect(caught(() => nextOutcomeStatus('submitted', 'register')).code).toBe('invalid_state');
    expect(caught(() => nextOutcomeStatus('rejected', 'return')).code).toBe('invalid_state');
  });

  it('asks for comments on a return or a rejection', () => {
    expect(() => assertVerificationComment('verify', null)).not.toThrow();
    expect(caught(() => assertVerificationComment('return', ' ')).fields[0].path).toBe('comment');
    expect(caught(() => assertVerificationComment('reject', null)).code).toBe('validation_failed');
    expect(() => assertVerificationComment('reject', '与项目无关')).not.toThrow();
  });
});

describe('who registers, verifies and reads outcomes', () => {
  const holders = { piId: 'pi', institutionId: 'inst' };
  const actor = (roles: string[], id = 'x', institutionId: string | null = null) =>
    ({ id, roles, institutionId }) as unknown as Actor;
  const ok = (fn: () => void) => {
    try {
      fn();
      return true;
    } catch {
      return false;
    }
  };

  it('the PI and the host institution register; nobody else', () => {
    expect(ok(() => assertMayRegisterOutcome(actor(['applicant'], 'pi'), holders))).toBe(true);
    expect(ok(() => assertMayRegisterOutcome(actor(['institution_admin'], 'y', 'inst'), holders))).toBe(true);
    expect(ok(() => assertMayRegisterOutcome(actor(['applicant'], 'other'), holders))).toBe(false);
    expect(ok(() => assertMayRegisterOutcome(actor(['institution_admin'], 'y', 'other'), holders))).toBe(
      false,
    );
    for (const r of ['officer', 'admin', 'auditor', 'expert'])
      expect(ok(() => assertMayRegisterOutcome(actor([r]), holders))).toBe(false);
  });

  it('the staff verify; staff and auditors read every outcome', () => {
    const roles = ['applicant', 'institution_admin', 'expert', 'officer', 'admin', 'auditor'];
    expect(roles.filter((r) => ok(() => assertMayVerifyOutcomes(actor([r]))))).toEqual(['officer', 'admin']);
    expect(roles.filter((r) => ok(() => assertMayReadOutcomes(actor([r]))))).toEqual([
      'officer',
      'admin',
      'auditor',
    ]);
  });
});
