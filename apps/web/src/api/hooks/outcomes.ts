import { api, unwrap } from '../client';
import type { paths } from '../schema';
import { useCommand } from './command';
import type { Body, Ok } from './ok';
import { page } from './ok';

/**
 * 成果: registered by the project's PI or host institution, verified by the bureau. Queries share
 * the prefix ['outcomes'] (the project pages' lists sit under ['execution']); a command refreshes both.
 */
export type OutcomeView = Ok<'/outcomes/{id}', 'get'>;
export type OutcomeBody = Body<'/projects/{id}/outcomes', 'post'>;
export type OutcomeType = OutcomeBody['type'];
export type OutcomeDecision = Body<'/outcomes/{id}/verification', 'post'>['decision'];
export type OutcomeStatus = OutcomeView['status'];
/** The outcome list's server-side filters (GET /outcomes). */
export type OutcomeFilter = Pick<
  NonNullable<paths['/outcomes']['get']['parameters']['query']>,
  'status' | 'type' | 'projectId'
>;

/** Every outcome the filter selects (staff and auditors), newest first. */
export const outcomesList = (filter: OutcomeFilter) => (next?: string) =>
  unwrap(api.GET('/outcomes', { params: { query: { ...page(next), ...filter } } }));

const REFRESH = [['outcomes'], ['execution'], ['inbox'], ['work']];

export function useOutcomeActions() {
  return {
    register: useCommand(
      (v: { projectId: string; body: OutcomeBody }, init) =>
        unwrap(
          api.POST('/projects/{id}/outcomes', {
            params: { path: { id: v.projectId } },
            body: v.body,
            ...init,
          }),
        ),
      REFRESH,
    ),
    resubmit: useCommand(
      (v: { id: string; body: OutcomeBody }, init) =>
        unwrap(
          api.POST('/outcomes/{id}/resubmission', { params: { path: { id: v.id } }, body: v.body, ...init }),
        ),
      REFRESH,
    ),
    verify: useCommand(
      (v: { id: string; decision: OutcomeDecision; comment: string | null }, init) =>
        unwrap(
          api.POST('/outcomes/{id}/verification', {
            params: { path: { id: v.id } },
            body: { decision: v.decision, comment: v.comment },
            ...init,
          }),
        ),
      REFRESH,
    ),
  };
}
