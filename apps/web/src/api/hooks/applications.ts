import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../client';
import type { ApplicationContent, ApplicationView, SubmitResult } from './work';

/** An application with its version as the ETag says (If-Match on the next save). */
export interface Versioned {
  view: ApplicationView;
  etag: string;
}

async function withEtag(
  p: Promise<{ data?: ApplicationView; error?: unknown; response: Response }>,
): Promise<Versioned> {
  const { data, error, response } = await p;
  if (!response.ok || !data) throw ApiError.from(response.status, error);
  return { view: data, etag: response.headers.get('etag') ?? `"${data.version}"` };
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: ['application', id],
    queryFn: () => withEtag(api.GET('/applications/{id}', { params: { path: { id } } })),
    // The form holds the user's typing: a background refetch must not replace it.
    refetchOnWindowFocus: false,
  });
}

export const fetchApplication = (id: string) =>
  withEtag(api.GET('/applications/{id}', { params: { path: { id } } }));

export type DraftPatch = Partial<Omit<ApplicationContent, 'budget'>> & {
  budget?: NonNullable<ApplicationContent['budget']>;
};

/** Saves the draft; a 412 (someone saved in between) surfaces as ApiError status 412. */
export const saveDraft = (id: string, etag: string, body: DraftPatch) =>
  withEtag(
    api.PATCH('/applications/{id}', {
      params: { path: { id }, header: { 'if-match': etag } },
      body: body as never,
    }),
  );

/** A challenge call's application is a bid on the call's challenge (topicId). */
export const createApplication = (callId: string, title: string, topicId?: string | null) =>
  unwrap(api.POST('/applications', { body: { callId, title, ...(topicId ? { topicId } : {}) } }));

export const submitApplication = (id: string): Promise<SubmitResult> =>
  unwrap(
    api.POST('/applications/{id}/submit', { params: { path: { id } }, body: { integrityPledge: true } }),
  );

export function useAttachments(id: string) {
  return useQuery({
    queryKey: ['application', id, 'attachments'],
    queryFn: () => unwrap(api.GET('/applications/{id}/attachments', { params: { path: { id } } })),
  });
}

export function useCall(id: string | null) {
  return useQuery({
    queryKey: ['call', id],
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: id! } } })),
  });
}
