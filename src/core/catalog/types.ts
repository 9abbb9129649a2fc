// The shape of one explanation in the error catalog. Catalog ids are stable contracts (ARCHITECTURE.md):
// health-check verdicts and `explain` output use them.

export interface CatalogEntry {
  /** Stable id, e.g. "insufficient-quota". */
  id: string;
  /** Short title in English, e.g. "Quota exhausted". */
  title: string;
  /** HTTP status(es) this failure arrives with; none for client-side failures (DNS, TLS, timeout). */
  status?: number[];
  /** Error `type` and `code` values in the body, as the API sends them. */
  types?: string[];
  codes?: string[];
  /**
   * Message templates as the API or an SDK prints them; `{name}` marks a variable part (a model name, an
   * org id, a token count, a masked key). Matching is case-insensitive and tolerates runs of whitespace.
   */
  messages?: string[];
  /**
   * Templates too ordinary to stand alone ("Connection error."): they only count when the text around them
   * mentions OpenAI, like bare exception class names.
   */
  contextMessages?: string[];
  /**
   * Templates of a wrapper that carries another failure's text ("Error communicating with OpenAI: …",
   * "Connection error."): they need the same context and rank below every other message, so the cause the
   * wrapper carries decides.
   */
  wrapperMessages?: string[];
  /** What it means, in our words. */
  cause: string;
  /** What to do about it, in our words. */
  solution: string;
  /** Whether retrying the same request can succeed. */
  retryable: boolean;
  /**
   * Our words for the retry advice when a plain yes or no would mislead (a bare 429 is a rate limit or an
   * exhausted quota, and only one of them passes with waiting). An English l10n key, like title and cause.
   */
  retryAdvice?: string;
  /** Whether the official SDKs (Python 1.x+, Node v4+) already retry it before user code sees it. */
  sdkRetries: boolean;
  /** Exception class per SDK flavour, e.g. { "openai-python-v1": "openai.RateLimitError", ... }. */
  exceptions?: Partial<Record<'openai-python-v1' | 'openai-python-v0' | 'openai-node-v4' | 'openai-node-v3', string>>;
  /** Link to the official documentation. */
  docsUrl?: string;
  /** Whether the health check can diagnose this further (key and connection problems). */
  healthCheckHelps?: boolean;
}

export type SdkFlavourName = keyof NonNullable<CatalogEntry['exceptions']>;
