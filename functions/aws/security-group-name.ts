/**
 * The name of the quarantine security group the EC2 isolation workflow finds or creates. One rule for the
 * config loader and the workflow builder, so a name the loader accepts is one the workflow accepts.
 *
 * EC2 (CreateSecurityGroup, GroupName): "Up to 255 characters in length. Can't start with sg-. Valid
 * characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*" (EC2 API Reference, CreateSecurityGroupRequest;
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html). Names are case-insensitive,
 * so `SG-` is refused too.
 * The workflow also writes the name as the group's `Name` tag value (EC2 tag characters: letters, digits,
 * spaces and `_ . : / = + - @`) and looks the group up with a `group-name` filter, where `*` and `?` are
 * wildcards. Allowed here: the characters all three accept.
 */

/** What a quarantine security group name may be, in words. */
export const QUARANTINE_GROUP_NAME_ALLOWED =
  "a security group name of 1-255 letters, digits, spaces and . _ - : / @ + =, not starting with sg- (the characters an EC2 group name, its Name tag and a DescribeSecurityGroups filter all accept)";

const QUARANTINE_GROUP_NAME = /^[A-Za-z0-9 ._\-:/@+=]{1,255}$/;

/** True when `name` can be the quarantine security group's name. */
export function isQuarantineGroupName(name: unknown): name is string {
  return typeof name === "string" && QUARANTINE_GROUP_NAME.test(name) && !name.toLowerCase().startsWith("sg-");
}
