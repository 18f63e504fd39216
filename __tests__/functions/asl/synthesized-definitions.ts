/**
 * Every state machine definition the app synthesizes: the seed, the guarded ECS workflow, EC2 isolation and EKS
 * containment, from two configs, read from the synthesized Terraform with references resolved in `account`.
 */
import { parseConfig } from "../../../config/load-config";
import { SynthesizedStack, TEST_ACCOUNT, type FakeAccount, stackOfConfig } from "../../support/synthesized-stack";

/** A state machine definition and the name of its resource. */
export interface SynthesizedDefinition {
  /** The state machine's name and the config it comes from. */
  readonly stateMachine: string;
  readonly definition: Record<string, unknown>;
}

const EC2_AND_EKS = {
  ec2_isolation: { enabled: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"] },
};

/** Seed + EC2 + EKS in one stack, guarded ECS in another, in `region` of `account`'s partition. */
export function synthesizedDefinitions(account: FakeAccount = TEST_ACCOUNT): SynthesizedDefinition[] {
  const documents: [string, unknown][] = [
    ["seed, EC2 and EKS config", { region: account.region, ...EC2_AND_EKS }],
    ["guarded config", { region: account.region, ecs_auto_stop: { workflow: "guarded" } }],
  ];
  return documents.flatMap(([label, document], index) => {
    const stack = new SynthesizedStack(stackOfConfig(parseConfig(document, "test"), `s${index}`), account);
    return stack.resources("aws_sfn_state_machine").map(({ values }) => ({
      stateMachine: `${String(values.name)} (${label})`,
      definition: stack.evaluateJson(values.definition) as Record<string, unknown>,
    }));
  });
}

/** A state as the walk reads it. */
export type WalkedState = Record<string, unknown> & {
  Type?: string;
  Resource?: string;
  Retry?: { ErrorEquals?: string[] }[];
  Catch?: { ErrorEquals?: string[] }[];
};

/** Every state of a definition, those of Map processors and Parallel branches included, with its name. */
export function everyState(machine: Record<string, unknown>): [string, WalkedState][] {
  const states = (machine.States ?? {}) as Record<string, WalkedState>;
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, WalkedState],
    ...[state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])]
      .filter((nested): nested is Record<string, unknown> => nested !== null && typeof nested === "object")
      .flatMap((nested) => everyState(nested)),
  ]);
}
