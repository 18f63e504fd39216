/**
 * The AWS resource tags the containment workflows read and write (ECS and EC2 tags share one syntax), and their
 * validation: a configured tag ends up in Settings, in IAM conditions and in Terraform strings.
 */
import type { PropsErrorClass } from "../asl/props-error";

/** An ECS or EC2 tag. */
export interface ResourceTag {
  /** Tag key (1-128 characters: letters, digits, spaces and `_ . : / = + - @`; not starting with `aws:`). */
  readonly key: string;
  /** Tag value (0-256 characters, same characters). */
  readonly value: string;
}

/** ECS and EC2 tag characters: letters, numbers, spaces and `_ . : / = + - @`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** How a service's tag syntax is checked. */
export interface TagSyntax {
  /** The service named in the error message (`ECS`, `EC2`). */
  readonly service: string;
}

/** Throws `errorClass` unless `tag` (the setting `setting`) is a valid tag of `syntax.service`. */
export function assertResourceTag(setting: string, tag: ResourceTag, syntax: TagSyntax, errorClass: PropsErrorClass): void {
  // AWS reserves the aws: prefix in any letter case.
  if (tag.key.length < 1 || tag.key.length > 128 || !TAG_TEXT.test(tag.key) || tag.key.toLowerCase().startsWith("aws:")) {
    throw new errorClass(`${setting}.key ${JSON.stringify(tag.key)} is not a valid ${syntax.service} tag key`);
  }
  if (tag.value.length > 256 || !TAG_TEXT.test(tag.value)) {
    throw new errorClass(`${setting}.value ${JSON.stringify(tag.value)} is not a valid ${syntax.service} tag value`);
  }
}

/**
 * The tag as the EC2 API and Step Functions' PascalCase parameters spell it (`{ Key, Value }`): for Settings, where
 * a workflow reads `Key` and `Value` to compare them as strings (ASL Choice `StringEqualsPath`) with each tag of a
 * resource, and for request parameters (`Tags` of CreateTags, TagSpecifications). Never compared as an object:
 * AWS does not document how `States.ArrayContains` compares objects, and ECS spells its tags `key`/`value`.
 */
export function apiTag(tag: ResourceTag): { Key: string; Value: string } {
  return { Key: tag.key, Value: tag.value };
}
