/**
 * Expert assignment (专家分配): who reviews which application. Three strategies over the same
 * rules — k experts per application, load caps, conflict-of-interest exclusions (plus: never an
 * expert of one of the application's own organisations), at most maxPerOrganisation experts of
 * one organisation per panel, a finance expert on every panel and optionally an issuer
 * representative (with both rules, two different experts hold the two seats):
 *
 * - random (随机抽取): seeded uniform draws, applications in a seeded order (assignment/random.ts);
 * - optimal: maximum total affinity as a min-cost flow, ties spread load (assignment/flow.ts);
 * - randomized: the fractional optimum with every pair's probability capped at q, sampled by
 *   dependent rounding, so each pair is chosen with exactly its fractional value (rounding.ts).
 *
 * Pure and seeded (xoshiro128** from the uint32 seed; no clock, no Math.random): the same
 * request gives the same result, whatever its key or list order, and the result carries the
 * SHA-256 of the canonical request (canonical.ts) and the solver version. Among equally good
 * assignments each solver version picks its own, so a recorded draw is replayed (and a running
 * round redraws) with the version it recorded: `assignExperts(input, solverVersion)`.
 *
 * Infeasible requests throw a 400 DomainError ('validation_failed') that names every application
 * that cannot get a full panel, with its qualified against needed counts (or the missing role,
 * or the applications competing for its experts), in zh-CN and English, one field per
 * application (`applications.<index>`). No partial assignment is returned.
 *
 * The implementation lives in ./assignment/.
 */
export {
  ASSIGNMENT_SOLVER_VERSION,
  ASSIGNMENT_SOLVER_VERSIONS,
  ASSIGNMENT_STRATEGIES,
  ASSIGNMENT_STRATEGY_LABELS,
  affinityEntrySchema,
  assignmentApplicationSchema,
  assignmentExpertSchema,
  assignmentInputSchema,
  forbiddenPairSchema,
  panelRulesSchema,
} from './assignment/schema';
export type {
  AssignmentInput,
  AssignmentInputData,
  AssignmentSolverVersion,
  AssignmentStrategy,
  ExpertPair,
  PanelRules,
} from './assignment/schema';
export { assignExperts, sampleFractionalAssignment, solveFractionalAssignment } from './assignment/engine';
export type {
  AssignedPair,
  AssignmentResult,
  FractionalAssignment,
  PairProbability,
} from './assignment/engine';
export type { PanelRole, Shortfall } from './assignment/candidates';
export { replacementDraw } from './assignment/replacement';
export type { ReplacementRequest, ReplacementResult } from './assignment/replacement';
export { createPrng } from './assignment/prng';
export type { Prng } from './assignment/prng';
export { sha256Hex } from './assignment/sha256';
