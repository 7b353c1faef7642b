/** Added line numbers (ascending) per new-file path, from a unified diff. */
export type ChangedLines = Map<string, number[]>;

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses a unified diff (`git diff`, GitHub's `.diff`) into the added lines per file, keyed by the new path
 * (renames follow the new name). Deleted files, binary files and pure renames contribute no lines;
 * `\ No newline at end of file` markers are ignored. Hunk lengths are honoured, so content lines that look like
 * `--- ` or `+++ ` headers are read as content.
 */
export function parseUnifiedDiff(text: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let target: string | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (oldLeft > 0 || newLeft > 0) {
      const c = line[0];
      if (c === '+') {
        if (target) push(changed, target, newLine);
        newLine++;
        newLeft--;
        continue;
      }
      if (c === '-') {
        oldLeft--;
        continue;
      }
      if (c === ' ' || line === '') {
        newLine++;
        newLeft--;
        oldLeft--;
        continue;
      }
      if (c === '\\') continue;
      // Anything else ends a truncated hunk; fall through to header parsing.
      oldLeft = newLeft = 0;
    }
    if (line.startsWith('diff --git ')) {
      target = null;
      const m = /^diff --git (?:"?a\/(.+?)"? "?b\/(.+?)"?|(\S+) (\S+))$/.exec(line);
      target = m ? unquote(m[2] ?? m[4] ?? '') : null;
    } else if (line.startsWith('+++ ')) {
      const p = line.slice(4).replace(/\t.*$/, '');
      target = p === '/dev/null' ? null : stripPrefix(unquote(p));
    } else if (line.startsWith('rename to ')) {
      target = unquote(line.slice('rename to '.length));
    } else if (line.startsWith('deleted file mode')) {
      target = null;
    } else if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (!m)
        throw new Error(
          `unified diff: malformed hunk header "${line.slice(0, 80)}", expected "@@ -a,b +c,d @@"`,
        );
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      newLine = Number(m[2]);
      newLeft = m[3] === undefined ? 1 : Number(m[3]);
      if (target) changed.set(target, changed.get(target) ?? []);
    }
  }
  for (const lines of changed.values()) lines.sort((a, b) => a - b);
  for (const [path, lines] of changed) if (lines.length === 0) changed.delete(path);
  return changed;
}

function push(changed: ChangedLines, path: string, line: number): void {
  const lines = changed.get(path);
  if (lines) lines.push(line);
  else changed.set(path, [line]);
}

function stripPrefix(path: string): string {
  return path.startsWith('b/') ? path.slice(2) : path;
}

/** Git quotes paths with special characters: "b/na\303\257ve.txt" → b/naïve.txt. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const inner = path.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = inner[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(inner.slice(i, i + 3), 8));
      i += 2;
    } else
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
