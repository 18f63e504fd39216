/**
 * Offline simulation of one GuardDuty finding through every response pipeline a config deploys (rules, input
 * transformers, state machines). CLI: `npm run simulate -- <finding.json>` (scripts/simulate.ts); guide: docs/simulate.md.
 */
export { NotAGuardDutyFindingError, toFindingEvent, GUARDDUTY_DETAIL_TYPE, GUARDDUTY_SOURCE, type GuardDutyFindingEvent } from "./finding-event";
export { explainPatternMismatch, describeMismatch, type PatternMismatch, type PatternMismatchExplanation } from "./pattern-mismatch";
export { formatSimulationReport, escapeControlCharacters } from "./report-text";
export { SIMULATED_RESPONSE_TYPES, responseTypeOfTarget, type SimulatedResponseType } from "./response-types";
export { APPROVAL_PLAYS, KILL_SWITCH_PLAYS, parseRailsPlay, RailsPlayError, type ApprovalPlay, type KillSwitchPlay, type RailsPlay } from "./rails-play";
export { answerFor, describeAnswerChoices, NO_ANSWER_CHOICE, parseAnswerChoice, UnknownAnswerError, type AnswerChoice } from "./simulated-answers";
export { createSimulatedAws, UnsupportedSimulatedCallError, type SimulatedAws, type SimulatedAwsOptions, type KubernetesAccessScope } from "./simulated-world";
export {
  simulateFinding,
  type SimulateFindingOptions,
  type SimulatedCall,
  type SimulatedNotice,
  type SimulatedResponse,
  type SimulatedRunOutcome,
  type SimulatedSafetyRailsReport,
  type SimulationReport,
} from "./simulate-finding";
export { NoResponsePipelineError, readResponses, synthesizeResponses, type SynthesizedPipeline, type SynthesizedResponses } from "./synthesized-response";
