// The try statements of a file, found from their keyword in the text with one tree lookup per match. Many
// OpenAI calls sit in no try statement at all; knowing where the try statements are lets the analysis skip the
// climb through the syntax tree for those calls, and start it at the outermost try for the others.
import type { SourceText } from './sourceText';
import type { OffsetRegion, SyntaxNode } from './syntax';
import { matchesIn } from './syntax';

export interface TryStatement {
  node: SyntaxNode;
  startIndex: number;
  endIndex: number;
  /** The protected block, looked up when first needed (null: the statement has none, e.g. mid-edit). */
  body?: SyntaxNode | null;
}

export function tryBody(statement: TryStatement): SyntaxNode | null {
  if (statement.body === undefined) statement.body = statement.node.childForFieldName('body');
  return statement.body;
}

/** Both languages spell it `try` (Python `try:`, JS `try {`); matches in strings, comments and names are dropped by the lookup. */
const tryKeyword = /\btry\b/g;

export class TryStatements {
  private readonly all: TryStatement[] = [];
  private next = 0;
  private readonly open: TryStatement[] = [];
  private lastStart = -1;

  /**
   * The try statements that can enclose calls in the region: from the start of its top-level statement on. `also`
   * are other statements that handle errors in their body as a try does (Python `with` statements whose context
   * manager catches them).
   */
  constructor(root: SyntaxNode, source: SourceText, region?: OffsetRegion, also: readonly SyntaxNode[] = []) {
    const scanned = region ? { start: root.firstChildForIndex(region.start)?.startIndex ?? region.start, end: region.end } : undefined;
    for (const match of matchesIn(tryKeyword, source, scanned)) {
      const node = root.namedDescendantForIndex(match.index);
      if (node?.type !== 'try_statement' || node.startIndex !== match.index) continue;
      this.all.push({ node, startIndex: node.startIndex, endIndex: node.endIndex });
    }
    if (also.length === 0) return;
    for (const node of also) this.all.push({ node, startIndex: node.startIndex, endIndex: node.endIndex });
    // Opened in source order (see outermostAround).
    this.all.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  }

  /**
   * The outermost try statement that contains [start, end) (in its block or in a handler: the climb from the
   * call tells which). Cheapest when queried in increasing order of `start`: the statements are swept once,
   * keeping only those that can still contain a later query.
   */
  outermostAround(start: number, end: number): TryStatement | undefined {
    if (start < this.lastStart) {
      this.next = 0;
      this.open.length = 0;
    }
    this.lastStart = start;
    while (this.next < this.all.length && this.all[this.next].startIndex <= start) this.open.push(this.all[this.next++]);
    let kept = 0;
    for (const statement of this.open) if (statement.endIndex > start) this.open[kept++] = statement;
    this.open.length = kept;
    // Opened in source order, so the first that contains the range is the outermost.
    return this.open.find((statement) => statement.startIndex <= start && end <= statement.endIndex);
  }
}
