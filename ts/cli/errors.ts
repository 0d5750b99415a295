/** A usage or input problem: the CLI prints its message on one line, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}
