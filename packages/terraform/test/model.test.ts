import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanFormatError, parsePlan } from '../src/index';
import { Workdir } from './terraform';

let wd: Workdir;
let planText: string;

beforeAll(() => {
  wd = new Workdir('tf-model-');
  wd.write({ 'main.tf': 'resource "terraform_data" "a" { input = "x" }\n' }).init();
  planText = wd.planJson();
});
afterAll(() => wd?.remove());

function errorOf(input: unknown, source = 'plan.json'): string {
  try {
    parsePlan(input, source);
  } catch (error) {
    expect(isPlanFormatError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('parsePlan accepted the input');
}

describe('parsePlan', () => {
  it('reads a real plan: version, change, action', () => {
    const plan = parsePlan(planText);
    expect(plan.formatVersion).toMatch(/^1\.\d+$/);
    expect(plan.terraformVersion).toBe('1.11.4');
    expect(plan.errored).toBe(false);
    expect(plan.resourceChanges).toHaveLength(1);
    expect(plan.resourceChanges[0]).toMatchObject({
      address: 'terraform_data.a',
      mode: 'managed',
      type: 'terraform_data',
      name: 'a',
    });
    expect(plan.resourceChanges[0]?.change.actions).toEqual(['create']);
    expect(plan.resourceDrift).toEqual([]);
  });

  it('names the input and the problem for invalid JSON', () => {
    expect(errorOf('{"format_version": ', 'out/plan.json')).toMatch(
      /^terraform plan JSON \(out\/plan\.json\): invalid JSON .*starts with "\{\\"format_version\\": "\).*terraform show -json <planfile>/,
    );
  });

  it('recognises a real state document and says it is not a plan', () => {
    wd.apply();
    const state = wd.ok(['show', '-json']);
    expect(errorOf(state)).toContain('this looks like a state, not a plan');
  });

  it('rejects other format versions, non-objects and malformed changes', () => {
    expect(errorOf('{"format_version":"2.0","resource_changes":[]}')).toContain(
      'format_version is "2.0", only 1.x is understood',
    );
    expect(errorOf('[]')).toContain('top level is a list');
    expect(errorOf('{"resource_changes":[]}')).toContain('format_version is missing');
    const doc = JSON.parse(planText) as { resource_changes: { change: { actions: string[] } }[] };
    doc.resource_changes[0]!.change.actions = ['explode'];
    expect(errorOf(doc)).toContain(
      'resource_changes[0].change.actions is ["explode"]; allowed: a list of no-op, create',
    );
  });
});
