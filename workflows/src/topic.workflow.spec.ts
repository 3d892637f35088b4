import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@kjflow/domain';
import type { Activities, CreateTopicRecord } from './activities';
import { CreateTopicArgs, createTopicUpdate } from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';
import { topicWorkflow } from './topic.workflow';

describe('topicWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('refuses demands that are not accepted (writing nothing), then writes the topic once and ends', async () => {
    const accepted = { id: randomUUID(), title: '铝灰渣资源化利用', status: 'accepted' };
    const submitted = { id: randomUUID(), title: '芒果采后保鲜', status: 'submitted' };
    const { activities: fakes, calls } = recordingActivities();
    const activities: Activities = {
      ...fakes,
      async demandsForTopic(input) {
        calls.push({ name: 'demandsForTopic', args: [input] });
        return [accepted, submitted].filter((d) => input.demandIds.includes(d.id));
      },
    };
    const topicId = randomUUID();
    const args = (demandIds: string[]): CreateTopicArgs => ({
      actorId: randomUUID(),
      kind: 'topic',
      title: '赤泥综合利用关键技术',
      keyField: 'eco_aluminium',
      issuerInstitutionId: null,
      demandIds,
      content: {
        problem: '赤泥堆存量大，综合利用率低。',
        indicators: [],
        deadline: null,
        fundingFen: 100,
        issuerCoFundingFen: 0,
      },
    });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(topicWorkflow, {
        workflowId: workflowIds.topic(topicId),
        taskQueue,
        args: [{ topicId }],
      });
      expect(
        await refusal(handle.executeUpdate(createTopicUpdate, { args: [args([accepted.id, submitted.id])] })),
      ).toBe('validation_failed');
      const created = await handle.executeUpdate(createTopicUpdate, { args: [args([accepted.id])] });
      expect(created).toEqual({ topicId, created: true });
      return handle.result();
    });
    expect(result).toEqual({ topicId, created: true });
    const writes = calls.filter((c) => c.name === 'createTopic').map((c) => c.args[0] as CreateTopicRecord);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ id: topicId, demandIds: [accepted.id], title: '赤泥综合利用关键技术' });
  });
});
