import { organizationAccounts } from "../../../config/rules/organization-accounts";
import { parsedConfig } from "./parsed-config";

const ADMIN = "123456789012";
const MANAGEMENT = "210987654321";

describe("rule: the delegated administrator is deployed to and is not the management account", () => {
  test("GIVEN no organization THEN it is compliant", () => {
    expect(organizationAccounts(parsedConfig({}))).toEqual([]);
  });

  test("GIVEN a single stack in the administrator's account THEN it is compliant", () => {
    expect(
      organizationAccounts(parsedConfig({ account_id: ADMIN, organization: { delegated_admin_account_id: ADMIN, management_account_id: MANAGEMENT } })),
    ).toEqual([]);
  });

  test("GIVEN deployments including the administrator THEN it is compliant", () => {
    expect(
      organizationAccounts(
        parsedConfig({ deployments: [{ account_id: MANAGEMENT }, { account_id: ADMIN }], organization: { delegated_admin_account_id: ADMIN } }),
      ),
    ).toEqual([]);
  });

  test("GIVEN a single stack in the management account only THEN it is compliant: its stack designates the administrator", () => {
    expect(
      organizationAccounts(parsedConfig({ account_id: MANAGEMENT, organization: { delegated_admin_account_id: ADMIN, management_account_id: MANAGEMENT } })),
    ).toEqual([]);
  });

  test("GIVEN the management account as administrator THEN it is refused", () => {
    expect(
      organizationAccounts(parsedConfig({ account_id: ADMIN, organization: { delegated_admin_account_id: ADMIN, management_account_id: ADMIN } })),
    ).toEqual([
      {
        setting: "organization.management_account_id",
        value: JSON.stringify(ADMIN),
        allowed: "an account other than the delegated administrator (AWS recommends not delegating GuardDuty to the management account)",
      },
    ]);
  });

  test("GIVEN deployments without the administrator's account THEN it is refused", () => {
    expect(organizationAccounts(parsedConfig({ deployments: [{ account_id: MANAGEMENT }], organization: { delegated_admin_account_id: ADMIN } }))).toEqual([
      {
        setting: "organization.delegated_admin_account_id",
        value: JSON.stringify(ADMIN),
        allowed:
          "an account this config deploys to (deployments[].account_id): the organization settings live in its stacks (or deploy to management_account_id, whose stacks designate it)",
      },
    ]);
  });

  test("GIVEN a single stack without account_id THEN the administrator is refused, pointing at account_id", () => {
    expect(organizationAccounts(parsedConfig({ organization: { delegated_admin_account_id: ADMIN } })).map((p) => p.allowed)).toEqual([
      "an account this config deploys to (account_id): the organization settings live in its stacks (or deploy to management_account_id, whose stacks designate it)",
    ]);
  });
});
