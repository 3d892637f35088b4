import * as fs from 'node:fs';
import * as path from 'node:path';
import * as bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import {
  NotificationTemplateRepository,
  OutcomeRepository,
  PlanIndicatorSeed,
  SeedRepository,
} from '@kjflow/persistence';
import {
  countySchema,
  DEFAULT_TEMPLATES,
  expertRecordSchema,
  roleSchema,
  validateTemplate,
} from '@kjflow/domain';

const demoSchema = z.object({
  password: z.string().min(8),
  institutions: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      county: z.string(),
      creditCode: z.string().nullable(),
      source: z.string(),
    }),
  ),
  users: z.array(
    z.object({
      id: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      roles: z.array(roleSchema).min(1),
      institutionId: z.uuid().nullable(),
    }),
  ),
});
export type DemoData = z.infer<typeof demoSchema>;

/** seeds/data, both from sources (seeds/src) and from the compiled tree (dist/seeds/src). */
function dataDir(): string {
  return path.resolve(__dirname, '../data');
}

const institutionsSchema = z.object({
  institutions: z.array(
    z.looseObject({
      id: z.uuid(),
      name: z.string(),
      county: countySchema,
      kind: z.string(),
      source: z.string(),
    }),
  ),
  /** Targets over a span of years (科技特派员: 1000 by 2023, 2000 and 60万 in five years). */
  periodTargets: z
    .array(
      z.looseObject({
        code: z.string(),
        plan: z.string(),
        group: z.string(),
        zh: z.string(),
        unit: z.string(),
        periodFrom: z.number().int(),
        periodTo: z.number().int(),
        target: z.number(),
        kind: z.string(),
        source: z.string(),
      }),
    )
    .default([]),
});

/** Demo experts (seeds/data/experts.json), each validated as a registered expert is. */
export function loadDemoExperts() {
  const file = path.join(dataDir(), 'experts.json');
  const raw = z
    .object({ experts: z.array(z.looseObject({ id: z.uuid(), userId: z.uuid().optional() })) })
    .parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return raw.experts.map(({ id, userId, ...record }, i) => {
    const parsed = expertRecordSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${file} experts.${i}: ${z.prettifyError(parsed.error)}`);
    return { id, userId: userId ?? null, ...parsed.data };
  });
}

/** The program templates of seeds/programs, each validated as any template is. */
export function loadProgramTemplates() {
  const dir = path.resolve(__dirname, '../programs');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => validateTemplate(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

const planIndicatorsSchema = z.object({
  indicators: z.array(
    z.looseObject({
      code: z.string(),
      group: z.string(),
      zh: z.string(),
      unit: z.string(),
      baseline2020: z.number().nullable(),
      target2025: z.number(),
      attribute: z.string(),
      source: z.string(),
    }),
  ),
  yearlyTargets: z.array(
    z.looseObject({
      code: z.string(),
      group: z.string(),
      zh: z.string(),
      unit: z.string(),
      year: z.number().int(),
      target: z.number(),
      kind: z.string(),
      source: z.string(),
    }),
  ),
  /** Targets over a span of years (科技特派员: 1000 by 2023, 2000 and 60万 in five years). */
  periodTargets: z
    .array(
      z.looseObject({
        code: z.string(),
        plan: z.string(),
        group: z.string(),
        zh: z.string(),
        unit: z.string(),
        periodFrom: z.number().int(),
        periodTo: z.number().int(),
        target: z.number(),
        kind: z.string(),
        source: z.string(),
      }),
    )
    .default([]),
});

/**
 * The plan's indicators (seeds/data/plan-indicators.json): seed 004 表2 counts outcomes of
 * 2021–2025 against its 2025 targets, seed 002's targets those of their year, and the period
 * targets (科技特派员, seeds 003 and 004) those of their span.
 */
export function loadPlanIndicators(): PlanIndicatorSeed[] {
  const data = planIndicatorsSchema.parse(
    JSON.parse(fs.readFileSync(path.join(dataDir(), 'plan-indicators.json'), 'utf8')),
  );
  return [
    ...data.indicators.map((i) => ({
      code: i.code,
      plan: 'plan_2021_2025',
      group: i.group,
      zh: i.zh,
      unit: i.unit,
      baseline: i.baseline2020,
      baselineYear: i.baseline2020 === null ? null : 2020,
      target: i.target2025,
      periodFrom: 2021,
      periodTo: 2025,
      kind: null,
      attribute: i.attribute,
      source: i.source,
    })),
    ...data.yearlyTargets.map((t) => ({
      code: t.code,
      plan: `work_points_${t.year}`,
      group: t.group,
      zh: t.zh,
      unit: t.unit,
      baseline: null,
      baselineYear: null,
      target: t.target,
      periodFrom: t.year,
      periodTo: t.year,
      kind: t.kind,
      attribute: null,
      source: t.source,
    })),
    ...data.periodTargets.map((t) => ({
      code: t.code,
      plan: t.plan,
      group: t.group,
      zh: t.zh,
      unit: t.unit,
      baseline: null,
      baselineYear: null,
      target: t.target,
      periodFrom: t.periodFrom,
      periodTo: t.periodTo,
      kind: t.kind,
      attribute: null,
      source: t.source,
    })),
  ].map((i, sort) => ({ ...i, sort }));
}

export function loadDemoData(): DemoData {
  return demoSchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir(), 'demo.json'), 'utf8')));
}

/**
 * Idempotent demo seed: institutions and one user per role. Running it twice changes nothing;
 * existing users keep their passwords.
 */
export async function seedDemo(ds: DataSource): Promise<{
  institutions: number;
  users: number;
  templates: number;
  experts: number;
  planIndicators: number;
}> {
  const data = loadDemoData();
  const named = institutionsSchema.parse(
    JSON.parse(fs.readFileSync(path.join(dataDir(), 'institutions.json'), 'utf8')),
  ).institutions;
  const hash = await bcrypt.hash(data.password, 10);
  let institutions = 0;
  let users = 0;
  let templates = 0;
  let experts = 0;
  const demoExperts = loadDemoExperts();
  const planIndicators = loadPlanIndicators();
  await ds.transaction(async (tx) => {
    const seed = new SeedRepository(tx);
    const kindOf = (id: string) => named.find((n) => n.id === id)?.kind ?? 'other';
    for (const i of [...data.institutions, ...named.map((n) => ({ ...n, creditCode: null }))])
      if (await seed.institution({ ...i, kind: kindOf(i.id) })) institutions++;
    for (const u of data.users) if (await seed.user({ ...u, passwordHash: hash })) users++;
    for (const t of loadProgramTemplates()) if (await seed.programTemplate(randomUUID(), t)) templates++;
    // After institutions and users, which experts refer to.
    for (const e of demoExperts) if (await seed.expert(e)) experts++;
    // Loaded (or corrected) on every seed: the data file is their source.
    for (const i of planIndicators) await new OutcomeRepository(tx).upsertPlanIndicator(i);
    // The notification templates as installed: version 1 of each kind and language (issue 19).
    for (const [kind, byLanguage] of Object.entries(DEFAULT_TEMPLATES))
      for (const [language, t] of Object.entries(byLanguage))
        await new NotificationTemplateRepository(tx).seedDefault({ kind, language, ...t });
  });
  return { institutions, users, templates, experts, planIndicators: planIndicators.length };
}
