import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderConfigReference } from "../../config/config-reference";
import { parseConfig } from "../../config/load-config";

const ROOT = resolve(__dirname, "../..");
const read = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

describe("docs and help stay current", () => {
  test("docs/config-reference.md is what the schema renders (run npm run docs:config)", () => {
    expect(read("docs/config-reference.md")).toBe(renderConfigReference());
  });

  test("help names every npm script, and every npm script it names exists", () => {
    const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);
    const help = read("help");
    const named = [...help.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]);
    for (const script of named) expect(scripts).toContain(script);
    // npm runs these itself: `npm test`, and `prepare` on npm ci and npm pack.
    for (const script of scripts.filter((s) => s !== "test" && s !== "prepare")) expect(named).toContain(script);
    expect(help).toContain("npm test");
  });

  test("every guide help and the README point to exists", () => {
    const linked = [...`${read("help")}\n${read("README.md")}`.matchAll(/docs\/[a-z0-9-]+\.md/g)].map((m) => m[0]);
    expect(linked.length).toBeGreaterThan(0);
    for (const path of new Set(linked)) expect([path, existsSync(resolve(ROOT, path))]).toEqual([path, true]);
  });

  test("the README opens with the two set-up commands, and help agrees", () => {
    const commands = [...read("README.md").matchAll(/^ {0,3}(npm ci && .+)$/gm)].map((m) => m[1].trim());
    expect(commands.slice(0, 2)).toEqual(["npm ci && npm run synth", "npm ci && npm test"]);
    for (const command of commands.slice(0, 2)) expect(read("help")).toContain(command);
  });
});

test("every JSON config example in README.md and docs/ is a valid config", () => {
  const files = ["README.md", ...readdirSync(resolve(ROOT, "docs")).map((f) => `docs/${f}`)];
  const examples = files.flatMap((file) => [...read(file).matchAll(/```json\n([\s\S]*?)```/g)].map((m, i) => [`${file}#${i}`, m[1]] as const));
  expect(examples.length).toBeGreaterThan(0);
  for (const [where, text] of examples) expect(() => parseConfig(JSON.parse(text), where)).not.toThrow();
});
