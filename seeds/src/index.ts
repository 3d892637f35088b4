import * as fs from 'node:fs';
import * as path from 'node:path';
import * as bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { SeedRepository } from '@kjflow/persistence';
import { countySchema, expertRecordSchema, roleSchema, validateTemplate } from '@kjflow/domain';

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

export function loadDemoData(): DemoData {
  return demoSchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir(), 'demo.json'), 'utf8')));
}

/**
 * Idempotent demo seed: institutions and one user per role. Running it twice changes nothing;
 * existing users keep their passwords.
 */
export async function seedDemo(
  ds: DataSource,
): Promise<{ institutions: number; users: number; templates: number; experts: number }> {
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
  await ds.transaction(async (tx) => {
    const seed = new SeedRepository(tx);
    const kindOf = (id: string) => named.find((n) => n.id === id)?.kind ?? 'other';
    for (const i of [...data.institutions, ...named.map((n) => ({ ...n, creditCode: null }))])
      if (await seed.institution({ ...i, kind: kindOf(i.id) })) institutions++;
    for (const u of data.users) if (await seed.user({ ...u, passwordHash: hash })) users++;
    for (const t of loadProgramTemplates()) if (await seed.programTemplate(randomUUID(), t)) templates++;
    // After institutions and users, which experts refer to.
    for (const e of demoExperts) if (await seed.expert(e)) experts++;
  });
  return { institutions, users, templates, experts };
}
