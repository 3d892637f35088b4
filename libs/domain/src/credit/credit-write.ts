/** Shared by the ledger writer (libs/persistence), the `recordCredit` activity and the API. */
/** What any stage writes into the ledger (the officer's input plus who, where from, and the key). */
export interface CreditRecordWrite {
  id: string;
  subject: { type: string; id: string };
  kind: string;
  severity: string;
  stage: string;
  projectId: string | null;
  facts: string;
  evidenceRefs: string[];
  decisionNo: string | null;
  effectiveFrom: string;
  effectiveUntil: string | null;
  referencesRecordId: string | null;
  isPublic: boolean;
  caseId?: string | null;
  /** The event (by its idempotency key) of the stage this record follows from. */
  sourceEvent?: { workflowId: string; step: string } | null;
  recordedBy: string | null;
  /** Idempotency: the writing workflow (or API request) and its step. */
  workflowId: string;
  step: string;
  at: number;
}
