// The SDK's own package: in the project that defines `openai` (on npm or PyPI), the files under its source
// folder are the SDK's implementation. Its errors are its API — it rejects or raises them to the application,
// or emits them from its streams, by design — so calls there are not reported; the package's tests, examples
// and benchmarks are. Relative imports into that folder (`import OpenAI from '../../src'`) import the SDK.
// Finding the package (reading the project's manifest) is the front ends' job (see workspace/sdkPackage.ts).
import * as path from 'path';

/** A file of the project that is the SDK's own package. */
export interface SdkPackageFile {
  /** The file's absolute path. */
  file: string;
  /** The package's source folder (`<project root>/src`), absolute. */
  sourceFolder: string;
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether the file is part of the SDK's implementation (lies under the package's source folder). */
export function isSdkOwnSource(sdkPackage: SdkPackageFile | undefined): boolean {
  return sdkPackage !== undefined && isInside(sdkPackage.sourceFolder, sdkPackage.file);
}

/** Whether an import specifier of the file names the SDK's source folder or a module in it (`../../src/index`). */
export function importsSdkSource(sdkPackage: SdkPackageFile | undefined, specifier: string): boolean {
  if (!sdkPackage || !/^\.\.?(?:\/|$)/.test(specifier)) return false;
  return isInside(sdkPackage.sourceFolder, path.resolve(path.dirname(sdkPackage.file), specifier));
}
