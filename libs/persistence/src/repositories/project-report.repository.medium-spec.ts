import { projectFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { ProjectReportRepository } from './project-report.repository';

describe('ProjectReportRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const reports = () => new ProjectReportRepository(db.ds);

  /** A registered project with two scheduled reports (rows as the project's opening writes them). */
  async function projectWithReports() {
    const f = await projectFixture(db.ds, { title: '报告测试项目' });
    const id = f.projectId;
    for (const [seq, due] of [
      [1, '2026-07-01T00:00:00Z'],
      [2, '2027-01-01T00:00:00Z'],
    ] as const)
      await db.ds.query(`INSERT INTO project_reports (project_id, seq, due_at) VALUES ($1, $2, $3)`, [
        id,
        seq,
        due,
      ]);
    return { id, piId: f.piId };
  }

  it('keeps every version with its reviews, and the report’s status with the last step', async () => {
    const { id, piId } = await projectWithReports();
    const at = (s: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, s));
    await reports().insertVersion(id, 1, 1, { progress: '第一版' }, piId, at(1));
    await reports().insertReview(id, 1, 1, 'confirmed', piId, '', at(2));
    await reports().insertReview(id, 1, 1, 'returned', piId, '请补充', at(3));
    expect((await reports().ofProject(id)).map((r) => [r.seq, r.status])).toEqual([
      [1, 'returned'],
      [2, 'due'],
    ]);
    await reports().insertVersion(id, 1, 2, { progress: '第二版' }, piId, at(4));
    await reports().insertReview(id, 1, 2, 'confirmed', piId, '', at(5));
    await reports().insertReview(id, 1, 2, 'accepted', piId, '', at(6));
    const versions = await reports().versions(id, 1);
    expect(
      versions.map((v) => [v.version, v.content.progress, v.reviews.map((r) => [r.step, r.comment])]),
    ).toEqual([
      [
        1,
        '第一版',
        [
          ['confirmed', ''],
          ['returned', '请补充'],
        ],
      ],
      [
        2,
        '第二版',
        [
          ['confirmed', ''],
          ['accepted', ''],
        ],
      ],
    ]);
    expect((await reports().ofProject(id))[0].status).toBe('accepted');
    expect(await reports().holders(id)).toEqual({ piId, institutionId: expect.any(String) });
  });

  it('refuses to change a version, a review, or an accepted report (append-only, final once accepted)', async () => {
    const { id, piId } = await projectWithReports();
    await reports().insertVersion(id, 1, 1, { progress: '原文' }, piId, new Date());
    await reports().insertReview(id, 1, 1, 'confirmed', piId, '', new Date());
    await reports().insertReview(id, 1, 1, 'accepted', piId, '', new Date());
    await expect(
      db.ds.query(`UPDATE project_report_versions SET content = '{}' WHERE project_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.ds.query(`DELETE FROM project_report_reviews WHERE project_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.ds.query(`UPDATE project_reports SET status = 'returned' WHERE project_id = $1 AND seq = 1`, [id]),
    ).rejects.toThrow(/append-only/);
    // The report still due changes as before; an unknown status is refused.
    await db.ds.query(`UPDATE project_reports SET status = 'submitted' WHERE project_id = $1 AND seq = 2`, [
      id,
    ]);
    await expect(
      db.ds.query(`UPDATE project_reports SET status = 'lost' WHERE project_id = $1 AND seq = 2`, [id]),
    ).rejects.toThrow(/project_reports_status_check/);
  });

  it('answers no project facts for an agreement without a project', async () => {
    expect(await reports().agreementFacts(uniqueId(), new Date())).toBeNull();
  });
});
