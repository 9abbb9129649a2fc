// PLACEHOLDER: the explain command arrives with its own issue.
import { UsageError, type CliIO } from './io';

export async function runExplain(_args: string[], _io: CliIO): Promise<number> {
  throw new UsageError('explain: not available yet');
}
