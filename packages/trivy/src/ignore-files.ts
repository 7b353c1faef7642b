import { parse as parseYaml } from 'yaml';
import type { FindingKind } from './model';
import { parseExpiry } from './ignore-rules';
import type { IgnoreRule } from './ignore-rules';

/**
 * Parses a plain `.trivyignore`: one ID per line, `#` comments, optional `exp:YYYY-MM-DD` after the ID.
 * A plain rule applies to every kind, as in Trivy.
 */
export function parseTrivyIgnore(text: string, file: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const [id, ...rest] = line.split(/\s+/);
    if (!id) return;
    const rule: IgnoreRule = { id, source: where };
    for (const token of rest) {
      if (!token.startsWith('exp:')) {
        throw new Error(
          `${where}: unexpected ${JSON.stringify(token)} after ${id}; only "exp:YYYY-MM-DD" is allowed`,
        );
      }
      rule.expiresAt = parseExpiry(token.slice(4), where);
    }
    rules.push(rule);
  });
  return rules;
}

const SECTIONS: Record<string, FindingKind> = {
  vulnerabilities: 'vulnerability',
  misconfigurations: 'misconfiguration',
  secrets: 'secret',
};

const strings = (v: unknown, where: string, key: string): string[] | undefined => {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new Error(`${where}: "${key}" must be a list of strings`);
  }
  return v as string[];
};

function parseYamlDoc(text: string, file: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new Error(
      `${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
}

/**
 * Parses `.trivyignore.yaml`: lists under `vulnerabilities`, `misconfigurations`, `secrets` (and
 * `licenses`, which we do not gate on and skip), each entry with `id` and optional `paths`, `purls`,
 * `statement`, `expired_at`.
 */
export function parseTrivyIgnoreYaml(text: string, file: string): IgnoreRule[] {
  const doc = parseYamlDoc(text, file);
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`${file}: expected a mapping with vulnerabilities/misconfigurations/secrets lists`);
  }
  const rules: IgnoreRule[] = [];
  for (const [section, entries] of Object.entries(doc as Record<string, unknown>)) {
    const kind = SECTIONS[section];
    if (section === 'licenses') continue;
    if (!kind) {
      throw new Error(
        `${file}: unknown section "${section}"; allowed: ${[...Object.keys(SECTIONS), 'licenses'].join(', ')}`,
      );
    }
    if (!Array.isArray(entries)) throw new Error(`${file}: "${section}" must be a list`);
    entries.forEach((entry: unknown, i) => {
      const where = `${file}#${section}[${i}]`;
      const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      if (typeof e.id !== 'string' || !e.id) throw new Error(`${where}: every entry needs an "id"`);
      rules.push({
        id: e.id,
        kinds: [kind],
        paths: strings(e.paths, where, 'paths'),
        purls: strings(e.purls, where, 'purls'),
        reason: typeof e.statement === 'string' ? e.statement : undefined,
        expiresAt: e.expired_at === undefined ? undefined : parseExpiry(e.expired_at, where),
        source: where,
      });
    });
  }
  return rules;
}

/**
 * Parses our allowlist: a YAML list of `{id, reason, expires, paths?}`. Unlike Trivy's files, every entry
 * MUST say why and until when — an exception without both is how accepted risk becomes forgotten risk.
 */
export function parseAllowlist(text: string, file: string): IgnoreRule[] {
  const doc = parseYamlDoc(text, file);
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) {
    throw new Error(
      `${file}: expected a YAML list of entries like "- id: CVE-2024-1234\\n  reason: …\\n  expires: 2026-12-31"`,
    );
  }
  return doc.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const label = typeof e.id === 'string' && e.id ? e.id : undefined;
    const where = `${file}#${i + 1}${label ? ` (${label})` : ''}`;
    if (!label)
      throw new Error(`${where}: entry needs an "id" (a CVE, misconfiguration ID or secret rule ID)`);
    if (typeof e.reason !== 'string' || !e.reason.trim()) {
      throw new Error(`${where}: entry needs a "reason" saying why ${label} is accepted`);
    }
    if (e.expires === undefined || e.expires === null || e.expires === '') {
      throw new Error(
        `${where}: entry needs an "expires" date (YYYY-MM-DD) after which ${label} gates again`,
      );
    }
    return {
      id: label,
      paths: strings(e.paths, where, 'paths'),
      reason: e.reason.trim(),
      expiresAt: parseExpiry(e.expires, where),
      source: where,
    };
  });
}
