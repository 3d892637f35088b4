import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { assertMidtermStep } from '@kjflow/domain/project/midterm.rules';
import {
  assertMayRequirePanelRecusal,
  assertPanelAnswer,
  ExpertPanelFacts,
  panelAnswered,
} from '@kjflow/domain/review/expert-panel.rules';
import { assertPanelRecommendation } from '@kjflow/domain/project/panel-stage.rules';
import {
  AnswerMidtermPanelArgs,
  answerMidtermPanelUpdate,
  ConveneMidtermPanelArgs,
  conveneMidtermPanelUpdate,
  RequirePanelRecusalArgs,
  requireMidtermPanelRecusalUpdate,
} from '../definitions';
import { check } from '../lib/failures';
import { ProjectRun } from './run';

const STATUS_OF = {
  accept: 'accepted',
  decline: 'declined',
  recuse: 'recused',
  opinion: 'submitted',
} as const;

type SeatRecord = Omit<
  Parameters<ProjectRun['acts']['recordMidtermPanelAnswer']>[0],
  'projectId' | 'panelId' | 'at'
>;

/**
 * A seat's answer or end, recorded; a replacement drawn for a decline or recusal (the member's
 * own or required); true once every seat has answered.
 */
async function recordSeat(run: ProjectRun, p: ExpertPanelFacts, rec: SeatRecord): Promise<boolean> {
  const seat = p.members.find((x) => x.id === rec.memberId)!;
  await run.acts.recordMidtermPanelAnswer({
    projectId: run.state.projectId,
    panelId: p.id,
    ...rec,
    at: Date.now(),
  });
  seat.status = rec.status;
  if (rec.status === 'declined' || rec.status === 'recused') {
    const next = await run.acts.redrawMidtermPanelMember({
      projectId: run.state.projectId,
      panelId: p.id,
      memberId: rec.memberId,
      at: Date.now(),
    });
    if (next) p.members.push({ ...next, status: 'invited' });
  }
  return panelAnswered(p);
}

/** A member's answer on a project panel of either stage (checked by the caller); see recordSeat. */
export function answerSeat(
  run: ProjectRun,
  p: ExpertPanelFacts,
  a: AnswerMidtermPanelArgs,
): Promise<boolean> {
  return recordSeat(run, p, {
    memberId: a.memberId,
    actorId: a.actorId,
    status: STATUS_OF[a.answer],
    reason: a.reason,
    opinion: a.answer === 'opinion' ? a.opinion : null,
  });
}

/**
 * 要求回避 on a project panel of either stage (checked by the caller): the seat ends recused as
 * the member's own recusal does, the officer its actor, and its replacement is drawn the same way.
 */
export function requireSeatRecusal(
  run: ProjectRun,
  p: ExpertPanelFacts,
  a: RequirePanelRecusalArgs,
): Promise<boolean> {
  return recordSeat(run, p, {
    memberId: a.memberId,
    actorId: a.actorId,
    status: 'recused',
    reason: a.reason,
    opinion: null,
    recusal: 'required',
  });
}

/**
 * 中期检查专家组 (issue 15 §4): after the institution confirms, an officer may convene an expert
 * panel instead of reviewing directly. The draw (an activity, the assignment engine with the
 * project's conflicts) seats a handful of experts; each accepts, declines or recuses (a
 * replacement is drawn) and gives an opinion. When no seat is left to answer, or at the panel's
 * deadline with the opinions given, the panel closes: its consolidated recommendation is the
 * check's review and the officer decides as after an officer's review. The panel lives in the
 * check's state as ids and statuses only.
 */
export function midtermPanelPart(run: ProjectRun): void {
  // Runs started before panels existed keep their history; their next run has them.
  if (!patched('midterm-panel')) return;
  const s = run.state;
  const at = () => Date.now();
  const facts = () => ({ status: s.status, midtermAt: s.midtermAt, midterm: s.midterm });

  const close = async () => {
    const m = s.midterm!;
    const p = m.panel!;
    const closed = await run.acts.closeMidtermPanel({
      projectId: s.projectId,
      panelId: p.id,
      round: m.round,
      at: at(),
    });
    // With no opinion at all the panel lapses: the check is back where the officer chose it.
    Object.assign(m, {
      phase: closed.recommendation ? 'reviewed' : 'confirmed',
      reviewedBy: null,
      panel: null,
    });
  };

  // The panel's deadline: it closes with the opinions given.
  run.duties.push({
    dueAt: () => {
      const p = s.midterm?.phase === 'panel' ? s.midterm.panel : null;
      return p ? Date.parse(p.deadline) : null;
    },
    run: close,
  });

  setHandler(
    conveneMidtermPanelUpdate,
    run.command<ConveneMidtermPanelArgs>(async (a) => {
      assertMidtermStep(facts(), 'convene', a.actorId);
      const m = s.midterm!;
      const panelId = uuid4();
      const drawn = await run.acts.drawMidtermPanel({
        projectId: s.projectId,
        panelId,
        round: m.round,
        seed: a.seed,
        actorId: a.actorId,
        at: at(),
        ...(a.pool ? { pool: a.pool } : {}),
      });
      m.panel = {
        id: panelId,
        deadline: drawn.deadline,
        members: drawn.members.map((x) => ({ ...x, status: 'invited' as const })),
      };
      m.phase = 'panel';
    }),
    { validator: (a) => check(() => assertMidtermStep(facts(), 'convene', a.actorId)) },
  );

  setHandler(
    answerMidtermPanelUpdate,
    run.command<AnswerMidtermPanelArgs>(async (a) => {
      const m = s.midterm;
      const panel = m?.phase === 'panel' ? m.panel : null;
      assertPanelAnswer(panel, a.memberId, a.expertId, a.answer, at());
      const p = panel!;
      if (await answerSeat(run, p, a)) await close();
    }),
    {
      validator: (a) =>
        check(() => {
          const m = s.midterm;
          assertPanelAnswer(
            m?.phase === 'panel' ? m.panel : null,
            a.memberId,
            a.expertId,
            a.answer,
            Date.now(),
          );
          // A mid-term panel recommends a mid-term decision (the API's body admits every stage's).
          if (a.answer === 'opinion' && a.opinion)
            assertPanelRecommendation('midterm', a.opinion.recommendation);
        }),
    },
  );

  // 要求回避: no new command on a run until an officer sends it (a handler records nothing).
  const sitting = () => (s.midterm?.phase === 'panel' ? s.midterm.panel : null);
  setHandler(
    requireMidtermPanelRecusalUpdate,
    run.command<RequirePanelRecusalArgs>(async (a) => {
      assertMayRequirePanelRecusal(sitting(), a.memberId, at());
      if (await requireSeatRecusal(run, sitting()!, a)) await close();
    }),
    { validator: (a) => check(() => assertMayRequirePanelRecusal(sitting(), a.memberId, Date.now())) },
  );
}
