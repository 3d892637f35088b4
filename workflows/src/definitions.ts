import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ApplicationContent,
  ApplicationStatus,
  CallStatus,
  FormalCheckDecision,
  PatchApplicationInput,
} from '@kjflow/domain';

/** Shared by the workflows and the API client: names and payload types in one place. */

export interface CallState {
  callId: string;
  status: CallStatus;
  created: boolean;
}

export const callCreatedUpdate = defineUpdate<CallState>('callCreated');
export const callStateQuery = defineQuery<CallState>('callState');

export interface ApplicationState {
  applicationId: string;
  status: ApplicationStatus;
  content: ApplicationContent;
  version: number;
  submittedAt: string | null;
}

export interface EditDraftArgs {
  actorId: string;
  patch: PatchApplicationInput;
  /** Optimistic concurrency: the version the editor last saw (If-Match), if any. */
  expectedVersion?: number;
}

export interface SubmitArgs {
  actorId: string;
}

export interface FormalCheckArgs {
  actorId: string;
  decision: FormalCheckDecision;
  reason?: string;
}

export const applicationCreatedUpdate = defineUpdate<ApplicationState>('applicationCreated');
export const editDraftUpdate = defineUpdate<ApplicationState, [EditDraftArgs]>('editDraft');
export const submitUpdate = defineUpdate<ApplicationState, [SubmitArgs]>('submit');
export const formalCheckUpdate = defineUpdate<ApplicationState, [FormalCheckArgs]>('decideFormalCheck');
export const applicationStateQuery = defineQuery<ApplicationState>('applicationState');
