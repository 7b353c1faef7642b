export * from './paths';
export * from './file-commands';
export * from './run-action';
export * from './fake-github/index';
export * from './manifest-agreement';
export * from './kube-sim';
export * from './release-server';
export * from './tool-archive';
