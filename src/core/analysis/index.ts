// The analysis API both front ends use: analyzeText for one-off analysis (CLI, tests) and DocumentAnalyzer for
// documents that change (the editor).
import type { Finding, SourceLanguage } from '../types';
import { createParser, withTree } from './treeSitter';
import { detectorFor, grammarFor, mayContainOpenAICalls, skipReason } from './languageSupport';
import { locateFindings } from './findings';
import { LineIndex } from './lineIndex';
import { SourceText } from './sourceText';

import { bulkAnalysisText } from './commentRuns';
import { defaultMaxBytes, isSdkImplementation, sdkSourceModuleTest, type AnalysisOptions } from './options';

export { defaultMaxBytes, type AnalysisOptions } from './options';
export type { SdkPackageFile } from './sdkPackage';

/** Analyses a whole text: parses it, finds the OpenAI calls no handling protects, frees the tree. Stateless. */
export async function analyzeText(text: string, language: SourceLanguage, options: AnalysisOptions = {}): Promise<Finding[]> {
  const extraNames = options.extraClientNames ?? [];
  if (isSdkImplementation(options) || skipReason(text, options.maxBytes ?? defaultMaxBytes) || !mayContainOpenAICalls(text, language, extraNames)) return [];
  const parser = await createParser(grammarFor(language));
  // Same offsets as the text: findings point at its own lines.
  const input = bulkAnalysisText(text, language);
  try {
    return withTree(parser, input, (tree) => {
      const detector = detectorFor(language);
      const source = SourceText.of(input);
      const bindings = detector.collectBindings(tree, source, extraNames, sdkSourceModuleTest(options));
      return locateFindings(detector.findIssues(tree, source, bindings), source, language, (offset) => detector.isComment(tree, offset), new LineIndex(input));
    });
  } finally {
    parser.delete();
  }
}

export { DocumentAnalyzer, type TextChange } from './documentAnalyzer';
export { suppressionComment, parseSuppressions, type SuppressionKind } from './suppression';
export { mayContainOpenAICalls, skipReason, type SkipReason } from './languageSupport';
export { ruleDocumentationUri, ruleDescription } from './ruleDocs';
