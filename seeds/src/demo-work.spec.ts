import * as fs from 'node:fs';
import * as path from 'node:path';
import { affinityOf, assertSubmittable, createApplicationSchema, validateTemplate } from '@kjflow/domain';
import { DEMO_TEMPLATE_OF, demoTemplate, loadApplications, REVIEW_POOL } from './demo-work';

/** The demo's data checked as the API will: it is played through the API at every fresh start. */
describe('the demo work (demo-work.ts)', () => {
  const apps = loadApplications();
  const callId = '00000000-0000-4000-8000-000000000001';
  const submitted = Object.entries(apps).filter(([key]) => key !== 'manganeseDraft');

  it.each(submitted)('%s is a submittable application within the calls’ cap', (_key, content) => {
    const parsed = createApplicationSchema.parse({ callId, ...content });
    // The demo's calls cap a request at ¥500,000 (50,000,000 fen).
    expect(() => assertSubmittable(parsed, 50_000_000, { full: true })).not.toThrow();
  });

  it('keeps 李明’s draft a draft: valid to save, not complete enough to submit', () => {
    const parsed = createApplicationSchema.parse({ callId, ...apps.manganeseDraft });
    expect(() => assertSubmittable(parsed, 50_000_000, { full: true })).toThrow();
  });

  it('gives each PI one identity number', () => {
    const byName = new Map<string, Set<string>>();
    for (const [, a] of submitted) {
      const pi = a.pi as { name: string; idNumber: string };
      byName.set(pi.name, (byName.get(pi.name) ?? new Set()).add(pi.idNumber));
    }
    expect([...byName.values()].map((ids) => ids.size)).toEqual([...byName.values()].map(() => 1));
    const ids = [...byName.values()].flatMap((s) => [...s]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('copies the directed program as a valid template named as the demo’s, with a notice of seconds', () => {
    const seeded = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, `../programs/${DEMO_TEMPLATE_OF}.json`), 'utf8'),
    );
    const copy = validateTemplate(demoTemplate(seeded));
    expect(copy.code).toBe('demo-directed-key-industry');
    expect(copy.name.zh).toMatch(/^【演示】/);
    expect(copy.name.en).toMatch(/^\[Demo\]/);
    expect(copy.durations.noticePeriod).toBe('PT8S');
    expect({ ...copy, code: seeded.code, name: seeded.name, durations: seeded.durations }).toEqual(
      validateTemplate(seeded),
    );
  });
});

describe('the demo review round', () => {
  const apps = loadApplications();
  const experts: Array<{
    name: string;
    keyFields: string[];
    keywords: string[];
    finance: boolean;
    userId?: string;
    relations?: Array<{ organisationId?: string; personId?: string }>;
  }> = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../data/experts.json'), 'utf8')).experts;
  const demo = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../data/demo.json'), 'utf8'));
  const expertUser = demo.users.find((u: { username: string }) => u.username === 'expert');
  // The pool as the draw takes it (libs/persistence review-input): experts with any of its keywords.
  const pool = experts.filter((e) => e.keywords.some((w) => REVIEW_POOL.keywords.includes(w)));
  const reviewed = [apps.mangoPostharvest, apps.mangiferin, apps.mangoGallMidge];
  // The text the draw matches keywords in; the call has no guide, so no key field.
  const textOf = (a: Record<string, unknown>) =>
    [a.title, a.summary, a.objectives, a.technicalRoute].join(' ');

  it('holds the demo expert and finance experts', () => {
    expect(pool.find((e) => e.userId === expertUser.id)).toBeDefined();
    expect(pool.filter((e) => e.finance).length).toBeGreaterThanOrEqual(1);
  });

  it.each(reviewed.map((a) => [a.title as string, a]))(
    'matches 农艳 best to “%s” (the optimal draw seats her)',
    (_title, a) => {
      const affinity = (e: (typeof pool)[number]) =>
        affinityOf({ keyFields: e.keyFields, keywords: e.keywords }, { keyField: null, text: textOf(a) });
      const mine = affinity(pool.find((e) => e.userId === expertUser.id)!);
      const others = pool.filter((e) => e.userId !== expertUser.id).map(affinity);
      expect(mine).toBeGreaterThan(Math.max(...others));
    },
  );

  it('draws 农艳 for applicants she has no tie to', () => {
    const nong = pool.find((e) => e.userId === expertUser.id)!;
    const applicants = ['applicant', 'applicant2', 'applicant3'].map((u) =>
      demo.users.find((x: { username: string }) => x.username === u),
    );
    const ties = (nong.relations ?? []).flatMap((r) => [r.organisationId, r.personId]);
    for (const a of applicants) {
      expect(ties).not.toContain(a.id);
      expect(ties).not.toContain(a.institutionId);
    }
  });
});
