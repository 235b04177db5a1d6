/**
 * The text of the JSON value that follows `"key":` at `keyAt` (the index of the key's opening quote)
 * in a well-formed JSON document: an object or array (brackets balanced, strings skipped), or a
 * literal such as `null`. Lets a relay copy a nested value (an upstream chunk's `logprobs`) without
 * parsing it and serialising it again. Returns undefined when the text there is not as expected.
 */
export function jsonValueAfter(data: string, keyAt: number, key: string): string | undefined {
  let i = keyAt + key.length + 2;
  while (data.charCodeAt(i) === 32) i++;
  if (data.charCodeAt(i) !== 58 /* : */) return undefined;
  i++;
  while (data.charCodeAt(i) === 32) i++;
  const start = i;
  const open = data.charCodeAt(i);
  if (open !== 123 /* { */ && open !== 91 /* [ */) {
    if (data.startsWith("null", i)) return "null"; // the common case, without a slice (the pattern below gives the same)
    const m = /^(?:null|true|false|-?\d[\d.eE+-]*)/.exec(data.slice(i, i + 32));
    return m ? m[0] : undefined;
  }
  let depth = 0;
  for (; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string: a quote ends it unless escaped.
      for (i++; i < data.length; i++) {
        const s = data.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (--depth === 0) return data.slice(start, i + 1);
    }
  }
  return undefined;
}
