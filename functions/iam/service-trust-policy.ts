import { PolicyDocument, policyDocument } from "./policy-document";

export interface ServiceTrustPolicyProps {
  /** Service principal allowed to assume the role, e.g. `states.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Account that owns the calling resource: `aws:SourceAccount` (confused-deputy protection). */
  readonly sourceAccount: string;
  /** ARN (or ARN pattern) of the calling resource: `aws:SourceArn`. */
  readonly sourceArn: string;
}

/**
 * Trust policy letting one AWS service assume a role, and only on behalf of the given resource of the
 * given account, as AWS recommends against the cross-service confused deputy problem.
 */
export function buildServiceTrustPolicy(props: ServiceTrustPolicyProps): PolicyDocument {
  return policyDocument({
    Sid: "AssumedOnlyByTheOwningResource",
    Effect: "Allow",
    Principal: { Service: props.servicePrincipal },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": props.sourceAccount },
      ArnLike: { "aws:SourceArn": props.sourceArn },
    },
  });
}
