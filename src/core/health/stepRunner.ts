// Runs the steps of a check: each gets its own time limit (and the user's cancellation), is timed, and is
// recorded with what it found. A failing step ends the check: it becomes a StepStop carrying the verdict.
import { redactSecrets } from './redaction';
import { describeFailure, StepTimeout } from './failures';
import type { HealthStep, HealthStepName } from './types';

/** The user cancelled; there is no verdict to report. */
export class HealthCheckCancelled extends Error {
  constructor() {
    super('health check cancelled');
  }
}

/** Ends the check with a verdict; the failed step is already recorded. */
export class StepStop extends Error {
  constructor(readonly verdict: string, readonly detail: string) {
    super(detail);
  }
}

/** The longest delay setTimeout honours. */
export const maxTimerMs = 2_147_483_647;

export class StepRunner {
  readonly steps: HealthStep[] = [];
  /** Filled in as the key and the proxy credentials become known, so no recorded text can contain them. */
  readonly secrets: { key?: string; exact: string[] } = { exact: [] };
  private readonly timeoutMs: number;

  constructor(timeoutMs: number, private readonly cancel: AbortSignal | undefined) {
    // setTimeout turns anything beyond its 32-bit limit into 1 ms; a longer limit means "practically none".
    this.timeoutMs = Math.min(Math.max(1, timeoutMs), maxTimerMs);
  }

  clean(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  record(name: HealthStepName, ok: boolean, ms: number, detail?: string): void {
    this.steps.push({ name, ok, ms, ...(detail ? { detail: this.clean(detail) } : {}) });
  }

  /** Records a failed step and ends the check. */
  stop(name: HealthStepName, ms: number, verdict: string, detail: string): never {
    this.record(name, false, ms, detail);
    throw new StepStop(verdict, this.clean(detail));
  }

  /**
   * Runs `work` within the time limit. On success the step is recorded with `describe(value)` unless
   * `describe` is omitted (the caller records it, e.g. with a verdict); on failure it is always recorded.
   */
  async run<T>(name: HealthStepName, host: string, work: (signal: AbortSignal) => Promise<T>, describe?: (value: T) => string): Promise<{ value: T; ms: number }> {
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new StepTimeout(this.timeoutMs)), this.timeoutMs);
    const signal = this.cancel ? AbortSignal.any([this.cancel, limit.signal]) : limit.signal;
    const started = performance.now();
    try {
      const value = await work(signal);
      const ms = elapsed(started);
      if (describe) this.record(name, true, ms, describe(value));
      return { value, ms };
    } catch (error) {
      if (this.cancel?.aborted) throw new HealthCheckCancelled();
      const failure = describeFailure(name, error, host);
      return this.stop(name, elapsed(started), failure.verdict, failure.detail);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
