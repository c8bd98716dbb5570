/** The Scenario client and its error types; the rest of the plugin depends on `ScenarioClient` (types.ts) only. */
export { createScenarioClient, type ScenarioClientOptions } from './client';
export { isAllowedDownloadUrl } from './download';
export { modelSupport, planGenerateBody, sizeFor, type ModelSupport } from './model-inputs';
export { ScenarioDeadlineError, ScenarioError, isRetryableScenarioError, isScenarioError, type ScenarioErrorKind } from './errors';
export * from './types';
