/**
 * The worker-thread entry of assignExpertsOffThread (assignment-thread.ts): solves the draw it is
 * given and posts back the result, or the refusal as plain data (an error does not survive the
 * structured clone as a DomainError).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { assignExperts, DomainError } from '@kjflow/domain';
import type { SolverRequest } from './assignment-thread';

try {
  const { input, solverVersion } = workerData as SolverRequest;
  parentPort!.postMessage({ ok: true, result: assignExperts(input, solverVersion) });
} catch (err) {
  parentPort!.postMessage({
    ok: false,
    error:
      err instanceof DomainError
        ? { code: err.code, bilingual: err.bilingual, fields: err.fields }
        : { message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
  });
}
