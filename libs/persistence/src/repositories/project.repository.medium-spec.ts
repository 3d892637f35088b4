import { decodeCursor } from '@kjflow/domain';
import { awardFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { ProjectRepository } from './project.repository';

describe('ProjectRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new ProjectRepository(db.ds);

  it('registers a project and lists it by id, PI or institution, newest start first', async () => {
    const f = await awardFixture(db.ds, 0);
    const project = (title: string, startsOn: string) => ({
      programCode: 'key-rd',
      title,
      summary: '',
      piId: f.piId,
      institutionId: f.institutionId,
      status: 'ongoing' as const,
      startsOn,
      endsOn: '2027-12-31',
      acceptedOn: null,
      source: '百色市科技局 2024-017',
    });
    const older = uniqueId();
    const newer = uniqueId();
    await repo().insert(older, project('较早的项目', '2023-01-01'));
    await repo().insert(newer, project('较新的项目', '2024-06-01'));
    const ids = async (filter: Parameters<ProjectRepository['page']>[0]) =>
      (await repo().page(filter, { limit: 10 })).items.map((p) => p.id);
    expect(await ids({ piId: f.piId })).toEqual([newer, older]);
    expect(await ids({ institutionId: f.institutionId })).toEqual([newer, older]);
    expect((await repo().page({ id: older }, { limit: 10 })).items).toEqual([
      expect.objectContaining({
        id: older,
        title: '较早的项目',
        startsOn: '2023-01-01',
        endsOn: '2027-12-31',
        acceptedOn: null,
        agreementId: null,
      }),
    ]);
  });

  it('counts the portfolio per key and status, of one program when given', async () => {
    const f = await awardFixture(db.ds, 0);
    const programCode = `rollup-${uniqueId().slice(0, 8)}`;
    for (const status of ['ongoing', 'ongoing', 'accepted'] as const)
      await repo().insert(uniqueId(), {
        programCode,
        title: `分布统计 ${status}`,
        summary: '',
        piId: f.piId,
        institutionId: f.institutionId,
        status,
        startsOn: '2024-01-01',
        endsOn: '2026-12-31',
        acceptedOn: status === 'accepted' ? '2026-12-01' : null,
        source: '档案',
      });
    // Registered from earlier records: no key field or county on record.
    const rows = await repo().rollup('keyField', { programCode });
    expect([...rows].sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { key: null, status: 'accepted', projects: 1 },
      { key: null, status: 'ongoing', projects: 2 },
    ]);
    expect(await repo().rollup('county', { programCode, mode: 'challenge' })).toEqual([]);
  });

  it('pages the projects of a PI, newest start first, with the cursor of the last one', async () => {
    const f = await awardFixture(db.ds, 0);
    const ids = [uniqueId(), uniqueId(), uniqueId()];
    for (const [n, id] of ids.entries())
      await repo().insert(id, {
        programCode: 'key-rd',
        title: `项目 ${n}`,
        summary: '',
        piId: f.piId,
        institutionId: f.institutionId,
        status: 'ongoing',
        startsOn: `202${n}-01-01`,
        endsOn: '2029-12-31',
        acceptedOn: null,
        source: '档案',
      });
    const first = await repo().page({ piId: f.piId }, { limit: 2 });
    expect(first.items.map((p) => [p.id, p.startsOn])).toEqual([
      [ids[2], '2022-01-01'],
      [ids[1], '2021-01-01'],
    ]);
    const rest = await repo().page({ piId: f.piId }, { limit: 2, next: decodeCursor(first.next!)! });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next: null });
  });

  it('names the unknown subjects of a registration', async () => {
    const f = await awardFixture(db.ds, 0);
    expect(await repo().unknownSubjects(f.piId, f.institutionId)).toEqual([]);
    expect(await repo().unknownSubjects(uniqueId(), uniqueId())).toEqual(['piId', 'institutionId']);
  });

  it('counts a rectification past its deadline, unanswered, as overdue in the portfolio', async () => {
    const f = await awardFixture(db.ds, 0);
    const id = uniqueId();
    await repo().insert(id, {
      programCode: 'key-rd',
      title: '限期整改中的项目',
      summary: '',
      piId: f.piId,
      institutionId: f.institutionId,
      status: 'ongoing',
      startsOn: '2026-01-01',
      endsOn: '2099-12-31',
      acceptedOn: null,
      source: '档案',
    });
    const now = new Date('2026-12-04T00:00:00Z');
    const rectify = (phase: string, fixBy: string) =>
      db.ds.query(
        `INSERT INTO project_midterms (project_id, round, phase, opened_at, fix_by) VALUES ($1, 2, $2, $3, $4)
         ON CONFLICT (project_id) DO UPDATE SET phase = $2, fix_by = $4`,
        [id, phase, now, fixBy],
      );
    const overdue = async () => ({
      flagged: (await repo().overdueRectifications([id], now)).has(id),
      listed: (await repo().page({ id, overdue: true }, { limit: 10 }, now)).items.length === 1,
    });
    await rectify('rectifying', '2026-12-05T00:00:00Z');
    expect(await overdue()).toEqual({ flagged: false, listed: false });
    await rectify('rectifying', '2026-12-03T00:00:00Z');
    expect(await overdue()).toEqual({ flagged: true, listed: true });
    // Answered (the re-submission starts the re-check): no longer overdue.
    await rectify('submitted', '2026-12-03T00:00:00Z');
    expect(await overdue()).toEqual({ flagged: false, listed: false });
  });

  it('counts an acceptance not applied for by its deadline (or its rectification past due) as overdue, and not the end alone once it opened', async () => {
    const f = await awardFixture(db.ds, 0);
    const id = uniqueId();
    await repo().insert(id, {
      programCode: 'key-rd',
      title: '待验收的项目',
      summary: '',
      piId: f.piId,
      institutionId: f.institutionId,
      status: 'ongoing',
      startsOn: '2024-01-01',
      endsOn: '2026-06-30',
      acceptedOn: null,
      source: '档案',
    });
    const now = new Date('2026-12-04T00:00:00Z');
    const overdue = async () => ({
      flagged: (await repo().acceptanceOverdue([id], now)).get(id) ?? null,
      listed: (await repo().page({ id, overdue: true }, { limit: 10 }, now)).items.length === 1,
    });
    // Past its end with no acceptance opened (a project of earlier records): overdue as before.
    expect(await overdue()).toEqual({ flagged: null, listed: true });
    const acceptance = (phase: string, applyBy: string, fixBy: string | null = null) =>
      db.ds.query(
        `INSERT INTO project_acceptances (project_id, phase, opened_at, apply_by, fails_at, fix_by)
         VALUES ($1, $2, '2026-06-30T16:00:00Z', $3, '2027-06-30T16:00:00Z', $4)
         ON CONFLICT (project_id) DO UPDATE SET phase = $2, apply_by = $3, fix_by = $4`,
        [id, phase, applyBy, fixBy],
      );
    // Within the acceptance window: not overdue.
    await acceptance('awaiting', '2026-12-31T16:00:00Z');
    expect(await overdue()).toEqual({ flagged: false, listed: false });
    // Past the window without a dossier: overdue.
    await acceptance('awaiting', '2026-12-01T16:00:00Z');
    expect(await overdue()).toEqual({ flagged: true, listed: true });
    // Submitted (late): no longer overdue; a rectification past its deadline is.
    await acceptance('submitted', '2026-12-01T16:00:00Z');
    expect(await overdue()).toEqual({ flagged: false, listed: false });
    await acceptance('rectifying', '2026-12-01T16:00:00Z', '2026-12-03T00:00:00Z');
    expect(await overdue()).toEqual({ flagged: true, listed: true });
  });
});
