import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import {
  applyExpertPatch,
  assertExpertRefFree,
  comparableExpert,
  diffJson,
  DomainError,
  duplicateExpertRef,
  duplicateUsername,
  ExpertColumn,
  ExpertRecord,
  expertRecordSchema,
  notFound,
  parseOrThrow,
  unknownExpertId,
  workflowIds,
} from '@kjflow/domain';
import type { ExpertImportOutcome, ExpertImportRow } from '@kjflow/workflows';
import { appendWithChange, ExpertEntity, ExpertRepository, expertRecordOf } from '@kjflow/persistence';

const EXPERT = { zh: '专家', en: 'Expert' };

/** A refusal is final: retrying cannot help, and the API shows it to the caller as it is. */
function final(err: unknown): never {
  if (err instanceof DomainError)
    throw ApplicationFailure.create({
      type: err.code,
      message: err.message,
      nonRetryable: true,
      details: [err.toJSON()],
    });
  throw err;
}

function pgCode(err: unknown): { code?: string; constraint?: string } {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  return { code: e.code ?? e.driverError?.code, constraint: e.constraint ?? e.driverError?.constraint };
}

/** A unique constraint the checks before could not see (a race): the same refusal as theirs. */
function uniqueRefusal(err: unknown, ref: string | null | undefined, username?: string): unknown {
  const { code, constraint } = pgCode(err);
  if (code === '23505' && constraint?.includes('username') && username) return duplicateUsername(username);
  if (code === '23505' && constraint?.includes('external_ref')) return duplicateExpertRef(ref);
  return err;
}

type Source = 'api' | 'import';

/** Writes and records the changes, if any: an update that changes nothing writes nothing. */
async function writeUpdate(
  tx: EntityManager,
  row: ExpertEntity,
  next: ExpertRecord,
  actorId: string,
  source: Source,
  event: { workflowId: string; step: string; at: Date },
): Promise<boolean> {
  const changes = diffJson(comparableExpert(expertRecordOf(row)), comparableExpert(next));
  if (changes.length === 0) return false;
  await appendWithChange(
    tx,
    {
      type: 'expert.updated',
      subjectType: 'expert',
      subjectId: row.id,
      actorId,
      payload: { source, fields: [...new Set(changes.map((c) => c.path.split('.')[0]))], changes },
      workflowId: event.workflowId,
      step: event.step,
      occurredAt: event.at,
    },
    (t) => new ExpertRepository(t).update(row.id, next),
  );
  return true;
}

async function insertExpert(
  tx: EntityManager,
  id: string,
  record: ExpertRecord,
  actorId: string,
  source: Source,
  account: { userId: string; username: string } | null,
  event: { workflowId: string; step: string; at: Date },
): Promise<void> {
  await appendWithChange(
    tx,
    {
      type: 'expert.registered',
      subjectType: 'expert',
      subjectId: id,
      actorId,
      payload: { ...comparableExpert(record), source, ...(account ? { account } : {}) },
      workflowId: event.workflowId,
      step: event.step,
      occurredAt: event.at,
    },
    (t) => new ExpertRepository(t).insert(id, account?.userId ?? null, record),
  );
}

export function expertActivities(ds: DataSource) {
  return {
    /** The record, and its login when it has one, with the event: one transaction. */
    async registerExpert(rec: {
      expertId: string;
      record: ExpertRecord;
      account: { userId: string; username: string; passwordHash: string } | null;
      actorId: string;
      at: number;
    }): Promise<void> {
      try {
        await ds.transaction(async (tx) => {
          const event = {
            workflowId: workflowIds.expert(rec.expertId),
            step: 'registered',
            at: new Date(rec.at),
          };
          // The event first: a retry after the commit finds it and writes nothing (no second login).
          if (await new ExpertRepository(tx).importedAs(event.workflowId, event.step)) return;
          if (rec.account)
            await new ExpertRepository(tx).insertAccount({
              userId: rec.account.userId,
              username: rec.account.username,
              displayName: rec.record.name,
              passwordHash: rec.account.passwordHash,
              institutionId: rec.record.institutionId ?? null,
            });
          const account = rec.account ? { userId: rec.account.userId, username: rec.account.username } : null;
          await insertExpert(tx, rec.expertId, rec.record, rec.actorId, 'api', account, event);
        });
      } catch (err) {
        final(uniqueRefusal(err, rec.record.externalRef, rec.account?.username));
      }
    },

    async updateExpert(rec: {
      expertId: string;
      patch: Parameters<typeof applyExpertPatch>[1];
      actorId: string;
      step: string;
      at: number;
    }): Promise<boolean> {
      let next: ExpertRecord | undefined;
      try {
        return await ds.transaction(async (tx) => {
          const experts = new ExpertRepository(tx);
          const row = await experts.byIdForUpdate(rec.expertId);
          if (!row) throw notFound(EXPERT);
          next = parseOrThrow(expertRecordSchema, applyExpertPatch(expertRecordOf(row), rec.patch));
          if (next.externalRef && next.externalRef !== row.externalRef)
            assertExpertRefFree(next.externalRef, await experts.idOfRef(next.externalRef), rec.expertId);
          return writeUpdate(tx, row, next, rec.actorId, 'api', {
            workflowId: workflowIds.expert(rec.expertId),
            step: rec.step,
            at: new Date(rec.at),
          });
        });
      } catch (err) {
        final(uniqueRefusal(err, next?.externalRef ?? rec.patch.externalRef));
      }
    },

    /**
     * A batch of an import's rows, each in its own transaction: new (by 编号) or an update of the
     * expert with its 编号 / 系统ID, only the file's columns changing. A bad row is reported and
     * writes nothing; a retried batch reports the rows it already wrote as it wrote them.
     */
    async importExpertRows(rec: {
      importId: string;
      actorId: string;
      present: string[];
      rows: ExpertImportRow[];
      at: number;
    }): Promise<ExpertImportOutcome[]> {
      const workflowId = workflowIds.expertImport(rec.importId);
      const present = new Set(rec.present as ExpertColumn[]);
      const outcomes: ExpertImportOutcome[] = [];
      for (const r of rec.rows) {
        const event = { workflowId, step: `row:${r.row}`, at: new Date(rec.at) };
        try {
          const outcome = await ds.transaction(async (tx): Promise<'imported' | 'updated'> => {
            const experts = new ExpertRepository(tx);
            const done = await experts.importedAs(workflowId, event.step);
            if (done) return done;
            let row: ExpertEntity | undefined;
            if (r.id) {
              row = await experts.byIdForUpdate(r.id);
              if (!row) throw unknownExpertId();
              if (r.record.externalRef && r.record.externalRef !== row.externalRef)
                assertExpertRefFree(r.record.externalRef, await experts.idOfRef(r.record.externalRef), r.id);
            } else if (r.record.externalRef) {
              row = await experts.byRefForUpdate(r.record.externalRef);
            }
            if (!row) {
              await insertExpert(tx, randomUUID(), r.record, rec.actorId, 'import', null, event);
              return 'imported';
            }
            // Only the file's columns change; relations and declared conflicts are not in a sheet.
            const merged: Record<string, unknown> = { ...expertRecordOf(row) };
            for (const key of present) {
              if (key === 'id') continue;
              const value = r.record[key as keyof ExpertRecord];
              if (value === undefined) delete merged[key];
              else merged[key] = value;
            }
            await writeUpdate(
              tx,
              row,
              parseOrThrow(expertRecordSchema, merged, '该行'),
              rec.actorId,
              'import',
              event,
            );
            return 'updated';
          });
          outcomes.push({ row: r.row, externalRef: r.externalRef, outcome });
        } catch (err) {
          const refusal = uniqueRefusal(err, r.record.externalRef);
          if (!(refusal instanceof DomainError)) throw err;
          outcomes.push({
            row: r.row,
            externalRef: r.externalRef,
            outcome: 'failed',
            errors: refusal.fields.length ? refusal.fields : [{ path: 'row', message: refusal.bilingual }],
          });
        }
      }
      return outcomes;
    },
  };
}
