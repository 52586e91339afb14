// A link or query could not be built from the given input (bad value, setting or template). The message says
// what was wrong and where; the CLI turns it into a usage error, the extension into an error message.
export class LinkInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkInputError';
  }
}
