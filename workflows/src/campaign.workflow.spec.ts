import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CampaignSpec, workflowIds } from '@kjflow/domain';
import { campaignCreatedUpdate, CampaignState, campaignStateQuery } from './definitions';
import { campaignWorkflow } from './campaign.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

describe('campaignWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  function spec(startInMs: number, endInMs: number): CampaignSpec {
    return {
      id: randomUUID(),
      title: '2026年百色市科技需求征集',
      windowStart: new Date(Date.now() + startInMs).toISOString(),
      windowEnd: new Date(Date.now() + endInMs).toISOString(),
      keyFields: ['eco_aluminium', 'new_materials'],
      counties: ['右江区'],
      instructions: '请围绕重点产业领域填报技术需求。',
      createdBy: randomUUID(),
    };
  }

  /** The window is taken after the worker is up (the first one bundles the workflow code). */
  async function run(
    window: [startInMs: number, endInMs: number],
    body: (h: { created: CampaignState; query: () => Promise<CampaignState> }) => Promise<void>,
  ) {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const s = spec(...window);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(campaignWorkflow, {
        workflowId: workflowIds.campaign(s.id),
        taskQueue,
        args: [s],
      });
      const created = await handle.executeUpdate(campaignCreatedUpdate);
      await body({ created, query: () => handle.query(campaignStateQuery) });
      return handle.result();
    });
    return { result, calls, s };
  }

  it('records the campaign, then opens and closes it on its own timers', async () => {
    const { result, calls, s } = await run([1_000, 2_000], async ({ created, query }) => {
      expect(created).toMatchObject({ status: 'scheduled', created: true });
      expect(await query()).toMatchObject({ status: 'scheduled' });
    });
    expect(result).toEqual({ campaignId: s.id, status: 'closed', created: true });
    expect(calls.map((c) => c.name)).toEqual(['createCampaign', 'setCampaignStatus', 'setCampaignStatus']);
    expect(calls[0].args[0]).toEqual(s);
    const changes = calls
      .slice(1)
      .map((c) => c.args[0] as { campaignId: string; status: string; at: number });
    expect(changes.map((c) => [c.campaignId, c.status])).toEqual([
      [s.id, 'open'],
      [s.id, 'closed'],
    ]);
    // Each status change happens no earlier than the window says.
    expect(changes[0].at).toBeGreaterThanOrEqual(new Date(s.windowStart).getTime());
    expect(changes[1].at).toBeGreaterThanOrEqual(new Date(s.windowEnd).getTime());
  });

  it('skips the opening step for a campaign created inside its window', async () => {
    const { result, calls } = await run([-60_000, 1_000], async ({ created, query }) => {
      expect(created).toMatchObject({ status: 'open', created: true });
      expect(await query()).toMatchObject({ status: 'open' });
    });
    expect(result.status).toBe('closed');
    expect(calls.map((c) => [c.name, (c.args[0] as { status?: string }).status])).toEqual([
      ['createCampaign', undefined],
      ['setCampaignStatus', 'closed'],
    ]);
  });

  it('records a campaign created after its window as closed, with no status change to write', async () => {
    const { result, calls, s } = await run([-120_000, -60_000], async ({ created }) => {
      expect(created).toMatchObject({ status: 'closed', created: true });
    });
    expect(result).toEqual({ campaignId: s.id, status: 'closed', created: true });
    expect(calls.map((c) => c.name)).toEqual(['createCampaign']);
  });
});
