/** What `simulateFinding` accepts as a finding: an EventBridge finding event, or a bare finding it wraps. */
import { NotAGuardDutyFindingError, toFindingEvent } from "../../../../tools/simulator/finding-simulation/finding-event";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { ACCOUNT, asEvent, ecsRuntimeFinding, REGION } from "./sample-findings";

test("a bare finding is wrapped in a GuardDuty Finding event with the finding's account and region", () => {
  // GIVEN a bare finding of account 111111111111 in eu-west-2
  const finding = { ...ecsRuntimeFinding(), accountId: "111111111111", region: "eu-west-2" };
  // WHEN it is read as a finding event
  const { event, wrapped } = toFindingEvent(finding);
  // THEN it is the detail of an envelope naming its account and region
  expect(wrapped).toBe(true);
  expect(event).toMatchObject({ "detail-type": "GuardDuty Finding", source: "aws.guardduty", account: "111111111111", region: "eu-west-2", resources: [] });
  expect(event.detail).toEqual(finding);
});

test("a full finding event is taken as given", () => {
  // GIVEN a finding already in its EventBridge envelope
  const given = asEvent(ecsRuntimeFinding());
  // WHEN it is read as a finding event
  const { event, wrapped } = toFindingEvent(given);
  // THEN nothing is added or changed
  expect(wrapped).toBe(false);
  expect(event).toEqual(given);
});

test("an event of another detail-type is refused, naming the detail-type found", async () => {
  // GIVEN an EC2 state-change event
  const ec2 = {
    version: "0",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: ACCOUNT,
    region: REGION,
    detail: { state: "running" },
  };
  // WHEN it is simulated
  const attempt = simulateFinding({ findingDocument: ec2 });
  // THEN NotAGuardDutyFindingError says what was found and what was expected
  await expect(attempt).rejects.toThrow(NotAGuardDutyFindingError);
  await expect(attempt).rejects.toThrow(
    /detail-type is 'EC2 Instance State-change Notification'; source is 'aws\.ec2'\. Expected an EventBridge event with detail-type 'GuardDuty Finding'/,
  );
});

test("an object that is neither an event nor a finding is refused with 'missing detail-type'", () => {
  // GIVEN some other JSON object
  const attempt = () => toFindingEvent({ hello: "world" });
  // THEN the error names both readings that failed and the keys it found
  expect(attempt).toThrow(NotAGuardDutyFindingError);
  expect(attempt).toThrow(
    "Not a GuardDuty finding: missing detail-type (not an EventBridge event); missing schemaVersion, type, resource, service (not a bare finding); its keys are hello.",
  );
});

test("a JSON array is refused as not an object", () => {
  // GIVEN a list of findings WHEN it is read THEN it is refused
  expect(() => toFindingEvent([ecsRuntimeFinding()])).toThrow("Not a GuardDuty finding: the document is an array, not a JSON object.");
});
