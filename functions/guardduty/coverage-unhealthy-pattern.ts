/** GuardDuty's coverage event for a resource whose Runtime Monitoring agent became unhealthy. */
export const COVERAGE_UNHEALTHY_DETAIL_TYPE = "GuardDuty Runtime Protection Unhealthy";

export function buildCoverageUnhealthyPattern(): { readonly source: readonly string[]; readonly "detail-type": readonly string[] } {
  return { source: ["aws.guardduty"], "detail-type": [COVERAGE_UNHEALTHY_DETAIL_TYPE] };
}
