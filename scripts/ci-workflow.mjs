// Generates .github/workflows/ci.yml from .github/action-checks.yml: the repository's own CI (lint, tests,
// check-dist), one job per action running it with `uses: ./actions/<name>`, and an end-to-end deploy and
// forced rollback on a real kind cluster. `--check` fails when ci.yml differs from what the list generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const listFile = join(root, '.github', 'action-checks.yml');
const target = join(root, '.github', 'workflows', 'ci.yml');

/** `owner/repo@<sha> # <version>` for a pinned third-party action, resolved from the list's `pins`. */
function pinned(pins, name) {
  const pin = pins[name];
  if (!pin) throw new Error(`.github/action-checks.yml: no pin for ${name}`);
  return `${name}@${pin[0]} # ${pin[1]}`;
}

/** Marks `uses:` values so the version comment can be put back after YAML serialisation. */
const USES = (pins, name) => `__PIN__${pinned(pins, name)}`;

function bootstrapSteps(pins) {
  return [
    { uses: USES(pins, 'actions/checkout') },
    { uses: USES(pins, 'actions/setup-node'), with: { 'node-version': 24 } },
    { name: 'Install (pnpm, tools, dependencies)', run: 'bash scripts/bootstrap.sh' },
  ];
}

export function generate(list) {
  const { pins, checks } = list;
  const jobs = {
    lint: {
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 15,
      steps: [...bootstrapSteps(pins), { run: 'pnpm lint' }, { run: 'pnpm check-docs' }],
    },
    test: {
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 30,
      steps: [...bootstrapSteps(pins), { run: 'pnpm unit' }],
    },
    'check-dist': {
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 15,
      steps: [...bootstrapSteps(pins), { run: 'pnpm check-dist' }],
    },
  };
  for (const [name, check] of Object.entries(checks)) {
    const setup = (check.setup ?? []).map((s) => (s.uses ? { ...s, uses: USES(pins, s.uses) } : s));
    const run = { id: 'run', uses: `./actions/${name}`, with: check.with ?? {} };
    const checkout = {
      uses: USES(pins, 'actions/checkout'),
      ...(check['fetch-depth'] !== undefined ? { with: { 'fetch-depth': check['fetch-depth'] } } : {}),
    };
    const steps = [checkout, ...setup];
    if (check.expect === 'failure') {
      steps.push({ ...run, 'continue-on-error': true });
      steps.push({
        name: 'The gate failed, as the example means it to',
        env: { OUTCOME: '${{ steps.run.outcome }}' },
        run: 'test "$OUTCOME" = failure || { echo "expected the gate to fail on this example, got $OUTCOME"; exit 1; }',
      });
    } else {
      steps.push(run);
    }
    jobs[`action-${name}`] = {
      name: `${name} (uses ./actions/${name})`,
      'runs-on': 'ubuntu-latest',
      'timeout-minutes': 10,
      permissions: { contents: 'read', ...(check.permissions ?? {}) },
      steps,
    };
  }
  jobs['e2e-kind'] = {
    name: 'deploy and forced rollback on a kind cluster',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 20,
    permissions: { contents: 'read', deployments: 'write' },
    steps: [
      { uses: USES(pins, 'actions/checkout') },
      { uses: USES(pins, 'helm/kind-action'), with: { cluster_name: 'shipyard-e2e' } },
      {
        name: 'Kubeconfig of the kind cluster',
        id: 'kube',
        run: 'kubectl config view --raw > "$RUNNER_TEMP/kind.yaml"; echo "path=$RUNNER_TEMP/kind.yaml" >> "$GITHUB_OUTPUT"',
      },
      {
        name: 'Read it as the kubeconfig input expects (content, masked)',
        id: 'kubeconfig',
        env: { KUBECONFIG_PATH: '${{ steps.kube.outputs.path }}' },
        run: '{ echo "content<<KUBECONFIG_EOF"; cat "$KUBECONFIG_PATH"; echo "KUBECONFIG_EOF"; } >> "$GITHUB_OUTPUT"',
      },
      {
        name: 'A good deploy',
        id: 'good',
        uses: './actions/helm-deploy-verify',
        with: {
          release: 'demo',
          chart: 'examples/chart',
          namespace: 'e2e',
          'create-namespace': 'true',
          set: 'image=registry.k8s.io/pause:3.10',
          kubeconfig: '${{ steps.kubeconfig.outputs.content }}',
          timeout: '3m',
        },
      },
      {
        name: 'A deploy that never gets ready (an image that does not exist)',
        id: 'bad',
        'continue-on-error': true,
        uses: './actions/helm-deploy-verify',
        with: {
          release: 'demo',
          chart: 'examples/chart',
          namespace: 'e2e',
          set: 'image=registry.k8s.io/pause:0.0.0-does-not-exist',
          kubeconfig: '${{ steps.kubeconfig.outputs.content }}',
          timeout: '90s',
        },
      },
      {
        name: 'Roll back what the bad deploy changed',
        id: 'rollback',
        'continue-on-error': true,
        uses: './actions/rollback-on-failure',
        with: {
          release: 'demo',
          namespace: 'e2e',
          'deployed-revision': '${{ steps.bad.outputs.revision }}',
          kubeconfig: '${{ steps.kubeconfig.outputs.content }}',
          timeout: '3m',
        },
      },
      {
        name: 'The bad deploy failed, the rollback restored the good revision and still failed the step',
        env: {
          BAD: '${{ steps.bad.outcome }}',
          ROLLBACK: '${{ steps.rollback.outcome }}',
          ROLLED_BACK: '${{ steps.rollback.outputs.rolled-back }}',
          RESTORED: '${{ steps.rollback.outputs.restored-revision }}',
          GOOD: '${{ steps.good.outputs.revision }}',
        },
        run: 'test "$BAD" = failure && test "$ROLLBACK" = failure && test "$ROLLED_BACK" = true && test "$RESTORED" = "$GOOD"',
      },
    ],
  };
  const workflow = {
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: null, workflow_dispatch: null },
    permissions: { contents: 'read' },
    concurrency: {
      group: '${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}',
      'cancel-in-progress': true,
    },
    jobs,
  };
  const header =
    '# Generated by scripts/ci-workflow.mjs from .github/action-checks.yml — edit the list, then `pnpm ci-workflow`.\n';
  const body = stringify(workflow, { lineWidth: 0 })
    .replace(/["']?__PIN__([^"'\n]+)["']?$/gm, '$1')
    .replace(/^(\s*)pull_request: null$/m, '$1pull_request:')
    .replace(/^(\s*)workflow_dispatch: null$/m, '$1workflow_dispatch:');
  return header + body;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate(parse(readFileSync(listFile, 'utf8')));
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('.github/workflows/ci.yml differs from .github/action-checks.yml: run pnpm ci-workflow');
      process.exit(1);
    }
    console.log('ci.yml matches .github/action-checks.yml');
  } else {
    writeFileSync(target, text);
    console.log('wrote .github/workflows/ci.yml');
  }
}
