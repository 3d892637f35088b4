import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import { useCommand, type CommandInit } from './command';
import type { Body, Ok } from './ok';
import { page } from './ok';

/**
 * The execution of an award as its PI works it (任务书 → 项目执行): the agreement and its
 * signature, then the project's progress reports, change requests, mid-term check, acceptance,
 * attachments and outcomes. Every query shares the key prefix ['execution'], so a command
 * refreshes what it changed.
 */
export type AgreementView = Ok<'/agreements/{id}', 'get'>;
export type ProjectView = Ok<'/projects/{id}', 'get'>;
export type ReportView = Ok<'/projects/{id}/reports', 'get'>['items'][number];
export type ChangeView = Ok<'/projects/{id}/changes', 'get'>['items'][number];
export type MidtermView = Ok<'/projects/{id}/midterm', 'get'>;
export type AcceptanceView = Ok<'/projects/{id}/acceptance', 'get'>;
export type ProjectAttachment = Ok<'/projects/{id}/attachments', 'get'>['items'][number];
export type OutcomeItem = Ok<'/projects/{id}/outcomes', 'get'>['items'][number];
export type ChangeRequestBody = Body<'/projects/{id}/changes', 'post'>;
export type MidtermBody = Body<'/projects/{id}/midterm/submission', 'post'>;
export type DossierBody = Body<'/projects/{id}/acceptance/dossier', 'post'>;

const KEY = 'execution';

export function useAgreement(id: string | null | undefined) {
  return useQuery({
    queryKey: [KEY, 'agreement', id],
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/agreements/{id}', { params: { path: { id: id! } } })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: [KEY, 'project', id],
    queryFn: () => unwrap(api.GET('/projects/{id}', { params: { path: { id } } })),
  });
}

/** A project's schedule of reports: at most one per cadence over the term, so one page of 120 holds them. */
export function useReports(id: string) {
  return useQuery({
    queryKey: [KEY, 'project', id, 'reports'],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/reports', { params: { path: { id }, query: { limit: 120 } } })),
  });
}

export const projectChanges = (id: string) => (next?: string) =>
  unwrap(api.GET('/projects/{id}/changes', { params: { path: { id }, query: page(next) } }));

/** A change of PI names one of these: the host institution's applicants, by name (GET …/pi-candidates). */
export async function piCandidates(id: string, q: string) {
  const found = await unwrap(
    api.GET('/projects/{id}/pi-candidates', {
      params: { path: { id }, query: { limit: 20, ...(q ? { q } : {}) } },
    }),
  );
  return found.items.map((u) => ({ value: u.id, label: u.displayName }));
}

/** A change of host names one of these: the institutions registered, by name (GET /institutions). */
export async function institutionsByName(q: string) {
  const found = await unwrap(
    api.GET('/institutions', { params: { query: { limit: 20, ...(q ? { q } : {}) } } }),
  );
  return found.items.map((i) => ({ value: i.id, label: `${i.name}（${i.county}）` }));
}

export const projectOutcomes = (id: string) => (next?: string) =>
  unwrap(api.GET('/projects/{id}/outcomes', { params: { path: { id }, query: page(next) } }));

/** The mid-term check; a program without one answers 422 (shown as such, not retried). */
export function useMidterm(id: string) {
  return useQuery({
    queryKey: [KEY, 'project', id, 'midterm'],
    queryFn: () => unwrap(api.GET('/projects/{id}/midterm', { params: { path: { id } } })),
    retry: false,
  });
}

export function useAcceptance(id: string) {
  return useQuery({
    queryKey: [KEY, 'project', id, 'acceptance'],
    queryFn: () => unwrap(api.GET('/projects/{id}/acceptance', { params: { path: { id } } })),
    retry: false,
  });
}

export function useProjectAttachments(id: string) {
  return useQuery({
    queryKey: [KEY, 'project', id, 'attachments'],
    queryFn: () => unwrap(api.GET('/projects/{id}/attachments', { params: { path: { id } } })),
  });
}

/** A command with its Idempotency-Key; on success the execution pages, the inbox and the work lists are read again. */
function useExecutionMutation<V, R>(fn: (v: V, init: CommandInit) => Promise<R>) {
  return useCommand(fn, [[KEY], ['inbox'], ['work']]);
}

export function useAgreementActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    /** The caller signs as the party their account is (the API decides which); a PI of a challenge with the 军令状. */
    sign: useExecutionMutation((performancePledge: boolean | undefined, init) =>
      unwrap(
        api.POST('/agreements/{id}/signatures', {
          ...path,
          body: performancePledge === undefined ? {} : { performancePledge },
          ...init,
        }),
      ),
    ),
    approve: useExecutionMutation((seq: number, init) =>
      unwrap(
        api.POST('/agreements/{id}/installments/{seq}/approval', { params: { path: { id, seq } }, ...init }),
      ),
    ),
    pay: useExecutionMutation((seq: number, init) =>
      unwrap(
        api.POST('/agreements/{id}/installments/{seq}/payment', { params: { path: { id, seq } }, ...init }),
      ),
    ),
  };
}

/** The signed agreement as a PDF, fetched with the login (a plain link would carry no token). */
export async function agreementPdf(id: string): Promise<Blob> {
  return unwrap(
    api.GET('/agreements/{id}/agreement.pdf', { params: { path: { id } }, parseAs: 'blob' }),
  ) as Promise<unknown> as Promise<Blob>;
}

/** One of the project's files (or its application's, which its reports may cite), fetched with the login. */
export async function projectAttachment(id: string, attachmentId: string): Promise<Blob> {
  return unwrap(
    api.GET('/projects/{id}/attachments/{attachmentId}', {
      params: { path: { id, attachmentId } },
      parseAs: 'blob',
    }),
  ) as Promise<unknown> as Promise<Blob>;
}

export function useProjectActions(id: string) {
  return {
    submitReport: useExecutionMutation((v: { seq: number; body: Record<string, unknown> }, init) =>
      unwrap(
        api.POST('/projects/{id}/reports/{seq}/submission', {
          params: { path: { id, seq: v.seq } },
          body: v.body,
          ...init,
        }),
      ),
    ),
    requestChange: useExecutionMutation((body: ChangeRequestBody, init) =>
      unwrap(api.POST('/projects/{id}/changes', { params: { path: { id } }, body, ...init })),
    ),
    submitMidterm: useExecutionMutation((body: MidtermBody, init) =>
      unwrap(api.POST('/projects/{id}/midterm/submission', { params: { path: { id } }, body, ...init })),
    ),
    submitDossier: useExecutionMutation((body: DossierBody, init) =>
      unwrap(api.POST('/projects/{id}/acceptance/dossier', { params: { path: { id } }, body, ...init })),
    ),
  };
}
