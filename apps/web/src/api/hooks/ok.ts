import type { paths } from '../schema';

/** The JSON body of a 200 (or 201) answer of `method path`. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer J } } }
    ? J
    : R extends { 201: { content: { 'application/json': infer J } } }
      ? J
      : never
  : never;

/** The JSON body `method path` takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** A cursor page's query: 20 rows, from `next`. */
export const page = (next?: string) => ({ limit: 20, ...(next ? { next } : {}) });
