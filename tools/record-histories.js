// Saves histories of finished workflows (one per workflow type and final status) into
// workflows/histories/, for the replay test that guards running workflows against
// non-deterministic changes. Run by the e2e teardown with KJ_RECORD_HISTORIES=1:
//   KJ_RECORD_HISTORIES=1 npx jest --selectProjects e2e
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./swc');

async function recordHistories({ address, taskQueue, namespace = 'default' }) {
  const { Connection, Client } = require('@temporalio/client');
  const { historyToJSON } = require('@temporalio/common/lib/proto-utils');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const dir = path.join(root, 'workflows/histories');
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Set();
  try {
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
    for await (const wf of client.workflow.list({ query })) {
      const handle = client.workflow.getHandle(wf.workflowId, wf.runId);
      const result = await handle.result();
      const key = `${wf.type}-${result.status ?? 'done'}`;
      // Existing histories are kept: they are what running workflows look like; new shapes are added.
      if (seen.has(key) || fs.existsSync(path.join(dir, `${key}.json`))) continue;
      seen.add(key);
      fs.writeFileSync(path.join(dir, `${key}.json`), historyToJSON(await handle.fetchHistory()) + '\n');
      console.log(`[histories] ${key} ← ${wf.workflowId}`);
    }
  } finally {
    await connection.close();
  }
}

module.exports = { recordHistories };
