/**
 * A detector is either created or adopted (an account and region has only one GuardDuty detector), only an
 * adopted detector can be imported, and an adopted detector's settings are Terraform's only once imported.
 * `create: false` without an id looks the detector up (data "aws_guardduty_detector": the account's one in the
 * region, e.g. the one GuardDuty enabled for an organization member); its settings are not Terraform's either.
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function detectorAdoption(config: Config): ConfigProblem[] {
  const d = config.detector;
  const problems: ConfigProblem[] = [];
  if (d.create === true && d.existing_detector_id !== undefined) {
    problems.push(
      refuse(
        "detector.create",
        true,
        "false, or no existing_detector_id: a detector is either created or adopted, not both (an account and region has only one)",
      ),
    );
  }
  if (d.import_existing && d.existing_detector_id === undefined) {
    problems.push(refuse("detector.import_existing", true, "false, or set detector.existing_detector_id: only an existing detector can be imported"));
  }
  const adopted = d.existing_detector_id !== undefined || d.create === false;
  if (d.finding_publishing_frequency !== undefined && adopted && !d.import_existing) {
    problems.push(
      refuse(
        "detector.finding_publishing_frequency",
        d.finding_publishing_frequency,
        "no value for an adopted detector unless detector.import_existing is true (Terraform does not manage its settings otherwise)",
      ),
    );
  }
  return problems;
}
