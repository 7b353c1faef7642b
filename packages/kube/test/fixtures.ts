import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fixturePath } from '@shipyard/testbed';
import type { KubeObject } from '../src';

/** A Kubernetes fixture object (YAML or JSON) from ../shared/fixtures/kubernetes. */
export function kubeFixture(name: string): KubeObject {
  return parse(readFileSync(fixturePath(`kubernetes/${name}`), 'utf8')) as KubeObject;
}

/** A helm fixture's text. */
export function helmFixture(name: string): string {
  return readFileSync(fixturePath(`helm/${name}`), 'utf8');
}
