/**
 * The files `dm-report check` checks, from its arguments: a file as given, a directory as its
 * Markdown files, a glob as the files it matches — through the host, so that in-memory tests
 * expand as the real file system does.
 *
 * - A FILE that exists as a file, or does not exist and is no glob, is checked as given (a missing
 *   one is reported by the reader, as before): explicit files are never skipped, not even when
 *   `.gitignore` names them, and a file given twice is checked twice.
 * - A DIRECTORY means every `*.md` file below it (any case of `.md`), recursively, in name order
 *   (code units, depth first), skipping `node_modules`, dot-directories (`.git`, `.github`…) and
 *   whatever `.gitignore` files ignore. Symbolic links to files are followed, to directories not
 *   (no cycles).
 * - A GLOB (picomatch syntax: `reports/**\/*.md`, `20{17,18}-*.md`; quote it so the shell does not
 *   expand it) is walked from its base (`reports`), with the same skips; `*` and `**` do not match
 *   names starting with a dot. Only files match.
 * - `.gitignore`: the files of the directories from the repository root (the nearest directory
 *   above with a `.git`) down to each file's directory, deeper ones overriding (`!negation` too);
 *   outside a repository, from the directory or glob base being expanded down. A directory that is
 *   ignored is not entered. Not read: `.git/info/exclude`, the global excludes file.
 * - A file found by several arguments is checked once, at its first place; a directory or glob
 *   that yields no file is a problem (exit 2), reported where it stood among the arguments.
 */
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import ignore, { type Ignore } from 'ignore';
import type { Host } from '../host/host';

/** One argument's contribution, in argument order: a file to check, or why it gave none. */
export type Target =
  /** `file`: the name the output uses (the argument as given; for a found file, its path joined to the directory or relative to the current directory). */
  | { kind: 'file'; file: string; found: boolean }
  | { kind: 'none'; message: string };

/** The largest `.gitignore` read, in bytes (a bigger one is not applied). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** Whether a name is a Markdown file a directory or glob yields. */
function isMarkdown(name: string): boolean {
  return /\.md$/i.test(name);
}

/** Whether the walk never enters a directory of this name: `node_modules`, dot-directories. */
function skippedDirectory(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * `.gitignore` files as git reads them, through the host, each read once.
 * `ignored(path)` answers for an absolute path below `top` (the repository root or the
 * expansion's base).
 */
class GitIgnores {
  private readonly files = new Map<string, Ignore | null>();
  private readonly roots = new Map<string, string | null>();

  constructor(private readonly host: Host) {}

  /** The nearest directory at or above `dir` that holds `.git` (a directory, or a file for a worktree), or null. */
  repositoryRoot(dir: string): string | null {
    let cached = this.roots.get(dir);
    if (cached !== undefined) return cached;
    const parent = resolve(dir, '..');
    cached = this.host.stat(join(dir, '.git')) ? dir : parent === dir ? null : this.repositoryRoot(parent);
    this.roots.set(dir, cached);
    return cached;
  }

  /** The rules of `dir/.gitignore`, or null when there is none (or it cannot be read). */
  private rules(dir: string): Ignore | null {
    let rules = this.files.get(dir);
    if (rules === undefined) {
      try {
        rules = ignore().add(this.host.readFile(join(dir, '.gitignore'), MAX_GITIGNORE_BYTES).text);
      } catch {
        rules = null;
      }
      this.files.set(dir, rules);
    }
    return rules;
  }

  /**
   * Whether git would ignore `path` (absolute; a directory when `directory`), by the `.gitignore`
   * files from `top` down to its directory; the deepest file that says something decides.
   */
  ignored(top: string, path: string, directory: boolean): boolean {
    const rel = relative(top, path);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return false;
    const parts = rel.split(sep);
    let state = false;
    let dir = top;
    for (let i = 0; i < parts.length; i++) {
      const rules = this.rules(dir);
      if (rules) {
        const below = posix.join(...parts.slice(i)) + (directory ? '/' : '');
        const r = rules.test(below);
        if (r.ignored) state = true;
        else if (r.unignored) state = false;
      }
      dir = join(dir, parts[i]);
    }
    return state;
  }
}

/**
 * Expands the file arguments of `check` into the files to check, in argument order.
 * @param args the FILE arguments (never `-`: standard input is the caller's; it is kept as a file).
 * @returns one target per file found or per argument that yielded none; files as the output names them.
 */
export function expandTargets(host: Host, args: readonly string[]): Target[] {
  const cwd = host.cwd();
  const ignores = new GitIgnores(host);
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push({ kind: 'file', file: arg, found: false });
      continue;
    }
    const abs = resolve(cwd, arg);
    const stat = host.stat(abs);
    const scan = picomatch.scan(arg);
    if (stat?.kind === 'directory') {
      const top = ignores.repositoryRoot(abs) ?? abs;
      const found = walk(host, abs, ignores, top, () => true).filter((p) => !seen.has(p));
      if (found.length === 0) {
        out.push({ kind: 'none', message: `${arg}: a directory with no Markdown file to check (*.md; node_modules, dot-directories and .gitignore'd files skipped)` });
      }
      for (const p of found) {
        seen.add(p);
        out.push({ kind: 'file', file: join(arg, relative(abs, p)), found: true });
      }
    } else if (stat === undefined && scan.isGlob) {
      const base = resolve(cwd, scan.base || '.');
      const matches = picomatch(scan.glob);
      const top = ignores.repositoryRoot(base) ?? base;
      const found = host.stat(base)?.kind === 'directory' ? walk(host, base, ignores, top, (p) => matches(relative(base, p).split(sep).join('/'))) : [];
      const fresh = found.filter((p) => !seen.has(p));
      if (fresh.length === 0) {
        out.push({ kind: 'none', message: `${arg}: no file matches this glob${found.length ? ' that an earlier argument did not' : ''} (node_modules, dot-directories and .gitignore'd files skipped)` });
      }
      for (const p of fresh) {
        seen.add(p);
        out.push({ kind: 'file', file: isAbsolute(arg) ? p : nameBelow(cwd, p), found: true });
      }
    } else {
      seen.add(abs);
      out.push({ kind: 'file', file: arg, found: false });
    }
  }
  return out;
}

/** A path as the output names a file a relative glob found: relative to the current directory (`../x.md` too). */
function nameBelow(cwd: string, path: string): string {
  return relative(cwd, path) || path;
}

/**
 * The files below `dir` (absolute paths, name order, depth first) that are Markdown and pass
 * `accept`, skipping `node_modules`, dot-directories and what `.gitignore` ignores (from `top`).
 * A directory that cannot be read is skipped.
 */
function walk(host: Host, dir: string, ignores: GitIgnores, top: string, accept: (path: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (current: string) => {
    let entries;
    try {
      entries = host.readDirectorySync(current);
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(current, entry.name);
      // A symbolic link (or anything else): followed to a file, never to a directory.
      const kind = entry.kind === 'other' ? (host.stat(path)?.kind === 'file' ? 'file' : 'other') : entry.kind;
      if (kind === 'directory') {
        if (!skippedDirectory(entry.name) && !ignores.ignored(top, path, true)) visit(path);
      } else if (kind === 'file' && isMarkdown(entry.name) && accept(path) && !ignores.ignored(top, path, false)) {
        out.push(path);
      }
    }
  };
  visit(dir);
  return out;
}
