// PLACEHOLDER: the doctor command arrives with its own issue.
import { UsageError, type CliIO } from './io';

export async function runDoctor(_args: string[], _io: CliIO): Promise<number> {
  throw new UsageError('doctor: not available yet');
}
