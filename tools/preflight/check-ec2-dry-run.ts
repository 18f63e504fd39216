/**
 * Check (c): the EC2 calls of a workflow that change something (every `aws-sdk:ec2:*` Task state that does not
 * only read: Describe*, Get*, List*), each sent once with `DryRun: true` and the parameters the workflow built
 * for it in the local recording run.
 *
 * EC2 DryRun (the `DryRun` member of every EC2 mutating request in @aws-sdk/client-ec2's model): "Checks
 * whether you have the required permissions for the action, without actually making the request, and provides an error response. If you have
 * the required permissions, the error response is DryRunOperation. Otherwise, it is UnauthorizedOperation."
 * Nothing changes either way. What it proves: the identity running preflight (not the state machine's role,
 * which check iam-simulate covers) may make the call, in this account and region, with SCPs applied. What it
 * does not prove: that the role may, or that the call works on a real resource (the recorded parameters name
 * the sample finding's resources). Any other answer (e.g. a NotFound for the sample's ids) means EC2 did not
 * get to the permission check: the row is a skip, never a pass.
 */
import * as ec2Sdk from "@aws-sdk/client-ec2";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { RecordedCall } from "./recorded-inputs";
import { apiErrorRow, describeAwsError, isMissingCredentials, type PreflightRow } from "./rows";

export const EC2_DRY_RUN_CHECK = "ec2-dry-run";

/** The recorded EC2 calls that change something. */
export function mutatingEc2Calls(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => call.service === "ec2" && !/^(describe|get|list)/u.test(call.action));
}

/** Names of the definition's Task states (nested ones included) that make an EC2 call that changes something. */
export function mutatingEc2TaskStates(machine: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [name, state] of Object.entries((machine.States ?? {}) as Record<string, Record<string, unknown>>)) {
    const action = /:states:::aws-sdk:ec2:([A-Za-z]+)$/u.exec(String(state.Resource))?.[1];
    if (state.Type === "Task" && action !== undefined && !/^(describe|get|list)/u.test(action)) names.push(name);
    for (const child of [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])]) {
      if (child !== null && typeof child === "object") names.push(...mutatingEc2TaskStates(child as Record<string, unknown>));
    }
  }
  return names;
}

type CommandClass = new (input: Record<string, unknown>) => Parameters<EC2Client["send"]>[0];

/** Sends one recorded call with DryRun and reads the answer. */
export async function checkEc2DryRun(ec2: EC2Client, target: string, call: RecordedCall): Promise<PreflightRow> {
  const operation = call.action.charAt(0).toUpperCase() + call.action.slice(1);
  const rowTarget = `${target}: ${call.state} (ec2:${operation})`;
  const Command = (ec2Sdk as unknown as Record<string, CommandClass | undefined>)[`${operation}Command`];
  if (Command === undefined) {
    return { check: EC2_DRY_RUN_CHECK, target: rowTarget, result: "skip", detail: `the EC2 SDK has no ${operation}Command`, fix: "report it with this row" };
  }
  // DryRun is always set last: nothing the parameters hold can turn it off.
  const input = { ...(call.parameters as Record<string, unknown>), DryRun: true };
  try {
    await ec2.send(new Command(input));
    return {
      check: EC2_DRY_RUN_CHECK,
      target: rowTarget,
      result: "fail",
      detail: "EC2 answered success to a DryRun request: it should answer DryRunOperation",
      fix: "report it with this row; preflight never sends the call without DryRun",
    };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "DryRunOperation") {
      return {
        check: EC2_DRY_RUN_CHECK,
        target: rowTarget,
        result: "pass",
        detail: "DryRunOperation: your credentials may make this call (not proof for the role)",
        fix: "",
      };
    }
    if (name === "UnauthorizedOperation") {
      return {
        check: EC2_DRY_RUN_CHECK,
        target: rowTarget,
        result: "fail",
        detail: `UnauthorizedOperation: ${(error as Error).message}`,
        fix: `ec2:${operation} is denied in this account for your identity; if an SCP denies it, the state machine role is denied too: check the SCPs (see iam-simulate rows)`,
      };
    }
    if (isMissingCredentials(error)) return apiErrorRow(EC2_DRY_RUN_CHECK, rowTarget, `ec2:${operation}`, error);
    return {
      check: EC2_DRY_RUN_CHECK,
      target: rowTarget,
      result: "skip",
      detail: `EC2 answered ${describeAwsError(error)} before checking permissions (the sample finding's resources do not exist here)`,
      fix: "nothing proven either way: rely on the iam-simulate rows for this call",
    };
  }
}
