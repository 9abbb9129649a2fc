// Paths and readers for test/fixtures/catalog, found from the compiled test folder (out/test/unit/catalog).
import * as fs from 'fs';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const fixtureDir = path.join(repoRoot, 'test/fixtures/catalog');

export function fixturePath(name: string): string {
  return path.join(fixtureDir, name);
}

export function readFixture(name: string): string {
  return fs.readFileSync(fixturePath(name), 'utf8');
}

/** A `{ "<key>": [examples…] }` fixture without its "$comment". */
export function readExamples(name: string): Record<string, string[]> {
  const parsed = JSON.parse(readFixture(name)) as Record<string, unknown>;
  delete parsed.$comment;
  return parsed as Record<string, string[]>;
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff before committing). */
export function expectGolden(name: string, actual: string, assertEqual: (actual: string, expected: string) => void): void {
  const file = fixturePath(name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  assertEqual(actual, fs.readFileSync(file, 'utf8'));
}
