import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ProgramTemplate, workflowIds } from '@kjflow/domain';
import type { Activities, ProgramTemplateRecord } from './activities';
import { saveProgramTemplateUpdate } from './definitions';
import { programTemplateWorkflow } from './program-template.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const ADMIN = randomUUID();

describe('programTemplateWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('saves versions one after the other (numbered by the activity), admins only, then ends when idle', async () => {
    const { activities: fakes, calls } = recordingActivities();
    let version = 4; // the rows already hold v1..v4
    const activities: Activities = {
      ...fakes,
      async saveProgramTemplate(rec: ProgramTemplateRecord) {
        calls.push({ name: 'saveProgramTemplate', args: [rec] });
        version += 1;
        return { version };
      },
    };
    const code = `t-${randomUUID().slice(0, 8)}`;
    const template = { code, mode: 'open_competition' } as unknown as ProgramTemplate;
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(programTemplateWorkflow, {
        workflowId: workflowIds.programTemplate(code),
        taskQueue,
        args: [{ code, idleMs: 2000 }],
      });
      const save = (roles: Array<'admin' | 'officer'>, t = template) =>
        handle.executeUpdate(saveProgramTemplateUpdate, {
          args: [{ actorId: ADMIN, actorRoles: roles, template: t }],
        });
      expect(await refusal(save(['officer']))).toBe('forbidden');
      expect(await refusal(save(['admin'], { ...template, code: 'other' }))).toBe('validation_failed');
      const [a, b] = await Promise.all([save(['admin']), save(['admin'])]);
      expect([a.lastVersion, b.lastVersion].sort()).toEqual([5, 6]);
      return handle.result();
    });
    expect(result).toMatchObject({ code, lastVersion: 6 });
    const saves = calls
      .filter((c) => c.name === 'saveProgramTemplate')
      .map((c) => c.args[0] as ProgramTemplateRecord);
    expect(saves).toHaveLength(2);
    expect(saves[0]).toMatchObject({
      template,
      actorId: ADMIN,
      workflowId: workflowIds.programTemplate(code),
      step: `saved:${saves[0].id}`,
    });
    expect(saves[1].id).toBe(result.lastId);
  });
});
