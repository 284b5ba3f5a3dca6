// The workspace walk of R1: every regular file, hidden ones too; node_modules and .git skipped at any
// depth; symbolic links not followed; user excludes (picomatch) and, opt-in, .gitignore files.
import { lstat, readFile, stat } from 'node:fs/promises';
import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { ioReason } from './file';

export interface WalkOptions {
  /** Globs (picomatch) relative to the scanned folder; a glob without "/" matches a name at any depth. */
  excludes?: string[];
  /** Honour .gitignore files (off by default, R1). */
  gitignore?: boolean;
  signal?: AbortSignal;
}

export type WalkItem = { file: string } | { skipped: string; reason: string };

const SKIP_DIRS = new Set(['node_modules', '.git']);

interface Frame {
  dir: string;
  /** .gitignore rules in force here, each with the folder it is relative to. */
  ignores: { base: string; ig: Ignore }[];
}

/** Checks that every path exists before any work starts; throws a one-line Error otherwise. */
export async function checkRoots(paths: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const p of paths) {
    try {
      await lstat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' || code === 'ENOTDIR' ? `${p}: no such file or directory` : `${p}: ${ioReason(e)}`);
    }
    roots.push(resolve(p));
  }
  return roots;
}

/** Absolute paths of the files to scan under `root` (a folder or a file; a root symlink is followed). */
export async function* walk(root: string, opts: WalkOptions): AsyncGenerator<WalkItem> {
  let st;
  try {
    st = await stat(root);
  } catch (e) {
    yield { skipped: root, reason: ioReason(e) };
    return;
  }
  if (!st.isDirectory()) {
    yield st.isFile() ? { file: root } : { skipped: root, reason: 'not a regular file' };
    return;
  }
  const excluded = opts.excludes?.length ? picomatch(opts.excludes, { dot: true, basename: true }) : undefined;
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const isExcluded = (p: string, dir: boolean, f: Frame): boolean => {
    if (excluded) {
      const r = rel(p);
      if (excluded(r) || (dir && excluded(`${r}/`))) return true;
    }
    for (const { base, ig } of f.ignores) {
      const r2 = relative(base, p).split(sep).join('/');
      if (r2 && ig.ignores(dir ? `${r2}/` : r2)) return true;
    }
    return false;
  };

  const stack: Frame[] = [{ dir: root, ignores: [] }];
  for (let dirs = 0; stack.length; dirs++) {
    // Synchronous readdir: a round trip through the thread pool per folder made the walk, not the
    // reading, the bottleneck. Yield now and then so aborts and worker replies get through.
    if (dirs % 64 === 63) await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) return;
    const frame = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(frame.dir, { withFileTypes: true });
    } catch (e) {
      yield { skipped: frame.dir, reason: ioReason(e) };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const ig = ignore().add(await readFile(join(frame.dir, '.gitignore'), 'utf8'));
        frame.ignores = [...frame.ignores, { base: frame.dir, ig }];
      } catch (e) {
        yield { skipped: join(frame.dir, '.gitignore'), reason: ioReason(e) };
      }
    }
    const subdirs: Frame[] = [];
    for (const e of entries) {
      const p = join(frame.dir, e.name);
      let kind: 'dir' | 'file' | 'link' | 'other';
      if (e.isSymbolicLink()) kind = 'link';
      else if (e.isDirectory()) kind = 'dir';
      else if (e.isFile()) kind = 'file';
      else if (e.isFIFO() || e.isSocket() || e.isBlockDevice() || e.isCharacterDevice()) kind = 'other';
      else {
        // Some file systems report no type in the directory entry.
        try {
          const s = await lstat(p);
          kind = s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
        } catch (err) {
          yield { skipped: p, reason: ioReason(err) };
          continue;
        }
      }
      if (kind === 'dir') {
        if (!SKIP_DIRS.has(e.name) && !isExcluded(p, true, frame)) subdirs.push({ dir: p, ignores: frame.ignores });
      } else if (isExcluded(p, false, frame)) {
        continue;
      } else if (kind === 'file') {
        yield { file: p };
      } else {
        yield { skipped: p, reason: kind === 'link' ? 'symbolic link (not followed)' : 'not a regular file' };
      }
    }
    // Depth first, in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

