// Whether text is about OpenAI. Ordinary words ("Connection error."), bare class names (`RateLimitError`) and
// bare HTTP statuses count as OpenAI errors only with such evidence: in the line itself, or else anywhere in
// the document, unless the line names another provider. Each test is one regular expression without nested
// repetition, run once over the document and at most once per line, so the work stays linear in the text.
import { lastAtOrBefore, lineStartOffsets } from '../textPositions';

/**
 * What shows that text is about OpenAI: the name (api.openai.com, node_modules/openai, AzureOpenAI,
 * openai.azure.com, "Open AI"), ChatGPT, OpenAI model names, and the API's own paths.
 */
const openAIEvidence = /openai|\bopen ai\b|chatgpt|\bgpt-(?:3\.5|4|5)|\btext-(?:davinci|curie|babbage|embedding)|\/v1\/(?:chat\/completions|completions|embeddings|engines|responses|assistants|threads|moderations|images|audio|fine_tuning|fine-tunes|batches)\b|aka\.ms\/oai/i;

/** Another provider named on a line: its bare statuses and everyday words are not OpenAI's. */
const otherProvider = /anthropic|\bclaude\b|\bgemini\b|googleapis|google\.api_core|vertex|\bgroq\b|\bcohere\b|mistral|huggingface|bedrock|RESOURCE_EXHAUSTED|overloaded_error|rate_limit_error/i;

export const defaultMaxChars = 1_048_576;

/** Whether a text shows it is about OpenAI (the context that bare names, statuses and generic words need). */
export function mentionsOpenAI(text: string, maxChars = defaultMaxChars): boolean {
  return openAIEvidence.test(text.length > maxChars ? text.slice(0, maxChars) : text);
}

/**
 * Decides, per line of `text`, whether context-dependent mentions there count: a line that shows OpenAI
 * evidence always does, a line that names another provider never does, any other line when the document
 * (`documentMentionsOpenAI`) does. Lines are judged lazily and at most once.
 */
export function contextByLine(text: string, documentMentionsOpenAI: boolean): (offset: number) => boolean {
  let starts: number[] | undefined;
  const verdicts = new Map<number, boolean>();
  return (offset) => {
    starts ??= lineStartOffsets(text);
    const line = lastAtOrBefore(starts, offset);
    let verdict = verdicts.get(line);
    if (verdict === undefined) {
      const end = line + 1 < starts.length ? starts[line + 1] : text.length;
      const lineText = text.slice(starts[line], end);
      verdict = openAIEvidence.test(lineText) || (documentMentionsOpenAI && !otherProvider.test(lineText));
      verdicts.set(line, verdict);
    }
    return verdict;
  };
}
