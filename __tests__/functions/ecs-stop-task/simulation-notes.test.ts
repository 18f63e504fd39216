/** ECS simulation notes: a finding whose cluster the state machine's role may not act on is called out. */
import { ecsSimulationNotes } from "../../../functions/ecs-stop-task/simulation-notes";

const CONTEXT = { region: "eu-west-1", accountId: "111122223333" };
const findingIn = (clusterArn: string) => ({ resource: { ecsClusterDetails: { arn: clusterArn } } });
const HOME = "arn:aws:ecs:eu-west-1:111122223333:cluster/prod";

test("GIVEN no cluster list and a finding of the stack's account and region WHEN noted THEN nothing is said", () => {
  expect(ecsSimulationNotes({}, findingIn(HOME), CONTEXT)).toEqual([]);
});

test("GIVEN no cluster list and a finding of another account WHEN noted THEN the role's account-and-region scope is named", () => {
  // WHEN
  const notes = ecsSimulationNotes({}, findingIn("arn:aws:ecs:eu-west-1:444455556666:cluster/prod"), CONTEXT);
  // THEN
  expect(notes).toEqual([
    "The state machine's role may only act on the tasks of the clusters of account 111122223333 in eu-west-1; in AWS its ECS calls for this task " +
      "(cluster arn:aws:ecs:eu-west-1:444455556666:cluster/prod) would be denied. The simulation does not evaluate IAM: use --answer access-denied to see that path.",
  ]);
});

test("GIVEN a cluster list without the finding's cluster WHEN noted THEN the listed clusters are named", () => {
  // WHEN
  const notes = ecsSimulationNotes({ clusterArns: ["arn:aws:ecs:eu-west-1:111122223333:cluster/other"] }, findingIn(HOME), CONTEXT);
  // THEN
  expect(notes).toHaveLength(1);
  expect(notes[0]).toContain("the clusters of clusterArns / ecs_auto_stop.cluster_arns (arn:aws:ecs:eu-west-1:111122223333:cluster/other)");
});

test("GIVEN a cluster list with the finding's cluster WHEN noted THEN nothing is said", () => {
  expect(ecsSimulationNotes({ clusterArns: [HOME] }, findingIn(HOME), CONTEXT)).toEqual([]);
});

test("GIVEN a finding without a cluster ARN WHEN noted THEN nothing is said (the simulated ECS reports the missing task itself)", () => {
  expect(ecsSimulationNotes({ clusterArns: [HOME] }, { resource: {} }, CONTEXT)).toEqual([]);
});
