import { describe, expect, it } from 'vitest';
import { changeEventFrom, parseServices, parseSharedPaths, PipelineInputError } from '../src/index';

describe('services map', () => {
  it('accepts JSON as well as YAML and derives an image context from the first glob', () => {
    const [svc] = parseServices(
      '{"api": {"paths": ["./services/api/**"], "image": "ghcr.io/a/api", "chart": "charts/api"}}',
    );
    expect(svc).toEqual({
      name: 'api',
      paths: ['services/api/**'],
      images: [{ name: 'ghcr.io/a/api', context: 'services/api', dockerfile: 'services/api/Dockerfile' }],
      chart: 'charts/api',
    });
  });

  it.each([
    [
      'api:\n  path: [x/**]\n',
      "service 'api' has unknown key 'path': allowed keys are paths, image, images, chart, tests",
    ],
    ['api:\n  paths: []\n', "service 'api' paths is []: expected a non-empty list of path globs"],
    [
      'api:\n  paths: [a]\n  image: x\n  images: [y]\n',
      "service 'api' sets both 'image' and 'images': use one",
    ],
    ['api:\n  paths: [a]\n  images: [{context: .}]\n', 'service \'api\' image 1 is {"context":"."}'],
    ['"bad name":\n  paths: [a]\n', 'service name "bad name" may only use'],
    ['- a\n- b\n', 'expected a map of service name'],
    ['api: [unclosed\n', 'is not valid YAML or JSON'],
  ])('rejects %j with one sentence naming the problem', (text, message) => {
    expect(() => parseServices(text)).toThrow(PipelineInputError);
    expect(() => parseServices(text)).toThrow(`input 'services': ${message}`);
  });

  it('reads shared paths as lines, YAML list items or a JSON list', () => {
    expect(parseSharedPaths('libs/common/**\n# comment\n\n- ./go.mod\n')).toEqual([
      'libs/common/**',
      'go.mod',
    ]);
    expect(parseSharedPaths('["a/**","b"]')).toEqual(['a/**', 'b']);
    expect(parseSharedPaths(undefined)).toEqual([]);
  });
});

describe('event payloads', () => {
  it('reads pull_request, push, merge_group and falls back to unknown', () => {
    expect(
      changeEventFrom('pull_request', { pull_request: { base: { sha: 'b' }, head: { sha: 'h' } } }),
    ).toEqual({ kind: 'pull_request', base: 'b', head: 'h' });
    expect(
      changeEventFrom('push', {
        before: '000',
        after: 'a',
        forced: true,
        repository: { default_branch: 'trunk' },
      }),
    ).toEqual({ kind: 'push', before: '000', after: 'a', forced: true, defaultBranch: 'trunk' });
    expect(changeEventFrom('merge_group', { merge_group: { base_sha: 'b', head_sha: 'h' } })).toEqual({
      kind: 'merge_group',
      base: 'b',
      head: 'h',
    });
    expect(changeEventFrom('schedule', {})).toEqual({ kind: 'unknown', eventName: 'schedule' });
  });

  it('explicit base and head win over any event', () => {
    expect(changeEventFrom('schedule', {}, { base: 'x', head: 'y' })).toEqual({
      kind: 'range',
      base: 'x',
      head: 'y',
    });
    expect(
      changeEventFrom(
        'pull_request',
        { pull_request: { base: { sha: 'b' }, head: { sha: 'h' } } },
        { head: 'z' },
      ),
    ).toEqual({ kind: 'pull_request', base: 'b', head: 'z' });
  });
});
