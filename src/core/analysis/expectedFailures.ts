// Test idioms that expect a call to fail: `with pytest.raises(...)`, `self.assertRaises(...)`,
// `await expect(call).rejects`, `expect(() => call).toThrow()`, `assert.rejects(...)`, `t.throwsAsync(...)`.
// The test framework catches what the call raises there, so such a call needs no handler of its own. Found from
// their names in the text; the tree is asked only when a call that nothing else protects might lie inside one.
import type { SourceText } from './sourceText';
import { matchesIn, type OffsetRegion, type SyntaxNode } from './syntax';
import { pathBetween } from './syntaxPath';
import type { TreeSitter } from './treeSitter';

/** The code an idiom runs under the test framework's watch. */
export interface ExpectedFailureRegion {
  /** The node holding the code (a `with` statement's block, an assertion's argument list). */
  node: SyntaxNode;
  /**
   * Whether calls inside functions defined in the region count (`expect(() => call)`: the framework runs the
   * function; `with pytest.raises(...)`: a function only defined in the block does not run there).
   */
  functionsRun: boolean;
}

export interface ExpectedFailureIdioms {
  /** Where an idiom may start (its name followed by `(`). */
  pattern: RegExp;
  /** The region of the idiom whose name starts at `offset`, if it is one. */
  regionAt(tree: TreeSitter.Tree, source: SourceText, offset: number): ExpectedFailureRegion | undefined;
}

export class ExpectedFailures {
  private regions: ExpectedFailureRegion[] | undefined;

  constructor(
    private readonly idioms: ExpectedFailureIdioms,
    private readonly tree: TreeSitter.Tree,
    private readonly source: SourceText,
    private readonly scopeBoundaries: ReadonlySet<string>,
    private readonly region?: OffsetRegion,
  ) {}

  /** Whether a test idiom that expects a failure runs the call. */
  covers(call: SyntaxNode): boolean {
    for (const region of this.all()) {
      const { node } = region;
      if (node.startIndex > call.startIndex || call.endIndex > node.endIndex) continue;
      if (region.functionsRun || !pathBetween(node, call).slice(1, -1).some((step) => this.scopeBoundaries.has(step.type))) return true;
    }
    return false;
  }

  /** Found on first use: most files have no call that needs them. */
  private all(): ExpectedFailureRegion[] {
    if (!this.regions) {
      this.regions = [];
      const root = this.tree.rootNode;
      const scanned = this.region ? { start: root.firstChildForIndex(this.region.start)?.startIndex ?? this.region.start, end: this.region.end } : undefined;
      for (const match of matchesIn(this.idioms.pattern, this.source, scanned)) {
        const found = this.idioms.regionAt(this.tree, this.source, match.index);
        if (found) this.regions.push(found);
      }
    }
    return this.regions;
  }
}
