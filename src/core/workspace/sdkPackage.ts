// Finds whether a file belongs to the project that is the SDK's own package (see analysis/sdkPackage.ts): its
// project root (the nearest folder with a root marker, as for the workspace index) has a package.json named
// `openai` or a pyproject.toml whose [project] is named `openai`. Answers are kept per folder: the scan and the
// editor ask for every file, and a project's manifests do not change under a running scan.
import * as path from 'path';
import type { SdkPackageFile } from '../analysis/sdkPackage';
import { readIfExists, tomlTableValue } from '../configFiles';
import { isProjectRoot } from './projectFiles';

const sdkPackageName = 'openai';
/** Folder → the source folder of the SDK package it belongs to, or null when it belongs to another project. */
const sourceFolderOf = new Map<string, string | null>();

function npmName(root: string): string | undefined {
  const manifest = readIfExists(path.join(root, 'package.json'));
  if (manifest === undefined) return undefined;
  try {
    const name: unknown = (JSON.parse(manifest) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    // A broken package.json names no package.
    return undefined;
  }
}

function pythonProjectName(root: string): string | undefined {
  const manifest = readIfExists(path.join(root, 'pyproject.toml'));
  return manifest === undefined ? undefined : tomlTableValue(manifest, ['project'], 'name');
}

function sdkSourceFolderOfRoot(root: string): string | null {
  return npmName(root) === sdkPackageName || pythonProjectName(root) === sdkPackageName ? path.join(root, 'src') : null;
}

function sdkSourceFolder(folder: string): string | null {
  let found = sourceFolderOf.get(folder);
  if (found === undefined) {
    // Climbing one folder at a time keeps an answer for every folder on the way.
    const parent = path.dirname(folder);
    found = isProjectRoot(folder) ? sdkSourceFolderOfRoot(folder) : parent === folder ? null : sdkSourceFolder(parent);
    sourceFolderOf.set(folder, found);
  }
  return found;
}

/** The SDK package a file belongs to, when its project is the SDK's own (`openai`) package. */
export function sdkPackageOf(file: string): SdkPackageFile | undefined {
  const absolute = path.resolve(file);
  const sourceFolder = sdkSourceFolder(path.dirname(absolute));
  return sourceFolder === null ? undefined : { file: absolute, sourceFolder };
}
