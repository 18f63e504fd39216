/**
 * The link to the finding in the GuardDuty console that every notice carries. The console's domain differs by
 * partition (GovCloud: `console.amazonaws-us-gov.com`), so it is configuration, baked into Settings.
 */
import type { PropsErrorClass } from "./props-error";

/** The commercial partition's console domain. */
export const DEFAULT_CONSOLE_DOMAIN = "console.aws.amazon.com";

/** Lower-case DNS labels, at least two: a domain name and nothing else (no scheme, port or path). */
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/u;

/** `consoleDomain`, or {@link DEFAULT_CONSOLE_DOMAIN}; throws `errorClass` unless it is a domain name. */
export function resolveConsoleDomain(consoleDomain: string | undefined, errorClass: PropsErrorClass): string {
  const domain = consoleDomain ?? DEFAULT_CONSOLE_DOMAIN;
  if (!DOMAIN.test(domain)) {
    throw new errorClass(`consoleDomain ${JSON.stringify(domain)} is not a domain name`);
  }
  return domain;
}

/**
 * The intrinsic building `https://<region>.<domain>/guardduty/home?region=<region>#/findings?fId=<id>` from the
 * input's `finding` and Settings' `ConsoleDomain`.
 */
export const FINDING_CONSOLE_URL =
  "States.Format('https://{}.{}/guardduty/home?region={}#/findings?fId={}', $.finding.region, $.settings.ConsoleDomain, $.finding.region, $.finding.id)";
