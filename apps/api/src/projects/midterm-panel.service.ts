import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertMayRequirePanelRecusal,
  assertMayRequireRecusal,
  assertOwnAssignment,
  assertPanelAnswer,
  assertPanelRecommendation,
  ExpertPanelFacts,
  forbidden,
  MidtermPanelOpinionInput,
  MyMidtermPanelSeat,
  notFound,
  Page,
  PageQuery,
  PanelAnswer,
  PanelMemberStatus,
  PanelStage,
  RecusalRequirement,
  workflowIds,
} from '@kjflow/domain';
import {
  ExpertRepository,
  MidtermPanelEntity,
  MidtermPanelMemberEntity,
  MidtermPanelRepository,
  MyMidtermPanelSeatRow,
} from '@kjflow/persistence';
import {
  answerAcceptancePanelUpdate,
  answerMidtermPanelUpdate,
  requireAcceptancePanelRecusalUpdate,
  requireMidtermPanelRecusalUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

/**
 * A project's expert panels (中期检查专家组, 验收专家组): the experts' side, their invitations and
 * each answer (accept, decline, recuse, the opinion), and the officer's 要求回避, each sent through
 * the project's workflow to the seat's stage, which draws replacements and closes the panel.
 */
@Injectable()
export class MidtermPanelService {
  private readonly panels: MidtermPanelRepository;
  private readonly experts: ExpertRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.panels = new MidtermPanelRepository(ds);
    this.experts = new ExpertRepository(ds);
  }

  async mine(page: PageQuery, actor: Actor): Promise<Page<MyMidtermPanelSeat>> {
    const expertId = await this.experts.idOfUser(actor.id);
    if (expertId === null) throw forbidden();
    const rows = await this.panels.mine(expertId, page);
    return { items: rows.items.map(seatView), next: rows.next };
  }

  /** One answer: the caller's own seat (else 404), then the project's workflow decides. */
  async answer(
    memberId: string,
    answer: PanelAnswer,
    body: { reason?: string | null; opinion?: MidtermPanelOpinionInput | null },
    actor: Actor,
  ): Promise<MyMidtermPanelSeat> {
    const expertId = await this.experts.idOfUser(actor.id);
    const seat = await this.panels.member(memberId);
    assertOwnAssignment(actor, expertId, seat ?? undefined);
    const panel = (await this.panels.byId(seat!.panelId))!;
    // The opinion recommends one of the stage's outcomes (400 naming them).
    if (body.opinion) assertPanelRecommendation(panel.stage, body.opinion.recommendation);
    const update = panel.stage === 'acceptance' ? answerAcceptancePanelUpdate : answerMidtermPanelUpdate;
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(panel.projectId)),
      // No run any more: the records say why (the panel closed, or its deadline passed).
      () => assertPanelAnswer(recordedPanel(panel, seat!), memberId, expertId!, answer, Date.now()),
      (h) =>
        h.executeUpdate(update, {
          args: [
            {
              actorId: actor.id,
              expertId: expertId!,
              memberId,
              answer,
              reason: body.reason ?? null,
              opinion: body.opinion ?? null,
            },
          ],
        }),
    );
    return seatView((await this.panels.seat(memberId))!);
  }

  /**
   * 要求回避: an officer requires a member of the project's panel of `stage` to step aside, with
   * the reason (a seat of another project's or stage's panel is missing, 404), under the rule of
   * the member's own recusal. The project's workflow records it, the officer its actor, and draws
   * the replacement as after the member's own recusal. The caller reads the stage's view.
   */
  async requireRecusal(
    projectId: string,
    stage: PanelStage,
    memberId: string,
    input: RecusalRequirement,
    actor: Actor,
  ): Promise<void> {
    assertMayRequireRecusal(actor);
    const seat = await this.panels.member(memberId);
    const panel = seat ? await this.panels.byId(seat.panelId) : null;
    if (!seat || !panel || panel.projectId !== projectId || panel.stage !== stage)
      throw notFound({ zh: '本项目专家组的邀请', en: 'Invitation on this project’s panel' });
    const update =
      stage === 'acceptance' ? requireAcceptancePanelRecusalUpdate : requireMidtermPanelRecusalUpdate;
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(projectId)),
      () => assertMayRequirePanelRecusal(recordedPanel(panel, seat), memberId, Date.now()),
      (h) => h.executeUpdate(update, { args: [{ actorId: actor.id, memberId, reason: input.reason }] }),
    );
  }
}

/** The panel as its records hold it, with the one seat a command is about (null: no longer sitting). */
function recordedPanel(panel: MidtermPanelEntity, seat: MidtermPanelMemberEntity): ExpertPanelFacts | null {
  return panel.status === 'sitting'
    ? {
        id: panel.id,
        deadline: panel.deadline.toISOString(),
        members: [{ id: seat.id, expertId: seat.expertId, status: seat.status as PanelMemberStatus }],
      }
    : null;
}

function seatView(r: MyMidtermPanelSeatRow): MyMidtermPanelSeat {
  return {
    id: r.id,
    stage: r.stage,
    projectId: r.project_id,
    projectTitle: r.title,
    round: r.round,
    status: r.status as MyMidtermPanelSeat['status'],
    deadline: r.deadline.toISOString(),
    invitedAt: r.invited_at.toISOString(),
    recommendation: r.recommendation as MyMidtermPanelSeat['recommendation'],
    score: r.score,
  };
}
