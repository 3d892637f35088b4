/**
 * What one cached workflow holds in the workflow thread's heap. Not part of jest:
 * `npm run bench:workflow-heap` (see bench/README.md).
 *
 * A worker (the worker app's SandboxWorker) runs in this process with the real workflow bundle (dist/workflow-bundle.js from
 * `npm run build`, or --bundle=FILE) and fake activities, against its own Temporal dev server on a
 * free port, with one workflow thread (the SDK's default with reuseV8Context) and a cache larger
 * than the run. Application workflows are started as the API starts them (update-with-start of
 * `applicationCreated`), 16 at a time; with --actions=edit each then takes one draft edit (the
 * rest of a complete application, test/support/api.ts), with --actions=submit also its
 * submission (accepted); with --actions=refuse the draft is submitted as it is (refused). The workflow thread's heap is read by bench/support/heap-probe.js
 * (preloaded with -r: it runs inside the SDK's worker thread) after a full GC, once after W
 * warm-up workflows and once after N more: (after − before) / N is the figure per cached workflow.
 *
 * With --workflow=review, each is instead an application's review in a round
 * (reviewApplicationWorkflow, five invitations, as a round's slice starts it); --actions=accept has
 * the five experts accept, --actions=score has them accept and score.
 *
 * Options: --n=300 --warmup=20 --workflow=application|review
 * --actions=create|edit|submit|refuse (review: create|accept|score) --bundle=FILE --snapshot (heap
 * snapshots of the thread before and after, in the probe directory, for a look in DevTools).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SandboxWorker } from '../apps/worker/src/sandbox-worker';
import {
  SEARCH_ATTRIBUTES,
  KjCallId,
  KjMode,
  KjStage,
} from '../libs/domain/src/kernel/search-attributes.rules';
import { completeDraft } from '../test/support/api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDevServer } = require('../tools/temporal');

const root = path.resolve(__dirname, '..');
const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const N = Number(opt('n', '300'));
const WARMUP = Number(opt('warmup', '20'));
const WORKFLOW = opt('workflow', 'application');
const ACTIONS = opt('actions', 'create');
const K = 5;
const BUNDLE = path.resolve(opt('bundle', path.join(root, 'dist/workflow-bundle.js')));
const SNAPSHOT = process.argv.includes('--snapshot');
const CONCURRENCY = 16;
const MiB = 1024 * 1024;

/** A score sheet as the API passes it on (checked against the rubric there). */
const REVIEW_SHEET = {
  items: [
    { code: 'innovation', score: 85, comment: '技术路线清晰，创新点明确。' },
    { code: 'feasibility', score: 80, comment: '研究基础较好，进度安排合理。' },
    { code: 'benefit', score: 82, comment: '预期效益可量化。' },
  ],
  opinion: '建议立项。',
};

interface ThreadHeap {
  seq: number;
  usedHeap: number;
  heapLimit: number;
  snapshot: string | null;
}

/** Ask the probe in the workflow thread for a GC and its heap figures (see heap-probe.js). */
let seq = 0;
async function threadHeap(dir: string, snapshot?: string): Promise<ThreadHeap> {
  const mine = ++seq;
  fs.writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ seq: mine, snapshot }));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    for (const f of fs.readdirSync(dir).filter((f) => /^thread-\d+-\d+\.json$/.test(f))) {
      const answer = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ThreadHeap;
      if (answer.seq === mine) return answer;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    'the workflow thread did not answer: run with `npm run bench:workflow-heap` (it preloads the probe)',
  );
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main() {
  // Read by the probe in the workflow thread, which gets a copy of this environment when it starts.
  const probeDir = (process.env.KJ_HEAP_PROBE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kj-heap-')));
  fs.mkdirSync(probeDir, { recursive: true });
  if (!fs.existsSync(BUNDLE)) throw new Error(`no workflow bundle at ${BUNDLE}: run npm run build`);
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const server = await startDevServer({
    searchAttributes: SEARCH_ATTRIBUTES.map((k) => `${k.name}=Keyword`),
    log: () => undefined,
  });
  // Stopped whatever happens: a failed run must not leave a dev server behind.
  try {
    const taskQueue = `heap-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const noop = async () => undefined;
    // The worker's own class: its workflow threads keep no stack trace per promise (sandbox-worker.ts).
    const worker = await SandboxWorker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: { codePath: BUNDLE },
      activities: {
        createApplication: noop,
        saveApplicationDraft: noop,
        transitionApplication: noop,
        recordInvitation: noop,
      },
      workflowThreadPoolSize: 1,
      maxCachedWorkflows: N + WARMUP + 100,
    });
    const running = worker.run();
    const rssMain = () =>
      Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

    const windowStart = new Date(Date.now() - 60_000).toISOString();
    const windowEnd = new Date(Date.now() + 24 * 3600_000).toISOString();
    const callId = randomUUID();
    const open = async (i: number) => {
      const id = randomUUID();
      const start = new WithStartWorkflowOperation('applicationWorkflow', {
        workflowId: `application-${id}`,
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [
          {
            applicationId: id,
            call: { id: callId, mode: 'open_competition', windowStart, windowEnd, budgetCapFen: 50_000_000 },
            applicantId: randomUUID(),
            institutionId: randomUUID(),
            topicId: undefined,
            endorsement: false,
            fixWindow: 'P10D',
            fullContent: true,
            content: { title: `内存测试申报书 ${i}`, summary: '', requestedFen: 0 },
          },
        ],
        typedSearchAttributes: [
          { key: KjCallId, value: callId },
          { key: KjMode, value: 'open_competition' },
          { key: KjStage, value: 'draft' },
        ],
      });
      await client.workflow.executeUpdateWithStart('applicationCreated', { startWorkflowOperation: start });
      const handle = client.workflow.getHandle(`application-${id}`);
      if (ACTIONS === 'edit' || ACTIONS === 'submit') {
        // The rest of a complete application, as the API passes a parsed patch on.
        const { title: _title, ...rest } = completeDraft;
        await handle.executeUpdate('editDraft', { args: [{ actorId: randomUUID(), patch: rest }] });
      }
      if (ACTIONS === 'refuse') {
        // An incomplete draft: the submission is refused, naming every missing part.
        const refused = await handle.executeUpdate('submit', { args: [{ actorId: randomUUID() }] }).then(
          () => false,
          () => true,
        );
        if (!refused) throw new Error('the incomplete submission was accepted');
      }
      if (ACTIONS === 'submit') {
        const submitted = await handle.executeUpdate<{ status: string }, [{ actorId: string }]>('submit', {
          args: [{ actorId: randomUUID() }],
        });
        if (submitted.status !== 'submitted') throw new Error(`submission: ${submitted.status}`);
      }
    };

    const review = async () => {
      const applicationId = randomUUID();
      const respondBy = new Date(Date.now() + 24 * 3600_000).toISOString();
      const invitations = Array.from({ length: K }, () => ({
        assignmentId: randomUUID(),
        applicationId,
        expertId: randomUUID(),
        respondBy,
        status: 'invited',
        scoreBy: null,
        drafts: 0,
        reminded: false,
        redrawn: false,
      }));
      const handle = await client.workflow.start('reviewApplicationWorkflow', {
        workflowId: `review-round-${callId}-application-${applicationId}`,
        taskQueue,
        args: [{ roundId: callId, applicationId, scoringWindow: 'P10D', reminderBefore: 'P1D', invitations }],
      });
      for (const { assignmentId, expertId } of invitations) {
        if (ACTIONS === 'accept' || ACTIONS === 'score')
          await handle.executeUpdate('respondInvitation', {
            args: [{ assignmentId, actorId: expertId, decision: 'accept' }],
          });
        if (ACTIONS === 'score')
          await handle.executeUpdate('submitScore', {
            args: [{ assignmentId, actorId: expertId, sheet: REVIEW_SHEET, weightedScore: 82.5 }],
          });
      }
    };
    const each = WORKFLOW === 'review' ? review : open;

    const started = Date.now();
    await pool(
      Array.from({ length: WARMUP }, (_, i) => i),
      CONCURRENCY,
      each,
    );
    const before = await threadHeap(probeDir, SNAPSHOT ? 'before' : undefined);
    const rssBefore = rssMain();
    await pool(
      Array.from({ length: N }, (_, i) => WARMUP + i),
      CONCURRENCY,
      each,
    );
    const after = await threadHeap(probeDir, SNAPSHOT ? 'after' : undefined);
    const rssAfter = rssMain();
    const perWorkflow = (after.usedHeap - before.usedHeap) / N;

    const mb = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
    const kb = (b: number) => `${Math.round(b / 1024)} KiB`;
    console.log(
      JSON.stringify(
        {
          bundle: path.relative(root, BUNDLE),
          bundleSize: mb(fs.statSync(BUNDLE).size),
          workflow: WORKFLOW,
          actions: ACTIONS,
          warmup: WARMUP,
          workflows: N,
          seconds: Math.round((Date.now() - started) / 1000),
          threadHeapBefore: mb(before.usedHeap),
          threadHeapAfter: mb(after.usedHeap),
          threadHeapLimit: mb(after.heapLimit),
          perCachedWorkflow: kb(perWorkflow),
          processRssBefore: mb(rssBefore),
          processRssAfter: mb(rssAfter),
          rssPerWorkflow: kb((rssAfter - rssBefore) / N),
          snapshots: SNAPSHOT ? [before.snapshot, after.snapshot] : undefined,
          node: process.version,
          host: `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
        },
        null,
        2,
      ),
    );

    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
