/**
 * Data folders that hold secrets (the hub's journal and config with PIN and token hashes, the OPC UA
 * keys, the cloud's embedded database) are private to the service's user: folders 0700, files 0600
 * (issue #14, defect 10). `makePrivate` creates the folder so, and on every start fixes anything in it
 * that is open to the group or others, reporting each fix so the caller can warn.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ModeFix {
  path: string;
  /** The permissions it had and has now (octal, e.g. `755` → `700`). */
  was: string;
  now: string;
}

const octal = (mode: number) => (mode & 0o777).toString(8);

/** Creates `dir` (0700) if missing; makes it and everything under it private. Symlinks are left alone. */
export function makePrivate(dir: string): ModeFix[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fixes: ModeFix[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.mode & 0o077) {
      // Folders 0700; files keep the owner's bits (0644 → 0600) and lose the group's and others'.
      const now = stat.isDirectory() ? 0o700 : stat.mode & 0o700 || 0o600;
      chmodSync(path, now);
      fixes.push({ path, was: octal(stat.mode), now: octal(now) });
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return fixes;
}
