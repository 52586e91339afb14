// Errors that end the CLI with a given exit code and a message on stderr (product contract:
// 0 success, 1 problems found, 2 usage or I/O error).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}
