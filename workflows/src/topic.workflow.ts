import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { assertCondensable } from '@kjflow/domain/demand/demand.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { CreateTopicArgs, createTopicUpdate, TopicState, topicStateQuery } from './definitions';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * One workflow per topic or challenge (`topic-<id>`), started by its creation. Its own, not the
 * campaign's: officers condense after a campaign's window has closed (its workflow has ended),
 * and a topic may draw on the demands of several campaigns. It checks that every demand is
 * accepted as it stands, writes the topic with its links and event, and ends; later commands on
 * a topic (none yet) would reopen it by update-with-start on the same id.
 */
export async function topicWorkflow(input: { topicId: string }): Promise<TopicState> {
  const state: TopicState = { topicId: input.topicId, created: false };
  const { guarded } = handlerQueue(state);
  setHandler(topicStateQuery, () => state);
  setHandler(
    createTopicUpdate,
    guarded<CreateTopicArgs>(async (a) => {
      if (state.created) return; // a retried request answers with the topic it made
      const demands = await acts.demandsForTopic({ demandIds: a.demandIds });
      assertCondensable(a.demandIds, demands);
      await acts.createTopic({ ...a, id: input.topicId, at: Date.now() });
      state.created = true;
    }),
  );
  // Until the creation has been tried (a refused creation leaves nothing, and the run ends).
  await condition(() => state.created, 60_000);
  await condition(allHandlersFinished);
  return state;
}
