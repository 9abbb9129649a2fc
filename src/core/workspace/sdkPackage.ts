// Finds whether a file belongs to the project that is the SDK's own package (see analysis/sdkPackage.ts): its
// project root (the nearest folder with a root marker, as for the workspace index) has a package.json named
// `openai` or a pyproject.toml whose [project] is named `openai`. Answers are kept per folder.
import * as fs from 'fs';
import * as path from 'path';
import type { SdkPackageFile } from '../analysis/sdkPackage';
import { rootMarkers } from './projectFiles';

const sdkPackageName = 'openai';
/** Folder → the source folder of the SDK package it belongs to, or null when it belongs to another project. */
const sourceFolderOf = new Map<string, string | null>();

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function npmName(root: string): string | undefined {
  const manifest = readText(path.join(root, 'package.json'));
  if (manifest === undefined) return undefined;
  try {
    const name: unknown = (JSON.parse(manifest) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    // A broken package.json names no package.
    return undefined;
  }
}

/** `name = "…"` in the [project] table of a pyproject.toml. */
function pythonProjectName(root: string): string | undefined {
  const manifest = readText(path.join(root, 'pyproject.toml'));
  const table = manifest === undefined ? undefined : /^[ \t]*\[project\][ \t]*(?:#.*)?$([\s\S]*?)(?=^[ \t]*\[|(?![\s\S]))/m.exec(manifest)?.[1];
  return table === undefined ? undefined : /^[ \t]*name[ \t]*=[ \t]*["']([^"'\n]+)["']/m.exec(table)?.[1];
}

function sdkSourceFolder(folder: string): string | null {
  const known = sourceFolderOf.get(folder);
  if (known !== undefined) return known;
  let found: string | null;
  if (rootMarkers.some((marker) => fs.existsSync(path.join(folder, marker)))) {
    const isSdk = npmName(folder) === sdkPackageName || pythonProjectName(folder) === sdkPackageName;
    found = isSdk ? path.join(folder, 'src') : null;
  } else {
    const parent = path.dirname(folder);
    found = parent === folder ? null : sdkSourceFolder(parent);
  }
  sourceFolderOf.set(folder, found);
  return found;
}

/** The SDK package a file belongs to, when its project is the SDK's own (`openai`) package. */
export function sdkPackageOf(file: string): SdkPackageFile | undefined {
  const absolute = path.resolve(file);
  const sourceFolder = sdkSourceFolder(path.dirname(absolute));
  return sourceFolder === null ? undefined : { file: absolute, sourceFolder };
}
