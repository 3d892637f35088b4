import type { OutcomeBody, OutcomeType, OutcomeView } from '../../api/hooks/outcomes';
import type { Reference } from '../../api/hooks/reference';
import { yuanToFen } from '../../lib/money';

/** A field of an outcome type's details as GET /reference describes it (the domain's list). */
export type DetailField = Reference['outcomeTypes'][number]['fields'][number];

/** The form's values: money in yuan (the fields keep the API's names, so its messages land on them). */
export interface OutcomeFormValues {
  type: OutcomeType;
  title?: string;
  occurredOn?: string;
  evidence?: { reference?: string | null; attachmentIds?: string[] };
  keyField?: string | null;
  county?: string | null;
  placementNote?: string;
  details?: Record<string, string | number | boolean | null | undefined>;
}

/** The body the API takes: only the chosen type's details, yuan as fen, empty overrides left out. */
export function outcomeBody(v: OutcomeFormValues, fields: readonly DetailField[]): OutcomeBody {
  const details: Record<string, unknown> = {};
  for (const f of fields) {
    const value = v.details?.[f.name];
    if (f.kind === 'flag') details[f.name] = value === true;
    else if (f.kind === 'yuan') {
      if (typeof value === 'number') details[f.name] = yuanToFen(value);
    } else if (value !== undefined && value !== null && value !== '') details[f.name] = value;
  }
  const reference = v.evidence?.reference?.trim();
  return {
    type: v.type,
    title: v.title ?? '',
    occurredOn: v.occurredOn ?? '',
    evidence: { reference: reference ? reference : null, attachmentIds: v.evidence?.attachmentIds ?? [] },
    ...(v.keyField ? { keyField: v.keyField } : {}),
    ...(v.county ? { county: v.county } : {}),
    ...(v.placementNote?.trim() ? { placementNote: v.placementNote.trim() } : {}),
    details,
  } as OutcomeBody;
}

/**
 * A returned outcome as the form starts its correction from. Key field and county are the
 * recorded ones only where a note says they were placed elsewhere (otherwise they are the project's).
 */
export function outcomeFormFrom(o: OutcomeView, fields: readonly DetailField[]): OutcomeFormValues {
  const details: NonNullable<OutcomeFormValues['details']> = {};
  for (const f of fields) {
    const value = o.details[f.name];
    details[f.name] =
      f.kind === 'yuan' && typeof value === 'number' ? value / 100 : (value as string | number | boolean);
  }
  const placed = o.placementNote !== null;
  return {
    type: o.type,
    title: o.title,
    occurredOn: o.occurredOn,
    evidence: { reference: o.evidence.reference, attachmentIds: o.evidence.attachmentIds },
    keyField: placed ? o.keyField : null,
    county: placed ? o.county : null,
    placementNote: o.placementNote ?? '',
    details,
  };
}
