import { openApiDocument } from '../http/route-table-api.ts';
import { CliError, parseCommand } from './hutong-args.ts';

export const openapiHelp = `Usage: hutong openapi

Prints the OpenAPI 3.1 document of this version's API (the same as GET /api/openapi.json), e.g. for
openapi-typescript or a mock server: hutong openapi > openapi.json`;

export function openapi(args: string[]): void {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) return console.log(openapiHelp);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}".`);
  process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
}
