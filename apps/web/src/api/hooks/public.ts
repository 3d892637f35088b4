import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import type { paths } from '../schema';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses:
    | { 200: { content: { 'application/json': infer J } } }
    | { 201: { content: { 'application/json': infer J } } };
}
  ? J
  : never;

export type PublicGuide = Json<'/public/guides/{id}', 'get'>;
export type PublicChallenge = Json<'/public/challenges', 'get'>['items'][number];
export type PassedList = Json<'/public/calls/{id}/passed-list', 'get'>;
export type PublicNotice = Json<'/public/awards/{id}/notice', 'get'>;

/** One page of published guides (the server pages with a cursor). */
export const fetchGuides = (next?: string) =>
  unwrap(api.GET('/public/guides', { params: { query: { limit: 20, ...(next ? { next } : {}) } } }));
export const fetchChallenges = (next?: string) =>
  unwrap(api.GET('/public/challenges', { params: { query: { limit: 20, ...(next ? { next } : {}) } } }));
export const fetchCreditDecisions = (next?: string) =>
  unwrap(
    api.GET('/public/credit-decisions', { params: { query: { limit: 20, ...(next ? { next } : {}) } } }),
  );
export const fetchAcceptanceConclusions = (next?: string) =>
  unwrap(
    api.GET('/public/acceptance-conclusions', {
      params: { query: { limit: 20, ...(next ? { next } : {}) } },
    }),
  );

export function usePublicGuide(id: string) {
  return useQuery({
    queryKey: ['public', 'guide', id],
    queryFn: () => unwrap(api.GET('/public/guides/{id}', { params: { path: { id } } })),
  });
}

export function usePassedList(callId: string) {
  return useQuery({
    queryKey: ['public', 'passed-list', callId],
    queryFn: () => unwrap(api.GET('/public/calls/{id}/passed-list', { params: { path: { id: callId } } })),
  });
}

export function useAwardNotice(awardId: string) {
  return useQuery({
    queryKey: ['public', 'notice', awardId],
    queryFn: () => unwrap(api.GET('/public/awards/{id}/notice', { params: { path: { id: awardId } } })),
  });
}
