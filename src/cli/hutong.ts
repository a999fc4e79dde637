#!/usr/bin/env node
import { CliError, EXIT } from './hutong-args.ts';
import { openapi } from './hutong-openapi.ts';
import { reset } from './hutong-reset.ts';
import { sandbox } from './hutong-sandbox.ts';
import { serve } from './hutong-serve.ts';
import { token } from './hutong-token.ts';

const COMMANDS: Record<string, (args: string[]) => void | Promise<void>> = { serve, reset, sandbox, token, openapi };

const HELP = `Hutong, a checkout simulator: run it, reset it, and drive its sandboxes from a shell.

Usage: hutong [command] [options]     (no command: serve)

  serve      start the server (127.0.0.1:3000, data in ./.hutong)
  reset      wipe the database and load a scenario (refused while a server runs on it)
  sandbox    create, list, delete a sandbox, or move its clock (over HTTP)
  token      print an API token for a demo persona (over HTTP)
  openapi    print the OpenAPI document

hutong <command> --help says more. Exit codes: 0 done, 1 failed, 2 usage, 3 refused, 4 no server.`;

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return console.log(HELP);
  // `hutong`, `hutong --port 4000`: serve.
  if (first === undefined || first.startsWith('-')) return serve(argv);
  const command = COMMANDS[first];
  if (!command) throw new CliError(`unknown command "${first}"; run hutong --help.`);
  await command(rest);
}

// `hutong openapi | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? EXIT.ok : EXIT.failed));

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(`hutong: ${error.message}`);
    process.exit(error.code);
  }
  console.error(`hutong: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EXIT.failed);
});
