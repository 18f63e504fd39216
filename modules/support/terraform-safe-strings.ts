/**
 * CDKTF escapes `${` but not `%{` when it renders a string inside `Fn.jsonencode(...)`, and Terraform
 * reads `%{` as a template directive. Refuse such strings rather than emit a definition that Terraform
 * would change or reject.
 */
export function assertTerraformSafeStrings(value: unknown, what: string, path = "$"): void {
  if (typeof value === "string") {
    if (value.includes("%{")) throw new Error(`${what}: ${path} contains "%{", which Terraform would read as a template directive`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertTerraformSafeStrings(v, what, `${path}[${i}]`));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      assertTerraformSafeStrings(k, what, path);
      assertTerraformSafeStrings(v, what, `${path}.${k}`);
    }
  }
}
