import { DataSource } from 'typeorm';
import type { RegisterProjectInput } from '@kjflow/domain';
import { ProjectRepository } from '../repositories/project.repository';
import { uniqueId } from './medium';

/** The rows an award stands on (institution, users, a call, applications), with fresh ids. */
export async function awardFixture(ds: DataSource, applications = 2) {
  const institutionId = uniqueId();
  const officerId = uniqueId();
  const piId = uniqueId();
  const callId = uniqueId();
  await ds.query(`INSERT INTO institutions (id, name, county) VALUES ($1, $2, '右江区')`, [
    institutionId,
    `右江研究院 ${institutionId.slice(0, 8)}`,
  ]);
  for (const [id, role] of [
    [officerId, 'officer'],
    [piId, 'applicant'],
  ])
    await ds.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id) VALUES ($1, $2, $3, 'x', $4, $5)`,
      [id, `u-${id}`, `用户 ${id.slice(0, 4)}`, [role], role === 'applicant' ? institutionId : null],
    );
  await ds.query(
    `INSERT INTO calls (id, title, mode, status, window_start, window_end, budget_cap_fen, created_by, total_budget_fen)
     VALUES ($1, '芒果产业关键技术', 'open_competition', 'closed', now() - interval '2 days', now() - interval '1 day', 100000000, $2, 100000000)`,
    [callId, officerId],
  );
  const applicationIds: string[] = [];
  for (let n = 0; n < applications; n++) {
    const id = uniqueId();
    applicationIds.push(id);
    await ds.query(
      `INSERT INTO applications (id, call_id, applicant_id, institution_id, status, content) VALUES ($1, $2, $3, $4, 'formal_check_passed', $5)`,
      [
        id,
        callId,
        piId,
        institutionId,
        JSON.stringify({ title: `项目 ${n + 1}`, requestedFen: 50_000_000, schedule: [{}, {}] }),
      ],
    );
  }
  return { institutionId, officerId, piId, callId, applicationIds };
}

/**
 * An ongoing project on the rows of an award (its PI and host institution, an officer), registered
 * as the bureau's records are, with a fresh id; `over` sets the fields a test reads.
 */
export async function projectFixture(ds: DataSource, over: Partial<RegisterProjectInput> = {}) {
  const f = await awardFixture(ds, 0);
  const projectId = uniqueId();
  await new ProjectRepository(ds).insert(projectId, {
    programCode: 'key-rd',
    title: '测试项目',
    summary: '',
    piId: f.piId,
    institutionId: f.institutionId,
    status: 'ongoing',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    acceptedOn: null,
    source: '档案',
    ...over,
  });
  return { ...f, projectId };
}
