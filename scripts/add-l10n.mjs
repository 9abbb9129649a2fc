// Merges translations into l10n/bundle.l10n.<locale>.json (sorted by key) without clobbering other entries.
// Usage: node scripts/add-l10n.mjs ko path/to/strings.json   (a JSON object: English text -> translation)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const [locale, file] = process.argv.slice(2);
if (!locale || !file) {
  console.error('usage: node scripts/add-l10n.mjs <locale> <strings.json>');
  process.exit(2);
}
const target = `l10n/bundle.l10n.${locale}.json`;
const current = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) : {};
const added = JSON.parse(readFileSync(file, 'utf8'));
const merged = { ...current, ...added };
const sorted = Object.fromEntries(Object.keys(merged).sort().map((key) => [key, merged[key]]));
writeFileSync(target, JSON.stringify(sorted, null, 2) + '\n');
console.log(`${target}: ${Object.keys(added).length} strings merged, ${Object.keys(sorted).length} in all`);
