// A link or query could not be built from the given input (bad value, setting or template). The message says
// what was wrong and where; the CLI turns it into a usage error, the extension into an error message. It lives with
// the LogQL builder, below core/links, so that the log engine's Loki queries and the links throw the same error.
export class LinkInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkInputError';
  }
}
