import { api, unwrap } from '../client';
import type { Ok } from './ok';
import { page } from './ok';

export type InboxPage = Ok<'/inbox', 'get'>;
export type InboxItem = InboxPage['items'][number];
export type InboxKind = InboxItem['kind'];

/** One page of the caller's task inbox, soonest deadline first; `kind` filters on the server. */
export const fetchInbox = (kind: InboxKind | undefined, next?: string) =>
  unwrap(api.GET('/inbox', { params: { query: { ...(kind ? { kind } : {}), ...page(next) } } }));
