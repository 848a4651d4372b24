/**
 * Entry point of the language server (`dist/server.js`): `--stdio` (any LSP
 * client), `--node-ipc` (the VS Code client), `--socket=PORT` or `--pipe=NAME`,
 * as vscode-languageserver reads them from the command line. Without one (or
 * with a bad one) it prints its usage on standard error and exits with 2;
 * `--help` prints it on standard output. The Node host reads the real file system;
 * reports are parsed in worker threads (the parse pool, ../parsing/pool.ts), each
 * block within the `dmReport.parse.budgetMs` setting.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from '../server';
import { NodeHost } from '../host/node';
import { ParsePool } from '../parsing/pool';
import { parseTransport, SERVER_USAGE } from '../lsp/transport';

const transport = parseTransport(process.argv.slice(2));
// Exits once the usage is written: importing vscode-languageserver started a timer on --clientProcessId's process.
if ('help' in transport) {
  process.stdout.write(`${SERVER_USAGE}\n`, () => process.exit(0));
} else if ('error' in transport) {
  process.stderr.write(`dm-report server: ${transport.error}\n${SERVER_USAGE}\n`, () => process.exit(2));
} else {
  // The library reads the same arguments again (and patches the console for --stdio).
  const connection = createConnection(ProposedFeatures.all);
  createServer(connection, new NodeHost(), process.env, new ParsePool());
  connection.listen();
}
