// Saves histories of finished workflows into workflows/histories/, one per workflow type, final
// status and shape, for the replay test that guards running workflows against non-deterministic
// changes. Existing files are kept (they are what running workflows look like); a new shape is
// added beside them. Run by the e2e teardown with KJ_RECORD_HISTORIES=1:
//   KJ_RECORD_HISTORIES=1 npx jest --selectProjects e2e
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./swc');

/** The sequence of event types and patch markers: two histories with the same shape replay alike. */
function shapeOf(json) {
  const events = JSON.parse(json).events;
  const sig = events
    .map((e) => `${e.eventType}:${e.markerRecordedEventAttributes?.markerName ?? ''}`)
    .join(',');
  return crypto.createHash('sha256').update(sig).digest('hex').slice(0, 8);
}

/**
 * Workflow types that run for months or years, or for as long as the system (the dispatchers and
 * the registries of templates and webhooks): recorded while running too.
 */
const LONG_LIVED = [
  'projectWorkflow',
  'notificationDispatchWorkflow',
  'webhookDispatchWorkflow',
  'notificationTemplatesWorkflow',
  'notificationInboxWorkflow',
  'webhooksWorkflow',
];

async function recordHistories({ address, taskQueue, namespace = 'default' }) {
  const { Connection, Client } = require('@temporalio/client');
  const { historyToJSON } = require('@temporalio/common/lib/proto-utils');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const dir = path.join(root, 'workflows/histories');
  fs.mkdirSync(dir, { recursive: true });
  const known = new Set(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) =>
          `${f
            .replace(/\.json$/, '')
            .split('-')
            .slice(0, 2)
            .join('-')}:${shapeOf(fs.readFileSync(path.join(dir, f), 'utf8'))}`,
      ),
  );
  try {
    // Long-lived workflows (a project runs for years) are recorded as they stand: a replay of a
    // running history checks every step taken so far.
    // A run that continued as new (the audit anchor after each anchor, a dispatcher past its
    // history budget) is a finished history of its own, recorded as `continued`.
    const query = `TaskQueue = '${taskQueue}' AND (ExecutionStatus IN ('Completed', 'ContinuedAsNew') OR (ExecutionStatus = 'Running' AND WorkflowType IN (${LONG_LIVED.map((t) => `'${t}'`).join(', ')})))`;
    for await (const wf of client.workflow.list({ query })) {
      const handle = client.workflow.getHandle(wf.workflowId, wf.runId);
      const open = { RUNNING: 'running', CONTINUED_AS_NEW: 'continued' }[wf.status.name];
      const result = open ?? (await handle.result());
      const json = historyToJSON(await handle.fetchHistory());
      // Workflows return their state ({ status }), a status string (invitations) or nothing (rounds).
      const status = typeof result === 'string' ? result : (result?.status ?? 'done');
      const key = `${wf.type}-${status}`;
      const shape = shapeOf(json);
      if (known.has(`${key}:${shape}`)) continue;
      known.add(`${key}:${shape}`);
      fs.writeFileSync(path.join(dir, `${key}-${shape}.json`), json + '\n');
      console.log(`[histories] ${key}-${shape}.json ← ${wf.workflowId}`);
    }
  } finally {
    await connection.close();
  }
}

module.exports = { recordHistories };
