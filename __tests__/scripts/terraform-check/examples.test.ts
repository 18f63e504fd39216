/** The example configs under examples/: each loads, says what it shows, and the README lists exactly them. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";

const EXAMPLES = join(__dirname, "..", "..", "..", "examples");
const files = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".json"))
  .sort();

describe("example configs", () => {
  test.each(files)("%s passes the config loader", (file) => {
    // GIVEN an example config WHEN the loader reads it THEN it is accepted and plans at least one stack
    const { config } = loadConfig(join(EXAMPLES, file));
    expect(planStacks(config).length).toBeGreaterThan(0);
  });

  test.each(files)("%s says in its // key what it shows", (file) => {
    const document = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8")) as Record<string, unknown>;
    expect(typeof document["//"]).toBe("string");
    expect((document["//"] as string).length).toBeGreaterThan(40);
  });

  test("examples/README.md lists every example file and no other", () => {
    const readme = readFileSync(join(EXAMPLES, "README.md"), "utf8");
    const listed = [...readme.matchAll(/\[([a-z0-9-]+\.json)\]\(\1\)/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(files);
  });

  test("together they cover every response type, both agent endpoint kinds, every backend, adopted and imported detectors, an organization and GovCloud", () => {
    const configs = files.map((f) => loadConfig(join(EXAMPLES, f)).config);
    const some = (predicate: (c: (typeof configs)[number]) => boolean) => configs.some(predicate);
    expect(some((c) => c.ecs_auto_stop.enabled && c.ecs_auto_stop.workflow === "seed")).toBe(true);
    expect(some((c) => c.ecs_auto_stop.enabled && c.ecs_auto_stop.workflow === "guarded")).toBe(true);
    expect(some((c) => c.ec2_isolation.enabled)).toBe(true);
    expect(some((c) => c.eks_containment.enabled)).toBe(true);
    expect(some((c) => c.agent_endpoints.some((e) => e.allowed_cidrs !== undefined))).toBe(true);
    expect(some((c) => c.agent_endpoints.some((e) => e.allowed_cidrs === undefined))).toBe(true);
    expect(some((c) => c.agent_endpoints.some((e) => e.eks_addon !== undefined))).toBe(true);
    for (const type of ["local", "cloud", "s3"]) expect(some((c) => c.backend.type === type)).toBe(true);
    expect(some((c) => c.detector.existing_detector_id !== undefined && !c.detector.import_existing)).toBe(true);
    expect(some((c) => c.detector.import_existing)).toBe(true);
    expect(some((c) => c.deployments.some((d) => d.existing_detector_ids !== undefined))).toBe(true);
    expect(some((c) => c.organization?.management_account_id !== undefined && new Set(c.deployments.flatMap((d) => d.regions ?? [])).size > 1)).toBe(true);
    expect(some((c) => c.region.startsWith("us-gov-"))).toBe(true);
  });
});
