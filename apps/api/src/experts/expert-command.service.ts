import { Inject, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  applyExpertPatch,
  assertExpertRefFree,
  assertMayManageReview,
  assertUsernameFree,
  ExpertColumn,
  ExpertImportReport,
  ExpertInput,
  ExpertPatch,
  expertRecordSchema,
  ExpertView,
  FieldMessage,
  notFound,
  parseExpertRow,
  parseOrThrow,
  readExpertSheet,
  repeatedImportRow,
  unknownExpertInstitution,
  workflowIds,
} from '@kjflow/domain';
import { ExpertRepository, expertRecordOf } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import { registerExpertUpdate, updateExpertUpdate } from '@kjflow/workflows';
import type {
  ExpertImportInput,
  ExpertImportOutcome,
  ExpertImportRow,
  ExpertWorkflowInput,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { ExpertQueryService } from './expert-query.service';
import { readBody, readSheetRows } from './expert-files';
import { commandId } from '../common/command-context';

const EXPERT = { zh: '专家', en: 'Expert' };
/** Rows per import workflow (about 0.3 MB of input, well under Temporal's 2 MB payload limit). */
const IMPORT_PART = 500;

/**
 * Changing the expert pool (专家库): registration and updates are commands to the expert's
 * workflow (`expert-<id>`, reopened by update-with-start); an import runs as its own workflow,
 * writing the rows in batches. Each answers once the change is recorded.
 */
@Injectable()
export class ExpertCommandService {
  private readonly experts: ExpertRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: ExpertQueryService,
  ) {
    this.experts = new ExpertRepository(ds);
  }

  async register(input: ExpertInput, actor: Actor): Promise<ExpertView> {
    assertMayManageReview(actor);
    const { account, ...record } = input;
    await this.assertInstitution(record.institutionId);
    // The ids first: a retry of a keyed command derives the same ones, and its expert and account,
    // if the first attempt made them, are its own rather than a conflict.
    const id = commandId();
    const userId = account ? commandId() : null;
    if (record.externalRef)
      assertExpertRefFree(record.externalRef, await this.experts.idOfRef(record.externalRef), id);
    if (account)
      assertUsernameFree(account.username, await this.experts.userIdOfUsername(account.username), userId!);
    const passwordHash = account ? await bcrypt.hash(account.password, 10) : null;
    await this.temporal.workflow.executeUpdateWithStart(registerExpertUpdate, {
      startWorkflowOperation: this.expertStart(id),
      args: [
        {
          record,
          account: account
            ? { userId: userId!, username: account.username, passwordHash: passwordHash! }
            : null,
          actorId: actor.id,
        },
      ],
    });
    return this.query.get(id);
  }

  async update(id: string, patch: ExpertPatch, actor: Actor): Promise<ExpertView> {
    assertMayManageReview(actor);
    const row = await this.experts.byId(id);
    if (!row) throw notFound(EXPERT);
    if (patch.institutionId) await this.assertInstitution(patch.institutionId);
    // The same checks the activity makes, before anything is sent: a refusal writes nothing.
    const next = parseOrThrow(expertRecordSchema, applyExpertPatch(expertRecordOf(row), patch));
    if (next.externalRef && next.externalRef !== row.externalRef)
      assertExpertRefFree(next.externalRef, await this.experts.idOfRef(next.externalRef), id);
    await this.temporal.workflow.executeUpdateWithStart(updateExpertUpdate, {
      startWorkflowOperation: this.expertStart(id),
      args: [{ patch, actorId: actor.id }],
    });
    return this.query.get(id);
  }

  /**
   * A CSV or .xlsx sheet, one row per expert. Each row is validated whole first (here: the file's
   * own rules); the good rows are written by the import's workflow, each in its own transaction
   * (new, or an update of the expert with its 编号 / 系统ID); a bad row is reported with its row
   * number and field paths and writes nothing.
   */
  async import(body: Readable, actor: Actor): Promise<ExpertImportReport> {
    assertMayManageReview(actor);
    const { format, rows } = await readSheetRows(await readBody(body));
    const sheet = readExpertSheet(rows);
    const columnOf = (path: string) => sheet.headers.get(path.split('.')[0] as ExpertColumn) ?? null;
    const failed: ExpertImportReport['failed'] = [];
    const fail = (row: number, externalRef: string | null, errors: FieldMessage[]) =>
      failed.push({ row, externalRef, errors: errors.map((e) => ({ ...e, column: columnOf(e.path) })) });

    const parsed = sheet.records.map((r) => ({ ...r, result: parseExpertRow(r.cells) }));
    const known = await this.experts.knownInstitutions([
      ...new Set(
        parsed.flatMap((p) =>
          p.result.ok && p.result.record.institutionId ? [p.result.record.institutionId] : [],
        ),
      ),
    ]);
    // The same expert twice in one file: the later row is refused, not silently merged.
    const seen = new Map<string, number>();
    const good: ExpertImportRow[] = [];
    for (const p of parsed) {
      const ref = p.cells.externalRef?.trim() || null;
      if (!p.result.ok) {
        fail(p.row, ref, p.result.errors);
        continue;
      }
      const { id, record } = p.result;
      const keys = [id && `id:${id}`, record.externalRef && `ref:${record.externalRef}`].filter(
        Boolean,
      ) as string[];
      const earlier = keys.map((k) => seen.get(k)).find((n) => n !== undefined);
      if (earlier !== undefined) {
        fail(p.row, ref, repeatedImportRow(earlier, !!id).fields);
        continue;
      }
      keys.forEach((k) => seen.set(k, p.row));
      if (record.institutionId && !known.has(record.institutionId)) {
        fail(p.row, ref, unknownExpertInstitution().fields);
        continue;
      }
      good.push({ row: p.row, externalRef: ref, ...(id ? { id } : {}), record });
    }

    // A large file is imported as several workflows of at most IMPORT_PART rows, so no workflow's
    // input comes near Temporal's payload limit; each part writes its rows in batches.
    const outcomes: ExpertImportOutcome[] = [];
    for (let i = 0; i < good.length; i += IMPORT_PART) {
      const importId = commandId();
      const input: ExpertImportInput = {
        importId,
        actorId: actor.id,
        present: [...sheet.headers.keys()],
        rows: good.slice(i, i + IMPORT_PART),
      };
      outcomes.push(
        ...(await this.temporal.workflow.execute('expertImportWorkflow', {
          workflowId: workflowIds.expertImport(importId),
          taskQueue: TASK_QUEUE,
          args: [input],
        })),
      );
    }
    for (const o of outcomes) if (o.outcome === 'failed') fail(o.row, o.externalRef, o.errors ?? []);
    return {
      format,
      rows: sheet.records.length,
      imported: outcomes.filter((o) => o.outcome === 'imported').length,
      updated: outcomes.filter((o) => o.outcome === 'updated').length,
      // In the file's order, whichever check refused the row.
      failed: failed.sort((a, b) => a.row - b.row),
    };
  }

  /** The expert's workflow by type name: started by the command, or the running one reused. */
  private expertStart(id: string) {
    const input: ExpertWorkflowInput = { expertId: id };
    return new WithStartWorkflowOperation('expertWorkflow', {
      workflowId: workflowIds.expert(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [input],
    });
  }

  private async assertInstitution(id: string | undefined | null): Promise<void> {
    if (id && !(await this.experts.institutionExists(id))) throw unknownExpertInstitution();
  }
}
