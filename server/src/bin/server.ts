/**
 * Entry point of the language server (`dist/server.js`): `--stdio` (any LSP
 * client) or `--node-ipc` (the VS Code client), as vscode-languageserver reads
 * them from the command line. The Node host reads the real file system.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from '../server';
import { NodeHost } from '../host/node';

const connection = createConnection(ProposedFeatures.all);
createServer(connection, new NodeHost(), process.env);
connection.listen();
