import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import { appendWithChange, TopicRepository } from '@kjflow/persistence';
import type { CreateTopicRecord } from '@kjflow/workflows';

export function topicActivities(ds: DataSource) {
  return {
    async demandsForTopic(input: { demandIds: string[] }) {
      const rows = await new TopicRepository(ds).demandsFor(input.demandIds);
      return rows.map((d) => ({ id: d.id, title: d.title, status: d.status as string }));
    },

    async createTopic(rec: CreateTopicRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: rec.kind === 'challenge' ? 'challenge.created' : 'topic.created',
          subjectType: 'topic',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: { kind: rec.kind, title: rec.title, demandIds: rec.demandIds },
          workflowId: workflowIds.topic(rec.id),
          step: 'created',
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new TopicRepository(tx).insert(
            {
              id: rec.id,
              kind: rec.kind,
              title: rec.title,
              keyField: rec.keyField,
              issuerInstitutionId: rec.issuerInstitutionId,
              content: rec.content,
              createdBy: rec.actorId,
              createdAt: new Date(rec.at),
            },
            rec.demandIds,
          ),
      );
    },
  };
}
