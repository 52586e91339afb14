// The CLI's streams, injectable so command modules can be tested in-process.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is redrawn in place only then). */
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: !!process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
};

/** A command: receives the arguments after its name and returns the exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
