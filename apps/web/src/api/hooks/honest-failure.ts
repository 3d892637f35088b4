import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import { useCommand, type CommandInit } from './command';
import type { Body, Ok } from './ok';

/**
 * 容错 (RULES §12.5) as each party works it: the PI asks with original records and a diligence
 * statement, the host institution confirms or refuses with its opinion, an officer records the
 * experts' confirmation (and flags the project's risk beforehand). One view for every party; a
 * command reads again every page that shows the project (the PI's, the institution's, the
 * officer's), its status changing to 结题 when the experts confirm.
 */
export type HonestFailureView = Ok<'/projects/{id}/honest-failure', 'get'>;
export type HonestFailurePhase = NonNullable<HonestFailureView['phase']>;
export type RiskProfile = NonNullable<HonestFailureView['riskProfile']>;
export type HonestFailureRequestBody = Body<'/projects/{id}/honest-failure', 'post'>;
export type HonestFailureConfirmationBody = Body<'/projects/{id}/honest-failure/confirmation', 'post'>;
export type ExpertConfirmationBody = Body<'/projects/{id}/honest-failure/expert-confirmation', 'post'>;
export type RiskProfileBody = Body<'/projects/{id}/risk-profile', 'put'>;
export type PoolExpert = Ok<'/experts', 'get'>['items'][number];
export type CreditRecordItem = Ok<'/credit-records', 'get'>['items'][number];

export const RISK_PROFILES: readonly RiskProfile[] = ['exploratory', 'high_risk'];

export function useHonestFailure(projectId: string) {
  return useQuery({
    queryKey: ['honest-failure', projectId],
    queryFn: () => unwrap(api.GET('/projects/{id}/honest-failure', { params: { path: { id: projectId } } })),
  });
}

/**
 * The honest_failure record once the project closed: read from its subject's (the PI's) records,
 * which the PI and staff may list; `enabled` false for a reader who may not (the host institution
 * sees the record's id and what it means, from the view).
 */
export function useHonestFailureRecord(view: HonestFailureView | undefined, enabled: boolean) {
  const personId = view?.request?.requestedBy;
  const recordId = view?.creditRecordId;
  return useQuery({
    queryKey: ['honest-failure', view?.projectId, 'record', recordId],
    enabled: enabled && Boolean(personId && recordId),
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/credit-records', {
          params: { query: { subjectType: 'person', subjectId: personId!, limit: 200 } },
        }),
      );
      return page.items.find((r) => r.id === recordId) ?? null;
    },
  });
}

/** The expert pool, searched on the server by name, organisation or keyword (available experts only). */
export function useExpertSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['honest-failure', 'experts', text],
    queryFn: () =>
      unwrap(
        api.GET('/experts', {
          params: { query: { available: 'true', limit: 50, ...(text ? { q: text } : {}) } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** A cited record's file, fetched with the login (a plain link would carry no token). */
export async function projectAttachmentFile(projectId: string, attachmentId: string): Promise<Blob> {
  return unwrap(
    api.GET('/projects/{id}/attachments/{attachmentId}', {
      params: { path: { id: projectId, attachmentId } },
      parseAs: 'blob',
    }),
  ) as Promise<unknown> as Promise<Blob>;
}

function useHonestFailureCommand<V>(fn: (v: V, init: CommandInit) => Promise<unknown>) {
  return useCommand(fn, [['honest-failure'], ['execution'], ['institution'], ['inbox'], ['work']]);
}

export function useHonestFailureActions(projectId: string) {
  const path = { params: { path: { id: projectId } } };
  return {
    request: useHonestFailureCommand((body: HonestFailureRequestBody, init) =>
      unwrap(api.POST('/projects/{id}/honest-failure', { ...path, body, ...init })),
    ),
    confirm: useHonestFailureCommand((body: HonestFailureConfirmationBody, init) =>
      unwrap(api.POST('/projects/{id}/honest-failure/confirmation', { ...path, body, ...init })),
    ),
    decide: useHonestFailureCommand((body: ExpertConfirmationBody, init) =>
      unwrap(api.POST('/projects/{id}/honest-failure/expert-confirmation', { ...path, body, ...init })),
    ),
    setRiskProfile: useHonestFailureCommand((body: RiskProfileBody, init) =>
      unwrap(api.PUT('/projects/{id}/risk-profile', { ...path, body, ...init })),
    ),
  };
}
