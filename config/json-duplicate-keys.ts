/**
 * Duplicate keys in a JSON text. JSON.parse keeps the last of two equal keys silently, so
 * `{"ecs_auto_stop": {...}, "ecs_auto_stop": {"enabled": false}}` would drop the first block unseen.
 * This walks a text JSON.parse has already accepted and reports each key that repeats in its object, by
 * its setting path (`notifications.emails`, `agent_endpoints[1].name`). Keys are compared decoded
 * (`"\u0061"` equals `"a"`).
 */

export interface DuplicateKey {
  /** The repeated key's setting path. */
  readonly setting: string;
  readonly key: string;
}

export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skipSpace();
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Set<string>();
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) found.push({ setting: at, key });
        seen.add(key);
        skipSpace();
        i++; // colon
        value(at);
        skipSpace();
        if (text[i++] === "}") return; // else a comma
      }
    } else if (c === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(`${path}[${index}]`);
        skipSpace();
        if (text[i++] === "]") return;
      }
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !",]} \t\n\r".includes(text[i])) i++; // number, true, false, null
    }
  };
  value("");
  return found;
}
