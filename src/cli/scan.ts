// PLACEHOLDER: the scan command arrives with its own issue.
import { UsageError, type CliIO } from './io';

export async function runScan(_args: string[], _io: CliIO): Promise<number> {
  throw new UsageError('scan: not available yet');
}
