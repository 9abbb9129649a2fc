// How `scan --fix` replaces a file without ever losing the user's data or changing what the file is:
// - the file must still hold exactly the bytes the fix was computed from (an editor may have saved meanwhile);
// - a read-only file is refused, not overwritten;
// - a symlink is followed to its target, which is replaced, so the link stays a link;
// - a file with other hard links, or one whose owner we could not give a new file, is rewritten in place,
//   so every name keeps seeing the same file and the owner stays;
// - otherwise the new text goes to a temporary file next to the target, created exclusively (O_EXCL, so a
//   planted file or link at that name makes it fail instead of being followed) under a random name, given
//   the target's mode and owner, then renamed over the target; on any failure the temporary file is removed.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { t } from '../core/l10n';

/** The file changed between reading and writing; it was left as it is. */
export class FileChangedError extends Error {}

/** The file is read-only; it was left as it is. */
export class ReadOnlyFileError extends Error {}

/** What a test may replace: the write of the temporary file (to simulate a full disk), and a look at its name. */
export interface ReplaceHooks {
  write?: (handle: fs.promises.FileHandle, bytes: Buffer) => Promise<void>;
  onTemporaryFile?: (name: string) => void;
}

export type FileReplacer = (file: string, original: Buffer, replacement: Buffer) => Promise<void>;

export async function replaceFileContents(file: string, original: Buffer, replacement: Buffer, hooks: ReplaceHooks = {}): Promise<void> {
  const target = await fs.promises.realpath(file);
  const stat = await fs.promises.stat(target);
  // Checked on the mode bits, not with access(): as root, access() says every file is writable.
  if ((stat.mode & 0o222) === 0) throw new ReadOnlyFileError(t('the file is read-only (make it writable to let --fix change it)'));
  const write = hooks.write ?? (async (handle, bytes) => { await handle.writeFile(bytes); });
  const unchanged = async () => {
    if (!(await fs.promises.readFile(target)).equals(original)) throw new FileChangedError(t('the file changed while it was being fixed, so the fix was not written (run it again)'));
  };
  const inPlace = async () => {
    await unchanged();
    const handle = await fs.promises.open(target, 'r+');
    try {
      await write(handle, replacement);
      await handle.truncate(replacement.length);
    } finally {
      await handle.close();
    }
  };
  if (stat.nlink > 1) return inPlace();
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  hooks.onTemporaryFile?.(temporary);
  const handle = await fs.promises.open(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    let ownerKept: boolean;
    try {
      await write(handle, replacement);
      await handle.chmod(stat.mode & 0o7777);
      ownerKept = await keepOwner(handle, stat);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!ownerKept) {
      await fs.promises.rm(temporary, { force: true });
      return inPlace();
    }
    await unchanged();
    await fs.promises.rename(temporary, target);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/** Gives the new file the old one's owner; false when we may not (another user's file, not as root). */
async function keepOwner(handle: fs.promises.FileHandle, stat: fs.Stats): Promise<boolean> {
  const created = await handle.stat();
  if (created.uid === stat.uid && created.gid === stat.gid) return true;
  try {
    await handle.chown(stat.uid, stat.gid);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}
