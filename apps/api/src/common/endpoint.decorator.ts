import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import type { ZodType } from 'zod';
import type { Role } from '@kjflow/domain';

export const ENDPOINT_METADATA = 'kjflow:endpoint';

/**
 * One description per route, read by four consumers: the auth guard (public / roles), the
 * validation interceptor (body, query, params), the worker gate (command) and the OpenAPI
 * generator (everything). The zod
 * schemas are the only definition of a request and response shape.
 */
export interface EndpointSpec {
  summary: string;
  tags?: string[];
  /** Reachable without a login. */
  public?: boolean;
  /** Any one of these roles may call it; absent means any logged-in user. */
  roles?: Role[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  /** Success status; defaults to 200 (201 for creating POSTs). */
  status?: number;
  /**
   * Sends a command to a workflow (update, update-with-start, start, signal): refused with 503
   * `worker_unavailable` while no worker polls, before anything is written, and documented so.
   */
  command?: boolean;
  /**
   * The route takes a file as the raw request body (streamed, never parsed): the media types it
   * accepts, for the document. Every other route refuses a non-JSON body with 415.
   */
  upload?: { mediaTypes: string[]; description: string };
  /**
   * The route answers with a file, not JSON (PDF, spreadsheet, an attachment): its media types,
   * for the document (the success response is then binary content of these types).
   */
  download?: { mediaTypes: string[]; description?: string };
  /**
   * Another status the route answers with the same body as its success, e.g. the health check's
   * 503 when a dependency is missing (documented with the response schema, not the error envelope).
   */
  alsoAnswers?: { status: number; description: string };
  /**
   * Refusals the route gives beyond those its other fields imply (see errorResponses in
   * openapi/openapi.ts), by status, with when: e.g. `{ 401: 'Wrong username or password' }`.
   */
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503, string>>;
  /** Extra documented headers, e.g. ETag / If-Match. */
  headers?: { request?: ZodType; response?: Record<string, string> };
}

export function Endpoint(spec: EndpointSpec) {
  const decorators: MethodDecorator[] = [SetMetadata(ENDPOINT_METADATA, spec)];
  if (spec.status) decorators.push(HttpCode(spec.status));
  return applyDecorators(...decorators);
}
