// Watches output that arrives in pieces (a debug session's output events) and says when a piece holds an OpenAI
// error worth offering an explanation for: once per kind of error, so a retry loop printing the same error does
// not ask again. What earlier pieces showed about OpenAI counts as context for later ones.
import { isAboutOpenAI } from './about';
import type { Catalog } from './catalog';
import { explainText, type CatalogMatch } from './matcher';

export class OutputWatcher {
  private aboutOpenAI = false;
  private readonly offered = new Set<string>();

  constructor(private readonly catalog: () => Catalog) {}

  /** The best explanation of `output` if its kind was not offered before, else undefined. */
  next(output: string): CatalogMatch | undefined {
    this.aboutOpenAI ||= isAboutOpenAI(output, this.catalog());
    const best = explainText(output, this.catalog(), { mentionsOpenAI: this.aboutOpenAI, maxMatches: 1 })[0];
    if (!best || this.offered.has(best.id)) return undefined;
    this.offered.add(best.id);
    return best;
  }

  /** Whether the output so far shows it is about OpenAI. */
  get mentionsOpenAI(): boolean {
    return this.aboutOpenAI;
  }
}
