/**
 * How the shared validation helpers report invalid props: each workflow throws its own error class
 * (`GuardedStopTaskPropsError`, `Ec2IsolationPropsError`, ...), which callers and tests catch by type, so the
 * helpers take the class rather than throwing a common one.
 */

/** The props error class of a workflow: constructed with the message only. */
export type PropsErrorClass = new (message: string) => Error;

/**
 * Base of the workflows' props error classes: `name` is the subclass's name (`GuardedStopTaskPropsError`, ...),
 * as logs and test reports show it.
 */
export class WorkflowPropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Throws `errorClass` unless `topicArn` is a non-empty string (it may be a Terraform reference; it is never parsed). */
export function assertTopicArn(topicArn: unknown, errorClass: PropsErrorClass): void {
  if (typeof topicArn !== "string" || topicArn === "") {
    throw new errorClass("topicArn must be a non-empty string");
  }
}

/**
 * Throws `errorClass` if the definition's JSON contains `%{`: the definition is written into Terraform
 * strings, where `%{` opens a template directive (a configured value or a topic reference could carry one).
 */
export function assertNoTemplateDirective(definition: unknown, errorClass: PropsErrorClass): void {
  if (JSON.stringify(definition).includes("%{")) {
    throw new errorClass("the definition would contain '%{', which Terraform reads as a template directive");
  }
}
