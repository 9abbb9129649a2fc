// Reads KEY=value pairs from a .env file the way the common dotenv loaders do, so the health check sees the
// same key the user's program would: `export` prefixes, comments, quoted values and escapes in double quotes.

export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const pattern = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*("(?:\\.|[^"\\])*"|'[^']*'|`[^`]*`|[^\n#]*?)[ \t]*(?:#[^\n]*)?$/gm;
  const normalised = text.replace(/\r\n?/g, '\n');
  for (const match of normalised.matchAll(pattern)) {
    values.set(match[1], unquote(match[2]));
  }
  return values;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (raw.length >= 2 && (quote === '"' || quote === "'" || quote === '`') && raw.endsWith(quote)) {
    const inner = raw.slice(1, -1);
    return quote === '"' ? inner.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c) : inner;
  }
  return raw.trim();
}
