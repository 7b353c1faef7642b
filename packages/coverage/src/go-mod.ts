/**
 * The module path declared by a go.mod (`module github.com/org/repo`), which Go coverprofiles use as the prefix
 * of every file path. Null when the file declares none. Quoted paths and trailing `//` comments are allowed.
 */
export function goModulePath(goMod: string): string | null {
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+("?)([^"\s]+)\1$/.exec(line);
    if (m) return m[2]!;
  }
  return null;
}
