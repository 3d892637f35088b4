import { useQuery } from '@tanstack/react-query';
import { answerOf, api, ApiError, unwrap } from '../client';
import { useCommand } from './command';
import type { ApplicationContent, ApplicationView, SubmitResult } from './work';

/** An application with its version as the ETag says (If-Match on the next save). */
export interface Versioned {
  view: ApplicationView;
  etag: string;
}

async function withEtag(
  p: Promise<{ data?: ApplicationView; error?: unknown; response: Response }>,
): Promise<Versioned> {
  const { data, error, response } = await answerOf(p);
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

/**
 * Saves the draft against the version it was read at (If-Match), with its Idempotency-Key; a 412
 * (someone saved in between) surfaces as ApiError status 412. The page keeps the saved copy itself.
 */
export function useSaveDraft(id: string) {
  return useCommand(
    (v: { etag: string; body: DraftPatch }, init) =>
      withEtag(
        api.PATCH('/applications/{id}', {
          params: { path: { id }, header: { 'if-match': v.etag } },
          body: v.body as never,
          ...init,
        }),
      ),
    [],
  );
}

/** Opens an application for a call; a challenge call's application is a bid on the call's challenge (topicId). */
export function useCreateApplication() {
  return useCommand(
    (v: { callId: string; title: string; topicId?: string | null }, init) =>
      unwrap(
        api.POST('/applications', {
          body: { callId: v.callId, title: v.title, ...(v.topicId ? { topicId: v.topicId } : {}) },
          ...init,
        }),
      ),
    [['work']],
  );
}

/** Submits the application with the integrity pledge; the work lists and the application are read again. */
export function useSubmitApplication(id: string) {
  return useCommand(
    (_: void, init): Promise<SubmitResult> =>
      unwrap(
        api.POST('/applications/{id}/submit', {
          params: { path: { id } },
          body: { integrityPledge: true },
          ...init,
        }),
      ),
    [['work'], ['application', id]],
  );
}

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
