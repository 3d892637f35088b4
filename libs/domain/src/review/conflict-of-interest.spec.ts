import {
  COI_RULES,
  CoiApplicationInput,
  CoiExpertInput,
  conflictsFor,
  forbiddenPairs,
  parseCoiApplication,
  recusalRequirementSchema,
  recusalSchema,
  yearsBefore,
} from './conflict-of-interest';
import { caught, HAN, withCpuTime } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const AS_OF = '2026-06-30';

const app: CoiApplicationInput = {
  id: 'app-1',
  applicantPersonId: 'p-pi',
  participantPersonIds: ['p-part'],
  hostOrganisationId: 'org-host',
  participantOrganisationIds: ['org-part'],
  excludedExpertIds: [],
};

const expert: CoiExpertInput = {
  id: 'e-1',
  personName: '李明',
  organisationId: 'org-other',
  relations: [],
};

const rules = (a: CoiApplicationInput, e: CoiExpertInput, policy = {}, asOf = AS_OF) =>
  conflictsFor(a, e, policy, asOf).reasons.map((r) => r.rule);

describe('conflictsFor', () => {
  it('finds nothing for an unrelated expert', () => {
    const result = conflictsFor(app, expert, {}, AS_OF);
    expect(result).toEqual({ applicationId: 'app-1', expertId: 'e-1', conflicted: false, reasons: [] });
  });

  describe('self', () => {
    it('excludes the PI and a participant', () => {
      expect(rules(app, { ...expert, id: 'p-pi' })).toEqual(['self']);
      expect(rules(app, { ...expert, personId: 'p-part' })).toEqual(['self']);
    });
    it('does not match a different person', () => {
      expect(rules(app, { ...expert, id: 'p-someone' })).toEqual([]);
    });
  });

  describe('same organisation', () => {
    it('excludes an expert of the host or a participating organisation', () => {
      expect(rules(app, { ...expert, organisationId: 'org-host' })).toEqual(['same_organisation']);
      expect(rules(app, { ...expert, organisationId: 'org-part' })).toEqual(['same_organisation']);
    });
    it('names the host once when it is also listed as a participant', () => {
      const both = { ...app, participantOrganisationIds: ['org-host'] };
      expect(rules(both, { ...expert, organisationId: 'org-host' })).toEqual(['same_organisation']);
    });
    it('does not exclude another organisation', () => {
      expect(rules(app, { ...expert, organisationId: 'org-elsewhere' })).toEqual([]);
    });
  });

  describe('co-authorship and collaboration within the look-back', () => {
    const withRelation = (r: NonNullable<CoiExpertInput['relations']>[number]) => ({
      ...expert,
      relations: [r],
    });

    it('puts the window edge at the same calendar day lookBackYears before asOf', () => {
      expect(yearsBefore('2026-06-30', 3)).toBe('2023-06-30');
      expect(yearsBefore('2028-02-29', 3)).toBe('2025-02-28');
    });

    it('counts a co-authorship exactly on the edge (inclusive) but not the day before', () => {
      expect(rules(app, withRelation({ kind: 'coauthor', personId: 'p-pi', to: '2023-06-30' }))).toEqual([
        'collaboration',
      ]);
      expect(rules(app, withRelation({ kind: 'coauthor', personId: 'p-pi', to: '2023-06-29' }))).toEqual([]);
    });

    it('uses `from` when there is no `to`, and `to` over `from`', () => {
      const recentStart = withRelation({ kind: 'collaboration', personId: 'p-part', from: '2024-01-01' });
      expect(rules(app, recentStart)).toEqual(['collaboration']);
      const endedLongAgo = withRelation({
        kind: 'collaboration',
        personId: 'p-part',
        from: '2015-01-01',
        to: '2020-12-31',
      });
      expect(rules(app, endedLongAgo)).toEqual([]);
      const stillRunning = withRelation({
        kind: 'collaboration',
        personId: 'p-part',
        from: '2015-01-01',
        to: '2027-12-31',
      });
      expect(rules(app, stillRunning)).toEqual(['collaboration']);
    });

    it('treats an undated collaboration as recent', () => {
      expect(rules(app, withRelation({ kind: 'coauthor', personId: 'p-pi' }))).toEqual(['collaboration']);
    });

    it('follows a configurable look-back', () => {
      const old = withRelation({ kind: 'coauthor', personId: 'p-pi', to: '2022-01-01' });
      expect(rules(app, old, { lookBackYears: 3 })).toEqual([]);
      expect(rules(app, old, { lookBackYears: 5 })).toEqual(['collaboration']);
    });

    it('counts a collaboration with the host organisation', () => {
      expect(
        rules(app, withRelation({ kind: 'collaboration', organisationId: 'org-host', to: '2025-01-01' })),
      ).toEqual(['collaboration']);
    });

    it('ignores a relation with someone not on the application', () => {
      expect(
        rules(app, withRelation({ kind: 'coauthor', personId: 'p-stranger', to: '2026-01-01' })),
      ).toEqual([]);
    });
  });

  describe('advisor–student and relatives at any time', () => {
    it('excludes an advisor or student relation decades old', () => {
      for (const kind of ['advisor', 'student'] as const)
        expect(
          rules(app, {
            ...expert,
            relations: [{ kind, personId: 'p-pi', from: '1990-09-01', to: '1995-07-01' }],
          }),
        ).toEqual(['advisor_student']);
    });
    it('excludes a close relative', () => {
      expect(
        rules(app, { ...expert, relations: [{ kind: 'relative', personId: 'p-part', note: '配偶' }] }),
      ).toEqual(['relative']);
    });
    it('excludes a declared relation', () => {
      expect(
        rules(app, {
          ...expert,
          relations: [{ kind: 'declared', organisationId: 'org-part', from: '2001-01-01' }],
        }),
      ).toEqual(['declared_relation']);
    });
    it('does not exclude such a relation with someone else', () => {
      expect(rules(app, { ...expert, relations: [{ kind: 'relative', personId: 'p-stranger' }] })).toEqual(
        [],
      );
    });
  });

  describe('declared conflicts', () => {
    const declaring = (d: object) => ({ ...expert, declaredConflicts: [{ reason: '竞争关系', ...d }] });
    it('matches by application, person or organisation', () => {
      expect(rules(app, declaring({ applicationId: 'app-1' }))).toEqual(['declared_conflict']);
      expect(rules(app, declaring({ personId: 'p-part' }))).toEqual(['declared_conflict']);
      expect(rules(app, declaring({ organisationId: 'org-host' }))).toEqual(['declared_conflict']);
    });
    it('does not match a conflict declared for something else', () => {
      expect(rules(app, declaring({ applicationId: 'app-2' }))).toEqual([]);
      expect(rules(app, declaring({ personId: 'p-x', organisationId: 'org-x' }))).toEqual([]);
    });
  });

  describe('applicant-requested exclusion', () => {
    it('honours the listed expert', () => {
      expect(rules({ ...app, excludedExpertIds: ['e-9', 'e-1'] }, expert)).toEqual(['applicant_exclusion']);
      expect(rules({ ...app, excludedExpertIds: ['e-9'] }, expert)).toEqual([]);
    });
    it('honours only the first maxApplicantExclusions of a longer stored list', () => {
      const long = { ...app, excludedExpertIds: ['e-7', 'e-8', 'e-9', 'e-1'] };
      expect(rules(long, expert)).toEqual([]);
      expect(rules(long, expert, { maxApplicantExclusions: 4 })).toEqual(['applicant_exclusion']);
    });
    it('rejects more than three exclusions at submission, on excludedExpertIds, in zh and en', () => {
      const error = caught(() => parseCoiApplication({ ...app, excludedExpertIds: ['a', 'b', 'c', 'd'] }));
      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual([
        {
          path: 'excludedExpertIds',
          message: {
            zh: '申请回避的专家最多 3 位',
            en: 'At most 3 experts may be excluded at the applicant’s request',
          },
        },
      ]);
      expect(
        parseCoiApplication({ ...app, excludedExpertIds: ['a', 'b', 'c'] }).excludedExpertIds,
      ).toHaveLength(3);
    });
    it('rejects a duplicate in the list', () => {
      const error = caught(() => parseCoiApplication({ ...app, excludedExpertIds: ['a', 'a'] }));
      expect(error.fields.map((f) => f.path)).toEqual(['excludedExpertIds']);
    });
  });

  describe('challenge issuer', () => {
    const challenge = { ...app, issuerOrganisationId: 'org-issuer' };
    it('excludes an expert of the issuer and one with a tie to it', () => {
      expect(rules(challenge, { ...expert, organisationId: 'org-issuer' })).toEqual(['issuer_organisation']);
      expect(
        rules(challenge, {
          ...expert,
          relations: [{ kind: 'collaboration', organisationId: 'org-issuer', to: '2026-01-01' }],
        }),
      ).toEqual(['issuer_organisation']);
    });
    it('ignores an old collaboration with the issuer, and the issuer outside challenges', () => {
      expect(
        rules(challenge, {
          ...expert,
          relations: [{ kind: 'collaboration', organisationId: 'org-issuer', to: '2019-01-01' }],
        }),
      ).toEqual([]);
      expect(rules(app, { ...expert, organisationId: 'org-issuer' })).toEqual([]);
    });
  });

  it('explains every reason in zh and en, in rule order', () => {
    const result = conflictsFor(
      { ...app, excludedExpertIds: ['e-1'], issuerOrganisationId: 'org-host' },
      {
        ...expert,
        organisationId: 'org-host',
        relations: [
          { kind: 'relative', personId: 'p-part' },
          { kind: 'coauthor', personId: 'p-pi', to: '2025-03-01' },
        ],
        declaredConflicts: [{ applicationId: 'app-1', reason: '曾参与该项目前期论证' }],
      },
      {},
      AS_OF,
    );
    expect(result.conflicted).toBe(true);
    expect(result.reasons.map((r) => r.rule)).toEqual([
      'same_organisation',
      'collaboration',
      'relative',
      'declared_conflict',
      'applicant_exclusion',
      'issuer_organisation',
    ]);
    for (const r of result.reasons) {
      expect(COI_RULES).toContain(r.rule);
      expect(r.label.zh).toMatch(HAN);
      expect(r.label.en).not.toMatch(HAN);
      expect(r.detail.zh).toMatch(HAN);
      expect(r.detail.en.length).toBeGreaterThan(10);
    }
    const collab = result.reasons.find((r) => r.rule === 'collaboration')!;
    expect(collab.detail.zh).toContain('项目负责人（p-pi）');
    expect(collab.detail.zh).toContain('2025-03-01');
    expect(collab.detail.en).toContain('the PI (p-pi)');
    expect(collab.detail.en).toContain('3-year look-back (from 2023-06-30)');
    expect(result.reasons.find((r) => r.rule === 'declared_conflict')!.detail.zh).toContain(
      '曾参与该项目前期论证',
    );
  });

  it('rejects an invalid asOf or relation date with a field path', () => {
    expect(caught(() => conflictsFor(app, expert, {}, '2026-02-30')).fields[0].path).toBe('asOf');
    const error = caught(() =>
      conflictsFor(
        app,
        { ...expert, relations: [{ kind: 'coauthor', personId: 'p', from: '2026-13-01' }] },
        {},
        AS_OF,
      ),
    );
    expect(error.fields[0].path).toBe('expert.relations.0.from');
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('rejects a relation that names no one', () => {
    const error = caught(() =>
      conflictsFor(app, { ...expert, relations: [{ kind: 'relative' }] } as CoiExpertInput, {}, AS_OF),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['expert.relations.0.personId']);
  });
});

describe('forbiddenPairs', () => {
  it('returns only the conflicted pairs, with the same reasons as conflictsFor', () => {
    const apps: CoiApplicationInput[] = [
      app,
      {
        ...app,
        id: 'app-2',
        applicantPersonId: 'p-2',
        participantPersonIds: [],
        hostOrganisationId: 'org-2',
        participantOrganisationIds: [],
      },
    ];
    const experts: CoiExpertInput[] = [
      expert,
      { ...expert, id: 'e-2', organisationId: 'org-host' },
      { ...expert, id: 'e-3', relations: [{ kind: 'coauthor', personId: 'p-2', to: '2026-01-01' }] },
      { ...expert, id: 'e-4', relations: [{ kind: 'coauthor', personId: 'p-2', to: '2010-01-01' }] },
      { ...expert, id: 'e-5', declaredConflicts: [{ applicationId: 'app-2', reason: '直接竞争' }] },
    ];
    const pairs = forbiddenPairs([{ ...apps[0], excludedExpertIds: ['e-1'] }, apps[1]], experts, {}, AS_OF);
    expect(pairs.map((p) => [p.applicationId, p.expertId, p.reasons.map((r) => r.rule)])).toEqual([
      ['app-1', 'e-1', ['applicant_exclusion']],
      ['app-1', 'e-2', ['same_organisation']],
      ['app-2', 'e-3', ['collaboration']],
      ['app-2', 'e-5', ['declared_conflict']],
    ]);
    expect(pairs.every((p) => p.conflicted)).toBe(true);
    expect(pairs[1]).toEqual(conflictsFor(apps[0], experts[1], {}, AS_OF));
  });

  it('agrees with conflictsFor on every pair of a random-looking instance', () => {
    const { apps, experts } = instance(40, 30, 7);
    const fast = forbiddenPairs(apps, experts, { lookBackYears: 4 }, AS_OF);
    const slow = apps.flatMap((a) =>
      experts.map((e) => conflictsFor(a, e, { lookBackYears: 4 }, AS_OF)).filter((r) => r.conflicted),
    );
    expect(fast).toEqual(slow);
    expect(fast.length).toBeGreaterThan(10);
  });

  it('handles 1,000 applications × 300 experts well under a second', () => {
    const { apps, experts } = instance(1000, 300, 11);
    // Warm up first: the measure is the steady state, not zod compiling its parsers under jest's VM.
    forbiddenPairs(apps.slice(0, 20), experts.slice(0, 20), {}, AS_OF);
    const { result: pairs, cpuMs } = withCpuTime(() => forbiddenPairs(apps, experts, {}, AS_OF));
    expect(pairs.length).toBeGreaterThan(100);
    expect(cpuMs).toBeLessThan(1000);
  });
});

describe('recusalSchema', () => {
  it('needs a reason of at least 5 characters, in zh and en', () => {
    const error = caught(() => parseOrThrow(recusalSchema, { reason: ' 有关 ' }, '评审'));
    expect(error.fields).toEqual([
      {
        path: 'reason',
        message: {
          zh: '请说明回避理由（不少于 5 个字）',
          en: 'Give the reason for recusal (at least 5 characters)',
        },
      },
    ]);
    expect(parseOrThrow(recusalSchema, { reason: '申请人是我的博士生导师' })).toEqual({
      reason: '申请人是我的博士生导师',
    });
  });
});

describe('recusalRequirementSchema (要求回避)', () => {
  it('needs the officer’s reason: missing, blank or under 5 characters is refused on its field, in zh and en', () => {
    const fields = (body: unknown) =>
      caught(() => parseOrThrow(recusalRequirementSchema, body, '要求回避')).fields;
    expect(fields({ reason: '   ' })).toEqual([
      {
        path: 'reason',
        message: {
          zh: '请说明要求该专家回避的理由（不少于 5 个字）',
          en: 'Give the reason the expert must step aside (at least 5 characters)',
        },
      },
    ]);
    const missing = fields({});
    expect(missing.map((f) => f.path)).toEqual(['reason']);
    expect(missing[0].message.zh).toMatch(HAN);
    expect(fields({ reason: '同单位专家超限', extra: 1 }).map((f) => f.path)).toEqual(['(root)']);
    expect(parseOrThrow(recusalRequirementSchema, { reason: ' 与专家组另一位专家同属一个单位 ' })).toEqual({
      reason: '与专家组另一位专家同属一个单位',
    });
  });
});

/** A deterministic instance: a linear congruential generator, so no Math.random. */
function instance(nApps: number, nExperts: number, seed: number) {
  let s = seed;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor(s / 65536) % n; // the high bits: an LCG's low bits repeat quickly
  };
  const person = () => `p-${next(20000)}`;
  const org = () => `org-${next(300)}`;
  const kinds = ['coauthor', 'collaboration', 'advisor', 'student', 'relative', 'declared'] as const;
  const apps: CoiApplicationInput[] = Array.from({ length: nApps }, (_, i) => ({
    id: `app-${i}`,
    applicantPersonId: person(),
    participantPersonIds: Array.from({ length: 5 }, person),
    hostOrganisationId: org(),
    participantOrganisationIds: Array.from({ length: 2 }, org),
    excludedExpertIds: Array.from({ length: next(4) }, () => `e-${next(nExperts)}`).filter(
      (id, k, all) => all.indexOf(id) === k,
    ),
    ...(next(10) === 0 ? { issuerOrganisationId: org() } : {}),
  }));
  const experts: CoiExpertInput[] = Array.from({ length: nExperts }, (_, i) => ({
    id: `e-${i}`,
    personName: `专家${i}`,
    organisationId: org(),
    relations: Array.from({ length: 20 }, () => {
      const year = 2010 + next(17);
      return {
        kind: kinds[next(kinds.length)],
        ...(next(10) === 0 ? { organisationId: org() } : { personId: person() }),
        ...(next(5) === 0 ? {} : { to: `${year}-0${1 + next(9)}-15` }),
      };
    }),
    declaredConflicts: next(5) === 0 ? [{ applicationId: `app-${next(nApps)}`, reason: '利益相关' }] : [],
  }));
  return { apps, experts };
}
