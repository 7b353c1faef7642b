export { parsePlan, isPlanFormatError } from './model';
export type { Plan, PlanAction, Change, ResourceChange, OutputChange, PlanVariable } from './model';
export { changeKind, countChanges, summarizePlan, isMove, isImport, outputChanges } from './counts';
export type { ChangeKind, PlanCounts, PlanSummary } from './counts';
export {
  sensitiveStrings,
  createScrubber,
  SENSITIVE_TEXT,
  UNKNOWN_TEXT,
  MIN_SCRUB_LENGTH,
} from './sensitive';
export type { Scrubber } from './sensitive';
export { attributeChanges, MAX_VALUE_CHARS } from './attributes';
export type { AttributeChange } from './attributes';
export { renderHeader, renderCountsTable, renderDestructive, renderResource, groupOf } from './render-parts';
export type { PlanHeader, GroupKind } from './render-parts';
export {
  planSections,
  renderPlanComment,
  renderPlanSummary,
  renderPlanReports,
  groupResources,
} from './render-plan';
export type { RenderOptions } from './render-plan';
export type { TieredSection } from './fit';
export { fitTiered, scrubSections } from './fit';
export { renderCommandFailure, commandFailureLine, stripAnsi, tail, errorSummaries } from './render-error';
export type { CommandFailure } from './render-error';
export { renderDriftIssue, hasDrift } from './drift';
export type { DriftIssueOptions } from './drift';
export {
  planDigest,
  resourceDigests,
  compareDigests,
  digestsMatch,
  encodeDigestRecord,
  decodeDigestRecord,
  canonicalJson,
  RESOURCE_DIGEST_LENGTH,
} from './digest';
export type { DigestDifference, DigestOptions } from './digest';
export {
  TERRAFORM_BINARIES,
  initArgs,
  workspaceArgs,
  planArgs,
  planOutcome,
  terraformEnv,
  planInstance,
  planArtifactName,
} from './cli';
export type { TerraformBinary, PlanArgsOptions, PlanOutcome } from './cli';
export {
  PLAN_DIGEST_MARKER,
  DIGEST_RECORD_MARKER,
  MAX_EMBEDDED_RECORD_CHARS,
  isPlanDigest,
  embedDigests,
  renderReviewableReports,
  readEmbeddedDigests,
  checkReviewedPlan,
  applyCheckError,
  renderApplyCheck,
} from './review';
export type { ReviewedPlan, ApplyCheck, ReviewableReports } from './review';
