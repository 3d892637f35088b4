import { FINANCE, ISSUER, Problem } from './schema';
import { Sha256 } from './sha256';

/**
 * SHA-256 of the request's canonical serialisation, so that requests meaning the same thing hash
 * alike whatever their key or list order. The serialisation is a UTF-8 JSON document followed by
 * two binary sections for the pair lists (they can hold a million pairs and are hashed on every
 * run, so they are kept compact):
 *
 * 1. JSON, keys in UTF-16 code-unit order at every level (as JavaScript sorts strings), no
 *    spaces, defaults filled in (maxPerOrganisation 1, absent flags false): applications and
 *    experts sorted by id, organisation ids sorted and de-duplicated, maxProbability quantised to
 *    0.01, candidateLimit and maxProbability omitted when absent, and "pairs": [A, F] where A and
 *    F count the affinity and forbidden entries of the sections below. Example:
 *    {"applications":[{"id":"A1","organisationIds":["O1"]}],"experts":[{"finance":true,"id":"E1",
 *    "issuerRepresentative":false,"loadCap":2,"organisationId":"O2"}],"k":1,"pairs":[1,0],"panel":
 *    {"atLeastOneFinance":true,"issuerRepresentativeRequired":false,"maxPerOrganisation":1},
 *    "seed":7,"strategy":"optimal"}
 * 2. Affinities: for each application with entries, ascending by position a in the sorted
 *    applications: varint(a), varint(n), then n × (varint(e), byte(h)) with e the expert's
 *    position in the sorted experts, ascending, and h the affinity in hundredths; zero entries
 *    are dropped (0 is what an unlisted pair means). Varints are unsigned LEB128.
 * 3. Forbidden pairs, de-duplicated: for each application with entries, varint(a), varint(n),
 *    then n × varint(e), ascending.
 */
export function canonicalInputHash(p: Problem): string {
  const h = new Sha256();
  const json = (s: string) => JSON.stringify(s);
  const appJson = p.appIds.map(json);
  const expertJson = p.expertIds.map(json);
  const { input } = p;

  h.update('{"applications":[');
  const byApp = new Map(input.applications.map((a) => [a.id, a]));
  p.appIds.forEach((id, a) => {
    const orgs = [...new Set(byApp.get(id)!.organisationIds)].sort().map(json);
    h.update(`${a ? ',' : ''}{"id":${appJson[a]},"organisationIds":[${orgs.join(',')}]}`);
  });
  h.update(']');
  if (input.candidateLimit !== undefined) h.update(`,"candidateLimit":${input.candidateLimit}`);
  h.update(',"experts":[');
  const byExpert = new Map(input.experts.map((e) => [e.id, e]));
  p.expertIds.forEach((id, e) => {
    const x = byExpert.get(id)!;
    h.update(
      `${e ? ',' : ''}{"finance":${(p.expertFlags[e] & FINANCE) !== 0},"id":${expertJson[e]},` +
        `"issuerRepresentative":${(p.expertFlags[e] & ISSUER) !== 0},"loadCap":${x.loadCap},` +
        `"organisationId":${json(x.organisationId)}}`,
    );
  });
  h.update(`],"k":${p.k}`);
  if (input.maxProbability !== undefined) h.update(`,"maxProbability":${(p.qNum / p.qDen).toString()}`);
  h.update(`,"pairs":[${p.affStart[p.nA]},${p.forbStart[p.nA]}]`);
  h.update(
    `,"panel":{"atLeastOneFinance":${p.financeRule},"issuerRepresentativeRequired":${p.issuerRule},` +
      `"maxPerOrganisation":${p.maxPerOrg}},"seed":${input.seed},"strategy":${json(input.strategy)}}`,
  );
  for (let a = 0; a < p.nA; a++) {
    const n = p.affStart[a + 1] - p.affStart[a];
    if (n === 0) continue;
    h.varint(a).varint(n);
    for (let i = p.affStart[a]; i < p.affStart[a + 1]; i++) h.varint(p.affExpert[i]).byte(p.affValue[i]);
  }
  for (let a = 0; a < p.nA; a++) {
    const n = p.forbStart[a + 1] - p.forbStart[a];
    if (n === 0) continue;
    h.varint(a).varint(n);
    for (let i = p.forbStart[a]; i < p.forbStart[a + 1]; i++) h.varint(p.forbExpert[i]);
  }
  return h.hex();
}
