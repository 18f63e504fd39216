/**
 * `npm run preflight`: checks, in the user's own account and without side effects, what the offline tests cannot
 * settle (docs/preflight.md). Per stack of the config: who the credentials are (sts:GetCallerIdentity), then per
 * response pipeline the four checks of this folder. Every AWS call reads or evaluates only: TestState of Pass and
 * Choice states, iam:SimulatePrincipalPolicy, EC2 calls with DryRun, eks:Describe/List.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { SFNClient } from "@aws-sdk/client-sfn";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Config } from "../../config/config-schema";
import { planStacks, type StackPlan } from "../../config/stack-plans";
import { checkEc2DryRun, EC2_DRY_RUN_CHECK, mutatingEc2Calls, mutatingEc2TaskStates } from "./check-ec2-dry-run";
import { checkEksCluster } from "./check-eks";
import { checkRolePermissions, IAM_CHECK } from "./check-iam";
import { checkDecisionState, TEST_STATE_CHECK } from "./check-test-state";
import { decisionStatesOf } from "./decision-states";
import { deployedStackOf, keyAliasesOf, withKeyArns } from "./deployed-stack";
import { recordDecisionInputs, type RecordOptions } from "./recorded-inputs";
import { apiErrorRow, type PreflightRow } from "./rows";

/** The SDK clients of one region (tests give clients with fake endpoints and static fake credentials). */
export interface PreflightClients {
  readonly sts: STSClient;
  readonly sfn: SFNClient;
  readonly iam: IAMClient;
  readonly ec2: EC2Client;
  readonly eks: EKSClient;
  readonly kms: KMSClient;
}

/** The real clients: the default credential chain (AWS_PROFILE, environment, SSO, ...), the stack's region. */
export function defaultClients(region: string): PreflightClients {
  return {
    sts: new STSClient({ region }),
    sfn: new SFNClient({ region }),
    iam: new IAMClient({ region }),
    ec2: new EC2Client({ region }),
    eks: new EKSClient({ region }),
    kms: new KMSClient({ region }),
  };
}

/** A stack or region the config does not have: bad input (exit 2). */
export class PreflightInputError extends Error {
  override readonly name = "PreflightInputError";
}

export interface PreflightOptions {
  readonly config: Config;
  /** Only this stack. */
  readonly stackName?: string;
  /** Only the stacks in this region. */
  readonly region?: string;
  readonly clients?: (region: string) => PreflightClients;
  readonly record?: RecordOptions;
}

/** The stacks to check. @throws PreflightInputError when the filters leave none. */
export function selectStacks(config: Config, stackName?: string, region?: string): StackPlan[] {
  const plans = planStacks(config);
  const selected = plans.filter((p) => (stackName === undefined || p.stackName === stackName) && (region === undefined || p.config.region === region));
  if (selected.length === 0) {
    const filters = [stackName === undefined ? "" : `--stack ${stackName}`, region === undefined ? "" : `--region ${region}`].filter(Boolean).join(" and ");
    throw new PreflightInputError(
      `no stack of the config matches ${filters}; the config's stacks: ${plans.map((p) => `${p.stackName} (${p.config.region})`).join(", ")}`,
    );
  }
  return selected;
}

/** Runs every check; returns the table's rows. @throws PreflightInputError for a stack or region the config does not have. */
export async function runPreflight(options: PreflightOptions): Promise<PreflightRow[]> {
  const plans = selectStacks(options.config, options.stackName, options.region);
  const makeClients = options.clients ?? defaultClients;
  const rows: PreflightRow[] = [];
  for (const plan of plans) {
    const clients = makeClients(plan.config.region);
    let accountId: string;
    try {
      const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
      accountId = identity.Account ?? "";
    } catch (error) {
      rows.push(apiErrorRow("credentials", plan.stackName, "sts:GetCallerIdentity", error));
      continue;
    }
    const wanted = plan.config.account_id;
    if (wanted !== undefined && wanted !== accountId) {
      rows.push({
        check: "credentials",
        target: plan.stackName,
        result: "fail",
        detail: `the credentials are for account ${accountId}; the stack deploys to ${wanted}`,
        fix: `use credentials of account ${wanted} (e.g. AWS_PROFILE) for this stack`,
      });
      continue;
    }
    rows.push({ check: "credentials", target: plan.stackName, result: "pass", detail: `account ${accountId}, region ${plan.config.region}`, fix: "" });
    const stack = deployedStackOf(plan, accountId);
    if (stack.pipelines.length === 0) {
      rows.push({ check: "pipelines", target: plan.stackName, result: "skip", detail: "the stack deploys no response pipeline", fix: "" });
      continue;
    }
    const keyArns = new Map<string, string | undefined>();
    for (const alias of keyAliasesOf(stack.pipelines.flatMap((p) => [...p.stateMachineRoleStatements, ...p.eventsRoleStatements]))) {
      // kms:DescribeKey of the alias the stack gives the key: its KeyMetadata.Arn is the ARN the grants name.
      try {
        keyArns.set(alias, (await clients.kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.Arn);
      } catch (error) {
        keyArns.set(alias, undefined);
        rows.push(
          (error as Error).name === "NotFoundException"
            ? {
                check: IAM_CHECK,
                target: plan.stackName,
                result: "skip",
                detail: `no key has the alias ${alias} here (not deployed yet?): the grants on it are not simulated`,
                fix: "deploy the stack (npm run deploy), then run preflight again",
              }
            : apiErrorRow(IAM_CHECK, plan.stackName, "kms:DescribeKey", error),
        );
      }
    }
    for (const pipeline of stack.pipelines) {
      const target = `${plan.stackName} ${pipeline.label}`;
      const { inputs, calls, problems } = await recordDecisionInputs(stack, pipeline, options.record);
      for (const problem of problems) {
        rows.push({
          check: TEST_STATE_CHECK,
          target,
          result: "skip",
          detail: problem,
          fix: "report it with this row: the inputs of this run were not recorded",
        });
      }
      const states = decisionStatesOf(pipeline.definition);
      for (const recorded of inputs) {
        const state = states.find((s) => s.path === recorded.path);
        if (state !== undefined) rows.push(await checkDecisionState(clients.sfn, target, state, recorded, pipeline.stateMachineRoleArn));
      }
      const unreached = states.filter((s) => !inputs.some((i) => i.path === s.path));
      if (unreached.length > 0) {
        rows.push({
          check: TEST_STATE_CHECK,
          target,
          result: "skip",
          detail: `${unreached.length} decision state${unreached.length === 1 ? "" : "s"} not reached by the sample findings: ${unreached.map((s) => s.path).join("; ")}`,
          fix: "covered by the offline tests only",
        });
      }
      rows.push(...(await checkRolePermissions(clients.iam, target, pipeline.stateMachineRoleArn, withKeyArns(pipeline.stateMachineRoleStatements, keyArns))));
      if (pipeline.eventsRoleArn !== undefined) {
        rows.push(...(await checkRolePermissions(clients.iam, target, pipeline.eventsRoleArn, withKeyArns(pipeline.eventsRoleStatements, keyArns))));
      }
      const dryRuns = mutatingEc2Calls(calls);
      for (const call of dryRuns) rows.push(await checkEc2DryRun(clients.ec2, target, call));
      const notDryRun = mutatingEc2TaskStates(pipeline.definition).filter((name) => !dryRuns.some((call) => call.state === name));
      if (notDryRun.length > 0) {
        rows.push({
          check: EC2_DRY_RUN_CHECK,
          target,
          result: "skip",
          detail: `not reached by the sample findings, so not dry-run: ${notDryRun.join("; ")}`,
          fix: "rely on the iam-simulate rows for these calls",
        });
      }
      for (const access of pipeline.eksAccess) rows.push(...(await checkEksCluster(clients.eks, target, pipeline.stateMachineRoleArn, access)));
    }
  }
  return rows;
}
