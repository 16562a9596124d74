// The deploy engine's public surface. Plain Node: it must never import 'vscode' (its tsconfig cannot see it).
export * from './connection';
export * from './contextStore';
export * from './resolveEndpoint';
export * from './sshTunnel';
export * from './exec';
export * from './compose';
export * from './logs';
export * from './shell';
export * from './units';
export * from './stack';
export * from './restart';
export * from './commit';
export * from './engineChoices';
export * from './liveState';
