import { DataSource } from 'typeorm';
import {
  DEFAULT_REVIEW,
  organisationsOverLimitOnPanel,
  PANEL_MEMBER_LABELS,
  PANEL_SEAT_HOLDING_STATUSES,
  PanelMemberStatus,
  PanelOrganisationOverLimit,
} from '@kjflow/domain';
import { MidtermPanelEntity, MidtermPanelMemberRow, projectPanelTemplateOf } from '@kjflow/persistence';

/**
 * The organisations with more experts on a project's panel (中期检查, 验收) than its template's
 * maxPerOrganisation, from the seats held now and each expert's organisation as it stands, with
 * the names an officer reads; null for a reader who does not see the members' identities (the
 * organisations would name them). The limit is read as a redraw of the panel reads it.
 */
export async function panelOrganisationsOverLimit(
  ds: DataSource,
  panel: MidtermPanelEntity,
  members: readonly MidtermPanelMemberRow[],
  identities: boolean,
): Promise<PanelOrganisationOverLimit[] | null> {
  if (!identities) return null;
  const { panel: settings } = await projectPanelTemplateOf(ds, panel.projectId, panel.stage);
  const seats = members.map((m) => ({
    ...m,
    status: m.status as PanelMemberStatus,
    organisationKey: m.expertOrganisationKey,
  }));
  return organisationsOverLimitOnPanel(
    seats,
    // As the assignment engine reads it (its panel rules default an absent one to 1).
    settings.maxPerOrganisation ?? DEFAULT_REVIEW.panel.maxPerOrganisation,
    PANEL_SEAT_HOLDING_STATUSES,
  ).map((o) => ({
    organisationKey: o.organisationKey,
    organisationName: o.experts[0].expertOrganisation,
    experts: o.experts.map((m) => ({
      id: m.expertId,
      name: m.expertName,
      memberId: m.id,
      status: m.status,
      statusLabel: PANEL_MEMBER_LABELS[m.status],
    })),
    seats: o.seats,
    limit: o.limit,
  }));
}
