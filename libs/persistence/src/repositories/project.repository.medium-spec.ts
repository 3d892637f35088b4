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
    expect((await repo().list({ piId: f.piId })).map((p) => p.id)).toEqual([newer, older]);
    expect((await repo().list({ institutionId: f.institutionId })).map((p) => p.id)).toEqual([newer, older]);
    expect(await repo().list({ id: older })).toEqual([
      expect.objectContaining({
        id: older,
        title: '较早的项目',
        startsOn: '2023-01-01',
        endsOn: '2027-12-31',
        acceptedOn: null,
      }),
    ]);
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
});
