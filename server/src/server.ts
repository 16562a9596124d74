// Entry point of the language server process. The transport (--node-ipc, --stdio, --socket=N) comes from argv.
// First: it sets a V8 flag that must be in place before the libraries below allocate.
import './youngGeneration';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

declare const STEVEDORE_VERSION: string | undefined;

const connection = createConnection(ProposedFeatures.all);
startServer(connection, typeof STEVEDORE_VERSION === 'string' ? STEVEDORE_VERSION : 'dev');
