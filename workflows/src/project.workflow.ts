import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, RegisterProjectRecord } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { projectRegisteredUpdate, ProjectState, projectStateQuery } from './definitions';
import { projectRun, ProjectRun, settled } from './project/run';
import { reportsPart } from './project/reports';
import { changesPart } from './project/changes';
import { midtermPart } from './project/midterm';
import { midtermPanelPart } from './project/midterm-panel';
import { racePart, raceOpensAt } from './project/race';
import { milestonesPart } from './project/milestones';
import { honestFailurePart } from './project/honest-failure';
import { acceptancePart } from './project/acceptance';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface ProjectInput {
  projectId: string;
  /** A project registered from the bureau's earlier records: written as this workflow's first step. */
  registration?: Omit<RegisterProjectRecord, 'projectId'>;
  /** Started by its agreement's signing: the project is opened from the agreement as the first step. */
  agreementId?: string;
  /** Carried over by continue-as-new: the project is open, this is where it stands. */
  carried?: ProjectState;
}

/** The parts of a project's run: each registers its command handlers and its duties. */
const PARTS: ReadonlyArray<(run: ProjectRun) => void> = [
  reportsPart,
  changesPart,
  midtermPart,
  midtermPanelPart,
  racePart,
  milestonesPart,
  honestFailurePart,
  acceptancePart,
];

/**
 * One project (`project-<id>`). A signed agreement starts it: its first step writes the record
 * (执行中) and the schedule the template sets; from then on it owns the project until acceptance,
 * taking its commands and doing its duties on time, and continues as new when its history grows
 * (carrying only its small state). A project registered from earlier records closes once written
 * (the same id reopens it).
 */
export async function projectWorkflow(input: ProjectInput): Promise<ProjectState> {
  if (input.registration) return registered(input);
  const state: ProjectState = input.carried ?? {
    projectId: input.projectId,
    registered: false,
    agreementId: input.agreementId,
  };
  const run = projectRun(state);
  setHandler(projectStateQuery, () => state);
  setHandler(projectRegisteredUpdate, async () => {
    await condition(() => state.registered);
    return state;
  });
  if (!state.registered)
    void run.serial(async () => {
      const plan = await run.acts.openProject({
        projectId: state.projectId,
        agreementId: state.agreementId!,
        at: Date.now(),
      });
      state.status = 'ongoing';
      state.startsAt = plan.schedule.startsAt;
      state.endsAt = plan.schedule.endsAt;
      state.midtermAt = plan.schedule.midtermAt;
      state.stages = plan.stages;
      state.reports = plan.schedule.reports.map((r) => ({ ...r, status: 'due' }));
      state.reportTimings = plan.reportTimings;
      if (plan.race)
        state.race = {
          id: plan.race.id,
          opensAt: raceOpensAt(plan.schedule.midtermAt, plan.race.midpointDate),
          started: false,
        };
      state.registered = true;
    });
  for (const part of PARTS) part(run);

  await condition(() => state.registered);
  while (!settled(state)) {
    const now = Date.now();
    const due = run.duties
      .map((d) => ({ d, at: d.dueAt() }))
      .filter((x): x is { d: (typeof run.duties)[number]; at: number } => x.at !== null)
      .sort((a, b) => a.at - b.at)[0];
    if (due && due.at <= now) {
      await run.serial(() => due.d.run());
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) break;
    const seen = run.commands();
    await condition(() => run.commands() !== seen || settled(state), due ? due.at - now : undefined);
  }
  await condition(allHandlersFinished);
  if (!settled(state))
    await continueAsNew<typeof projectWorkflow>({ projectId: state.projectId, carried: state });
  return state;
}

/** A project from the bureau's earlier records: its record is the only step. */
async function registered(input: ProjectInput): Promise<ProjectState> {
  const state: ProjectState = { projectId: input.projectId, registered: false };
  setHandler(projectStateQuery, () => state);
  setHandler(projectRegisteredUpdate, async () => {
    await condition(() => state.registered);
    return state;
  });
  await acts.registerProject({ projectId: input.projectId, ...input.registration! });
  state.registered = true;
  await condition(allHandlersFinished);
  return state;
}
