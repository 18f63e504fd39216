/**
 * The safety rails (functions/safety-rails) a synthesized state machine definition carries, read back from its
 * states: the kill switch read, the blast-radius cap's count (its cap and window), the approval gate (its wait, its
 * on_timeout, its severity threshold). Read from the definition only, so the review says what would be applied.
 */
import { APPROVAL_GATE_STATES, APPROVAL_OUTCOMES, APPROVAL_REQUEST_INTEGRATION, APPROVAL_SUBJECTS } from "../../functions/safety-rails/approval-gate";
import { CAP_STATES, CAP_TABLE, CAP_WINDOWS, type CapWindow } from "../../functions/safety-rails/blast-radius-cap";
import { HELD_OUTCOME, HOLD_NOTICE_STATE } from "../../functions/safety-rails/compose";
import { KILL_SWITCH_STATES } from "../../functions/safety-rails/kill-switch";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface DefinitionRails {
  /** The workflow reads a kill switch parameter before acting. */
  readonly killSwitch: boolean;
  /** The blast-radius cap: at most `maxActions` per `window`, counted in `tableName`. */
  readonly cap?: { readonly maxActions: number; readonly window?: CapWindow; readonly tableName: string };
  /** The approval gate. */
  readonly approvalGate?: { readonly timeoutSeconds: number; readonly onTimeout: "act" | "hold"; readonly minSeverity?: number };
}

/** The rails of `definition` (top-level states, where the composer puts them). */
export function railsOfDefinition(definition: Json | undefined): DefinitionRails {
  const states = isObject(definition?.States) ? definition.States : {};
  const state = (name: string): Json | undefined => (isObject(states[name]) ? states[name] : undefined);
  const resource = (name: string): string => String(state(name)?.Resource ?? "");

  const killSwitch = /:ssm:getParameter$/u.test(resource(KILL_SWITCH_STATES.read));

  let cap: DefinitionRails["cap"];
  const count = state(CAP_STATES.count);
  if (count !== undefined && /:dynamodb:updateItem$/u.test(String(count.Resource))) {
    const parameters = isObject(count.Parameters) ? count.Parameters : {};
    const values = isObject(parameters.ExpressionAttributeValues) ? parameters.ExpressionAttributeValues : {};
    const capValue = isObject(values[":cap"]) ? Number(values[":cap"].N) : Number.NaN;
    const window = CAP_WINDOWS.find((w) => new RegExp(`per ${w} and`, "u").test(String(count.Comment ?? "")));
    cap = { maxActions: capValue, window, tableName: String(parameters.TableName ?? "") };
  }

  let approvalGate: DefinitionRails["approvalGate"];
  const request = state(APPROVAL_GATE_STATES.request);
  if (request !== undefined && String(request.Resource).endsWith(`:${APPROVAL_REQUEST_INTEGRATION}`) && typeof request.TimeoutSeconds === "number") {
    const threshold = JSON.stringify(state(APPROVAL_GATE_STATES.applies)?.Choices ?? []).match(/"NumericLessThan":(-?[\d.]+)/u)?.[1];
    approvalGate = {
      timeoutSeconds: request.TimeoutSeconds,
      onTimeout: state(APPROVAL_GATE_STATES.timedOut) === undefined ? "hold" : "act",
      minSeverity: threshold === undefined ? undefined : Number(threshold),
    };
  }
  return { killSwitch, cap, approvalGate };
}

/** The rails' notices a definition can send: `{ outcome, subject, when }`, in the order they can happen. */
export function railNoticesOf(definition: Json | undefined): { readonly outcome: string; readonly subject: string; readonly when: string }[] {
  const rails = railsOfDefinition(definition);
  const states = isObject(definition?.States) ? definition.States : {};
  const held = isObject(states[HOLD_NOTICE_STATE]) ? (states[HOLD_NOTICE_STATE] as Json) : undefined;
  const heldSubject = isObject(held?.Parameters) ? String(held.Parameters.Subject ?? "") : "";
  const out: { outcome: string; subject: string; when: string }[] = [];
  if (rails.approvalGate !== undefined) {
    const gate = rails.approvalGate;
    out.push({
      outcome: APPROVAL_OUTCOMES.requested,
      subject: APPROVAL_SUBJECTS.requested,
      when: `the approval gate asks a person (${gate.minSeverity === undefined ? "every finding" : `severity ${gate.minSeverity} and up`}) and waits up to ${gate.timeoutSeconds} s`,
    });
    if (gate.onTimeout === "act") {
      out.push({
        outcome: APPROVAL_OUTCOMES.timedOutActing,
        subject: APPROVAL_SUBJECTS.timedOutActing,
        when: `nobody answered within ${gate.timeoutSeconds} s and on_timeout is act: the workflow acts anyway`,
      });
    }
  }
  if (held !== undefined) {
    const by = [
      ...(rails.killSwitch ? ["the kill switch is not act"] : []),
      ...(rails.approvalGate === undefined
        ? []
        : [`an approver denied${rails.approvalGate.onTimeout === "hold" ? " or nobody answered in time" : ""}, or the request failed`]),
      ...(rails.cap === undefined
        ? []
        : [`the cap of ${rails.cap.maxActions} per ${rails.cap.window ?? "window"} is reached or the counter cannot be written`]),
    ];
    out.push({ outcome: HELD_OUTCOME, subject: heldSubject, when: `a safety rail held the action: ${by.join("; ")}` });
  }
  return out;
}

/** The TTL the cap writes (`expiresAt`), for checking the counter table's `ttl` block. */
export const CAP_TTL_ATTRIBUTE = CAP_TABLE.ttlAttribute;
