#!/usr/bin/env node
// Checks a signed audit export (GET /audit/export):
//   node tools/audit-verify-export.js EXPORT.jsonl [--public-key KEY.pem]
// 1. the Ed25519 signature (last line) over every byte before it, with the public key given (from
//    GET /audit/public-key, kept apart from the export); without one, with the key the header
//    names, which shows the file is whole but not who signed it;
// 2. each event's hash, re-computed from its content and previous hash;
// 3. the chain within the export: an event that follows another of its subject in the file has
//    the next position and that event's hash as its previous hash;
// 4. each anchor's hash and signature, and that each follows the one before it in the file.
// Prints OK and exits 0, or each problem and exits 1. The hashing is the event store's own
// (libs/persistence/src/audit-chain.ts, compiled on load as bench/run.js does).
const fs = require('node:fs');
const swc = require('@swc/core');
const { swcOptions } = require('./swc');

const options = { ...swcOptions({ rewritePaths: false }), sourceMaps: 'inline', swcrc: false };
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
const chain = require('../libs/persistence/src/audit-chain.ts');

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--public-key');
const keyAt = args.indexOf('--public-key');
if (!file) {
  console.error('usage: node tools/audit-verify-export.js EXPORT.jsonl [--public-key KEY.pem]');
  process.exit(2);
}
const text = fs.readFileSync(file, 'utf8');
const lines = text.replace(/\n$/, '').split('\n');
const problems = [];
const last = JSON.parse(lines.at(-1));
const header = JSON.parse(lines[0]);
const body = text.slice(0, text.length - lines.at(-1).length - 1);
const publicKey = keyAt >= 0 ? fs.readFileSync(args[keyAt + 1], 'utf8') : header.publicKey;
if (keyAt < 0)
  console.warn('no --public-key: checking with the key the export names (integrity only, not who signed)');
if (last.kind !== 'signature' || !chain.verifySignature(publicKey, body, last.signature))
  problems.push('the signature does not verify: the export was changed, or signed with another key');

const heads = new Map();
let events = 0;
let anchors = 0;
let prevAnchor = null;
for (const [i, line] of lines.slice(1, -1).entries()) {
  const r = JSON.parse(line);
  const where = `line ${i + 2}`;
  if (r.kind === 'event') {
    events++;
    const at = `${where} (event ${r.id}, ${r.subjectType}:${r.subjectId} #${r.streamPosition})`;
    if (r.hash === null || r.prevHash === null || r.streamPosition === null) {
      problems.push(`${at}: no chain fields`);
      continue;
    }
    const content = { ...r, occurredAt: new Date(r.occurredAt) };
    if (chain.eventHash(content, r.prevHash) !== r.hash)
      problems.push(`${at}: its content does not match its hash`);
    const stream = chain.streamOf(r.subjectType, r.subjectId);
    const before = heads.get(stream);
    if (before && (Number(r.streamPosition) !== before.position + 1 || r.prevHash !== before.hash))
      problems.push(`${at}: does not follow the stream's previous event in the export (#${before.position})`);
    heads.set(stream, { position: Number(r.streamPosition), hash: r.hash });
  } else if (r.kind === 'anchor') {
    anchors++;
    const at = `${where} (anchor ${r.id})`;
    if (chain.anchorHash({ ...r, createdAt: new Date(r.createdAt) }) !== r.hash)
      problems.push(`${at}: its content does not match its hash`);
    if (!chain.verifySignature(publicKey, r.hash, r.signature))
      problems.push(`${at}: its signature does not verify`);
    if (prevAnchor && r.prevHash !== prevAnchor) problems.push(`${at}: does not follow the previous anchor`);
    prevAnchor = r.hash;
  }
}
if (events !== header.events || anchors !== header.anchors)
  problems.push(
    `the header counts ${header.events} events and ${header.anchors} anchors, the file has ${events} and ${anchors}`,
  );
if (problems.length) {
  for (const p of problems) console.log(`FAIL: ${p}`);
  process.exit(1);
}
console.log(
  `OK: ${events} events, ${anchors} anchors, ${header.from} – ${header.to}, signed by key ${header.keyId}`,
);
