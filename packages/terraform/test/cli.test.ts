import { describe, expect, it } from 'vitest';
import {
  initArgs,
  planArgs,
  planArtifactName,
  planInstance,
  planOutcome,
  terraformEnv,
  workspaceArgs,
} from '../src/index';
import { Workdir } from './terraform';

describe('terraform command lines', () => {
  it('passes every value as its own argument, never through a shell', () => {
    const args = planArgs({
      out: '/tmp/x/plan.tfplan',
      varFiles: ['prod.tfvars', 'with space.tfvars'],
      vars: [
        ['name', 'a b; rm -rf /'],
        ['list', '["x","y"]'],
      ],
    });
    expect(args).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-out=/tmp/x/plan.tfplan',
      '-var-file',
      'prod.tfvars',
      '-var-file',
      'with space.tfvars',
      '-var',
      'name=a b; rm -rf /',
      '-var',
      'list=["x","y"]',
    ]);
    expect(initArgs(['bucket=state', 'backend.hcl'])).toEqual([
      'init',
      '-input=false',
      '-no-color',
      '-backend-config=bucket=state',
      '-backend-config=backend.hcl',
    ]);
  });

  it('reads -detailed-exitcode', () => {
    expect([0, 1, 2, 3, null].map(planOutcome)).toEqual(['no-changes', 'error', 'changes', 'error', 'error']);
  });

  it('keeps provider credentials, withholds inputs and runner tokens, forces automation mode', () => {
    const env = terraformEnv(
      {
        PATH: '/bin',
        AWS_ACCESS_KEY_ID: 'AKIA',
        TF_VAR_region: 'eu',
        TF_WORKSPACE: 'from-env',
        INPUT_GITHUB_TOKEN: 'ghs_secret',
        ACTIONS_RUNTIME_TOKEN: 'runtime',
        ACTIONS_RESULTS_URL: 'https://results',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
        TF_INPUT: '1',
      },
      { selectsWorkspace: true },
    );
    expect(env).toEqual({
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'AKIA',
      TF_VAR_region: 'eu',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      TF_INPUT: '0',
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
    });
    expect(terraformEnv({ TF_WORKSPACE: 'from-env' }, { selectsWorkspace: false }).TF_WORKSPACE).toBe(
      'from-env',
    );
  });

  it('names instances and artifacts', () => {
    expect(planInstance('stacks/app', 'prod', 'eu')).toBe('stacks/app:prod:eu');
    expect(planInstance('', '')).toBe('.:default:');
    expect(planArtifactName('stacks/app:prod:eu west')).toBe('terraform-plan-stacks-app-prod-eu-west');
    expect(planArtifactName('.:default:', '2')).toBe('terraform-plan-default-attempt-2');
  });

  it('selects and creates a workspace with the real CLI', () => {
    const wd = new Workdir('tf-cli-');
    try {
      wd.write({ 'main.tf': 'resource "terraform_data" "a" { input = 1 }\n' }).init();
      wd.ok(workspaceArgs('staging'));
      expect(wd.ok(['workspace', 'show']).trim()).toBe('staging');
      wd.ok(workspaceArgs('staging'));
      const plan = wd.run(planArgs({ out: 'p.tfplan', vars: [] }));
      expect(planOutcome(plan.status)).toBe('changes');
    } finally {
      wd.remove();
    }
  });
});
