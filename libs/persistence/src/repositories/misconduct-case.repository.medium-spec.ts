import { decodeCursor } from '@kjflow/domain';
import { UserEntity } from '../entities';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { MisconductCaseRepository } from './misconduct-case.repository';

describe('MisconductCaseRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new MisconductCaseRepository(db.ds);

  it('inserts a reported case and changes only the columns a step names', async () => {
    const officer = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: officer,
      username: `o-${officer}`,
      displayName: '办案人员',
      passwordHash: 'x',
      roles: ['officer'],
    });
    const id = uniqueId();
    const subject = { type: 'person' as const, id: uniqueId() };
    const report = {
      subject,
      projectId: null,
      reporter: { name: '实名举报人', contact: '0776-2800001' },
      facts: '举报申报书雷同。',
      evidenceRefs: [],
    };
    const at = new Date('2026-03-01T01:00:00Z');
    await repo().insert({
      id,
      subjectType: subject.type,
      subjectId: subject.id,
      projectId: null,
      status: 'reported',
      report,
      extended: false,
      createdBy: officer,
      createdAt: at,
      updatedAt: at,
    });
    expect(await repo().byId(id)).toMatchObject({
      status: 'reported',
      report,
      finding: null,
      creditRecordId: null,
    });
    const deadline = new Date('2026-09-01T00:00:00Z');
    await repo().update(id, {
      status: 'investigating',
      investigationDeadline: deadline,
      updatedAt: new Date(),
    });
    expect(await repo().byId(id)).toMatchObject({
      status: 'investigating',
      investigationDeadline: deadline,
      extended: false,
      report,
    });
    expect(await repo().byId(uniqueId())).toBeNull();
  });

  it('lists cases newest report first, by status, each with its subject’s name', async () => {
    const officer = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: officer,
      username: `o-${officer}`,
      displayName: '被举报的研究人员',
      passwordHash: 'x',
      roles: ['applicant'],
    });
    // Far in the future: newer than any other file's cases in the shared database.
    const base = Date.parse('2999-01-01T00:00:00Z');
    const cases = [
      { id: uniqueId(), subject: { type: 'person' as const, id: officer }, status: 'reported', at: base },
      {
        id: uniqueId(),
        subject: { type: 'expert' as const, id: uniqueId() },
        status: 'investigating',
        at: base + 1,
      },
    ];
    for (const c of cases)
      await repo().insert({
        id: c.id,
        subjectType: c.subject.type,
        subjectId: c.subject.id,
        projectId: null,
        status: c.status,
        report: {
          subject: c.subject,
          projectId: null,
          reporter: { name: '举报人', contact: '0776-2800002' },
          facts: '举报项目材料造假。',
          evidenceRefs: [],
        },
        extended: false,
        createdBy: officer,
        createdAt: new Date(c.at),
        updatedAt: new Date(c.at),
      });
    const first = await repo().page({}, { limit: 1 });
    expect(first.items.map((c) => [c.id, c.subjectName])).toEqual([[cases[1].id, null]]);
    const second = await repo().page({}, { limit: 1, next: decodeCursor(first.next!)! });
    expect(second.items.map((c) => [c.id, c.subjectName])).toEqual([[cases[0].id, '被举报的研究人员']]);
    expect((await repo().page({ status: 'investigating' }, { limit: 1 })).items[0].id).toBe(cases[1].id);
  });
});
