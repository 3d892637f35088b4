import { backfillPanelRecusals } from '../migrations/1765590000000-panel-recusal-kind';
import { projectFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { expertRecord } from '../testing/review-fixtures';
import { ExpertRepository } from './expert.repository';
import { MidtermPanelRepository } from './midterm-panel.repository';

describe('MidtermPanelRepository: whose recusal it was (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  /** A project's sitting panel of four seats, and the officer who convened it. */
  async function panel() {
    const f = await projectFixture(db.ds, { title: '专家组回避测试项目' });
    const projectId = f.projectId;
    const repo = new MidtermPanelRepository(db.ds);
    const panelId = uniqueId();
    const at = new Date();
    await repo.insertPanel({
      id: panelId,
      projectId,
      stage: 'midterm',
      round: 1,
      seed: 7,
      deadline: new Date(Date.now() + 3600_000),
      convenedBy: f.officerId,
      convenedAt: at,
      inputHash: 'h',
      solverVersion: 'v',
      draw: {},
      conflicts: [],
    });
    for (let i = 0; i < 4; i++) {
      const expertId = uniqueId();
      await new ExpertRepository(db.ds).insert(expertId, null, expertRecord(`MP-${expertId.slice(0, 8)}`));
      await repo.insertMember({ panelId, expertId, affinity: 0, replaces: null, at });
    }
    return { repo, panelId, officerId: f.officerId, seats: await repo.members(panelId) };
  }

  /** 要求回避 as the panel's activity records it: the officer who required it on the row. */
  const requireBy = (repo: MidtermPanelRepository, memberId: string, officerId: string, at = new Date()) =>
    repo.answer(memberId, {
      status: 'recused',
      reason: '同一单位专家超限',
      recusal: 'required',
      recusedBy: officerId,
      at,
    });

  it('records the member’s own recusal and the one an officer required, with the officer’s name', async () => {
    const { repo, panelId, officerId, seats } = await panel();
    const [own, required, accepted] = seats;
    const at = new Date();
    await repo.answer(own.id, { status: 'recused', reason: '曾与项目负责人合作', recusal: 'self', at });
    await requireBy(repo, required.id, officerId, at);
    await repo.answer(accepted.id, { status: 'accepted', at });
    expect(await repo.member(own.id)).toMatchObject({ status: 'recused', recusal: 'self', recusedBy: null });
    expect(await repo.member(required.id)).toMatchObject({
      status: 'recused',
      reason: '同一单位专家超限',
      recusal: 'required',
      recusedBy: officerId,
      respondedAt: at,
    });
    const rows = new Map((await repo.members(panelId)).map((m) => [m.id, m]));
    expect(rows.get(required.id)).toMatchObject({
      recusal: 'required',
      recusedBy: officerId,
      recusedByName: `用户 ${officerId.slice(0, 4)}`,
    });
    expect(rows.get(own.id)).toMatchObject({ recusal: 'self', recusedBy: null, recusedByName: null });
    expect(rows.get(accepted.id)).toMatchObject({ status: 'accepted', recusal: null, recusedByName: null });
    // The schema holds the record to it: a kind only on a recused seat, a requirer only where required.
    await expect(
      db.ds.query(`UPDATE midterm_panel_members SET recusal = 'self' WHERE id = $1`, [accepted.id]),
    ).rejects.toThrow(/midterm_panel_members_recusal_check/);
    await expect(
      db.ds.query(`UPDATE midterm_panel_members SET recused_by = $2 WHERE id = $1`, [own.id, officerId]),
    ).rejects.toThrow(/midterm_panel_members_recused_by_check/);
    await expect(
      db.ds.query(`UPDATE midterm_panel_members SET recusal = 'other' WHERE id = $1`, [own.id]),
    ).rejects.toThrow(/midterm_panel_members_recusal_check/);
  });

  it('backfills the recusals recorded before the row said whose they were: the member’s own', async () => {
    const { repo, seats, officerId } = await panel();
    const [before, required, open] = seats;
    const at = new Date();
    // As the previous release recorded a recusal: the status and the reason, no kind.
    await repo.answer(before.id, { status: 'recused', reason: '回避', at });
    await requireBy(repo, required.id, officerId);
    expect(await repo.member(before.id)).toMatchObject({ status: 'recused', recusal: null });
    await backfillPanelRecusals(db.ds);
    expect(await repo.member(before.id)).toMatchObject({ recusal: 'self', recusedBy: null });
    expect(await repo.member(required.id)).toMatchObject({ recusal: 'required', recusedBy: officerId });
    expect(await repo.member(open.id)).toMatchObject({ status: 'invited', recusal: null });
  });
});
