import { providerRoleAccount } from "../../../config/rules/provider-role-account";
import { parsedConfig } from "./parsed-config";

const ROLE = "arn:aws:iam::123456789012:role/deployer";

describe("rule: the provider's role is in account_id", () => {
  test.each([
    ["a role in account_id", { account_id: "123456789012", provider: { assume_role_arn: ROLE } }],
    ["a role without account_id", { provider: { assume_role_arn: ROLE } }],
    ["account_id without a role", { account_id: "210987654321" }],
  ])("GIVEN %s THEN it is compliant", (_, document) => {
    expect(providerRoleAccount(parsedConfig(document))).toEqual([]);
  });

  test("GIVEN a role in another account THEN it is refused", () => {
    expect(providerRoleAccount(parsedConfig({ account_id: "210987654321", provider: { assume_role_arn: ROLE } }))).toEqual([
      { setting: "provider.assume_role_arn", value: JSON.stringify(ROLE), allowed: "a role in account 210987654321 (account_id)" },
    ]);
  });
});
