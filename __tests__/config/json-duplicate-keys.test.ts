import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/config-error";
import { duplicateKeys } from "../../config/json-duplicate-keys";
import { loadConfig } from "../../config/load-config";

function loadText(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), "config-")), "config.json");
  writeFileSync(file, text);
  return () => loadConfig(file);
}

describe("duplicate JSON keys", () => {
  test("GIVEN keys that are all distinct per object THEN none is reported, also where the same key appears in different objects", () => {
    expect(duplicateKeys('{"a": {"x": 1}, "b": {"x": [1, {"x": "}"}]}, "c": "\\"a\\"", "d": [], "e": {}}')).toEqual([]);
  });

  test("GIVEN a top-level key given twice THEN it is reported by name", () => {
    expect(duplicateKeys('{"region": "us-east-1", "name": "a", "region": "ap-northeast-1"}')).toEqual([{ setting: "region", key: "region" }]);
  });

  test("GIVEN a key repeated inside a list entry THEN it is reported with its setting path", () => {
    expect(duplicateKeys('{"agent_endpoints": [{"name": "a"}, {"name": "b", "vpc_id": "v", "name": "c"}]}')).toEqual([
      { setting: "agent_endpoints[1].name", key: "name" },
    ]);
  });

  test("GIVEN two spellings of one key (an escape) THEN they count as the same key", () => {
    expect(duplicateKeys('{"ecs_auto_stop": {"enabled": true, "en\\u0061bled": false}}')).toEqual([{ setting: "ecs_auto_stop.enabled", key: "enabled" }]);
  });

  test("GIVEN a config file with a section given twice WHEN it is loaded THEN it is refused with exit-2 error naming the key, not silently reduced to the last", () => {
    const load = loadText(
      '{\n  "ecs_auto_stop": {"cluster_arns": ["arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod"]},\n  "ecs_auto_stop": {"enabled": false}\n}\n',
    );
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      '  - ecs_auto_stop: "ecs_auto_stop" given twice is not allowed; expected each key once per object (JSON keeps only the last, silently)',
    );
  });
});
