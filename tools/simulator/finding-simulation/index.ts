/**
 * Offline simulation of one GuardDuty finding through the deployed ECS response (rule, input transformer,
 * state machine). CLI: `npm run simulate -- <finding.json>` (scripts/simulate.ts); guide: docs/simulate.md.
 */
export { NotAGuardDutyFindingError, toFindingEvent, GUARDDUTY_DETAIL_TYPE, GUARDDUTY_SOURCE, type GuardDutyFindingEvent } from "./finding-event";
export { explainPatternMismatch, describeMismatch, type PatternMismatch, type PatternMismatchExplanation } from "./pattern-mismatch";
export { formatSimulationReport, escapeControlCharacters } from "./report-text";
export {
  ANSWER_DESCRIPTIONS,
  DEFAULT_ANSWER,
  SIMULATED_ANSWERS,
  UnknownAnswerError,
  isSimulatedAnswer,
  type SimulatedAnswer,
} from "./simulated-answers";
export { simulateFinding, type SimulateFindingOptions, type SimulatedCall, type SimulatedNotice, type SimulationReport } from "./simulate-finding";
export { NoEcsResponseError, synthesizeEcsResponse, type SynthesizedEcsResponse } from "./synthesized-response";
