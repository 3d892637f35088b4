import { ReviewAssignmentStatus, SEAT_HOLDING_STATUSES } from './review-round.rules';

/**
 * The organisation rule of a panel (同一单位专家上限, the template's `panel.maxPerOrganisation`):
 * at most that many experts of one organisation review one application, or sit on one project's
 * panel (中期检查, 验收). The draw keeps it, and so does every redraw, but a panel can still stand
 * over it: a draw recorded by solver `kjflow-assign/1.0.0` or `2.0.0` with the randomized strategy
 * (their rounding could seat two experts of one organisation; such draws replay as recorded), or
 * an expert whose organisation changed after the draw. The round's view and the project panel's
 * list those panels so that an officer can act.
 */

/** One expert's seat on one panel, as this rule reads it, with the status its kind of panel gives. */
export interface ExpertSeat<Status extends string = string> {
  expertId: string;
  status: Status;
  /**
   * The expert's organisation as the assignment engine counts it: expertOrganisationKey (the
   * registered institution's id, else `name:<organisation>`; stored as `organisation_key`), which
   * review-input gives the engine as the expert's organisationId.
   */
  organisationKey: string;
}

/** One invitation of a round: a seat on its application's panel. */
export interface PanelSeat extends ExpertSeat<ReviewAssignmentStatus> {
  applicationId: string;
}

/** One organisation with more experts on one panel than the limit. */
export interface OrganisationOnPanelOverLimit<S extends ExpertSeat = ExpertSeat> {
  organisationKey: string;
  /** How many of its experts hold a seat on the panel (more than `limit`). */
  seats: number;
  /** The seat of each of those experts, in the order given. */
  experts: S[];
  /** maxPerOrganisation. */
  limit: number;
}

/** One organisation with more experts on one application's panel of a round than the limit. */
export interface OrganisationOverLimit<
  S extends PanelSeat = PanelSeat,
> extends OrganisationOnPanelOverLimit<S> {
  applicationId: string;
}

function assertLimit(maxPerOrganisation: number): void {
  if (!Number.isInteger(maxPerOrganisation) || maxPerOrganisation < 1)
    throw new RangeError(`maxPerOrganisation must be a whole number from 1, not ${maxPerOrganisation}`);
}

/**
 * The organisations over `maxPerOrganisation` on one panel, given its seats (any order, any
 * status): only the seats held count (`seatHolding`, the statuses of its kind of panel that still
 * hold a seat: an expert who declined or recused no longer sits on it), each expert once.
 * Organisations come in the order of their first seat held.
 */
export function organisationsOverLimitOnPanel<Status extends string, S extends ExpertSeat<Status>>(
  seats: readonly S[],
  maxPerOrganisation: number,
  seatHolding: readonly Status[],
): Array<OrganisationOnPanelOverLimit<S>> {
  assertLimit(maxPerOrganisation);
  // organisation → expert → their first held seat
  const organisations = new Map<string, Map<string, S>>();
  for (const seat of seats) {
    if (!seatHolding.includes(seat.status)) continue;
    let experts = organisations.get(seat.organisationKey);
    if (!experts) organisations.set(seat.organisationKey, (experts = new Map()));
    if (!experts.has(seat.expertId)) experts.set(seat.expertId, seat);
  }
  return [...organisations]
    .filter(([, experts]) => experts.size > maxPerOrganisation)
    .map(([organisationKey, experts]) => ({
      organisationKey,
      seats: experts.size,
      experts: [...experts.values()],
      limit: maxPerOrganisation,
    }));
}

/**
 * The organisations over `maxPerOrganisation` on each application's panel of a round, given its
 * invitations (any order, any status): each panel as organisationsOverLimitOnPanel reads it, with
 * SEAT_HOLDING_STATUSES (an expert who declined, did not answer, recused or missed the deadline
 * no longer sits on the panel). Panels come in the order of their first seat held.
 */
export function organisationsOverLimit<S extends PanelSeat>(
  seats: readonly S[],
  maxPerOrganisation: number,
): Array<OrganisationOverLimit<S>> {
  assertLimit(maxPerOrganisation);
  const panels = new Map<string, S[]>();
  for (const seat of seats) {
    if (!SEAT_HOLDING_STATUSES.includes(seat.status)) continue;
    let held = panels.get(seat.applicationId);
    if (!held) panels.set(seat.applicationId, (held = []));
    held.push(seat);
  }
  return [...panels].flatMap(([applicationId, held]) =>
    organisationsOverLimitOnPanel(held, maxPerOrganisation, SEAT_HOLDING_STATUSES).map((o) => ({
      applicationId,
      ...o,
    })),
  );
}
