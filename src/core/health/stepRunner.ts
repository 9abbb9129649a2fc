// Runs the steps of a check: each gets its own time limit (and the user's cancellation), is timed, and is
// recorded with what it found. A failing step ends the check: it becomes a StepStop carrying the verdict.
import { redactKey } from './apiKey';
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

export class StepRunner {
  readonly steps: HealthStep[] = [];
  /** Set once the key is known, so no recorded text can contain it. */
  key: string | undefined;

  constructor(private readonly timeoutMs: number, private readonly cancel: AbortSignal | undefined) {}

  clean(text: string): string {
    return redactKey(text, this.key);
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
