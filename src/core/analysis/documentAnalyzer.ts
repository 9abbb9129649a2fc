// Incremental analysis of one open document. Keeps the syntax tree between edits, feeds each edit to
// tree-sitter so reparsing reuses the unchanged parts, and re-runs detection only inside the top-level
// statements (or class members) the edit touched; findings elsewhere are kept and shifted. Whenever an edit
// changes what the file's names mean (imports, client assignments), the whole file is re-analysed.
import type { Finding, SourceLanguage } from '../types';
import { bindingsSignature, type FileBindings } from './bindings';
import type { Detector, LocatedFinding } from './detector';
import { locateFindings } from './findings';
import { detectorFor, grammarFor, mayContainOpenAICalls, skipReason, skipReasonOfShape } from './languageSupport';
import { LineIndex } from './lineIndex';
import { SourceText } from './sourceText';
import type { OffsetRegion, SyntaxNode } from './syntax';
import { createParser, type TreeSitter } from './treeSitter';
import { defaultMaxBytes, isSdkImplementation, sdkSourceModuleTest, type AnalysisOptions } from './options';

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

/** The top-level statement that holds the offset or, between statements, the next one. */
function topLevelAt(root: SyntaxNode, offset: number): SyntaxNode | null {
  // Asked of the root directly: climbing from a descendant with `parent` walks down from the root at every step.
  return root.firstChildForIndex(offset);
}

/** The smallest run of whole top-level statements (or members of one class) covering [start, end]. */
function regionAround(root: SyntaxNode, start: number, end: number): OffsetRegion {
  const first = topLevelAt(root, start);
  const last = topLevelAt(root, Math.max(start, end - 1));
  let region: OffsetRegion = { start: Math.min(first?.startIndex ?? start, start), end: Math.max(last?.endIndex ?? end, end) };
  if (first && last && first.equals(last)) {
    for (let container = memberContainer(first); container;) {
      const member = container.firstNamedChildForIndex(start);
      if (!member || member.startIndex > start || end > member.endIndex) break;
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

/**
 * Drops the findings an edit of [start, oldEnd) overlaps and moves those after it, in place (they are this
 * analyser's own), keeping the Findings published for them in step.
 */
function followEdit(located: LocatedFinding[], published: (Finding | undefined)[], start: number, oldEnd: number, delta: number): void {
  let kept = 0;
  for (let index = 0; index < located.length; index++) {
    const finding = located[index];
    const first = Math.min(finding.start, finding.handlerStart ?? finding.start);
    const last = Math.max(finding.end, finding.handlerEnd ?? finding.end);
    if (first >= oldEnd) {
      finding.start += delta;
      finding.end += delta;
      if (finding.handlerStart !== undefined) finding.handlerStart += delta;
      if (finding.handlerEnd !== undefined) finding.handlerEnd += delta;
    } else if (last > start) continue;
    published[kept] = published[index];
    located[kept++] = finding;
  }
  located.length = kept;
  published.length = kept;
}

/** Moves the binding evidence after an edit; true when the edit touches some of it. */
function evidenceFollowsEdit(evidence: OffsetRegion[], start: number, oldEnd: number, delta: number): boolean {
  let touched = false;
  for (const region of evidence) {
    if (region.start >= oldEnd && region.start > start) {
      region.start += delta;
      region.end += delta;
    } else if (region.end >= start) touched = true;
  }
  return touched;
}

/**
 * Replaces the findings that start inside each region with the region's fresh ones, in place. Both lists are
 * sorted by start and the regions do not overlap, so each region's findings go where its old ones were.
 */
function replaceInRegions(located: LocatedFinding[], published: (Finding | undefined)[], regions: readonly OffsetRegion[], findIn: (region: OffsetRegion) => LocatedFinding[]): void {
  for (const region of regions) {
    let first = 0;
    while (first < located.length && located[first].start < region.start) first++;
    let end = first;
    while (end < located.length && located[end].start < region.end) end++;
    const fresh = findIn(region);
    located.splice(first, end - first, ...fresh);
    published.splice(first, end - first, ...fresh.map(() => undefined));
  }
}

function overlapsAny(regions: readonly OffsetRegion[], start: number, end: number): boolean {
  return regions.some((region) => region.start <= end && start <= region.end);
}

export class DocumentAnalyzer {
  private tree: TreeSitter.Tree | undefined;
  private source = SourceText.editable('');
  private lines = new LineIndex('');
  private bindings: FileBindings | undefined;
  private signature = '';
  private located: LocatedFinding[] = [];
  /**
   * The Finding last handed out for each located finding (same index), handed out again while its position
   * holds. Kept beside them rather than in a WeakMap: V8's young-generation collections keep WeakMap entries,
   * and with them every replaced finding, alive until the next full collection.
   */
  private published: (Finding | undefined)[] = [];
  private current: Finding[] = [];
  private disposed = false;
  private readonly detector: Detector;
  private readonly extraNames: string[];
  private readonly maxBytes: number;
  /** The document is part of the SDK's own implementation: nothing in it is reported. */
  private readonly sdkImplementation: boolean;
  private readonly sdkSourceModule: ((specifier: string) => boolean) | undefined;
  /** The parser's input: the text chunk by chunk, so no edit needs the whole document as one string. */
  private readonly readText = (index: number): string => this.source.readAt(index);

  private constructor(private readonly language: SourceLanguage, private readonly parser: TreeSitter.Parser, options: AnalysisOptions) {
    this.detector = detectorFor(language);
    this.extraNames = options.extraClientNames ?? [];
    this.maxBytes = options.maxBytes ?? defaultMaxBytes;
    this.sdkImplementation = isSdkImplementation(options);
    this.sdkSourceModule = sdkSourceModuleTest(options);
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
    return this.source.toString();
  }

  /** Analyses a whole new text (first open, or when the edits are unknown). */
  analyze(text: string): Finding[] {
    this.assertUsable();
    this.source = SourceText.editable(text);
    this.lines = new LineIndex(text);
    this.dropTree();
    this.bindings = undefined;
    this.published = [];
    if (this.sdkImplementation || skipReason(text, this.maxBytes) || !mayContainOpenAICalls(text, this.language, this.extraNames)) {
      this.located = [];
      return this.publish();
    }
    this.tree = this.parser.parse(this.readText) ?? undefined;
    if (!this.tree) throw new Error('tree-sitter returned no tree');
    this.bindings = this.detector.collectBindings(this.tree, this.source, this.extraNames, this.sdkSourceModule);
    this.signature = bindingsSignature(this.bindings);
    this.located = this.detector.findIssues(this.tree, this.source, this.bindings);
    return this.publish();
  }

  /**
   * Applies edits to the last analysed text (in the order given, each offset relative to the text produced by
   * the previous one, as VS Code reports them) and re-analyses what they touched. When `expectedText` is given
   * and the result differs from it, the analyser resynchronises with a full analysis.
   */
  update(changes: readonly TextChange[], expectedText?: string): Finding[] {
    this.assertUsable();
    const outOfRange = this.firstChangeOutOfRange(changes);
    if (outOfRange !== undefined) {
      if (expectedText !== undefined) return this.analyze(expectedText);
      throw new RangeError(`Edit ${outOfRange + 1} of ${changes.length} lies outside the analysed text; pass the document's text to resynchronise`);
    }
    const { source, lines, bindings } = this;
    const edited: OffsetRegion[] = [];
    let bindingsMayChange = false;
    let binary = false;
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
      if (bindings && !bindingsMayChange) bindingsMayChange = this.detector.mayBind(this.linesAround(start, oldEnd), bindings);
      if (bindings && evidenceFollowsEdit(bindings.evidence, start, oldEnd, delta)) bindingsMayChange = true;
      source.edit(start, oldEnd, change.text);
      lines.applyEdit(start, oldEnd, change.text);
      if (bindings && !bindingsMayChange) bindingsMayChange = this.detector.mayBind(this.linesAround(start, newEnd), bindings);
      binary ||= change.text.includes('\0');
      for (const region of edited) {
        if (region.start >= oldEnd) { region.start += delta; region.end += delta; }
        else if (region.end > start) region.end = Math.max(region.end + delta, newEnd);
      }
      edited.push({ start, end: newEnd });
      followEdit(this.located, this.published, start, oldEnd, delta);
    }
    if (expectedText !== undefined && !source.equals(expectedText)) return this.analyze(expectedText);
    if (!this.tree || !bindings || binary || skipReasonOfShape(source.length, lines.lineCount, this.maxBytes)) return this.analyze(expectedText ?? source.toString());

    const oldTree = this.tree;
    const newTree = this.parser.parse(this.readText, oldTree);
    if (!newTree) throw new Error('tree-sitter returned no tree');
    const changedRanges = oldTree.getChangedRanges(newTree).map((range) => ({ start: range.startIndex, end: range.endIndex }));
    // The statements around the edit as they were (the edited old tree is already in new coordinates): an edit
    // can split or merge statements, and calls that belonged to the old statement must be looked at again.
    const oldRoot = oldTree.rootNode;
    const before = [...edited, ...changedRanges].map((span) => regionAround(oldRoot, span.start, Math.min(span.end, source.length)));
    oldTree.delete();
    this.tree = newTree;

    // Text whose syntax changed can change what the file's names mean as much as edited text can.
    bindingsMayChange ||= changedRanges.some((range) => overlapsAny(bindings.evidence, range.start, range.end)
      || this.detector.mayBind(this.linesAround(range.start, range.end), bindings));
    if (bindingsMayChange) {
      this.bindings = this.detector.collectBindings(newTree, source, this.extraNames, this.sdkSourceModule);
      const signature = bindingsSignature(this.bindings);
      if (signature !== this.signature) {
        this.signature = signature;
        this.located = this.detector.findIssues(newTree, source, this.bindings);
        this.published = [];
        return this.publish();
      }
    }
    const current = this.bindings ?? bindings;
    const root = newTree.rootNode;
    const spans = mergeRegions([...edited, ...changedRanges, ...before]);
    const regions = mergeRegions(spans.map((span) => regionAround(root, span.start, span.end)));
    replaceInRegions(this.located, this.published, regions, (region) => this.detector.findIssues(newTree, source, current, region));
    return this.publish();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropTree();
    this.parser.delete();
    this.located = [];
    this.published = [];
    this.current = [];
  }

  /** The index of the first change whose range lies outside the text it applies to, if any. */
  private firstChangeOutOfRange(changes: readonly TextChange[]): number | undefined {
    let length = this.source.length;
    for (let index = 0; index < changes.length; index++) {
      const { rangeOffset, rangeLength, text } = changes[index];
      if (!(rangeOffset >= 0 && rangeLength >= 0 && rangeOffset + rangeLength <= length)) return index;
      length += text.length - rangeLength;
    }
    return undefined;
  }

  /** The whole lines holding [start, end] of the current text. */
  private linesAround(start: number, end: number): string {
    const from = this.lines.lineStart(this.lines.lineAt(start));
    return this.source.slice(from, this.lines.lineEnd(this.lines.lineAt(end), this.source.length));
  }

  private point(offset: number): TreeSitter.Point {
    const position = this.lines.positionAt(offset);
    return { row: position.line, column: position.character };
  }

  private publish(): Finding[] {
    const tree = this.tree;
    this.current = tree
      ? locateFindings(this.located, this.source, this.language, (offset) => this.detector.isComment(tree, offset), this.lines, this.published)
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
