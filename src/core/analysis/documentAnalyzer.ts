// Incremental analysis of one open document. Keeps the syntax tree between edits, feeds each edit to
// tree-sitter so reparsing reuses the unchanged parts, and re-runs detection only inside the top-level
// statements (or class members) the edit touched; findings elsewhere are kept and shifted. Whenever an edit
// changes what the file's names mean (imports, client assignments), the whole file is re-analysed.
import type { Finding, SourceLanguage } from '../types';
import { bindingsSignature, type FileBindings } from './bindings';
import type { Detector, LocatedFinding } from './detector';
import { locateFindings } from './findings';
import { detectorFor, grammarFor, mayContainOpenAICalls, skipReason } from './languageSupport';
import { LineIndex } from './lineIndex';
import type { OffsetRegion, SyntaxNode } from './syntax';
import { createParser, type TreeSitter } from './treeSitter';
import { defaultMaxBytes, type AnalysisOptions } from './options';

/** One edit, in the shape of VS Code's TextDocumentContentChangeEvent (offsets in the text before the edit). */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Nodes whose members are analysed separately, so an edit in one method does not re-analyse the whole class. */
function memberContainer(node: SyntaxNode): SyntaxNode | null {
  switch (node.type) {
    case 'decorated_definition': {
      const definition = node.childForFieldName('definition');
      return definition ? memberContainer(definition) : null;
    }
    case 'export_statement': {
      const declaration = node.childForFieldName('declaration');
      return declaration ? memberContainer(declaration) : null;
    }
    case 'class_definition':
    case 'class_declaration':
    case 'class':
      return node.childForFieldName('body');
    default:
      return null;
  }
}

function topLevelAt(root: SyntaxNode, offset: number): SyntaxNode | null {
  let node = root.descendantForIndex(offset);
  while (node && node.parent && !node.parent.equals(root)) node = node.parent;
  return node && !node.equals(root) ? node : null;
}

/** The smallest run of whole top-level statements (or members of one class) covering [start, end]. */
function regionAround(root: SyntaxNode, start: number, end: number): OffsetRegion {
  const first = topLevelAt(root, start);
  const last = topLevelAt(root, Math.max(start, end - 1));
  let region: OffsetRegion = { start: Math.min(first?.startIndex ?? start, start), end: Math.max(last?.endIndex ?? end, end) };
  if (first && last && first.equals(last)) {
    for (let container = memberContainer(first); container;) {
      const member = container.namedChildren.find((child) => child !== null && child.startIndex <= start && end <= child.endIndex);
      if (!member) break;
      region = { start: member.startIndex, end: member.endIndex };
      container = memberContainer(member);
    }
  }
  return region;
}

function mergeRegions(regions: OffsetRegion[]): OffsetRegion[] {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const merged: OffsetRegion[] = [];
  for (const region of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && region.start <= previous.end) previous.end = Math.max(previous.end, region.end);
    else merged.push({ ...region });
  }
  return merged;
}

function endPoint(start: TreeSitter.Point, inserted: string): TreeSitter.Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let index = inserted.indexOf('\n'); index !== -1; index = inserted.indexOf('\n', index + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}

function extent(finding: LocatedFinding): OffsetRegion {
  return { start: Math.min(finding.start, finding.handlerStart ?? finding.start), end: Math.max(finding.end, finding.handlerEnd ?? finding.end) };
}

function shifted(finding: LocatedFinding, delta: number): LocatedFinding {
  const moved = { ...finding, start: finding.start + delta, end: finding.end + delta };
  if (finding.handlerStart !== undefined) moved.handlerStart = finding.handlerStart + delta;
  if (finding.handlerEnd !== undefined) moved.handlerEnd = finding.handlerEnd + delta;
  return moved;
}

export class DocumentAnalyzer {
  private tree: TreeSitter.Tree | undefined;
  private text = '';
  private lines = new LineIndex('');
  private bindings: FileBindings | undefined;
  private signature = '';
  private located: LocatedFinding[] = [];
  private current: Finding[] = [];
  private disposed = false;
  private readonly detector: Detector;
  private readonly extraNames: string[];
  private readonly maxBytes: number;

  private constructor(private readonly language: SourceLanguage, private readonly parser: TreeSitter.Parser, options: AnalysisOptions) {
    this.detector = detectorFor(language);
    this.extraNames = options.extraClientNames ?? [];
    this.maxBytes = options.maxBytes ?? defaultMaxBytes;
  }

  static async create(language: SourceLanguage, options: AnalysisOptions = {}): Promise<DocumentAnalyzer> {
    return new DocumentAnalyzer(language, await createParser(grammarFor(language)), options);
  }

  /** The findings of the last analysis. */
  get findings(): Finding[] {
    return this.current;
  }

  /** The text the current findings describe. */
  get analyzedText(): string {
    return this.text;
  }

  /** Analyses a whole new text (first open, or when the edits are unknown). */
  analyze(text: string): Finding[] {
    this.assertUsable();
    this.text = text;
    this.lines = new LineIndex(text);
    this.dropTree();
    if (skipReason(text, this.maxBytes) || !mayContainOpenAICalls(text, this.extraNames)) {
      this.located = [];
      return this.publish();
    }
    this.tree = this.parser.parse(text) ?? undefined;
    if (!this.tree) throw new Error('tree-sitter returned no tree');
    this.bindings = this.detector.collectBindings(this.tree, text, this.extraNames);
    this.signature = bindingsSignature(this.bindings);
    this.located = this.detector.findIssues(this.tree, text, this.bindings);
    return this.publish();
  }

  /**
   * Applies edits to the last analysed text (in the order given, each offset relative to the text produced by
   * the previous one, as VS Code reports them) and re-analyses what they touched. When `expectedText` is given
   * and the result differs from it, the analyser resynchronises with a full analysis.
   */
  update(changes: readonly TextChange[], expectedText?: string): Finding[] {
    this.assertUsable();
    let text = this.text;
    const edited: OffsetRegion[] = [];
    let located = this.located;
    for (const change of changes) {
      const start = change.rangeOffset;
      const oldEnd = start + change.rangeLength;
      const newEnd = start + change.text.length;
      const delta = newEnd - oldEnd;
      if (this.tree) {
        const startPosition = this.point(start);
        this.tree.edit({
          startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
          startPosition, oldEndPosition: this.point(oldEnd), newEndPosition: endPoint(startPosition, change.text),
        });
      }
      text = text.slice(0, start) + change.text + text.slice(oldEnd);
      this.lines = new LineIndex(text);
      for (const region of edited) {
        if (region.start >= oldEnd) { region.start += delta; region.end += delta; }
        else if (region.end > start) region.end = Math.max(region.end + delta, newEnd);
      }
      edited.push({ start, end: newEnd });
      located = located.flatMap((finding) => {
        const span = extent(finding);
        if (span.end <= start) return [finding];
        if (span.start >= oldEnd) return [shifted(finding, delta)];
        return [];
      });
    }
    if ((expectedText !== undefined && expectedText !== text) || !this.tree) return this.analyze(expectedText ?? text);
    if (skipReason(text, this.maxBytes)) return this.analyze(text);

    const oldTree = this.tree;
    const newTree = this.parser.parse(text, oldTree);
    if (!newTree) throw new Error('tree-sitter returned no tree');
    const changedRanges = oldTree.getChangedRanges(newTree).map((range) => ({ start: range.startIndex, end: range.endIndex }));
    // The statements around the edit as they were (the edited old tree is already in new coordinates): an edit
    // can split or merge statements, and calls that belonged to the old statement must be looked at again.
    const oldRoot = oldTree.rootNode;
    const before = [...edited, ...changedRanges].map((span) => regionAround(oldRoot, span.start, Math.min(span.end, text.length)));
    oldTree.delete();
    this.tree = newTree;
    this.text = text;

    const bindings = this.detector.collectBindings(newTree, text, this.extraNames);
    const signature = bindingsSignature(bindings);
    this.bindings = bindings;
    if (signature !== this.signature) {
      this.signature = signature;
      this.located = this.detector.findIssues(newTree, text, bindings);
      return this.publish();
    }
    const root = newTree.rootNode;
    const spans = mergeRegions([...edited, ...changedRanges, ...before]);
    const regions = mergeRegions(spans.map((span) => regionAround(root, span.start, span.end)));
    const inRegion = (offset: number): boolean => regions.some((region) => region.start <= offset && offset < region.end);
    const kept = located.filter((finding) => !inRegion(finding.start));
    const fresh = regions.flatMap((region) => this.detector.findIssues(newTree, text, bindings, region));
    this.located = [...kept, ...fresh].sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
    return this.publish();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropTree();
    this.parser.delete();
    this.located = [];
    this.current = [];
  }

  private point(offset: number): TreeSitter.Point {
    const position = this.lines.positionAt(offset);
    return { row: position.line, column: position.character };
  }

  private publish(): Finding[] {
    const tree = this.tree;
    this.current = tree
      ? locateFindings(this.located, this.text, this.language, (offset) => this.detector.isComment(tree, offset), this.lines)
      : [];
    return this.current;
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('DocumentAnalyzer used after dispose()');
  }
}
