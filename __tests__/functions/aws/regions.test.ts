import { partitionOfRegion, REGION_PATTERN } from "../../../functions/aws/partition";
import { AWS_REGIONS, AWS_REGIONS_BY_PARTITION, isRuntimeMonitoringRegion, RUNTIME_MONITORING_REGIONS } from "../../../functions/aws/regions";

describe("the list of AWS Regions", () => {
  test("every listed Region is shaped like a region name and in the partition it is listed under", () => {
    for (const [partition, regions] of Object.entries(AWS_REGIONS_BY_PARTITION)) {
      for (const region of regions) {
        expect(region).toMatch(REGION_PATTERN);
        expect(partitionOfRegion(region)).toBe(partition);
      }
    }
  });

  test("each Region is listed once", () => {
    expect(new Set(AWS_REGIONS).size).toBe(AWS_REGIONS.length);
  });

  test("Runtime Monitoring is offered in every commercial and GovCloud Region, never in China", () => {
    expect(RUNTIME_MONITORING_REGIONS).toEqual([...AWS_REGIONS_BY_PARTITION.aws, ...AWS_REGIONS_BY_PARTITION["aws-us-gov"]]);
    expect(isRuntimeMonitoringRegion("us-gov-east-1")).toBe(true);
    expect(isRuntimeMonitoringRegion("cn-north-1")).toBe(false);
    expect(isRuntimeMonitoringRegion("us-west-3")).toBe(false);
  });
});
