import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertOwnAssignment,
  assertPanelAnswer,
  assertPanelRecommendation,
  forbidden,
  MidtermPanelOpinionInput,
  MyMidtermPanelSeat,
  Page,
  PageQuery,
  PanelAnswer,
  PanelMemberStatus,
  workflowIds,
} from '@kjflow/domain';
import { ExpertRepository, MidtermPanelRepository, MyMidtermPanelSeatRow } from '@kjflow/persistence';
import { answerAcceptancePanelUpdate, answerMidtermPanelUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

/**
 * A project's expert panels (中期检查专家组, 验收专家组), the experts' side: their invitations, and
 * each answer (accept, decline, recuse, the opinion) sent through the project's workflow to the
 * seat's stage, which draws replacements and closes the panel.
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
      () =>
        assertPanelAnswer(
          panel.status === 'sitting'
            ? {
                id: panel.id,
                deadline: panel.deadline.toISOString(),
                members: [
                  { id: seat!.id, expertId: seat!.expertId, status: seat!.status as PanelMemberStatus },
                ],
              }
            : null,
          memberId,
          expertId!,
          answer,
          Date.now(),
        ),
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
