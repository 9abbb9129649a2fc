// The contract between the language-independent analyser and each language's detector.
import type { Finding } from '../types';
import type { FileBindings } from './bindings';
import type { TreeSitter } from './treeSitter';
import type { SourceText } from './sourceText';
import type { OffsetRegion, SyntaxNode } from './syntax';
import type { HandlingContext, TryHandlers } from './protection';

/** A finding located by UTF-16 offsets, so the incremental analyser can shift it past edits. */
export interface LocatedFinding extends Omit<Finding, 'range' | 'handlerRange'> {
  start: number;
  end: number;
  handlerStart?: number;
  handlerEnd?: number;
}

export interface Detector {
  /**
   * Reads imports, constructors and assignments of the whole file. `sdkSourceModule` tells which further
   * import specifiers name the SDK (relative imports of its own sources, in the SDK's own package).
   */
  collectBindings(tree: TreeSitter.Tree, source: SourceText, extraNames: readonly string[], sdkSourceModule?: (specifier: string) => boolean): FileBindings;
  /**
   * Whether some text (whole lines, edited or re-parsed) may state a binding: when neither the old nor the
   * new text of an edit may, and the edit touches no binding evidence, the bindings stay as they are.
   */
  mayBind(text: string, bindings: FileBindings): boolean;
  /** Findings whose call (or handler) starts inside the region (the whole file without one). */
  findIssues(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings, region?: OffsetRegion): LocatedFinding[];
  /** Node types that end the search for an enclosing try (functions, lambdas, classes). */
  readonly scopeBoundaries: ReadonlySet<string>;
  /** The call that runs callback `fn` in place, as the analysis sees it (see LanguageRules.callbackRunner). */
  callbackRunner(fn: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined;
  /** Whether the offset lies inside a comment (suppression comments must be real comments). */
  isComment(tree: TreeSitter.Tree, offset: number): boolean;
  /** The handlers of a try statement, as the analysis sees them (the workspace index judges callers with it). */
  tryHandlers(tryNode: SyntaxNode, body: SyntaxNode, bindings: FileBindings): TryHandlers | undefined;
  /** Statements that handle errors in their block as a try does (Python `with` of an error-mapping context manager). */
  handlingContexts(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings): ReadonlyMap<number, HandlingContext>;
}
