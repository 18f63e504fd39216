import { attr, blank, block, call, comment, interp, list, literal, obj, raw, ref, renderFile, str, tmpl } from "../../../tools/registry-module/hcl";
import { TAG_KEY_RE2, toRe2 } from "../../../tools/registry-module/variables";
import { findTerraform } from "../../support/terraform-binary";
import { applyOffline, terraformTry, removeTemporaryFolders, writeTree } from "./module-fixture";

afterAll(removeTemporaryFolders);

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;
const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

const output = (value: ReturnType<typeof str>) => renderFile([block("output", ["x"], [attr("value", value)])]);

describe("strings", () => {
  test("${ and %{ in literal text are escaped as $${ and %%{; quotes, backslashes and newlines as HCL escapes", () => {
    expect(output(str('a ${b} %{c} "q" \\ \n\t'))).toBe('output "x" {\n  value = "a $${b} %%{c} \\"q\\" \\\\ \\n\\t"\n}\n');
  });

  test("references inside text are interpolations", () => {
    // GIVEN text with two references WHEN written THEN each is a ${} interpolation
    expect(output(interp("arn:", ref("local.partition"), ":iam::", ref("local.account_id"), ":root") as ReturnType<typeof str>)).toContain(
      'value = "arn:${local.partition}:iam::${local.account_id}:root"',
    );
  });

  test("a literal $ right before an interpolation is written so that it cannot read as the $${ escape", () => {
    // GIVEN a dollar right before a reference WHEN written THEN the dollar is an interpolation of its own
    expect(output(interp("cost$", ref("var.x")) as ReturnType<typeof str>)).toContain('value = "cost${"$"}${var.x}"');
  });

  whenTerraform(named("Terraform reads the escaped strings back as the original text"), () => {
    // GIVEN texts with escapes, a dollar before an interpolation and non-ASCII characters
    const texts = { braces: str('a ${b} %{c} $${d} "q" \\ \n\t end'), dollar: interp("cost$", ref("1 + 1")), unicode: str("ü 日本 \u2028") };
    const tf = Object.entries(texts)
      .map(([k, v]) => renderFile([block("output", [k], [attr("value", v)])]))
      .join("\n");
    // WHEN Terraform applies them THEN it reads the original text back
    const values = applyOffline(terraform!, { "main.tf": tf });
    expect(values).toEqual({ braces: 'a ${b} %{c} $${d} "q" \\ \n\t end', dollar: "cost$2", unicode: "ü 日本 \u2028" });
  });
});

describe("layout", () => {
  const sample = renderFile(
    [
      block(
        "resource",
        ["aws_x", "this"],
        [
          attr("count", raw("var.on ? 1 : 0")),
          blank,
          attr("a", str("1")),
          attr("longer_name", literal({ k: "v" })),
          attr(
            "policy",
            call(
              "jsonencode",
              obj([
                ["Version", str("2012-10-17")],
                ["Statement", list([literal({ Sid: "A", Effect: "Allow", Action: ["x:Y", "x:Z"] })])],
              ]),
            ),
          ),
          attr("b", literal(["x", "y"])),
          attr("condition", tmpl("length(setsubtract(var.x, ", list([str("a"), str("b")], { multiline: true }), ")) == 0")),
          comment("a comment breaks the run"),
          attr("after_comment", literal(true)),
          block("nested", [], [attr("x", literal(1))]),
        ],
      ),
    ],
    ["header"],
  );

  test("consecutive one-line attributes align their = signs; a multi-line value, a comment or a block ends the run", () => {
    expect(sample).toContain('  a           = "1"\n  longer_name = { k = "v" }\n  policy = jsonencode({\n');
    expect(sample).toContain('  })\n  b = ["x", "y"]\n  condition = length(setsubtract(var.x, [\n    "a",\n    "b",\n  ])) == 0\n');
    expect(sample).toContain("  # a comment breaks the run\n  after_comment = true\n\n  nested {\n    x = 1\n  }\n");
    expect(sample.startsWith("# header\n\nresource")).toBe(true);
  });

  test("policy statements are laid out one key a line, short flat objects and lists on one line", () => {
    expect(sample).toContain('    Statement = [\n      {\n        Sid    = "A"\n        Effect = "Allow"\n        Action = ["x:Y", "x:Z"]\n      },\n    ]\n');
  });

  test("shapes terraform fmt would indent ambiguously are refused", () => {
    const multi = list([str("a")], { multiline: true });
    expect(() => renderFile([block("locals", [], [attr("x", tmpl("f(", multi, ", ", multi, ")"))])])).toThrow(/only one multi-line part/);
    expect(() => raw("a\nb")).toThrow(/one line/);
  });

  whenTerraform(named("terraform fmt leaves the sample as it is"), () => {
    const dir = writeTree({ "sample.tf": sample });
    expect(terraformTry(terraform!, dir, "fmt", "-check", "-diff", "-no-color")).toEqual({ status: 0, output: "" });
  });
});

describe("object keys that are expressions", () => {
  const keyed = renderFile([
    block("locals", [], [attr("k", str("k"))]),
    block(
      "output",
      ["x"],
      [
        attr(
          "value",
          call(
            "merge",
            obj([[{ expression: interp("prefix/", ref("local.k")) }, str("first")]]),
            obj(
              [
                [{ expression: raw("local.k") }, str("second")],
                ["long_literal_key", str("x")],
              ],
              { multiline: true },
            ),
            obj([[{ expression: raw("local.k") }, str("last")]]),
          ),
        ),
      ],
    ),
  ]);

  test("an expression key is written in parentheses, aligned as a key in a multi-line object", () => {
    expect(keyed).toContain('{ ("prefix/${local.k}") = "first" }');
    expect(keyed).toContain('    (local.k)        = "second"\n');
    expect(keyed).toContain('    long_literal_key = "x"\n');
  });

  whenTerraform(named("Terraform reads an expression key as its value, and in merge() a later equal key wins (the render of equal tag keys)"), () => {
    // GIVEN the keyed output, formatted as terraform fmt leaves it
    const dir = writeTree({ "main.tf": keyed });
    expect(terraformTry(terraform!, dir, "fmt", "-check", "-diff", "-no-color")).toEqual({ status: 0, output: "" });
    // WHEN Terraform computes it THEN each key is its expression's value, and the last of the equal keys wins
    expect(applyOffline(terraform!, { "main.tf": keyed })).toEqual({ x: { "prefix/k": "first", k: "last", long_literal_key: "x" } });
  });
});

describe("regular expressions for Terraform's regex()", () => {
  test("toRe2 keeps RE2 syntax, unescapes slashes, and refuses lookarounds and backreferences", () => {
    expect(toRe2(/^arn:[a-z]+:ecs:\d{12}:cluster\/x$/)).toBe("^arn:[a-z]+:ecs:\\d{12}:cluster/x$");
    expect(() => toRe2(/^(?!aws:)x$/)).toThrow(/lookaround/);
    expect(() => toRe2(/(a)\1/)).toThrow(/backreferences/);
  });

  test("the tag key pattern drops the lookahead; startswith refuses aws: instead", () => {
    expect(TAG_KEY_RE2).not.toContain("(?");
    expect(new RegExp(TAG_KEY_RE2, "u").test("aws:x")).toBe(true);
  });
});
