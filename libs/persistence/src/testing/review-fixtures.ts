import { DataSource } from 'typeorm';
import type { ExpertRecord } from '@kjflow/domain';
import { uniqueId } from './medium';
import { ExpertRepository } from '../repositories/expert.repository';

/** Medium-test rows the review repositories lean on (a user, a call, applications, experts). */
export async function reviewFixture(ds: DataSource, applications = 2, experts = 3) {
  const userId = uniqueId();
  await ds.query(
    `INSERT INTO users (id, username, display_name, password_hash, roles) VALUES ($1, $2, '测试官员', 'x', '{officer}')`,
    [userId, `officer-${userId}`],
  );
  const callId = uniqueId();
  await ds.query(
    `INSERT INTO calls (id, title, mode, status, window_start, window_end, budget_cap_fen, created_by)
     VALUES ($1, '测试批次', 'open_competition', 'closed', now() - interval '2 days', now() - interval '1 day', 100000000, $2)`,
    [callId, userId],
  );
  const appIds: string[] = [];
  for (let i = 0; i < applications; i++) {
    const id = uniqueId();
    await ds.query(
      `INSERT INTO applications (id, call_id, applicant_id, status, content, submitted_at)
       VALUES ($1, $2, $3, 'formal_check_passed', $4, now())`,
      [id, callId, userId, JSON.stringify({ title: `申报${i + 1}`, requestedFen: 1000 * (i + 1) })],
    );
    appIds.push(id);
  }
  const expertIds: string[] = [];
  for (let i = 0; i < experts; i++) {
    const id = uniqueId();
    await new ExpertRepository(ds).insert(id, null, expertRecord(`M-${id.slice(0, 8)}`));
    expertIds.push(id);
  }
  return { userId, callId, appIds, expertIds };
}

export function expertRecord(ref: string, extra: Partial<ExpertRecord> = {}): ExpertRecord {
  return {
    externalRef: ref,
    name: '测试专家',
    title: '教授',
    organisation: '广西大学',
    keyFields: ['new_materials'],
    keywords: ['稀土'],
    region: '广西南宁',
    finance: false,
    available: true,
    loadCap: 10,
    relations: [],
    declaredConflicts: [],
    ...extra,
  } as ExpertRecord;
}
