import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError } from '@shipyard/runtime';
import { parseAllowlist, parseTrivyIgnore, parseTrivyIgnoreYaml } from '@shipyard/trivy';
import type { IgnoreRule } from '@shipyard/trivy';

/**
 * The suppressions of a step: the `ignore-file` (`.trivyignore` or `.trivyignore.yaml`, by extension) and
 * the `allowlist` input, whose entries must each give a reason and an expiry. Trivy never sees either: we
 * apply them ourselves so SARIF keeps every finding and expired entries are reported, not silently dropped.
 */
export function loadIgnores(
  ignoreFile: string | undefined,
  allowlist: string | undefined,
  workspace: string,
): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  if (ignoreFile) {
    const path = isAbsolute(ignoreFile) ? ignoreFile : join(workspace, ignoreFile);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `input 'ignore-file': cannot read "${ignoreFile}" (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a .trivyignore or .trivyignore.yaml in the workspace`,
      );
    }
    try {
      rules.push(
        ...(/\.ya?ml$/i.test(path)
          ? parseTrivyIgnoreYaml(text, ignoreFile)
          : parseTrivyIgnore(text, ignoreFile)),
      );
    } catch (error) {
      throw new ConfigurationError(`input 'ignore-file': ${(error as Error).message}`);
    }
  }
  if (allowlist) {
    try {
      rules.push(...parseAllowlist(allowlist, 'allowlist'));
    } catch (error) {
      throw new ConfigurationError(`input 'allowlist': ${(error as Error).message}`);
    }
  }
  return rules;
}
