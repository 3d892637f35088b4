import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import { useCommand, type CommandInit } from './command';
import type { Body, Ok } from './ok';
import { page } from './ok';

export type MyReview = Ok<'/reviews/mine', 'get'>['items'][number];
export type OpenedApplication = Ok<'/reviews/{id}/application', 'get'>;
export type ScoreSheetBody = Body<'/reviews/{id}/score', 'post'>;
export type PanelSeat = Ok<'/panel-reviews/mine', 'get'>['items'][number];
export type PanelOpinionBody = Body<'/panel-reviews/{id}/opinion', 'post'>;

export const expertLists = {
  reviews: (next?: string) => unwrap(api.GET('/reviews/mine', { params: { query: page(next) } })),
  panels: (next?: string) => unwrap(api.GET('/panel-reviews/mine', { params: { query: page(next) } })),
};

/**
 * One invitation of the expert. The API has no GET /reviews/:id: the expert's own list holds it
 * (read page by page until found; an expert has a few dozen at most).
 */
async function findOwn<T extends { id: string }>(
  fetchPage: (next?: string) => Promise<{ items: T[]; next: string | null }>,
  id: string,
): Promise<T | null> {
  let next: string | undefined;
  do {
    const p = await fetchPage(next);
    const hit = p.items.find((x) => x.id === id);
    if (hit) return hit;
    next = p.next ?? undefined;
  } while (next);
  return null;
}

export function useMyReview(id: string) {
  return useQuery({ queryKey: ['expert', 'review', id], queryFn: () => findOwn(expertLists.reviews, id) });
}

export function useMyPanelSeat(id: string) {
  return useQuery({ queryKey: ['expert', 'panel', id], queryFn: () => findOwn(expertLists.panels, id) });
}

/** The application as the expert may see it (blind where the program says so) and the rubric. */
export function useOpenedApplication(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['expert', 'review', id, 'application'],
    queryFn: () => unwrap(api.GET('/reviews/{id}/application', { params: { path: { id } } })),
    enabled,
  });
}

/** Every expert action (with its Idempotency-Key) changes the invitation, the lists and the inbox: all are read again. */
function useExpertMutation<V>(fn: (v: V, init: CommandInit) => Promise<unknown>) {
  return useCommand(fn, [['expert'], ['inbox']]);
}

export function useReviewActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    respond: useExpertMutation((body: { decision: 'accept' | 'decline'; reason?: string }, init) =>
      unwrap(api.POST('/reviews/{id}/response', { ...path, body, ...init })),
    ),
    recuse: useExpertMutation((body: { reason: string }, init) =>
      unwrap(api.POST('/reviews/{id}/recusal', { ...path, body, ...init })),
    ),
    saveDraft: useExpertMutation((body: ScoreSheetBody, init) =>
      unwrap(api.PUT('/reviews/{id}/draft', { ...path, body, ...init })),
    ),
    submit: useExpertMutation((body: ScoreSheetBody, init) =>
      unwrap(api.POST('/reviews/{id}/score', { ...path, body, ...init })),
    ),
  };
}

export function usePanelActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    respond: useExpertMutation((body: { decision: 'accept' | 'decline'; reason?: string }, init) =>
      unwrap(api.POST('/panel-reviews/{id}/response', { ...path, body, ...init })),
    ),
    recuse: useExpertMutation((body: { reason: string }, init) =>
      unwrap(api.POST('/panel-reviews/{id}/recusal', { ...path, body, ...init })),
    ),
    opinion: useExpertMutation((body: PanelOpinionBody, init) =>
      unwrap(api.POST('/panel-reviews/{id}/opinion', { ...path, body, ...init })),
    ),
  };
}
