/**
 * String operators of EventBridge patterns that are more than a plain comparison: `wildcard` and
 * `equals-ignore-case` (alone or inside `prefix`, `suffix`, `anything-but`).
 *
 * EventBridge matches string values with their JSON quotes: the value `abc` is the text `"abc"`, a prefix `ab`
 * is `"ab` and a wildcard `a*` is `"a*"`. Working on the quoted text here keeps every edge case (empty
 * strings, patterns that contain a `"`) identical to AWS, and it is why wildcard error positions are one more
 * than the index in the pattern text.
 */

/** One wildcard token: a literal UTF-16 code unit, or `null` for `*`. */
export type WildcardToken = string | null;

/**
 * Checks a wildcard pattern (the text inside `{"wildcard": ...}`) the way EventBridge does.
 *
 * `*` matches any run of characters; `\*` and `\\` are a literal star and backslash; any other backslash is an
 * error, and so is `**`. Positions count UTF-8 bytes of the quoted text, as AWS's messages do.
 *
 * @returns AWS's rejection reason, or `null` when the pattern is valid.
 */
export function wildcardSyntaxError(pattern: string): string | null {
  const bytes = Buffer.from(`"${pattern}"`, "utf8");
  const STAR = 0x2a;
  const BACKSLASH = 0x5c;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === STAR) {
      if (bytes[i + 1] === STAR) return `Consecutive wildcard characters at pos ${i}`;
    } else if (bytes[i] === BACKSLASH) {
      if (bytes[i + 1] === STAR || bytes[i + 1] === BACKSLASH) {
        i++;
        continue;
      }
      return `Invalid escape character at pos ${i}`;
    }
  }
  return null;
}

/** Tokens of the quoted wildcard pattern; call only after {@link wildcardSyntaxError} returned `null`. */
export function compileWildcard(pattern: string): WildcardToken[] {
  const quoted = `"${pattern}"`;
  const tokens: WildcardToken[] = [];
  for (let i = 0; i < quoted.length; i++) {
    const c = quoted[i] as string;
    if (c === "*") tokens.push(null);
    else if (c === "\\") tokens.push(quoted[++i] as string);
    else tokens.push(c);
  }
  return tokens;
}

/** Whether a string value (quoted, e.g. `"abc"`) matches compiled wildcard tokens. */
export function wildcardMatches(tokens: readonly WildcardToken[], quoted: string): boolean {
  // Greedy two-pointer glob match: linear unless it must backtrack to the last star.
  let i = 0;
  let j = 0;
  let starJ = -1;
  let starI = 0;
  while (i < quoted.length) {
    if (j < tokens.length && tokens[j] !== null && tokens[j] === quoted[i]) {
      i++;
      j++;
    } else if (j < tokens.length && tokens[j] === null) {
      starJ = j++;
      starI = i;
    } else if (starJ >= 0) {
      j = starJ + 1;
      i = ++starI;
    } else {
      return false;
    }
  }
  while (j < tokens.length && tokens[j] === null) j++;
  return j === tokens.length;
}

/**
 * Above this complexity (see {@link wildcardComplexity}) EventBridge refuses a rule as "too complex". AWS does
 * not publish the figure. 10 agrees with every observation available: the recorded vectors
 * (`content_wildcard_complex_EXC`, complexity 11, rejected; `content_wildcard_repeating`, 7, and
 * `content_wildcard_simplified`, 3, accepted) and a deployed rule in a public repository, where four
 * `*.ext` filters on one field (8) were accepted but four filters shaped star, `/datasync/`, star, `.ext` (16)
 * were not.
 */
export const WILDCARD_COMPLEXITY_LIMIT = 10;

/** A state of the wildcard automaton used to estimate complexity. */
interface ComplexityState {
  /** Literal transitions (several after a shared star: each pattern continues on its own path). */
  readonly edges: Map<string, number[]>;
  /** Whether any character loops back to this state (a `*`). */
  loops: boolean;
  /** States reachable without reading a character (skipping a `*`). */
  readonly epsilon: number[];
  /** Patterns whose path runs through this state. */
  readonly patterns: Set<number>;
}

/**
 * Estimates the complexity EventBridge's `MachineComplexityEvaluator` gives the wildcard patterns of one
 * field: the largest number of pattern prefixes an input string can keep alive at once, each state weighted by
 * the patterns it can still lead to. Like EventBridge's byte machine, patterns share the states of their common
 * literal prefix and of the star that ends it; after that first star every pattern has its own states (each
 * star keeps itself alive, and a literal repeated after a star keeps several positions alive, which is what
 * AWS's message about "repeating character sequences after a wildcard character" refers to).
 * This models EventBridge's automaton; it is not a byte-for-byte copy of it.
 */
export function wildcardComplexity(patterns: ReadonlyArray<readonly WildcardToken[]>): number {
  const states: ComplexityState[] = [];
  const newState = (): number => states.push({ edges: new Map(), loops: false, epsilon: [], patterns: new Set() }) - 1;
  const trie = new Map<string, number>(); // shared literal-prefix states, keyed by the prefix
  const sharedStars = new Map<number, number>(); // prefix state -> its shared first-star state
  const root = newState();
  trie.set("", root);

  patterns.forEach((tokens, p) => {
    let current = root;
    let prefix = "";
    let shared = true; // still on the shared literal prefix (or its first star)
    (states[current] as ComplexityState).patterns.add(p);
    for (const token of tokens) {
      const from = states[current] as ComplexityState;
      if (token === null) {
        let star = shared ? sharedStars.get(current) : undefined;
        if (star === undefined) {
          star = newState();
          (states[star] as ComplexityState).loops = true;
          from.epsilon.push(star);
          if (shared) sharedStars.set(current, star);
        }
        shared = false;
        current = star;
      } else if (shared) {
        prefix += token;
        let next = trie.get(prefix);
        if (next === undefined) {
          next = newState();
          trie.set(prefix, next);
          from.edges.set(token, [next]);
        }
        current = next;
      } else {
        // Past the first star nothing is shared: every pattern gets its own state for each literal.
        const next = newState();
        from.edges.set(token, [...(from.edges.get(token) ?? []), next]);
        current = next;
      }
      (states[current] as ComplexityState).patterns.add(p);
    }
  });

  const closure = (ids: Iterable<number>): Set<number> => {
    const out = new Set<number>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(states[id] as ComplexityState).epsilon);
    }
    return out;
  };
  const weight = (ids: Set<number>): number => {
    let total = 0;
    for (const id of ids) total += (states[id] as ComplexityState).patterns.size;
    return total;
  };

  const alphabet = new Set<string>(["\u0000"]); // NUL stands for every character no pattern mentions
  for (const tokens of patterns) for (const t of tokens) if (t !== null) alphabet.add(t);

  const seen = new Set<string>();
  const queue: Set<number>[] = [closure([root])];
  let maximum = 0;
  // Bounded subset exploration: patterns that could exhaust the bound are far beyond the limit anyway.
  for (let steps = 0; queue.length > 0 && steps < 20_000; steps++) {
    const current = queue.shift() as Set<number>;
    for (const c of alphabet) {
      const next: number[] = [];
      for (const id of current) {
        const state = states[id] as ComplexityState;
        if (state.loops) next.push(id);
        next.push(...(state.edges.get(c) ?? []));
      }
      if (next.length === 0) continue;
      const nextSet = closure(next);
      maximum = Math.max(maximum, weight(nextSet));
      if (maximum > WILDCARD_COMPLEXITY_LIMIT) return maximum;
      const key = [...nextSet].sort((a, b) => a - b).join(",");
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(nextSet);
      }
    }
  }
  return maximum;
}

/**
 * The accepted spellings of each character of an `equals-ignore-case` pattern: EventBridge lets every pattern
 * character match its lower-case or its upper-case form (so `ß` matches `SS`), one UTF-16 unit at a time.
 * A lone surrogate half has no UTF-8 form; Java encodes it as `?`, so characters outside the Basic
 * Multilingual Plane (emoji) only match a literal `?` here, as they do in EventBridge's matcher.
 */
export type CaseAlternatives = ReadonlyArray<readonly string[]>;

/** Builds {@link CaseAlternatives} for a text (already quoted as the caller needs). */
export function caseAlternatives(text: string): CaseAlternatives {
  const result: string[][] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text[i] as string;
    const code = unit.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) {
      result.push(["?"]);
      continue;
    }
    const forms = new Set([unit.toLowerCase(), unit.toUpperCase()]);
    result.push([...forms]);
  }
  return result;
}

/** Whether `subject` equals the alternatives exactly (`mode: "exact"`), starts with them or ends with them. */
export function caseAlternativesMatch(alternatives: CaseAlternatives, subject: string, mode: "exact" | "prefix" | "suffix"): boolean {
  if (mode === "suffix") {
    let ends = new Set([subject.length]);
    for (let k = alternatives.length - 1; k >= 0 && ends.size > 0; k--) {
      const next = new Set<number>();
      for (const end of ends) {
        for (const form of alternatives[k] as readonly string[]) {
          const start = end - form.length;
          if (start >= 0 && subject.startsWith(form, start)) next.add(start);
        }
      }
      ends = next;
    }
    return ends.size > 0;
  }
  let positions = new Set([0]);
  for (const forms of alternatives) {
    const next = new Set<number>();
    for (const pos of positions) {
      for (const form of forms) if (subject.startsWith(form, pos)) next.add(pos + form.length);
    }
    positions = next;
    if (positions.size === 0) return false;
  }
  return mode === "prefix" || positions.has(subject.length);
}
