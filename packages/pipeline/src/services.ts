import { parse } from 'yaml';
import { PipelineInputError } from './errors';

/** One image a service builds: a registry name plus where its Docker build runs. */
export interface ImageSpec {
  name: string;
  context: string;
  dockerfile: string;
}

/** A deployable unit of the monorepo and the paths that, when changed, mean it must be rebuilt. */
export interface ServiceSpec {
  name: string;
  paths: string[];
  images: ImageSpec[];
  chart?: string;
  tests?: string;
}

const SERVICE_KEYS = ['paths', 'image', 'images', 'chart', 'tests'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, where: string, source: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && p.trim())) {
    throw new PipelineInputError(
      source,
      `${where} is ${JSON.stringify(value)}: expected a non-empty list of path globs`,
    );
  }
  return list.map((p: string) => p.trim().replace(/^\.\//, ''));
}

function imageSpec(value: unknown, where: string, source: string, firstPath: string): ImageSpec {
  // A service's own folder is the natural build context: the part of its first glob before any wildcard.
  const defaultContext =
    firstPath
      .split('/')
      .filter((_, i, all) => !all.slice(0, i + 1).some((s) => /[*?[{]/.test(s)))
      .join('/') || '.';
  if (typeof value === 'string' && value.trim()) {
    return { name: value.trim(), context: defaultContext, dockerfile: `${defaultContext}/Dockerfile` };
  }
  if (isRecord(value) && typeof value.name === 'string' && value.name.trim()) {
    const context = typeof value.context === 'string' && value.context ? value.context : defaultContext;
    const dockerfile =
      typeof value.dockerfile === 'string' && value.dockerfile ? value.dockerfile : `${context}/Dockerfile`;
    return { name: value.name.trim(), context, dockerfile };
  }
  throw new PipelineInputError(
    source,
    `${where} is ${JSON.stringify(value)}: expected an image name or {name, context, dockerfile}`,
  );
}

/**
 * Parses the services map (YAML or JSON): `name → {paths, image | images, chart, tests}`. Unknown keys are
 * errors rather than ignored, because a misspelt `path:` would silently select nothing.
 */
export function parseServices(text: string, source = "input 'services'"): ServiceSpec[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PipelineInputError(source, `is not valid YAML or JSON (${message})`);
  }
  if (!isRecord(doc) || Object.keys(doc).length === 0) {
    throw new PipelineInputError(
      source,
      'expected a map of service name → {paths, image or images, chart, tests}',
    );
  }
  return Object.entries(doc).map(([name, spec]) => {
    if (!NAME.test(name)) {
      throw new PipelineInputError(
        source,
        `service name ${JSON.stringify(name)} may only use letters, digits, '.', '_' and '-'`,
      );
    }
    if (!isRecord(spec)) {
      throw new PipelineInputError(source, `service '${name}' must be a map with at least 'paths'`);
    }
    const unknown = Object.keys(spec).filter((k) => !SERVICE_KEYS.includes(k));
    if (unknown.length) {
      throw new PipelineInputError(
        source,
        `service '${name}' has unknown key '${unknown[0]}': allowed keys are ${SERVICE_KEYS.join(', ')}`,
      );
    }
    if (spec.image !== undefined && spec.images !== undefined) {
      throw new PipelineInputError(source, `service '${name}' sets both 'image' and 'images': use one`);
    }
    const paths = stringList(spec.paths, `service '${name}' paths`, source);
    const rawImages = spec.images ?? (spec.image === undefined ? [] : [spec.image]);
    if (!Array.isArray(rawImages)) {
      throw new PipelineInputError(source, `service '${name}' images must be a list`);
    }
    const images = rawImages.map((img, i) =>
      imageSpec(img, `service '${name}' image ${i + 1}`, source, paths[0] ?? '.'),
    );
    const service: ServiceSpec = { name, paths, images };
    if (typeof spec.chart === 'string' && spec.chart) service.chart = spec.chart;
    if (typeof spec.tests === 'string' && spec.tests) service.tests = spec.tests;
    return service;
  });
}

/** Parses the shared paths: one glob a line (or a YAML/JSON list); a change to any of them selects all. */
export function parseSharedPaths(text: string | undefined): string[] {
  if (!text?.trim()) return [];
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return stringList(parse(trimmed), 'the list', "input 'shared-paths'");
  return trimmed
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*-\s+/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/^\.\//, ''));
}
