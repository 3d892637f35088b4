import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  applyExpertPatch,
  diffJson,
  DomainError,
  ExpertColumn,
  ExpertImportReport,
  ExpertInput,
  ExpertListQuery,
  ExpertPatch,
  ExpertRecord,
  ExpertRecordInput,
  expertRecordSchema,
  expertToRow,
  ExpertView,
  FieldMessage,
  notFound,
  parseExpertRow,
  parseOrThrow,
  readExpertSheet,
} from '@kjflow/domain';
import { appendWithChange, EXPERT_COLUMNS, expertColumnValues } from '@kjflow/persistence';
import { CreditService } from '../credit/credit.service';
import { expertsCsv, expertsXlsx, readBody, readSheetRows } from './expert-files';

const EXPERT = { zh: '专家', en: 'Expert' };

interface ExpertRow {
  id: string;
  user_id: string | null;
  external_ref: string | null;
  name: string;
  title: string;
  organisation: string;
  institution_id: string | null;
  organisation_key: string;
  key_fields: string[];
  keywords: string[];
  region: string;
  finance: boolean;
  available: boolean;
  load_cap: number;
  relations: ExpertRecord['relations'];
  declared_conflicts: ExpertRecord['declaredConflicts'];
  phone: string | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Where a change came from, for the event. */
type Source = 'api' | 'import';

/** The stored record of a row, optional fields absent when null (the shape the schemas take). */
function toRecord(r: ExpertRow): ExpertRecordInput {
  const record: ExpertRecordInput = {
    name: r.name,
    title: r.title,
    organisation: r.organisation,
    keyFields: r.key_fields,
    keywords: r.keywords,
    region: r.region,
    finance: r.finance,
    available: r.available,
    loadCap: r.load_cap,
    relations: r.relations,
    declaredConflicts: r.declared_conflicts,
  };
  if (r.external_ref !== null) record.externalRef = r.external_ref;
  if (r.institution_id !== null) record.institutionId = r.institution_id;
  if (r.phone !== null) record.phone = r.phone;
  if (r.email !== null) record.email = r.email;
  return record;
}

/** The record as stored, for diffs: every field present, null when empty. */
function comparable(e: ExpertRecordInput): Record<string, unknown> {
  const parsed = expertRecordSchema.parse(e);
  return {
    externalRef: parsed.externalRef ?? null,
    name: parsed.name,
    title: parsed.title,
    organisation: parsed.organisation,
    institutionId: parsed.institutionId ?? null,
    keyFields: parsed.keyFields,
    keywords: parsed.keywords,
    region: parsed.region,
    finance: parsed.finance,
    available: parsed.available,
    loadCap: parsed.loadCap,
    relations: parsed.relations,
    declaredConflicts: parsed.declaredConflicts,
    phone: parsed.phone ?? null,
    email: parsed.email ?? null,
  };
}

function pgCode(err: unknown): { code?: string; constraint?: string } {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  return { code: e.code ?? e.driverError?.code, constraint: e.constraint ?? e.driverError?.constraint };
}

function duplicateRef(ref: string | null | undefined): DomainError {
  const message = {
    zh: `专家库编号“${ref}”已被其他专家使用`,
    en: `The pool number “${ref}” is already in use`,
  };
  return new DomainError('conflict', message, [{ path: 'externalRef', message }]);
}

function duplicateUsername(username: string): DomainError {
  const message = { zh: `用户名“${username}”已存在`, en: `The username “${username}” is already taken` };
  return new DomainError('conflict', message, [{ path: 'account.username', message }]);
}

function unknownInstitution(): DomainError {
  const message = {
    zh: '单位ID不存在：未登记的单位请只填写单位名称',
    en: 'Unknown institution: for an organisation that is not registered, give its name only',
  };
  return new DomainError('validation_failed', message, [{ path: 'institutionId', message }]);
}

/** The expert pool (专家库): registration, updates, spreadsheet import and export. */
@Injectable()
export class ExpertsService {
  constructor(
    private readonly ds: DataSource,
    private readonly credit: CreditService,
  ) {}

  async register(input: ExpertInput, actor: Actor): Promise<ExpertView> {
    const { account, ...record } = input;
    await this.assertInstitution(record.institutionId);
    if (record.externalRef && (await this.byRef(this.ds.manager, record.externalRef)))
      throw duplicateRef(record.externalRef);
    if (account) {
      const [taken] = await this.ds.query(`SELECT 1 FROM users WHERE username = $1`, [account.username]);
      if (taken) throw duplicateUsername(account.username);
    }
    const passwordHash = account ? await bcrypt.hash(account.password, 10) : null;
    const id = randomUUID();
    try {
      await this.ds.transaction(async (tx) => {
        let userId: string | null = null;
        if (account) {
          userId = randomUUID();
          await tx.query(
            `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [userId, account.username, record.name, passwordHash, ['expert'], record.institutionId ?? null],
          );
        }
        await this.insert(tx, id, record, actor, 'api', userId, account?.username);
      });
    } catch (err) {
      const { code, constraint } = pgCode(err);
      if (code === '23505' && constraint?.includes('username')) throw duplicateUsername(account!.username);
      if (code === '23505' && constraint?.includes('external_ref')) throw duplicateRef(record.externalRef);
      throw err;
    }
    return this.get(id);
  }

  async update(id: string, patch: ExpertPatch, actor: Actor): Promise<ExpertView> {
    if (patch.institutionId) await this.assertInstitution(patch.institutionId);
    try {
      await this.ds.transaction(async (tx) => {
        const [row]: ExpertRow[] = await tx.query(`SELECT * FROM experts WHERE id = $1 FOR UPDATE`, [id]);
        if (!row) throw notFound(EXPERT);
        const next = parseOrThrow(expertRecordSchema, applyExpertPatch(toRecord(row), patch));
        if (next.externalRef && next.externalRef !== row.external_ref) {
          const other = await this.byRef(tx, next.externalRef);
          if (other && other.id !== id) throw duplicateRef(next.externalRef);
        }
        await this.writeUpdate(tx, row, next, actor, 'api');
      });
    } catch (err) {
      const { code, constraint } = pgCode(err);
      if (code === '23505' && constraint?.includes('external_ref')) throw duplicateRef(patch.externalRef);
      throw err;
    }
    return this.get(id);
  }

  async list(filter: ExpertListQuery & { id?: string; userId?: string }): Promise<ExpertView[]> {
    const q = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows: ExpertRow[] = await this.ds.query(
      `SELECT * FROM experts
        WHERE ($1::uuid IS NULL OR id = $1)
          AND ($2::uuid IS NULL OR user_id = $2)
          AND ($3::text IS NULL OR $3 = ANY (key_fields))
          AND ($4::boolean IS NULL OR available = $4)
          AND ($5::boolean IS NULL OR finance = $5)
          AND ($6::text IS NULL OR name ILIKE $6 OR organisation ILIKE $6 OR title ILIKE $6
               OR external_ref ILIKE $6 OR array_to_string(keywords, ' ') ILIKE $6)
        ORDER BY external_ref NULLS LAST, name, id`,
      [
        filter.id ?? null,
        filter.userId ?? null,
        filter.keyField ?? null,
        filter.available ?? null,
        filter.finance ?? null,
        q,
      ],
    );
    return this.views(rows);
  }

  async get(id: string): Promise<ExpertView> {
    const [view] = await this.list({ id });
    if (!view) throw notFound(EXPERT);
    return view;
  }

  /** The logged-in expert's own record. */
  async mine(actor: Actor): Promise<ExpertView> {
    const [view] = await this.list({ userId: actor.id });
    if (!view) throw notFound({ zh: '本人的专家库记录', en: 'Your expert record' });
    return view;
  }

  /**
   * A CSV or .xlsx sheet, one row per expert. Each row is validated whole first; a good row is
   * written in its own transaction (new, or an update of the expert with its 编号 / 系统ID), a bad
   * one is reported with its row number and field paths and writes nothing.
   */
  async import(body: Readable, actor: Actor): Promise<ExpertImportReport> {
    const { format, rows } = await readSheetRows(await readBody(body));
    const sheet = readExpertSheet(rows);
    const columnOf = (path: string) => sheet.headers.get(path.split('.')[0] as ExpertColumn) ?? null;
    // Columns the file has: an update sets those and keeps the rest (a sheet of 编号 and 可用 only
    // changes availability).
    const present = new Set(sheet.headers.keys());
    const report: ExpertImportReport = {
      format,
      rows: sheet.records.length,
      imported: 0,
      updated: 0,
      failed: [],
    };
    const fail = (row: number, externalRef: string | null, errors: FieldMessage[]) =>
      report.failed.push({
        row,
        externalRef,
        errors: errors.map((e) => ({ ...e, column: columnOf(e.path) })),
      });

    const parsed = sheet.records.map((r) => ({ ...r, result: parseExpertRow(r.cells) }));
    // The same expert twice in one file: the later row is refused, not silently merged.
    const seen = new Map<string, number>();
    const institutionIds = new Set<string>();
    for (const p of parsed)
      if (p.result.ok && p.result.record.institutionId) institutionIds.add(p.result.record.institutionId);
    const known = new Set<string>(
      institutionIds.size
        ? (
            await this.ds.query(`SELECT id FROM institutions WHERE id = ANY ($1::uuid[])`, [
              [...institutionIds],
            ])
          ).map((r: { id: string }) => r.id)
        : [],
    );

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
        const message = {
          zh: `与第 ${earlier} 行是同一位专家（编号或系统ID重复）`,
          en: `The same expert as row ${earlier} (repeated pool number or id)`,
        };
        fail(p.row, ref, [{ path: id ? 'id' : 'externalRef', message }]);
        continue;
      }
      keys.forEach((k) => seen.set(k, p.row));
      if (record.institutionId && !known.has(record.institutionId)) {
        const e = unknownInstitution();
        fail(p.row, ref, e.fields);
        continue;
      }
      try {
        const outcome = await this.ds.transaction((tx) => this.upsertRow(tx, id, record, present, actor));
        report[outcome] += 1;
      } catch (err) {
        const { code, constraint } = pgCode(err);
        if (err instanceof DomainError)
          fail(p.row, ref, err.fields.length ? err.fields : [{ path: 'row', message: err.bilingual }]);
        else if (code === '23505' && constraint?.includes('external_ref'))
          fail(p.row, ref, duplicateRef(record.externalRef).fields);
        else throw err;
      }
    }
    return report;
  }

  /** Every expert, in the import's columns. */
  async export(format: 'csv' | 'xlsx'): Promise<{ body: Buffer; mediaType: string; fileName: string }> {
    const rows = (await this.list({})).map(expertToRow);
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    if (format === 'csv')
      return {
        body: expertsCsv(rows),
        mediaType: 'text/csv; charset=utf-8',
        fileName: `专家库-${stamp}.csv`,
      };
    return {
      body: await expertsXlsx(rows),
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `专家库-${stamp}.xlsx`,
    };
  }

  // ---- writes ---------------------------------------------------------------------------------

  private async upsertRow(
    tx: EntityManager,
    id: string | undefined,
    record: ExpertRecord,
    present: Set<ExpertColumn>,
    actor: Actor,
  ): Promise<'imported' | 'updated'> {
    let row: ExpertRow | undefined;
    if (id) {
      [row] = await tx.query(`SELECT * FROM experts WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) {
        const message = {
          zh: '系统ID不存在：新专家请留空系统ID并填写编号',
          en: 'Unknown id: leave the id empty for a new expert and give the pool number',
        };
        throw new DomainError('validation_failed', message, [{ path: 'id', message }]);
      }
      if (record.externalRef && record.externalRef !== row.external_ref) {
        const other = await this.byRef(tx, record.externalRef);
        if (other && other.id !== id) throw duplicateRef(record.externalRef);
      }
    } else {
      [row] = await tx.query(`SELECT * FROM experts WHERE external_ref = $1 FOR UPDATE`, [
        record.externalRef,
      ]);
    }
    if (!row) {
      await this.insert(tx, randomUUID(), record, actor, 'import', null);
      return 'imported';
    }
    // Only the file's columns change; relations and declared conflicts are not in a sheet at all.
    const merged: Record<string, unknown> = { ...toRecord(row) };
    for (const key of present) {
      if (key === 'id') continue;
      const value = record[key];
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    await this.writeUpdate(tx, row, parseOrThrow(expertRecordSchema, merged, '该行'), actor, 'import');
    return 'updated';
  }

  private async insert(
    tx: EntityManager,
    id: string,
    record: ExpertRecord,
    actor: Actor,
    source: Source,
    userId: string | null,
    username?: string,
  ): Promise<void> {
    await appendWithChange(
      tx,
      {
        type: 'expert.registered',
        subjectType: 'expert',
        subjectId: id,
        actorId: actor.id,
        payload: { ...comparable(record), source, ...(userId ? { account: { userId, username } } : {}) },
        workflowId: `expert-${id}`,
        step: 'registered',
        occurredAt: new Date(),
      },
      (t) =>
        t.query(
          `INSERT INTO experts (id, user_id, ${EXPERT_COLUMNS.join(', ')})
           VALUES ($1, $2, ${EXPERT_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})`,
          [id, userId, ...expertColumnValues(record)],
        ),
    );
  }

  /** Writes and records the changes, if any: an update that changes nothing writes nothing. */
  private async writeUpdate(
    tx: EntityManager,
    row: ExpertRow,
    next: ExpertRecord,
    actor: Actor,
    source: Source,
  ): Promise<void> {
    const changes = diffJson(comparable(toRecord(row)), comparable(next));
    if (changes.length === 0) return;
    await appendWithChange(
      tx,
      {
        type: 'expert.updated',
        subjectType: 'expert',
        subjectId: row.id,
        actorId: actor.id,
        payload: {
          source,
          fields: [...new Set(changes.map((c) => c.path.split('.')[0]))],
          changes,
        },
        workflowId: `expert-${row.id}`,
        step: `updated:${randomUUID()}`,
        occurredAt: new Date(),
      },
      (t) =>
        t.query(
          `UPDATE experts SET ${EXPERT_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
            WHERE id = $1`,
          [row.id, ...expertColumnValues(next)],
        ),
    );
  }

  // ---- reads ----------------------------------------------------------------------------------

  private async byRef(db: EntityManager, ref: string): Promise<{ id: string } | undefined> {
    const [row] = await db.query(`SELECT id FROM experts WHERE external_ref = $1`, [ref]);
    return row;
  }

  private async assertInstitution(id: string | undefined | null): Promise<void> {
    if (!id) return;
    const [row] = await this.ds.query(`SELECT 1 FROM institutions WHERE id = $1`, [id]);
    if (!row) throw unknownInstitution();
  }

  private async views(rows: ExpertRow[]): Promise<ExpertView[]> {
    const eligibility = await this.credit.expertEligibility(
      rows.map((r) => r.id),
      new Date(),
    );
    return rows.map((r) => {
      const decision = eligibility.get(r.id)!;
      return {
        id: r.id,
        externalRef: r.external_ref,
        name: r.name,
        title: r.title,
        organisation: r.organisation,
        institutionId: r.institution_id,
        organisationKey: r.organisation_key,
        keyFields: r.key_fields,
        keywords: r.keywords,
        region: r.region,
        finance: r.finance,
        available: r.available,
        loadCap: r.load_cap,
        relations: r.relations,
        declaredConflicts: r.declared_conflicts,
        phone: r.phone,
        email: r.email,
        userId: r.user_id,
        eligible: decision.allowed,
        eligibilityReason: decision.reason,
        ineligibleUntil: decision.until,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      };
    });
  }
}
