import { DataSource } from 'typeorm';
import {
  AnchoredHeads,
  anchorHash,
  AuditFinding,
  AuditSigner,
  canonicalJson,
  ChainRow,
  ChainVerifier,
  GENESIS_HASH,
} from '../audit-chain';

/** An anchor as written: the heads it fixes, chained to the previous anchor and signed. */
export interface AuditAnchor {
  id: string;
  createdAt: Date;
  heads: Record<string, [number, string]>;
  prevHash: string;
  hash: string;
  signature: string;
  keyId: string;
}

export interface AuditReport {
  ok: boolean;
  checkedEvents: number;
  anchors: number;
  lastAnchorAt: Date | null;
  findings: AuditFinding[];
}

interface EventRow {
  id: string;
  sequence: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_id: string | null;
  occurred_at: Date;
  payload: unknown;
  stream_position: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const chainRow = (r: EventRow): ChainRow => ({
  id: r.id,
  sequence: r.sequence,
  type: r.type,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  actorId: r.actor_id,
  occurredAt: r.occurred_at,
  payload: r.payload,
  streamPosition: r.stream_position,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const anchorOf = (r: {
  id: string;
  created_at: Date;
  heads: Record<string, [number, string]>;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
}): AuditAnchor => ({
  id: r.id,
  createdAt: r.created_at,
  heads: r.heads,
  prevHash: r.prev_hash,
  hash: r.hash,
  signature: r.signature,
  keyId: r.key_id,
});

const BATCH = 2000;
const EVENT_COLUMNS = `id, sequence, type, subject_type, subject_id, actor_id, occurred_at, payload,
  stream_position, prev_hash, hash`;

/** The audit trail's anchors, verification and export (issue 19 §3). */
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Fixes the heads of the streams that moved since the last anchor, signed and chained to it.
   * The UPDATE takes each moved head's row lock, so an append in flight is waited for and its
   * committed head is the one anchored. Nothing moved: no anchor (null).
   */
  writeAnchor(signer: AuditSigner, at: Date): Promise<AuditAnchor | null> {
    return this.ds.transaction(async (tx) => {
      // One anchor writer at a time, so each chains to the one before.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('kj_audit_anchor', 0))`);
      const moved: Array<{ stream: string; position: string; hash: string }> = await tx.query(
        // Through a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
        `WITH m AS (
           UPDATE audit_stream_heads SET anchored_position = position WHERE position > anchored_position
           RETURNING stream, position, hash
         ) SELECT * FROM m`,
      );
      if (moved.length === 0) return null;
      const [prev]: Array<{ hash: string }> = await tx.query(
        `SELECT hash FROM audit_anchors ORDER BY id DESC LIMIT 1`,
      );
      const [{ id }]: Array<{ id: string }> = await tx.query(
        `SELECT nextval('audit_anchors_id_seq')::text AS id`,
      );
      const heads: Record<string, [number, string]> = {};
      for (const m of moved) heads[m.stream] = [Number(m.position), m.hash];
      const content = { id, createdAt: at, heads, prevHash: prev?.hash ?? GENESIS_HASH };
      const hash = anchorHash(content);
      const anchor: AuditAnchor = { ...content, hash, signature: signer.sign(hash), keyId: signer.keyId };
      await tx.query(
        `INSERT INTO audit_anchors (id, created_at, heads, prev_hash, hash, signature, key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, at, JSON.stringify(heads), anchor.prevHash, hash, anchor.signature, anchor.keyId],
      );
      return anchor;
    });
  }

  async anchors(): Promise<AuditAnchor[]> {
    const rows = await this.ds.query(
      `SELECT id::text, created_at, heads, prev_hash, hash, signature, key_id FROM audit_anchors a ORDER BY a.id`,
    );
    return rows.map(anchorOf);
  }

  /**
   * Re-computes every stream's chain and checks it against the signed anchors; names the first
   * break of each stream (audit-chain.ts says how each kind is told apart), oldest first.
   */
  async verify(signer: AuditSigner): Promise<AuditReport> {
    const anchors = await this.anchors();
    const findings: AuditFinding[] = [];
    const anchored: AnchoredHeads = new Map();
    let prevHash = GENESIS_HASH;
    for (const a of anchors) {
      const problem =
        anchorHash(a) !== a.hash
          ? { zh: '锚点内容与其哈希不符', en: 'the anchor’s content does not match its hash' }
          : !signer.verify(a.hash, a.signature)
            ? { zh: '锚点签名无效', en: 'the anchor’s signature does not verify' }
            : a.prevHash !== prevHash
              ? {
                  zh: '锚点未接续前一锚点（有锚点被删除或插入）',
                  en: 'the anchor does not follow the previous one (an anchor was deleted or inserted)',
                }
              : null;
      if (problem) {
        findings.push({
          kind: 'anchor',
          stream: `anchor:${a.id}`,
          eventId: null,
          sequence: null,
          streamPosition: null,
          mismatch: problem,
        });
        // An anchor that does not verify fixes nothing; the chain is still checked on its own.
        prevHash = a.hash;
        continue;
      }
      prevHash = a.hash;
      for (const [stream, [position, hash]] of Object.entries(a.heads)) {
        let heads = anchored.get(stream);
        if (!heads) anchored.set(stream, (heads = new Map()));
        heads.set(position, { hash, anchorId: a.id });
      }
    }
    const verifier = new ChainVerifier(anchored);
    let after = '0';
    for (;;) {
      const rows: EventRow[] = await this.ds.query(
        `SELECT ${EVENT_COLUMNS} FROM domain_events WHERE sequence > $1 ORDER BY sequence LIMIT ${BATCH}`,
        [after],
      );
      for (const r of rows) verifier.add(chainRow(r));
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].sequence;
    }
    findings.push(...verifier.finish());
    findings.sort((a, b) => Number(a.sequence ?? Infinity) - Number(b.sequence ?? Infinity));
    return {
      ok: findings.length === 0,
      checkedEvents: verifier.checked,
      anchors: anchors.length,
      lastAnchorAt: anchors.at(-1)?.createdAt ?? null,
      findings,
    };
  }

  /**
   * The events that occurred in [from, to) and the anchors written then, as JSON lines: a header,
   * one line per event (with its chain fields) and anchor, and a last line with the Ed25519
   * signature over every byte before it. tools/audit-verify-export.js checks one.
   */
  async export(signer: AuditSigner, from: Date, to: Date, generatedAt: Date): Promise<string> {
    const lines: string[] = [];
    const events: string[] = [];
    let after = '0';
    for (;;) {
      const rows: EventRow[] = await this.ds.query(
        `SELECT ${EVENT_COLUMNS} FROM domain_events
          WHERE occurred_at >= $1 AND occurred_at < $2 AND sequence > $3 ORDER BY sequence LIMIT ${BATCH}`,
        [from, to, after],
      );
      for (const r of rows) {
        const e = chainRow(r);
        events.push(canonicalJson({ kind: 'event', ...e, occurredAt: e.occurredAt.toISOString() }));
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].sequence;
    }
    const anchors = (
      await this.ds.query(
        `SELECT id::text, created_at, heads, prev_hash, hash, signature, key_id FROM audit_anchors
          WHERE created_at >= $1 AND created_at < $2 ORDER BY audit_anchors.id`,
        [from, to],
      )
    ).map(anchorOf);
    lines.push(
      canonicalJson({
        kind: 'kjflow.audit-export',
        version: 1,
        from: from.toISOString(),
        to: to.toISOString(),
        generatedAt: generatedAt.toISOString(),
        events: events.length,
        anchors: anchors.length,
        keyId: signer.keyId,
        publicKey: signer.publicKeyPem(),
      }),
      ...events,
      ...anchors.map((a: AuditAnchor) =>
        canonicalJson({ kind: 'anchor', ...a, createdAt: a.createdAt.toISOString() }),
      ),
    );
    const body = lines.map((l) => `${l}\n`).join('');
    return `${body}${canonicalJson({ kind: 'signature', algorithm: 'Ed25519', keyId: signer.keyId, signature: signer.sign(body) })}\n`;
  }
}
