import { FINANCE, ISSUER, Problem } from './schema';

/**
 * Panel roles: with the finance rule a panel holds a finance expert; with the issuer rule an
 * issuer representative; with both, two different experts hold them (an expert flagged for both
 * fills one of the two seats). The flow strategies route the same way (one slot per role).
 */
export function rolesSatisfied(p: Problem, members: ArrayLike<number>): boolean {
  let financeOnly = 0;
  let issuerOnly = 0;
  let both = 0;
  for (let i = 0; i < members.length; i++) {
    const f = p.expertFlags[members[i]];
    if (f & FINANCE && f & ISSUER) both++;
    else if (f & FINANCE) financeOnly++;
    else if (f & ISSUER) issuerOnly++;
  }
  const finance = financeOnly + both > 0;
  const issuer = issuerOnly + both > 0;
  // Two seats, each covered, by at least two different people.
  if (p.financeRule && p.issuerRule) return finance && issuer && financeOnly + issuerOnly + both >= 2;
  if (p.financeRule) return finance;
  if (p.issuerRule) return issuer;
  return true;
}
