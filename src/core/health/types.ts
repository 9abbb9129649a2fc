// The result model of a health check; `doctor --format json` prints exactly this (ARCHITECTURE.md).

/** The steps in the order they run; a proxy step appears only when a proxy is used. */
export type HealthStepName = 'key' | 'dns' | 'tcp' | 'proxy' | 'tls' | 'models' | 'model';

export interface HealthStep {
  name: HealthStepName;
  ok: boolean;
  /** Wall-clock time of the step in whole milliseconds. */
  ms: number;
  /** What the step found or why it failed; never contains the full key. */
  detail?: string;
}

/** Something worth knowing that is not a failure. */
export type HealthWarning = 'insecure-base-url' | 'insecure-proxy' | 'tls-checks-disabled';

export interface HealthResult {
  ok: boolean;
  /** "ok" or a catalog id. */
  verdict: string;
  /** One sentence on what exactly went wrong, when something did. */
  detail?: string;
  /** Where the key came from and how it may be shown; absent when no key was found. */
  key?: { source: string; masked: string };
  baseUrl: string;
  /** The endpoint was recognised as Azure OpenAI (api-key header, api-version). */
  azure: boolean;
  /** The proxy used, without credentials. */
  proxy?: string;
  steps: HealthStep[];
  /** HTTP status of GET /models, when one arrived. */
  status?: number;
  requestId?: string;
  /** x-ratelimit-* and retry-after headers, named without the "x-ratelimit-" prefix. */
  rateLimits?: Record<string, string>;
  /** The configured model and whether this key can use it. */
  model?: { name: string; available: boolean };
  warnings: HealthWarning[];
}
