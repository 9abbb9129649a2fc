// Every user-facing string has a Korean translation: the manifest's (package.nls.ko.json) and the runtime
// strings passed to t() in the sources (l10n/bundle.l10n.ko.json).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, typescriptFiles } from '../support/repository';

function readJson(relative: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as Record<string, string>;
}

/** The literal first arguments of t('…') / t("…") / t(`…`) calls (template literals without ${} only). */
export function translatedLiterals(source: string): string[] {
  const found: string[] = [];
  const pattern = /\bt\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)\s*[,)]/g;
  for (const match of source.matchAll(pattern)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? '';
    found.push(raw.replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n'));
  }
  return found;
}

describe('localization: Korean is complete', () => {
  it('extracts t() literals in each quoting style', () => {
    const sample = "t('A {0}', x); t(\"B\"); t(`C`); notT('D'); t('It\\'s')";
    assert.deepEqual(translatedLiterals(sample), ['A {0}', 'B', 'C', "It's"]);
  });

  it('package.nls.ko.json translates every manifest string', () => {
    const english = readJson('package.nls.json');
    const korean = readJson('package.nls.ko.json');
    assert.deepEqual(Object.keys(english).filter((key) => !korean[key]?.trim()), []);
  });

  it('every %key% in package.json has an English text', () => {
    const manifest = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const english = readJson('package.nls.json');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]);
    assert.ok(keys.length > 0);
    assert.deepEqual(keys.filter((key) => !(key in english)), []);
  });

  it('l10n/bundle.l10n.ko.json translates every t() string in src/', () => {
    const korean = readJson('l10n/bundle.l10n.ko.json');
    const missing = new Set<string>();
    for (const file of typescriptFiles(path.join(repoRoot, 'src'))) {
      for (const literal of translatedLiterals(fs.readFileSync(file, 'utf8'))) {
        if (!korean[literal]?.trim()) missing.add(`${path.relative(repoRoot, file)}: ${literal}`);
      }
    }
    assert.deepEqual([...missing], []);
  });
});
