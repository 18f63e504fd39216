import { ecsClustersDeployed } from "../../../config/rules/ecs-clusters-deployed";
import { parsedConfig } from "./parsed-config";

const TOKYO = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";
const VIRGINIA = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const OTHER_ACCOUNT = "arn:aws:ecs:ap-northeast-1:210987654321:cluster/prod";

const clusters = (document: Record<string, unknown>) => ecsClustersDeployed(parsedConfig(document));

describe("rule: every ECS cluster the config names is where it deploys", () => {
  test("GIVEN clusters and filters in the deployed region and account THEN it is compliant", () => {
    expect(
      clusters({
        account_id: "123456789012",
        ecs_auto_stop: { cluster_arns: [TOKYO], filters: { cluster_arns: [TOKYO], exclude_cluster_arns: [TOKYO.replace("prod", "batch")] } },
      }),
    ).toEqual([]);
  });

  test("GIVEN deployments THEN a cluster in any deployed account and region is compliant", () => {
    const document = {
      deployments: [{ account_id: "123456789012", regions: ["ap-northeast-1", "us-east-1"] }],
      ecs_auto_stop: { filters: { cluster_arns: [TOKYO, VIRGINIA] } },
    };
    expect(clusters(document)).toEqual([]);
  });

  test.each(["cluster_arns", "exclude_cluster_arns"])(
    "GIVEN a filters.%s cluster in another region THEN it is refused, naming the region the state machine runs in",
    (list) => {
      expect(clusters({ ecs_auto_stop: { filters: { [list]: [VIRGINIA] } } })).toEqual([
        {
          setting: `ecs_auto_stop.filters.${list}[0]`,
          value: JSON.stringify(VIRGINIA),
          allowed: "a cluster in ap-northeast-1 (arn:aws:ecs:ap-northeast-1:...), the region the state machine runs in",
        },
      ]);
    },
  );

  test("GIVEN a filter cluster of another account than account_id THEN it is refused", () => {
    expect(clusters({ account_id: "123456789012", ecs_auto_stop: { filters: { exclude_cluster_arns: [OTHER_ACCOUNT] } } })).toEqual([
      {
        setting: "ecs_auto_stop.filters.exclude_cluster_arns[0]",
        value: JSON.stringify(OTHER_ACCOUNT),
        allowed: "a cluster of account 123456789012 (account_id)",
      },
    ]);
  });

  test("GIVEN a GovCloud region and a cluster ARN of the aws partition THEN it is refused", () => {
    const arn = "arn:aws:ecs:us-gov-west-1:123456789012:cluster/prod";
    expect(clusters({ region: "us-gov-west-1", ecs_auto_stop: { cluster_arns: [arn] } })).toEqual([
      {
        setting: "ecs_auto_stop.cluster_arns[0]",
        value: JSON.stringify(arn),
        allowed: "a cluster in us-gov-west-1 (arn:aws-us-gov:ecs:us-gov-west-1:...), the region the state machine runs in",
      },
    ]);
  });

  test("GIVEN deployments and a filter cluster in a region none of them deploys to THEN it is refused", () => {
    const document = { deployments: [{ account_id: "123456789012", regions: ["ap-northeast-1"] }], ecs_auto_stop: { filters: { cluster_arns: [VIRGINIA] } } };
    expect(clusters(document)).toEqual([
      {
        setting: "ecs_auto_stop.filters.cluster_arns[0]",
        value: JSON.stringify(VIRGINIA),
        allowed: "a cluster in an account and region this config deploys to (deployments)",
      },
    ]);
  });
});
