/**
 * The language server's command line (`node dist/server.js --stdio`): which
 * transport the client asked for, checked before vscode-languageserver reads
 * the same arguments, so that a server started without one says how to start
 * it (exit 2) instead of dying with the library's stack trace.
 */

/** How the client talks to the server, as vscode-languageserver's `createConnection` reads `process.argv`. */
export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string };

/** The server's usage, for `--help` (standard output) and a missing transport (standard error). */
export const SERVER_USAGE = `Usage: node dist/server.js --stdio | --node-ipc | --socket=PORT | --pipe=NAME [--clientProcessId=PID]

The DM Report language server (LSP). An editor starts it with one transport:
  --stdio                 JSON-RPC over standard input and output (most clients)
  --node-ipc              Node's IPC channel (the VS Code extension)
  --socket=PORT           a TCP connection to PORT on this machine (or --socket PORT)
  --pipe=NAME             a named pipe or Unix domain socket (or --pipe NAME)
  --clientProcessId=PID   exit when the editor's process PID ends
  -h, --help              prints this help`;

/**
 * The transport named by the server's arguments (without `node` and the script), in the order
 * vscode-languageserver looks for them (the first transport argument wins).
 * @returns the transport; `help` for `--help`/`-h` before any transport; else an error sentence
 *   (no transport, a port that is not a number from 1 to 65535, a pipe without a name).
 */
export function parseTransport(args: readonly string[]): Transport | { help: true } | { error: string } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--stdio') return { kind: 'stdio' };
    if (a === '--node-ipc') return { kind: 'node-ipc' };
    const [name, ...rest] = a.split('=');
    if (name !== '--socket' && name !== '--pipe') continue;
    const value = rest.length > 0 ? rest.join('=') : args[i + 1];
    if (name === '--pipe') return value ? { kind: 'pipe', name: value } : { error: '--pipe needs the name of a pipe (--pipe=NAME)' };
    // vscode-languageserver reads the port with parseInt and ignores a port of 0 or NaN: require a plain number.
    const port = /^\d+$/.test(value ?? '') ? Number(value) : NaN;
    return port >= 1 && port <= 65535 ? { kind: 'socket', port } : { error: `--socket needs a port number from 1 to 65535, not ${value === undefined ? 'nothing' : `"${value}"`}` };
  }
  return { error: 'no transport given' };
}
