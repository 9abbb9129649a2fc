// Options shared by analyzeText and DocumentAnalyzer.
import { importsSdkSource, isSdkOwnSource, type SdkPackageFile } from './sdkPackage';

export interface AnalysisOptions {
  /** Names of wrappers, factories or OpenAI-compatible clients to treat as OpenAI clients. */
  extraClientNames?: string[];
  /** Texts longer than this (UTF-16 code units) are not analysed. Default 1 MiB. */
  maxBytes?: number;
  /** Set when the file belongs to the SDK's own package (see sdkPackage.ts): its sources are not reported. */
  sdkPackage?: SdkPackageFile;
}

export const defaultMaxBytes = 1024 * 1024;

/** Whether the options say the file is the SDK's own implementation (nothing in it is reported). */
export function isSdkImplementation(options: AnalysisOptions): boolean {
  return isSdkOwnSource(options.sdkPackage);
}

/** The import specifiers that name the SDK's own sources from the file, when it belongs to the SDK's package. */
export function sdkSourceModuleTest(options: AnalysisOptions): ((specifier: string) => boolean) | undefined {
  const sdkPackage = options.sdkPackage;
  return sdkPackage ? (specifier) => importsSdkSource(sdkPackage, specifier) : undefined;
}
