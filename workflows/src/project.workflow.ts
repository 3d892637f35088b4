import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities, RegisterProjectRecord } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { projectRegisteredUpdate, ProjectState, projectStateQuery } from './definitions';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface ProjectInput {
  projectId: string;
  /** A project registered from the bureau's earlier records: written as this workflow's first step. */
  registration?: Omit<RegisterProjectRecord, 'projectId'>;
}

/**
 * One project (`project-<id>`), started by update-with-start: its record is written by its first
 * step, so a project the API returns already has its workflow. For now the workflow closes once
 * the record is written (the same id reopens it); it grows into the project's long-lived process.
 */
export async function projectWorkflow(input: ProjectInput): Promise<ProjectState> {
  const state: ProjectState = { projectId: input.projectId, registered: false };
  setHandler(projectStateQuery, () => state);
  setHandler(projectRegisteredUpdate, async () => {
    await condition(() => state.registered);
    return state;
  });
  if (input.registration) await acts.registerProject({ projectId: input.projectId, ...input.registration });
  state.registered = true;
  await condition(allHandlersFinished);
  return state;
}
