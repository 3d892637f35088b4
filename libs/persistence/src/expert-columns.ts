import { ExpertRecord, expertOrganisationKey } from '@kjflow/domain';

/** The columns of an expert record, for INSERT and UPDATE, in this order (the API and the seed). */
export const EXPERT_COLUMNS = [
  'external_ref',
  'name',
  'title',
  'organisation',
  'institution_id',
  'organisation_key',
  'key_fields',
  'keywords',
  'region',
  'finance',
  'available',
  'load_cap',
  'relations',
  'declared_conflicts',
  'phone',
  'email',
] as const;

export function expertColumnValues(e: ExpertRecord): unknown[] {
  return [
    e.externalRef ?? null,
    e.name,
    e.title,
    e.organisation,
    e.institutionId ?? null,
    expertOrganisationKey(e),
    e.keyFields,
    e.keywords,
    e.region,
    e.finance,
    e.available,
    e.loadCap,
    JSON.stringify(e.relations),
    JSON.stringify(e.declaredConflicts),
    e.phone ?? null,
    e.email ?? null,
  ];
}
