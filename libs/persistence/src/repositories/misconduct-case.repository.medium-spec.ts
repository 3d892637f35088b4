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
});
