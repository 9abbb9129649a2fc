// The top-level statement around an offset, remembered between lookups. A lookup from the root first scans the
// root's children one by one (a thousand of them in a 10k-line module); the analysis asks about a call, then
// about the text after it, mostly inside one statement, so one scan serves several lookups there.
import type { SourceText } from './sourceText';
import { matchesIn, type SyntaxNode } from './syntax';

const awaitKeyword = /\bawait\b/g;

interface Statement {
  node: SyntaxNode;
  start: number;
  end: number;
  /** Offsets of the word `await` in the statement, read on first use. */
  awaits?: number[];
}

export class TopLevelStatements {
  private current: Statement | undefined;

  constructor(private readonly root: SyntaxNode, private readonly source: SourceText) {}

  /**
   * The top-level statement holding [start, end] as tree-sitter's descendant lookups decide it (it starts at or
   * before `start` and ends at or after `end`), or undefined when no single one does.
   */
  around(start: number, end: number): SyntaxNode | undefined {
    return this.statementAround(start, end)?.node;
  }

  /** The smallest named node spanning [start, end]: what the root's lookup answers, found from the statement. */
  namedDescendant(start: number, end: number): SyntaxNode | null {
    const statement = this.around(start, end);
    if (!statement) return this.root.namedDescendantForIndex(start, end);
    const found = statement.namedDescendantForIndex(start, end);
    // A lookup answers with the node it starts from when nothing inside fits; from the root, an unnamed
    // statement (a stray `;`) is passed over and the root is the answer.
    return found?.id === statement.id && !statement.isNamed ? this.root : found;
  }

  /**
   * Whether the word `await` occurs from `offset` to the end of its top-level statement: nothing after that
   * offset can await a value otherwise (true, to be safe, where no statement holds it).
   */
  awaitFollows(offset: number): boolean {
    const statement = this.statementAround(offset, offset + 1);
    if (!statement) return true;
    if (!statement.awaits) {
      statement.awaits = [];
      for (const match of matchesIn(awaitKeyword, this.source, { start: statement.start, end: statement.end })) statement.awaits.push(match.index);
    }
    const awaits = statement.awaits;
    return awaits.length > 0 && awaits[awaits.length - 1] >= offset;
  }

  private statementAround(start: number, end: number): Statement | undefined {
    let statement = this.current;
    if (!statement || start < statement.start || end > statement.end) {
      const node = this.root.firstChildForIndex(start);
      if (!node) return undefined;
      statement = { node, start: node.startIndex, end: node.endIndex };
      this.current = statement;
    }
    return statement.start <= start && end <= statement.end && start < statement.end ? statement : undefined;
  }
}
