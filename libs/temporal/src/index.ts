export * from './search-attributes';
export * from './connection';
export * from './telemetry';

/** One task queue for the S&T lifecycle; scale out by running more workers on it. */
export const TASK_QUEUE = process.env.KJ_TASK_QUEUE || 'kjflow';
