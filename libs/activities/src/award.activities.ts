import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type { AwardRecord } from '@kjflow/workflows';
import { appendWithChange, AwardRepository } from '@kjflow/persistence';

export function awardActivities(ds: DataSource) {
  return {
    async recordAward(rec: AwardRecord): Promise<void> {
      const p = rec.proposal;
      await appendWithChange(
        ds,
        {
          type: rec.type,
          subjectType: 'award',
          subjectId: rec.awardId,
          actorId: rec.actorId,
          payload: p
            ? { callId: p.callId, items: p.items, note: p.note }
            : rec.evidence
              ? {
                  evidenceId: rec.evidence.evidenceId,
                  sha256: rec.evidence.sha256,
                  sizeBytes: rec.evidence.sizeBytes,
                }
              : {
                  status: rec.status ?? null,
                  comments: rec.comments ?? null,
                  notice: rec.notice ?? null,
                  objectionId: rec.objection?.id ?? rec.objectionDecision?.id ?? null,
                  applicationId: rec.objection?.applicationId ?? rec.objectionDecision?.applicationId ?? null,
                  outcome: rec.objectionDecision?.outcome ?? null,
                  ...(rec.noticeRevision ? { noticeRevision: rec.noticeRevision } : {}),
                },
          workflowId: workflowIds.award(rec.awardId),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          const awards = new AwardRepository(tx);
          const at = new Date(rec.at);
          if (p)
            await awards.insert(
              {
                id: rec.awardId,
                callId: p.callId,
                roundId: p.roundId,
                chain: p.chain,
                proposedBy: p.proposerId,
                note: p.note,
                noticeWorkingDays: p.noticeWorkingDays,
                restartNotice: p.restartNoticeOnChange,
                items: p.items,
                horseRace: p.horseRace,
              },
              at,
            );
          if (rec.evidence) await awards.insertEvidence(rec.awardId, rec.evidence, at);
          if (rec.status)
            await awards.setStatus(
              rec.awardId,
              { status: rec.status, decisions: rec.decisions, notice: rec.notice },
              at,
            );
          if (rec.noticeRevision) await awards.setNoticeRevision(rec.awardId, rec.noticeRevision, at);
          if (rec.objection) await awards.insertObjection(rec.awardId, rec.objection, at);
          if (rec.objectionDecision)
            await awards.answerObjection(rec.awardId, rec.objectionDecision, rec.actorId, at);
          if (rec.finalize) await awards.finalizeItems(rec.awardId);
        },
      );
    },
  };
}
