import { buildServiceTrustPolicy } from "../../../functions/iam/service-trust-policy";
import { isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";

/**
 * The two roles the stack trusts to a service, with the resource that assumes each, as
 * modules/ecs-task-auto-stop builds them. The trust policy is simulated as the resource policy of the
 * role, the caller being the service principal with the confused-deputy context the service sends.
 */
const ROLES = [
  {
    role: "state machine role",
    servicePrincipal: "states.amazonaws.com",
    otherServicePrincipal: "events.amazonaws.com",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-sfn`,
    sourceArn: (account: string) => `arn:aws:states:${REGION}:${account}:stateMachine:guardduty-ecs-stop-task`,
    otherSourceArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another-state-machine`,
  },
  {
    role: "events role",
    servicePrincipal: "events.amazonaws.com",
    otherServicePrincipal: "states.amazonaws.com",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-events`,
    sourceArn: (account: string) => `arn:aws:events:${REGION}:${account}:rule/guardduty-ecs-stop-task`,
    otherSourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`,
  },
] as const;

describe.each(ROLES)("$role trust policy", (r) => {
  // GIVEN the trust policy of the role
  const trustPolicy = buildServiceTrustPolicy({
    servicePrincipal: r.servicePrincipal,
    sourceAccount: ACCOUNT,
    sourceArn: r.sourceArn(ACCOUNT),
  });
  const assumeRole = (principal: string, context?: Record<string, string>) =>
    isAllowed({ resourcePolicy: trustPolicy, principal, action: "sts:AssumeRole", resource: r.roleArn, context });

  test(`is assumed by ${r.servicePrincipal} on behalf of the owning resource`, async () => {
    const outcome = await assumeRole(r.servicePrincipal, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": r.sourceArn(ACCOUNT) });
    expect(outcome.result).toBe("Allowed");
  });

  test(`is not assumed by ${r.otherServicePrincipal}`, async () => {
    const outcome = await assumeRole(r.otherServicePrincipal, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": r.sourceArn(ACCOUNT) });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("is not assumed on behalf of another account's same-named resource", async () => {
    const outcome = await assumeRole(r.servicePrincipal, {
      "aws:SourceAccount": OTHER_ACCOUNT,
      "aws:SourceArn": r.sourceArn(OTHER_ACCOUNT),
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("is not assumed on behalf of another resource of the same account", async () => {
    const outcome = await assumeRole(r.servicePrincipal, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": r.otherSourceArn });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("is not assumed without the confused-deputy context", async () => {
    const outcome = await assumeRole(r.servicePrincipal);
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("is not assumed by a principal of the role's own account", async () => {
    // A trust policy must name the principal even within its account: the root is not trusted implicitly.
    const outcome = await assumeRole(`arn:aws:iam::${ACCOUNT}:role/some-admin`, {
      "aws:SourceAccount": ACCOUNT,
      "aws:SourceArn": r.sourceArn(ACCOUNT),
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});
