/** Formats of AWS identifiers accepted in the config, with the wording used in error messages. */
export interface Format {
  readonly pattern: RegExp;
  readonly expected: string;
}

export const FORMATS = {
  accountId: { pattern: /^\d{12}$/, expected: "a 12-digit AWS account id" },
  /** No control character in the local part (SNS would refuse it; in a notice it could forge header lines). */
  email: {
    pattern: /^[^\s\x00-\x1f\x7f-\x9f@<>(),;:"[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/,
    expected: "an email address like secops@example.com",
  },
  vpcId: { pattern: /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, expected: "a VPC id like vpc-0123456789abcdef0" },
  subnetId: { pattern: /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, expected: "a subnet id like subnet-0123456789abcdef0" },
  detectorId: { pattern: /^[0-9a-f]{32}$/, expected: "a GuardDuty detector id (32 lowercase hex characters)" },
  organizationId: { pattern: /^o-[a-z0-9]{10,32}$/, expected: "an AWS Organizations id like o-a1b2c3d4e5" },
  ipv4Cidr: {
    pattern: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/,
    expected: "an IPv4 CIDR block like 10.0.0.0/16",
  },
  ecsClusterArn: {
    pattern: /^arn:(aws|aws-us-gov):ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/,
    expected: "an ECS cluster ARN like arn:aws:ecs:ap-northeast-1:123456789012:cluster/my-cluster",
  },
  snsTopicArn: {
    pattern: /^arn:(aws|aws-us-gov):sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    expected: "an SNS standard topic ARN like arn:aws:sns:ap-northeast-1:123456789012:alerts",
  },
  kmsKeyArn: {
    pattern: /^arn:(aws|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    expected: "a KMS key ARN like arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  },
  /**
   * The S3 backend's kms_key_id: Terraform accepts only a key whose id is an RFC 4122 UUID (version 1-5,
   * variant 8/9/a/b) or a multi-Region mrk- id, and refuses anything else at `terraform init` with
   * "Invalid KMS Key ARN" (hashicorp/terraform internal/backend/remote-state/s3/validate.go,
   * keyIdResourceRegex). The AWS documentation's example id 1234abcd-12ab-34cd-56ef-1234567890ab fails it.
   */
  s3BackendKmsKeyArn: {
    pattern: /^arn:(aws|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
    expected:
      "a KMS key ARN whose key id is a UUID (version 1-5) or a multi-Region mrk- id, as Terraform's S3 backend requires, like arn:aws:kms:ap-northeast-1:123456789012:key/0b5f5b6e-3c1a-4d2e-9f8a-1234567890ab",
  },
  eksClusterName: { pattern: /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, expected: "an EKS cluster name (1-100 letters, digits, - and _)" },
  /** Prefix of every resource name; 38 characters leave room for the longest suffix in 64-character IAM role names. */
  namePrefix: { pattern: /^[A-Za-z][A-Za-z0-9-]{0,37}$/, expected: "a name prefix of 1-38 letters, digits and hyphens, starting with a letter" },
  tagKey: { pattern: /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, expected: "a tag key of 1-128 characters, not starting with aws:" },
} as const satisfies Record<string, Format>;
