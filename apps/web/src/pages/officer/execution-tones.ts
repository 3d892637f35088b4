import type { AgreementStatus, CaseStatus, ProjectFilter } from '../../api/hooks/officer-execution';
import type { Tone } from '../../components/StatusTag';

// The colour of each status on the officer's execution pages (keyed by the API's enums, so a new
// status fails the type check until it has one).

export const AGREEMENT_TONES: Record<AgreementStatus, Tone> = {
  draft: 'todo',
  signed: 'ok',
  forfeited: 'bad',
};

export const PROJECT_TONES: Record<NonNullable<ProjectFilter['status']>, Tone> = {
  ongoing: 'info',
  rectifying: 'todo',
  terminated: 'bad',
  revoked: 'bad',
  accepted: 'ok',
  closed: 'ok',
  failed: 'bad',
};

export const CASE_TONES: Record<CaseStatus, Tone> = {
  reported: 'todo',
  dismissed: 'info',
  investigating: 'todo',
  decided: 'bad',
  under_review: 'todo',
  effective: 'bad',
  overturned: 'ok',
};
