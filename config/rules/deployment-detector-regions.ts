/** A deployment adopts detectors only in its own regions (an id for another region would never be used). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function deploymentDetectorRegions(config: Config): ConfigProblem[] {
  return config.deployments.flatMap((d, i) => {
    const regions = d.regions ?? [config.region];
    return Object.keys(d.existing_detector_ids ?? {})
      .filter((region) => !regions.includes(region))
      .map((region) => refuse(`deployments[${i}].existing_detector_ids.${region}`, region, `one of this deployment's regions (${regions.join(", ")})`));
  });
}
