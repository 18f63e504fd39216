import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

/** Relative links of a Markdown page (not inside code), `[text](target)`. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

describe("documentation links", () => {
  test.each(PAGES)("every relative link of %s names a file (and heading) of the repository", (page) => {
    // GIVEN the page's relative links
    const text = readFileSync(join(ROOT, page), "utf8");
    const broken: string[] = [];
    for (const link of linksOf(text)) {
      const [path, anchor] = link.split("#");
      const target = path === "" ? join(ROOT, page) : resolve(ROOT, dirname(page), path);
      // WHEN each is resolved THEN the file exists, and a heading of it has the anchor
      if (!existsSync(target)) broken.push(link);
      else if (anchor !== undefined && target.endsWith(".md")) {
        const headings = [...readFileSync(target, "utf8").matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]));
        if (!headings.includes(anchor)) broken.push(link);
      }
    }
    expect(broken).toEqual([]);
  });

  test("a link to a missing file or heading is reported, so the check can fail", () => {
    // GIVEN links to a file and a heading that do not exist WHEN read THEN both are found as links
    expect(linksOf("see [x](docs/nope.md) and [y](safety-rails.md#nope) and `[z](code.md)`")).toEqual(["docs/nope.md", "safety-rails.md#nope"]);
    expect(anchorOf("Who may flip it?")).toBe("who-may-flip-it");
  });
});
