import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { SandboxWorker } from '../../apps/worker/src/sandbox-worker';
import { workflowBundle } from './testing/env';

/**
 * Histories recorded from real end-to-end runs (KJ_RECORD_HISTORIES=1, see README) replayed
 * against the current workflow code: a change that would break running workflows fails here.
 * Shape changes go through `patched()`; then record new histories and keep the old ones.
 */
const dir = path.resolve(__dirname, '../histories');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of recorded workflow histories', () => {
  it('has histories for every workflow type', () => {
    const types = new Set(files.map((f) => f.split('-')[0]));
    expect([...types].sort()).toEqual([
      'agreementWorkflow',
      'applicationWorkflow',
      'auditAnchorWorkflow',
      'awardWorkflow',
      'calendarYearWorkflow',
      'callWorkflow',
      'campaignWorkflow',
      'casePolicyWorkflow',
      'caseWorkflow',
      'creditSubjectWorkflow',
      'demandWorkflow',
      'expertImportWorkflow',
      'expertWorkflow',
      'guideWorkflow',
      'horseRaceWorkflow',
      'notificationDispatchWorkflow',
      'notificationInboxWorkflow',
      'notificationTemplatesWorkflow',
      'outcomeWorkflow',
      'programTemplateWorkflow',
      'projectWorkflow',
      'reviewApplicationWorkflow',
      'reviewInvitationWorkflow',
      'reviewRoundWorkflow',
      'topicWorkflow',
      'userWorkflow',
      'webhookDeliveryWorkflow',
      'webhookDispatchWorkflow',
      'webhooksWorkflow',
    ]);
  });

  it('replays every recorded history without a determinism error', async () => {
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
    }));
    const results = [];
    // On the worker class production runs them on (apps/worker), in its workflow threads: the
    // SDK replays in debug mode (the main thread) unless told otherwise, a flag its options type omits.
    const options = { workflowBundle: await workflowBundle(), debugMode: false } as ReplayWorkerOptions;
    for await (const r of SandboxWorker.runReplayHistories(options, histories)) {
      results.push({ workflowId: r.workflowId, error: r.error ? String(r.error) : null });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
  }, 300_000); // some 250 histories, a few of thousands of events
});
