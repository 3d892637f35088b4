export * from './search-attributes';
export * from './connection';

/** One task queue for the S&T lifecycle; scale out by running more workers on it. */
export const TASK_QUEUE = process.env.KJ_TASK_QUEUE || 'kjflow';
