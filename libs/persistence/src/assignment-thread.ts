import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AssignmentInputData, AssignmentResult, assignExperts, DomainError } from '@kjflow/domain';

/** The compiled thread entry beside this file (dist); absent when run from the TypeScript sources. */
const ENTRY = path.join(__dirname, 'assignment.thread.js');

/**
 * The thread's heap limit. Set explicitly: the worker process lowers V8's default for the threads
 * it starts after its workflow threads (workflow-memory.ts), and the national-scale draw
 * (100,000 × 30,000) peaks near 2 GB (bench/README, expert assignment).
 */
const SOLVER_HEAP_MIB = 4096;

/**
 * assignExperts in a worker thread of its own. The solve is synchronous and, at 10,000
 * applications × 3,000 experts, takes ~15 s: on the main thread it held the API's event loop
 * (every other request waited) and the worker's (other workflows' tasks passed their 10 s
 * timeout). Run from the TypeScript sources (unit tests), where no compiled entry exists, it
 * solves in place. `solverVersion`: as for assignExperts (a replay passes the recorded one).
 */
export function assignExpertsOffThread(
  input: AssignmentInputData,
  solverVersion?: string,
): Promise<AssignmentResult> {
  if (!fs.existsSync(ENTRY)) return Promise.resolve().then(() => assignExperts(input, solverVersion));
  return new Promise((resolve, reject) => {
    const data: SolverRequest = { input, solverVersion };
    const thread = new Worker(ENTRY, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: SOLVER_HEAP_MIB },
    });
    thread.once('message', (m: SolverMessage) => {
      if (m.ok) resolve(m.result);
      else if ('code' in m.error) reject(new DomainError(m.error.code, m.error.bilingual, m.error.fields));
      else reject(new Error(`assignment thread: ${m.error.message}`));
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      if (code !== 0) reject(new Error(`assignment thread exited with code ${code}`));
    });
  });
}

/** What the thread is given (assignment.thread.ts). */
export interface SolverRequest {
  input: AssignmentInputData;
  solverVersion?: string;
}

type SolverMessage =
  | { ok: true; result: AssignmentResult }
  | {
      ok: false;
      error:
        | { code: DomainError['code']; bilingual: DomainError['bilingual']; fields: DomainError['fields'] }
        | { message: string };
    };
