import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * The audit trail's hash chain (issue 19 §3), one chain per subject aggregate ("stream",
 * `application:<id>`), not one global chain: appends to different subjects run in parallel
 * transactions, and a global chain would make every append wait for the previous one's commit.
 * A stream's appends are already serialised by its entity workflow, so its lock is rarely waited on.
 * Periodic signed anchors (audit_anchors) fix the heads of the streams, so a chain rewritten
 * from some event on (hashes recomputed) is still caught against the last anchor.
 */

/** The previous hash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export function streamOf(subjectType: string, subjectId: string): string {
  return `${subjectType}:${subjectId}`;
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** What the hash of an event covers. */
export interface ChainedContent {
  sequence: string;
  type: string;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
  occurredAt: Date;
  payload: unknown;
  streamPosition: string;
}

/** SHA-256 (hex) over the previous hash and the event's canonical content. */
export function eventHash(e: ChainedContent, prevHash: string): string {
  const content = canonicalJson({
    sequence: String(e.sequence),
    type: e.type,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    actorId: e.actorId,
    occurredAt: e.occurredAt.toISOString(),
    payload: e.payload,
    streamPosition: String(e.streamPosition),
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

// ---- verification ---------------------------------------------------------------------------

export type AuditFindingKind = 'edited' | 'deleted' | 'inserted' | 'anchor';

/** The first break found in one stream (or in the anchors' own chain). */
export interface AuditFinding {
  kind: AuditFindingKind;
  stream: string;
  /** The event named: the edited or inserted one, or for a deletion the first event after the gap. */
  eventId: string | null;
  sequence: string | null;
  streamPosition: string | null;
  mismatch: { zh: string; en: string };
}

/** One row as the verifier reads it (chain fields may be missing on a row written by hand). */
export interface ChainRow extends Omit<ChainedContent, 'streamPosition'> {
  id: string;
  streamPosition: string | null;
  prevHash: string | null;
  hash: string | null;
}

interface StreamState {
  head: string;
  position: number;
  /** The last position whose hash matched an anchor (0: none yet). */
  anchoredPosition: number;
  last: ChainRow | null;
  broken: boolean;
}

/** Per stream, the heads the signed anchors recorded: position → hash, with the anchor's id. */
export type AnchoredHeads = Map<string, Map<number, { hash: string; anchorId: string }>>;

/**
 * Walks the trail in `sequence` order (which is each stream's chain order: a stream's appends hold
 * its lock until they commit) and reports the first break of each stream: `add` every row, then
 * `finish`. Anchored heads catch what the chain alone cannot: a chain rewritten with recomputed
 * hashes (a different hash at an anchored position), its last events deleted (shorter than anchored).
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamState>();
  readonly findings: AuditFinding[] = [];
  checked = 0;

  constructor(private readonly anchored: AnchoredHeads = new Map()) {}

  add(r: ChainRow): void {
    this.checked++;
    const stream = streamOf(r.subjectType, r.subjectId);
    let s = this.streams.get(stream);
    if (!s)
      this.streams.set(
        stream,
        (s = { head: GENESIS_HASH, position: 0, anchoredPosition: 0, last: null, broken: false }),
      );
    if (s.broken) return;
    const state = s;
    const finding = (kind: AuditFindingKind, row: ChainRow | null, zh: string, en: string) => {
      state.broken = true;
      this.findings.push({
        kind,
        stream,
        eventId: row?.id ?? null,
        sequence: row?.sequence ?? null,
        streamPosition: row?.streamPosition ?? null,
        mismatch: { zh, en },
      });
    };
    if (r.hash === null || r.prevHash === null || r.streamPosition === null)
      return finding(
        'inserted',
        r,
        '该事件没有链字段（不是由事件存储写入的）',
        'the event has no chain fields (it was not written by the event store)',
      );
    if (eventHash({ ...r, streamPosition: r.streamPosition }, r.prevHash) !== r.hash)
      return finding('edited', r, '事件内容与其哈希不符', 'its content does not match its hash');
    const position = Number(r.streamPosition);
    const expected = s.position + 1;
    if (position < expected)
      return finding(
        'inserted',
        r,
        `流位置 ${position} 出现两次（此流已有 ${s.position} 个事件）`,
        `stream position ${position} is taken twice (the stream already had ${s.position} events)`,
      );
    if (position > expected)
      return finding(
        'deleted',
        r,
        `此事件之前缺少流位置 ${expected}–${position - 1} 的事件`,
        `the events at stream positions ${expected}–${position - 1} before this one are missing`,
      );
    if (r.prevHash !== s.head)
      // Position and own hash agree, so the previous row was rewritten with a recomputed hash.
      return finding(
        'edited',
        s.last,
        '后一事件记录的前一哈希与此事件的哈希不符（此事件被改写并重新计算了哈希）',
        "the next event's previous hash is not this event's hash (this event was rewritten and its hash recomputed)",
      );
    const anchor = this.anchored.get(stream)?.get(position);
    if (anchor && anchor.hash !== r.hash)
      return finding(
        'edited',
        r,
        `此流在位置 ${s.anchoredPosition + 1}–${position} 之间被改写：锚点 ${anchor.anchorId} 记录的哈希不同`,
        `the stream was rewritten between positions ${s.anchoredPosition + 1} and ${position}: anchor ${anchor.anchorId} recorded another hash here`,
      );
    if (anchor) s.anchoredPosition = position;
    s.head = r.hash;
    s.position = position;
    s.last = r;
  }

  /** Streams that end before a position an anchor recorded lost their last events. */
  finish(): AuditFinding[] {
    for (const [stream, heads] of this.anchored) {
      const s = this.streams.get(stream);
      if (s?.broken) continue;
      const length = s?.position ?? 0;
      const [position, anchor] = [...heads].reduce((a, b) => (b[0] > a[0] ? b : a));
      if (length < position)
        this.findings.push({
          kind: 'deleted',
          stream,
          eventId: s?.last?.id ?? null,
          sequence: s?.last?.sequence ?? null,
          streamPosition: s?.last?.streamPosition ?? null,
          mismatch: {
            zh: `锚点 ${anchor.anchorId} 记录此流有 ${position} 个事件，现只有 ${length} 个（末尾的事件被删除）`,
            en: `anchor ${anchor.anchorId} recorded ${position} events in this stream, it now has ${length} (its last events were deleted)`,
          },
        });
    }
    return this.findings;
  }
}

// ---- signatures -------------------------------------------------------------------------------

const DEV_AUDIT_SEED = createHash('sha256').update('kjflow-dev-audit-key-change-me').digest();
// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The Ed25519 key that signs anchors and exports: `KJ_AUDIT_SIGNING_KEY` (base64 of a 32-byte
 * seed), a development key outside production. Ed25519 rather than an HMAC so that anyone holding
 * the public key (GET /audit/public-key) can check an export without being able to forge one.
 */
export class AuditSigner {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly development: boolean;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const configured = env.KJ_AUDIT_SIGNING_KEY;
    if (!configured && env.NODE_ENV === 'production')
      throw new Error('KJ_AUDIT_SIGNING_KEY must be set in production (base64 of a 32-byte Ed25519 seed)');
    const seed = configured ? Buffer.from(configured, 'base64') : DEV_AUDIT_SEED;
    if (seed.length !== 32) throw new Error('KJ_AUDIT_SIGNING_KEY must be base64 of exactly 32 bytes');
    this.development = !configured;
    this.privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256').update(this.publicKeyPem()).digest('hex').slice(0, 16);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  sign(data: string | Buffer): string {
    return sign(null, Buffer.from(data), this.privateKey).toString('base64');
  }

  verify(data: string | Buffer, signature: string): boolean {
    return verifySignature(this.publicKey, data, signature);
  }
}

export function verifySignature(
  publicKey: KeyObject | string,
  data: string | Buffer,
  signature: string,
): boolean {
  try {
    return verify(null, Buffer.from(data), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What an anchor signs: its id, time, the heads it fixes and the previous anchor's hash. */
export interface AnchorContent {
  id: string;
  createdAt: Date;
  heads: Record<string, [number, string]>;
  prevHash: string;
}

export function anchorHash(a: AnchorContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({ id: a.id, createdAt: a.createdAt.toISOString(), heads: a.heads, prevHash: a.prevHash }),
    )
    .digest('hex');
}
