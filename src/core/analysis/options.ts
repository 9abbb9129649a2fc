// Options shared by analyzeText and DocumentAnalyzer.
export interface AnalysisOptions {
  /** Names of wrappers, factories or OpenAI-compatible clients to treat as OpenAI clients. */
  extraClientNames?: string[];
  /** Texts longer than this (UTF-16 code units) are not analysed. Default 1 MiB. */
  maxBytes?: number;
}

export const defaultMaxBytes = 1024 * 1024;
