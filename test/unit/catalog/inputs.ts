// Inputs shared by the adversarial tests and bench/catalog.ts: text shaped to make a careless pattern
// backtrack (long runs of what a gap or a repeated group would consume), and a realistic long log line.

export interface NamedInput {
  name: string;
  text: string;
}

const size = 100 * 1024;

function repeatTo(unit: string, length = size): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export function adversarialInputs(): NamedInput[] {
  return [
    { name: 'spaces', text: repeatTo(' ') },
    { name: 'spaces between status words', text: 'status' + repeatTo(' ') + 'x' },
    { name: 'digits', text: repeatTo('4') },
    { name: 'quotes', text: repeatTo('\'"') },
    { name: 'nested braces', text: repeatTo('{', size / 2) + repeatTo('}', size / 2) },
    { name: 'dotted identifier', text: repeatTo('openai.') + 'RateLimitError' },
    { name: 'one long identifier', text: repeatTo('a') },
    { name: 'repeated template head', text: repeatTo('Rate limit reached for ') },
    { name: 'template head without its tail', text: repeatTo('Rate limit reached for model in organization ') },
    { name: 'error code prefixes', text: repeatTo('Error code: ') },
    { name: 'status reasons without numbers', text: repeatTo('Too Many Requests ') },
    { name: 'many real errors', text: repeatTo("openai.RateLimitError: Error code: 429 - {'error': {'code': 'rate_limit_exceeded'}}\n") },
    { name: 'binary', text: Array.from({ length: size }, (_, index) => String.fromCharCode((index * 7919) % 65536)).join('') },
  ];
}

/** A JSON log line of about `length` characters with one real error near the end. */
export function realisticLine(length: number): string {
  const filler = '{"ts":"2026-08-01T10:00:00Z","level":"debug","msg":"token usage 1234 of 4096, latency 35 ms","ids":[101,204,429]} ';
  const error = "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'code': 'insufficient_quota'}}";
  return repeatTo(filler, length - error.length) + error;
}
