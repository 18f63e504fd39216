/**
 * The finding types GuardDuty Runtime Monitoring generates (EKS, ECS on Fargate and EC2, EC2 instances).
 *
 * Source: Amazon GuardDuty User Guide, "GuardDuty Runtime Monitoring finding types",
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-runtime-monitoring.html (stored copy read through
 * its older address .../ug/findings-eks-runtime-monitoring.html). The stored copy carries no date of its own;
 * it was read on 2026-11-22.
 *
 * The stored copy's text breaks off after its first 36 headings (up to Execution:Runtime/MaliciousFileExecuted);
 * those 36 are below in the page's order. The other 10 come from the finding-type table of the same user guide's
 * page "Integrating with AWS Security Hub CSPM" (securityhub-integration), whose rows link each of them to an
 * anchor of the Runtime Monitoring page. Three of them (the SensitiveFileModified types) were announced on
 * 2026-07-01.
 *
 * Retired types are not listed: a rule naming one would never match. Update this list when the page changes
 * (its history is on the user guide's "Document history" page).
 */
export const RUNTIME_FINDING_TYPES = [
  // The stored page, in its order.
  "CryptoCurrency:Runtime/BitcoinTool.B",
  "Backdoor:Runtime/C&CActivity.B",
  "UnauthorizedAccess:Runtime/TorRelay",
  "UnauthorizedAccess:Runtime/TorClient",
  "Trojan:Runtime/BlackholeTraffic",
  "Trojan:Runtime/DropPoint",
  "CryptoCurrency:Runtime/BitcoinTool.B!DNS",
  "Backdoor:Runtime/C&CActivity.B!DNS",
  "Trojan:Runtime/BlackholeTraffic!DNS",
  "Trojan:Runtime/DropPoint!DNS",
  "Trojan:Runtime/DGADomainRequest.C!DNS",
  "Trojan:Runtime/DriveBySourceTraffic!DNS",
  "Trojan:Runtime/PhishingDomainRequest!DNS",
  "Impact:Runtime/AbusedDomainRequest.Reputation",
  "Impact:Runtime/BitcoinDomainRequest.Reputation",
  "Impact:Runtime/MaliciousDomainRequest.Reputation",
  "Impact:Runtime/SuspiciousDomainRequest.Reputation",
  "UnauthorizedAccess:Runtime/MetadataDNSRebind",
  "Execution:Runtime/NewBinaryExecuted",
  "PrivilegeEscalation:Runtime/DockerSocketAccessed",
  "PrivilegeEscalation:Runtime/RuncContainerEscape",
  "PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified",
  "DefenseEvasion:Runtime/ProcessInjection.Proc",
  "DefenseEvasion:Runtime/ProcessInjection.Ptrace",
  "DefenseEvasion:Runtime/ProcessInjection.VirtualMemoryWrite",
  "Execution:Runtime/ReverseShell",
  "DefenseEvasion:Runtime/FilelessExecution",
  "Impact:Runtime/CryptoMinerExecuted",
  "Execution:Runtime/NewLibraryLoaded",
  "PrivilegeEscalation:Runtime/ContainerMountsHostDirectory",
  "PrivilegeEscalation:Runtime/UserfaultfdUsage",
  "Execution:Runtime/SuspiciousTool",
  "Execution:Runtime/SuspiciousCommand",
  "DefenseEvasion:Runtime/SuspiciousCommand",
  "DefenseEvasion:Runtime/PtraceAntiDebugging",
  "Execution:Runtime/MaliciousFileExecuted",
  // The rest of the page, as linked from the Security Hub CSPM integration page (position on the page not seen).
  "Execution:Runtime/SuspiciousShellCreated",
  "PrivilegeEscalation:Runtime/ElevationToRoot",
  "Discovery:Runtime/SuspiciousCommand",
  "Persistence:Runtime/SuspiciousCommand",
  "PrivilegeEscalation:Runtime/SuspiciousCommand",
  "DefenseEvasion:Runtime/KernelModuleLoaded",
  "Execution:Runtime/MaliciousFileExecuted.Custom",
  "Persistence:Runtime/SensitiveFileModified",
  "PrivilegeEscalation:Runtime/SensitiveFileModified",
  "DefenseEvasion:Runtime/SensitiveFileModified",
] as const;

export type RuntimeFindingType = (typeof RUNTIME_FINDING_TYPES)[number];

/** Where {@link RUNTIME_FINDING_TYPES} comes from, for reports and error messages. */
export const RUNTIME_FINDING_TYPES_SOURCE = {
  title: "GuardDuty Runtime Monitoring finding types (Amazon GuardDuty User Guide)",
  url: "https://docs.aws.amazon.com/guardduty/latest/ug/findings-runtime-monitoring.html",
  read: "2026-11-22",
} as const;

const RUNTIME_FINDING_TYPE_SET: ReadonlySet<string> = new Set(RUNTIME_FINDING_TYPES);

/** Whether `type` is one of {@link RUNTIME_FINDING_TYPES}, spelled exactly (finding types are case-sensitive). */
export function isRuntimeFindingType(type: unknown): type is RuntimeFindingType {
  return typeof type === "string" && RUNTIME_FINDING_TYPE_SET.has(type);
}
