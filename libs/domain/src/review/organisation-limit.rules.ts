import { ReviewAssignmentStatus, SEAT_HOLDING_STATUSES } from './review-round.rules';

/**
 * The organisation rule of a panel (同一单位专家上限, the template's `panel.maxPerOrganisation`):
 * at most that many experts of one organisation review one application. The draw keeps it, and
 * so does every redraw, but a panel can still stand over it: a draw recorded by solver
 * `kjflow-assign/1.0.0` or `2.0.0` with the randomized strategy (their rounding could seat two
 * experts of one organisation; such draws replay as recorded), or an expert whose organisation
 * changed after the draw. The round's view lists those panels so that an officer can act.
 */

/** One invitation of a round, as this rule reads it. */
export interface PanelSeat {
  applicationId: string;
  expertId: string;
  status: ReviewAssignmentStatus;
  /**
   * The expert's organisation as the assignment engine counts it: expertOrganisationKey (the
   * registered institution's id, else `name:<organisation>`; stored as `organisation_key`), which
   * review-input gives the engine as the expert's organisationId.
   */
  organisationKey: string;
}

/** One organisation with more experts on one application's panel than the limit. */
export interface OrganisationOverLimit<S extends PanelSeat = PanelSeat> {
  applicationId: string;
  organisationKey: string;
  /** How many of its experts hold a seat on the panel (more than `limit`). */
  seats: number;
  /** The seat of each of those experts, in the order given. */
  experts: S[];
  /** maxPerOrganisation. */
  limit: number;
}

/**
 * The organisations over `maxPerOrganisation` on a panel, given a round's invitations (any
 * order, any status): only the seats held count (SEAT_HOLDING_STATUSES: an expert who declined,
 * did not answer, recused or missed the deadline no longer sits on the panel), each expert once.
 * Panels come in the order of their first invitation given, organisations likewise within one.
 */
export function organisationsOverLimit<S extends PanelSeat>(
  seats: readonly S[],
  maxPerOrganisation: number,
): Array<OrganisationOverLimit<S>> {
  if (!Number.isInteger(maxPerOrganisation) || maxPerOrganisation < 1)
    throw new RangeError(`maxPerOrganisation must be a whole number from 1, not ${maxPerOrganisation}`);
  // application → organisation → expert → their first held seat
  const panels = new Map<string, Map<string, Map<string, S>>>();
  for (const seat of seats) {
    if (!SEAT_HOLDING_STATUSES.includes(seat.status)) continue;
    let panel = panels.get(seat.applicationId);
    if (!panel) panels.set(seat.applicationId, (panel = new Map()));
    let experts = panel.get(seat.organisationKey);
    if (!experts) panel.set(seat.organisationKey, (experts = new Map()));
    if (!experts.has(seat.expertId)) experts.set(seat.expertId, seat);
  }
  const over: Array<OrganisationOverLimit<S>> = [];
  for (const [applicationId, panel] of panels)
    for (const [organisationKey, experts] of panel)
      if (experts.size > maxPerOrganisation)
        over.push({
          applicationId,
          organisationKey,
          seats: experts.size,
          experts: [...experts.values()],
          limit: maxPerOrganisation,
        });
  return over;
}
