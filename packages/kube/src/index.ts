/**
 * `@shipyard/kube`: the shared core of the helm deploy and rollback actions — helm and kubectl over an
 * injected exec, release manifests, rollout verification, diagnostics of what is not ready, stuck-release
 * recovery, kubeconfig handling, smoke checks and the markdown sections that report them.
 */
export * from './run-tool';
export * from './helm-errors';
export * from './helm-release';
export * from './helm-cli';
export * from './helm-test';
export * from './kubectl';
export * from './objects';
export * from './manifest';
export * from './workload-status';
export * from './pod-analysis';
export * from './verify';
export * from './diagnose';
export * from './failed-resources';
export * from './stuck';
export * from './kubeconfig';
export * from './smoke';
export * from './render';
export * from './rollback';
export * from './deployment-undo';
export * from './cluster-access';
export * from './render-rollback';
