import {
  assertBudgetAdjustment,
  assertChangeable,
  assertExtensionAllowed,
  assertMayDecideChange,
  assertTakesChanges,
  changeAwaiting,
  assertChangeGates,
  assertNewHostEligible,
  assertNewPiEligible,
  changePolicyOf,
  gatedSubjectOf,
  mayReadChange,
  changeRequestSchema,
  changeSteps,
  DEFAULT_CHANGE_POLICY,
  isLastStep,
  reportsAddedByExtension,
  subtractDuration,
} from './change';
import { validateTemplate } from '../guide/program-template';
import { caught } from '../kernel/spec-helpers';
import type { Role } from '../kernel/roles';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DAY = 86_400_000;
const budget = {
  equipmentFen: 1_000_000,
  businessFen: 2_000_000,
  labourFen: 1_000_000,
  indirectFen: 600_000,
};
const adjust = (
  proposed: Partial<typeof budget>,
  opts: { lumpSum?: boolean; pledge?: boolean; reason?: string } = {},
) =>
  assertBudgetAdjustment({
    current: budget,
    proposed: { ...budget, ...proposed },
    lumpSum: opts.lumpSum ?? false,
    pledge: opts.pledge ?? false,
    reason: opts.reason ?? '实验方案调整，需增加测试化验加工费',
  });

describe('budget adjustment (国办发〔2021〕32号, RULES §8)', () => {
  it('lets the PI move business and labour costs within total direct costs, without equipment', () => {
    expect(adjust({ businessFen: 2_500_000, labourFen: 500_000 })).toEqual({ equipmentChanged: false });
    // Lowering direct costs (money left unspent) is within the total too.
    expect(adjust({ businessFen: 1_999_999 })).toEqual({ equipmentChanged: false });
  });

  it('marks a change of equipment costs (the host institution consents)', () => {
    expect(adjust({ equipmentFen: 500_000, businessFen: 2_500_000 })).toEqual({ equipmentChanged: true });
  });

  it('refuses one fen over total direct costs, and any raise of indirect costs, naming the amounts', () => {
    const over = caught(() => adjust({ businessFen: 2_000_001 }));
    expect(over.code).toBe('rule_refused');
    expect(over.bilingual.zh).toContain('直接费用总额');
    expect(over.bilingual.zh).toContain('40,000.00');
    expect(over.bilingual.zh).toContain('40,000.01');
    const indirect = caught(() => adjust({ indirectFen: 600_001, businessFen: 1_999_999 }));
    expect(indirect.code).toBe('rule_refused');
    expect(indirect.fields.map((f) => f.path)).toEqual(['budget.indirectFen']);
    expect(indirect.bilingual.en).toContain('Indirect costs cannot be raised');
    expect(adjust({ indirectFen: 599_999 })).toEqual({ equipmentChanged: false });
  });

  it('refuses an adjustment that changes nothing', () => {
    expect(caught(() => adjust({})).fields.map((f) => f.path)).toEqual(['budget']);
  });

  it('under 包干制 needs the renewed pledge, and keeps the prohibited uses', () => {
    expect(caught(() => adjust({ equipmentFen: 0 }, { lumpSum: true })).fields.map((f) => f.path)).toEqual([
      'pledge',
    ]);
    expect(adjust({ equipmentFen: 0 }, { lumpSum: true, pledge: true })).toEqual({ equipmentChanged: true });
    const prohibited = caught(() =>
      adjust({ businessFen: 1_000_000 }, { lumpSum: true, pledge: true, reason: '结余经费用于偿还债务' }),
    );
    expect(prohibited.code).toBe('rule_refused');
    expect(prohibited.bilingual.zh).toBe('科研经费不得用于偿还债务');
  });
});

describe('changeSteps (routing)', () => {
  it('needs no approval for the PI’s own categories or under 包干制, the institution for equipment', () => {
    expect(changeSteps('budget_adjustment', DEFAULT_CHANGE_POLICY, { equipmentChanged: false })).toEqual([]);
    expect(changeSteps('budget_adjustment', DEFAULT_CHANGE_POLICY, { equipmentChanged: true })).toEqual([
      'institution',
    ]);
    expect(
      changeSteps(
        'budget_adjustment',
        { ...DEFAULT_CHANGE_POLICY, lumpSum: true },
        { equipmentChanged: true },
      ),
    ).toEqual([]);
  });

  it('sends major changes through the institution, an officer and a second officer; a team change needs no second', () => {
    for (const kind of ['pi_change', 'objectives_change', 'extension', 'termination_request'] as const)
      expect(changeSteps(kind, DEFAULT_CHANGE_POLICY)).toEqual(['institution', 'officer', 'second_officer']);
    expect(changeSteps('team_change', DEFAULT_CHANGE_POLICY)).toEqual(['institution', 'officer']);
  });

  it('asks both the current and the new host before the bureau decides a change of host', () => {
    expect(changeSteps('institution_change', DEFAULT_CHANGE_POLICY)).toEqual([
      'institution',
      'new_institution',
      'officer',
      'second_officer',
    ]);
    // The new host consents even where the program leaves out the current host's consent.
    const policy = changePolicyOf({ changes: { fourEyes: [], institutionConsent: [] } });
    expect(changeSteps('institution_change', policy)).toEqual(['new_institution', 'officer']);
  });

  it('follows the template’s routing where it sets one', () => {
    const policy = changePolicyOf({ changes: { fourEyes: [], institutionConsent: ['pi_change'] } });
    expect(changeSteps('extension', policy)).toEqual(['officer']);
    expect(changeSteps('pi_change', policy)).toEqual(['institution', 'officer']);
    expect(changePolicyOf(null)).toEqual(DEFAULT_CHANGE_POLICY);
    expect(changePolicyOf({ funding: { lumpSum: true } }).lumpSum).toBe(true);
  });
});

describe('assertMayDecideChange (the chain and four eyes)', () => {
  const project = { institutionId: 'inst-1', piId: 'pi-1' };
  const chain = ['institution', 'officer', 'second_officer'] as const;
  const instAdmin = { id: 'ia-1', roles: ['institution_admin'], institutionId: 'inst-1' };
  const officer = { id: 'o-1', roles: ['officer'], institutionId: null };
  const officer2 = { id: 'o-2', roles: ['officer'], institutionId: null };

  it('takes each step from its decider, in order', () => {
    expect(assertMayDecideChange({ status: 'pending', steps: chain, deciders: [] }, project, instAdmin)).toBe(
      'institution',
    );
    expect(
      assertMayDecideChange({ status: 'pending', steps: chain, deciders: ['ia-1'] }, project, officer),
    ).toBe('officer');
    expect(
      assertMayDecideChange(
        { status: 'pending', steps: chain, deciders: ['ia-1', 'o-1'] },
        project,
        officer2,
      ),
    ).toBe('second_officer');
    expect(isLastStep({ status: 'pending', steps: chain, deciders: ['ia-1', 'o-1'] })).toBe(true);
    expect(isLastStep({ status: 'pending', steps: chain, deciders: ['ia-1'] })).toBe(false);
  });

  it('names the step a request waits for (changeAwaiting): the next undecided one, none once decided', () => {
    expect(changeAwaiting({ status: 'pending', steps: chain, decided: 0 })).toBe('institution');
    expect(changeAwaiting({ status: 'pending', steps: chain, decided: 2 })).toBe('second_officer');
    expect(changeAwaiting({ status: 'approved', steps: chain, decided: 3 })).toBeNull();
    expect(changeAwaiting({ status: 'rejected', steps: chain, decided: 1 })).toBeNull();
  });

  it('refuses the first approver as the second (four eyes), and a decider of another step or institution', () => {
    const same = caught(() =>
      assertMayDecideChange({ status: 'pending', steps: chain, deciders: ['ia-1', 'o-1'] }, project, officer),
    );
    expect(same.code).toBe('rule_refused');
    expect(same.bilingual.en).toContain('four eyes');
    const early = caught(() =>
      assertMayDecideChange({ status: 'pending', steps: chain, deciders: [] }, project, officer),
    );
    expect(early.code).toBe('invalid_state');
    expect(early.bilingual.zh).toBe('该变更申请正待依托单位意见');
    const other = { ...instAdmin, institutionId: 'inst-2' };
    expect(
      caught(() => assertMayDecideChange({ status: 'pending', steps: chain, deciders: [] }, project, other))
        .code,
    ).toBe('invalid_state');
    expect(
      caught(() =>
        assertMayDecideChange({ status: 'approved', steps: chain, deciders: [] }, project, instAdmin),
      ).code,
    ).toBe('invalid_state');
  });
});

describe('assertExtensionAllowed (RULES §8: ≥ 3 months before the end, once, ≤ 1 year)', () => {
  const endsAt = '2027-07-15T16:00:00.000Z'; // 2027-07-16 in Beijing
  const threeMonthsBefore = Date.parse('2027-04-15T16:00:00.000Z');
  const ask = (at: number, extra: Partial<Parameters<typeof assertExtensionAllowed>[0]> = {}) =>
    assertExtensionAllowed({
      at,
      endsAt,
      originalEndsAt: endsAt,
      extendBy: 'P6M',
      extensionsSoFar: 0,
      policy: DEFAULT_CHANGE_POLICY,
      ...extra,
    });

  it('takes a request exactly 3 months before the end, and answers the new end', () => {
    expect(ask(threeMonthsBefore)).toBe('2028-01-15T16:00:00.000Z');
  });

  it('refuses one asked 3 months minus one day before the end, naming the rule and both dates', () => {
    const e = caught(() => ask(threeMonthsBefore + DAY));
    expect(e.code).toBe('rule_refused');
    expect(e.bilingual).toEqual({
      zh: '延期须在项目结束前至少 P3M 申请：项目于 2027-07-16 结束，最迟应于 2027-04-16 申请，本次申请日期为 2027-04-17',
      en: 'An extension must be asked at least P3M before the end: the project ends on 2027-07-16, the last day to ask was 2027-04-16, and this request is dated 2027-04-17',
    });
  });

  it('allows one extension of at most a year past the original end', () => {
    expect(ask(threeMonthsBefore, { extendBy: 'P1Y' })).toBe('2028-07-15T16:00:00.000Z');
    expect(caught(() => ask(threeMonthsBefore, { extendBy: 'P1Y1D' })).bilingual.zh).toContain(
      '延期累计不得超过 P1Y',
    );
    expect(caught(() => ask(threeMonthsBefore, { extensionsSoFar: 1 })).bilingual.zh).toContain(
      '只能申请 1 次',
    );
  });

  it('subtracts calendar months as addDuration adds them', () => {
    expect(subtractDuration(new Date('2027-05-31T00:00:00Z'), 'P3M').toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    );
    expect(subtractDuration(new Date('2027-05-31T00:00:00Z'), 'PT90S').toISOString()).toBe(
      '2027-05-30T23:58:30.000Z',
    );
  });
});

describe('reportsAddedByExtension', () => {
  it('plans the cadence steps that fall in the added time, from the old end on, numbered on', () => {
    expect(
      reportsAddedByExtension({
        startsAt: '2026-01-01T00:00:00.000Z',
        reportCadence: 'P6M',
        oldEndsAt: '2027-01-01T00:00:00.000Z',
        newEndsAt: '2028-01-01T00:00:00.000Z',
        lastSeq: 1,
      }),
    ).toEqual([
      { seq: 2, dueAt: '2027-01-01T00:00:00.000Z' },
      { seq: 3, dueAt: '2027-07-01T00:00:00.000Z' },
    ]);
    expect(
      reportsAddedByExtension({
        startsAt: '2026-01-01T00:00:00.000Z',
        reportCadence: 'P1Y',
        oldEndsAt: '2027-01-01T00:00:00.000Z',
        newEndsAt: '2027-06-01T00:00:00.000Z',
        lastSeq: 0,
      }),
    ).toEqual([{ seq: 1, dueAt: '2027-01-01T00:00:00.000Z' }]);
  });
});

describe('assertNewPiEligible (credit and 限项 gates)', () => {
  const ok = {
    currentPiId: 'a',
    newPiId: 'b',
    credit: { pass: true, reasons: [] },
    ongoingInProgram: [],
    overdue: [],
  };
  it('passes a new PI in good standing without other projects of the program', () => {
    expect(caught(() => assertNewPiEligible({ ...ok, credit: null })).fields.map((f) => f.path)).toEqual([
      'newPiId',
    ]);
    expect(() => assertNewPiEligible(ok)).not.toThrow();
  });
  it('refuses a barred PI (credit_barred), one over the limit (rule_refused), and the same PI', () => {
    const barred = caught(() =>
      assertNewPiEligible({
        ...ok,
        credit: { pass: false, reasons: [{ zh: '禁止期至 2028-01-01', en: 'banned until 2028-01-01' }] },
      }),
    );
    expect(barred.code).toBe('credit_barred');
    expect(barred.bilingual.zh).toContain('禁止期至 2028-01-01');
    const over = caught(() => assertNewPiEligible({ ...ok, ongoingInProgram: ['芒果保鲜'] }));
    expect(over.code).toBe('rule_refused');
    expect(over.bilingual.zh).toBe('新负责人超出限项规定：新负责人正主持本计划在研项目：芒果保鲜');
    expect(caught(() => assertNewPiEligible({ ...ok, overdue: ['旧项目'] })).code).toBe('rule_refused');
    expect(caught(() => assertNewPiEligible({ ...ok, newPiId: 'a' })).fields.map((f) => f.path)).toEqual([
      'newPiId',
    ]);
  });
});

describe('assertMayDecideChange (a change of host: both institutions consent)', () => {
  const project = { institutionId: 'inst-1', piId: 'pi-1' };
  const steps = ['institution', 'new_institution', 'officer', 'second_officer'] as const;
  const change = { status: 'pending' as const, steps, newInstitutionId: 'inst-2' };
  const oldAdmin = { id: 'ia-1', roles: ['institution_admin'], institutionId: 'inst-1' };
  const newAdmin = { id: 'ia-2', roles: ['institution_admin'], institutionId: 'inst-2' };
  const officer = { id: 'o-1', roles: ['officer'], institutionId: null };

  it('takes the current host, then the new host, then the officer', () => {
    expect(assertMayDecideChange({ ...change, deciders: [] }, project, oldAdmin)).toBe('institution');
    expect(assertMayDecideChange({ ...change, deciders: ['ia-1'] }, project, newAdmin)).toBe(
      'new_institution',
    );
    expect(assertMayDecideChange({ ...change, deciders: ['ia-1', 'ia-2'] }, project, officer)).toBe(
      'officer',
    );
  });

  it('refuses the officer before the new host consents, naming the step, and the old host at the new host’s step', () => {
    const early = caught(() => assertMayDecideChange({ ...change, deciders: ['ia-1'] }, project, officer));
    expect(early.code).toBe('invalid_state');
    expect(early.bilingual.zh).toBe('该变更申请正待新依托单位意见');
    expect(early.bilingual.en).toBe('This change request awaits the new host institution’s consent');
    expect(
      caught(() => assertMayDecideChange({ ...change, deciders: ['ia-1'] }, project, oldAdmin)).code,
    ).toBe('invalid_state');
    expect(caught(() => assertMayDecideChange({ ...change, deciders: [] }, project, newAdmin)).code).toBe(
      'invalid_state',
    );
  });
});

describe('assertNewHostEligible and assertChangeGates', () => {
  const ok = {
    currentInstitutionId: 'inst-1',
    newInstitutionId: 'inst-2',
    credit: { pass: true, reasons: [] },
  };
  it('passes another registered institution in good standing', () => {
    expect(() => assertNewHostEligible(ok)).not.toThrow();
  });
  it('refuses the same host, an unknown one, and one the credit gate bars, on newInstitutionId', () => {
    const same = caught(() => assertNewHostEligible({ ...ok, newInstitutionId: 'inst-1' }));
    expect([same.code, same.fields.map((f) => f.path)]).toEqual(['validation_failed', ['newInstitutionId']]);
    const unknown = caught(() => assertNewHostEligible({ ...ok, credit: null }));
    expect([unknown.code, unknown.fields.map((f) => f.path)]).toEqual([
      'validation_failed',
      ['newInstitutionId'],
    ]);
    const barred = caught(() =>
      assertNewHostEligible({
        ...ok,
        credit: {
          pass: false,
          reasons: [
            { zh: '申报单位乙信用等级为严重失信', en: 'Applicant institution B has credit level severe' },
          ],
        },
      }),
    );
    expect(barred.code).toBe('credit_barred');
    expect(barred.bilingual.zh).toBe('新依托单位未通过信用审查：申报单位乙信用等级为严重失信');
    expect(barred.fields.map((f) => f.path)).toEqual(['newInstitutionId']);
  });
  it('applies the gate of the change’s kind, and names an unknown new PI', () => {
    const holders = { piId: 'pi-1', institutionId: 'inst-1' };
    const facts = { credit: { pass: true, reasons: [] }, ongoingInProgram: ['芒果保鲜'], overdue: [] };
    expect(caught(() => assertChangeGates('pi_change', holders, 'pi-2', facts)).code).toBe('rule_refused');
    // A host has no 限项 of its own: the PI's load does not count against it.
    expect(() => assertChangeGates('institution_change', holders, 'inst-2', facts)).not.toThrow();
    const unknown = caught(() => assertChangeGates('pi_change', holders, 'pi-2', { ...facts, credit: null }));
    expect([unknown.code, unknown.fields.map((f) => f.path)]).toEqual(['validation_failed', ['newPiId']]);
    expect(gatedSubjectOf('pi_change', { newPiId: 'pi-2' })).toEqual({ type: 'person', id: 'pi-2' });
    expect(gatedSubjectOf('institution_change', { newInstitutionId: 'i-2' })).toEqual({
      type: 'institution',
      id: 'i-2',
    });
    expect(gatedSubjectOf('team_change', {})).toBeNull();
  });
});

describe('mayReadChange', () => {
  const project = { piId: 'pi-1', institutionId: 'inst-1' };
  const actor = (roles: Role[], id: string, institutionId: string | null = null) => ({
    id,
    roles,
    institutionId,
  });
  const move = { kind: 'institution_change' as const, detail: { newInstitutionId: 'inst-2' } };
  it('lets the new host read a change of host, and nothing else of the project', () => {
    const newAdmin = actor(['institution_admin'], 'ia-2', 'inst-2');
    expect(mayReadChange(newAdmin, project, move)).toBe(true);
    expect(mayReadChange(newAdmin, project, { kind: 'team_change', detail: {} })).toBe(false);
    expect(mayReadChange(actor(['institution_admin'], 'ia-3', 'inst-3'), project, move)).toBe(false);
    expect(mayReadChange(actor(['applicant'], 'pi-1'), project, move)).toBe(true);
    expect(mayReadChange(actor(['expert'], 'e-1'), project, move)).toBe(false);
  });
});

describe('assertChangeable', () => {
  it('takes requests on a project in execution, one pending per kind', () => {
    expect(() =>
      assertChangeable({ status: 'ongoing', kind: 'extension', pendingKinds: ['team_change'] }),
    ).not.toThrow();
    expect(
      caught(() => assertChangeable({ status: 'ongoing', kind: 'extension', pendingKinds: ['extension'] }))
        .code,
    ).toBe('conflict');
    expect(
      caught(() => assertChangeable({ status: 'terminated', kind: 'extension', pendingKinds: [] })).code,
    ).toBe('invalid_state');
  });
});

describe('assertTakesChanges (no change once the project has ended)', () => {
  it('takes them while executing or rectifying', () => {
    expect(() => assertTakesChanges('ongoing')).not.toThrow();
    expect(() => assertTakesChanges('rectifying')).not.toThrow();
  });

  it('refuses them once ended, naming the status in both languages', () => {
    for (const [status, zh, en] of [
      ['terminated', '已终止', 'terminated'],
      ['revoked', '已撤销', 'revoked'],
      ['accepted', '已验收', 'accepted'],
      ['closed', '已结题', 'closed'],
    ] as const) {
      const e = caught(() => assertTakesChanges(status));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toBe(`项目${zh}，执行已结束，不再受理或审批变更申请`);
      expect(e.bilingual.en).toContain(`The project is ${en}`);
    }
    // A request on an ended project says the same.
    expect(
      caught(() => assertChangeable({ status: 'revoked', kind: 'team_change', pendingKinds: [] })).bilingual
        .zh,
    ).toContain('已撤销');
  });

  it('a project not yet open takes none either', () => {
    expect(caught(() => assertTakesChanges(undefined)).bilingual.zh).toContain('不在执行中');
  });
});

describe('changeRequestSchema', () => {
  it('reads each kind with its own fields and refuses unknown ones', () => {
    expect(
      changeRequestSchema.safeParse({ kind: 'extension', reason: '野外试验受天气影响', extendBy: 'P6M' })
        .success,
    ).toBe(true);
    expect(
      changeRequestSchema.safeParse({ kind: 'extension', reason: '野外试验受天气影响', extendBy: 'P0D' })
        .success,
    ).toBe(false);
    expect(
      changeRequestSchema.safeParse({ kind: 'objectives_change', reason: '技术路线调整说明' }).success,
    ).toBe(false);
    expect(
      changeRequestSchema.safeParse({ kind: 'termination_request', reason: '关键技术无法突破', newPiId: 'x' })
        .success,
    ).toBe(false);
  });
});

describe('the template’s change options', () => {
  it('are optional: every seeded template stays valid, and a template may set them', () => {
    const dir = path.resolve(__dirname, '../../../../seeds/programs');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const t = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect(validateTemplate(t).changes).toBeUndefined();
      const set = validateTemplate({
        ...t,
        funding: { ...t.funding, lumpSum: true },
        changes: { extensionLeadTime: 'P2M', fourEyes: ['pi_change'] },
      });
      expect(changePolicyOf(set)).toMatchObject({
        lumpSum: true,
        extensionLeadTime: 'P2M',
        fourEyes: ['pi_change'],
      });
    }
  });
});
