import { describe, expect, it } from 'vitest';
import {
  describeTestFailures,
  explainTestFailures,
  KubectlError,
  parseTestSuites,
  type KubeObject,
  type LogOptions,
} from '../src';

// What helm 3.17 printed for a failed test against the simulator (helm 4.1 prints the same block).
const FAILED_OUTPUT = `NAME: r1
LAST DEPLOYED: Sun Nov 22 13:42:57 2026
NAMESPACE: default
STATUS: deployed
REVISION: 2
TEST SUITE:     r1-test
Last Started:   Sun Nov 22 13:42:57 2026
Last Completed: Sun Nov 22 13:42:57 2026
Phase:          Failed
TEST SUITE:     r1-smoke
Last Started:   Sun Nov 22 13:42:57 2026
Last Completed: Sun Nov 22 13:42:58 2026
Phase:          Succeeded
Error: 1 error occurred:
	* pod r1-test failed
`;

const failedPod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'probe',
        image: 'busybox:1.36',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 1, reason: 'Error' } },
      },
    ],
  },
});

describe('helm test results', () => {
  it('reads every test suite and its phase, and nothing from a chart without tests', () => {
    expect(parseTestSuites(FAILED_OUTPUT)).toEqual([
      { name: 'r1-test', phase: 'Failed' },
      { name: 'r1-smoke', phase: 'Succeeded' },
    ]);
    expect(parseTestSuites('NAME: r1\nSTATUS: deployed\nTEST SUITE: None\n')).toEqual([]);
  });

  it('explains a failed test pod with its container state and log tail; a gone pod and a failed read are noted', async () => {
    const logCalls: [string, LogOptions][] = [];
    const kubectl = {
      get: (_kind: string, name: string) =>
        name === 'gone'
          ? Promise.resolve(undefined)
          : name === 'denied'
            ? Promise.reject(new KubectlError('kubectl get pod denied failed: Forbidden', '', false))
            : Promise.resolve(failedPod(name)),
      logs: (pod: string, _ns: string, options: LogOptions = {}) => {
        logCalls.push([pod, options]);
        return Promise.resolve('connecting to db\nERROR: connection refused\n');
      },
    };
    const suites = [
      { name: 'r1-test', phase: 'Failed' },
      { name: 'r1-smoke', phase: 'Succeeded' },
      { name: 'gone', phase: 'Failed' },
      { name: 'denied', phase: 'Running' },
    ];
    const failures = await explainTestFailures(kubectl, suites, 'shop');
    expect(failures).toEqual([
      {
        pod: 'r1-test',
        phase: 'Failed',
        problem: 'container probe terminated: Error (exit code 1)',
        log: 'connecting to db\nERROR: connection refused\n',
      },
      {
        pod: 'gone',
        phase: 'Failed',
        problem: '',
        error: 'pod gone is gone (deleted by its helm.sh/hook-delete-policy?)',
      },
      { pod: 'denied', phase: 'Running', problem: '', error: 'kubectl get pod denied failed: Forbidden' },
    ]);
    expect(logCalls).toEqual([
      ['r1-test', { container: 'probe', previous: false, tail: 20, limitBytes: 4096 }],
    ]);
    expect(
      describeTestFailures({ passed: false, output: FAILED_OUTPUT, suites, failures: failures.slice(0, 1) }),
    ).toBe('helm test failed: r1-test Failed: container probe terminated: Error (exit code 1)');
    expect(
      describeTestFailures({ passed: false, output: 'Error: timed out', suites: [], failures: [] }),
    ).toBe('helm test failed (output in the job summary)');
  });
});
