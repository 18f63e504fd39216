/**
 * A state machine definition (Amazon States Language) as a graph: states, their transitions (Next,
 * Choice rules and Default, Catch), and the main path a successful containment takes. Top-level states
 * only; the states inside a Map or Parallel state are counted with it.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface AslState {
  readonly name: string;
  readonly type: string;
  /** Ends the execution: `End: true`, a Succeed or a Fail state. */
  readonly terminal: boolean;
  /** `Resource` of a Task state, e.g. `arn:aws:states:::aws-sdk:ecs:stopTask` (any partition). */
  readonly resource?: string;
  /** The service integration a Task state calls, whatever the partition of its Resource. */
  readonly integration?: TaskIntegration;
}

/** What a Task Resource `arn:<partition>:states:::[aws-sdk:]<service>:<action>[.<pattern>]` calls. */
export interface TaskIntegration {
  /** `aws-sdk` for an AWS SDK integration, `optimized` for an optimized one (`sns:publish`, `eks:call`). */
  readonly kind: "aws-sdk" | "optimized";
  readonly service: string;
  readonly action: string;
  readonly partition: string;
}

/** The integration of a Task Resource in any partition (`aws`, `aws-us-gov`, `aws-cn`, ...), or undefined. */
export function taskIntegration(resource: string): TaskIntegration | undefined {
  const m = /^arn:(aws(?:-[a-z]+)*):states:::(aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)(?:\.[A-Za-z]+)?$/u.exec(resource);
  return m ? { kind: m[2] ? "aws-sdk" : "optimized", partition: m[1], service: m[3], action: m[4] } : undefined;
}

export type TransitionKind = "next" | "choice" | "default" | "catch";

export interface AslTransition {
  readonly from: string;
  readonly to: string;
  readonly kind: TransitionKind;
  /** Choice rule or caught errors in words; empty for Next. */
  readonly label: string;
}

export interface AslGraph {
  readonly startAt: string;
  readonly states: readonly AslState[];
  readonly transitions: readonly AslTransition[];
}

const COMPARATORS: Readonly<Record<string, string>> = {
  StringEquals: "equals",
  StringLessThan: "is before",
  StringGreaterThan: "is after",
  StringLessThanEquals: "is at most",
  StringGreaterThanEquals: "is at least",
  StringMatches: "matches",
  NumericEquals: "equals",
  NumericLessThan: "is less than",
  NumericGreaterThan: "is greater than",
  NumericLessThanEquals: "is at most",
  NumericGreaterThanEquals: "is at least",
  BooleanEquals: "is",
  TimestampEquals: "equals",
  TimestampLessThan: "is before",
  TimestampGreaterThan: "is after",
  TimestampLessThanEquals: "is at most",
  TimestampGreaterThanEquals: "is at least",
  IsNull: "is null",
  IsPresent: "is present",
  IsNumeric: "is numeric",
  IsString: "is a string",
  IsBoolean: "is a boolean",
  IsTimestamp: "is a timestamp",
};

/** A Choice rule in words: `$.target.Task.LastStatus equals STOPPED or ...`. */
export function choiceRuleInWords(rule: unknown): string {
  if (!isObject(rule)) return "";
  if (Array.isArray(rule.And)) return rule.And.map((r) => choiceRuleInWords(r)).join(" and ");
  if (Array.isArray(rule.Or)) return rule.Or.map((r) => choiceRuleInWords(r)).join(" or ");
  if (rule.Not !== undefined) return `not (${choiceRuleInWords(rule.Not)})`;
  if (typeof rule.Condition === "string") return rule.Condition; // JSONata
  const variable = typeof rule.Variable === "string" ? rule.Variable : "?";
  for (const [key, value] of Object.entries(rule)) {
    if (key === "Variable" || key === "Next" || key === "Comment" || key === "Assign" || key === "Output") continue;
    const path = key.endsWith("Path");
    const op = COMPARATORS[path ? key.slice(0, -"Path".length) : key];
    if (op === undefined) continue;
    if (key.startsWith("Is")) return value === true ? `${variable} ${op}` : `${variable} ${op.replace(/^is /, "is not ")}`;
    return `${variable} ${op} ${path ? String(value) : typeof value === "string" ? value : JSON.stringify(value)}`;
  }
  return variable;
}

/** States and transitions of a definition (a parsed ASL document). */
export function aslGraph(definition: unknown): AslGraph {
  if (!isObject(definition) || !isObject(definition.States) || typeof definition.StartAt !== "string") {
    throw new Error("not a state machine definition: StartAt and States are required");
  }
  const states: AslState[] = [];
  const transitions: AslTransition[] = [];
  for (const [name, raw] of Object.entries(definition.States)) {
    if (!isObject(raw)) continue;
    const type = String(raw.Type);
    states.push({
      name,
      type,
      terminal: raw.End === true || type === "Succeed" || type === "Fail",
      resource: typeof raw.Resource === "string" ? raw.Resource : undefined,
      integration: typeof raw.Resource === "string" ? taskIntegration(raw.Resource) : undefined,
    });
    if (type === "Choice") {
      for (const rule of Array.isArray(raw.Choices) ? raw.Choices : []) {
        if (isObject(rule) && typeof rule.Next === "string") transitions.push({ from: name, to: rule.Next, kind: "choice", label: choiceRuleInWords(rule) });
      }
      if (typeof raw.Default === "string") transitions.push({ from: name, to: raw.Default, kind: "default", label: "otherwise" });
    } else if (typeof raw.Next === "string") {
      transitions.push({ from: name, to: raw.Next, kind: "next", label: "" });
    }
    for (const c of Array.isArray(raw.Catch) ? raw.Catch : []) {
      if (isObject(c) && typeof c.Next === "string") {
        const errors = Array.isArray(c.ErrorEquals) ? c.ErrorEquals.join(", ") : "";
        transitions.push({ from: name, to: c.Next, kind: "catch", label: `catch ${errors}` });
      }
    }
  }
  return { startAt: definition.StartAt, states, transitions };
}

/**
 * The longest path from StartAt to a successful end (End or Succeed) without Catch edges and without a
 * Fail state: the states a containment that checks everything and then stops the task goes through.
 * Each state entered is one Step Functions state transition.
 */
export function mainPath(graph: AslGraph): string[] {
  const byName = new Map(graph.states.map((s) => [s.name, s]));
  const memo = new Map<string, string[] | null>();
  const visiting = new Set<string>();
  const longest = (name: string): string[] | null => {
    if (memo.has(name)) return memo.get(name)!;
    const state = byName.get(name);
    if (state === undefined || state.type === "Fail" || visiting.has(name)) return null;
    visiting.add(name);
    let best: string[] | null = state.terminal ? [name] : null;
    for (const t of graph.transitions) {
      if (t.from !== name || t.kind === "catch") continue;
      const rest = longest(t.to);
      if (rest !== null && (best === null || rest.length + 1 > best.length)) best = [name, ...rest];
    }
    visiting.delete(name);
    memo.set(name, best);
    return best;
  };
  return longest(graph.startAt) ?? [];
}
