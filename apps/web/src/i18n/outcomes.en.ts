import type { outcomesZh } from './outcomes.zh';

/** Outcome registration and verification in English: every key of outcomes.zh.ts. */
export const outcomesEn: Record<keyof typeof outcomesZh, string> = {
  'menu.officer.outcomes': 'Outcome verification',
  'outcome.registerTitle': 'Register an outcome',
  'outcome.resubmitTitle': 'Correct and resubmit: {title}',
  'outcome.register': 'Register',
  'outcome.resubmit': 'Resubmit',
  'outcome.sent': 'Sent: the bureau will verify it',
  'outcome.titleHint': 'As the evidence names it',
  'outcome.occurredOnHint': 'When it was applied for, granted, signed, published or recognised',
  'outcome.reference': 'Evidence number',
  'outcome.referenceHint':
    'A patent number, contract registration number, DOI or certificate number; or pick or upload files below',
  'outcome.files': 'Evidence files',
  'outcome.placementHint':
    'Key field and county are the project’s; choose others only where the evidence places the outcome elsewhere (a result transferred to an enterprise in another county), and say why.',
  'outcome.asProject': 'As the project',
  'outcome.placementNote': 'Why it is placed elsewhere',
  'outcome.yuan': 'yuan',
  'outcome.comment': 'Comments',
  'outcome.actions': 'Actions',
  'outcome.correct': 'Correct and resubmit',
  'outcome.countsWhenVerified':
    'An outcome counts toward the plan’s indicators once the bureau has verified it.',
  'outcome.yes': 'Yes',
  'outcome.no': 'No',
  'outcome.submitted': 'Submitted',
  'outcome.version': 'version {n}',
  'outcome.decision': 'Verification',
  'outcome.decision.verify': 'Verify',
  'outcome.decision.return': 'Return for revision',
  'outcome.decision.reject': 'Reject',
  'outcome.project': 'Project',
  'outcome.noneToVerify': 'No outcomes match',
  'outcome.verifyTitle': 'Verify',
  'outcome.decide': 'Decide',
  'outcome.confirmReject': 'Reject this outcome?',
};
