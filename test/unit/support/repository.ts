// Where the repository is and what sources it holds, for tests that check rules across the whole tree.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (tests run from out/test/unit/<area>/). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** Every .ts file below a folder, recursively. */
export function typescriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}
