// Logs of our own components as JSONL records in lb's log schema, so they can be read with the same tools
// (the log panel, `lb-obs logs`, Loki) as a run's logs.
import * as os from 'os';
import pino from 'pino';
import type { LogLevel } from './levels';

export type LbComponent = 'vscode-client' | 'language-server' | 'lb-obs';

/** pino's level names mapped to lb's (lb uses Python's logging level names). */
const LEVEL_NAMES: Record<string, LogLevel> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

export interface LoggerOptions {
  component: LbComponent;
  level?: pino.LevelWithSilent;
  runId?: string;
  /** Where the JSON lines go; each write is one complete line. */
  destinations: pino.DestinationStream[];
}

export type Logger = pino.Logger;

/** Each logger's root, so that a module logger replaces the `logger` field instead of repeating the key. */
const roots = new WeakMap<Logger, Logger>();

export function createLogger(options: LoggerOptions): Logger {
  const streams = options.destinations.map((stream) => ({ stream, level: 'trace' as const }));
  const root = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'message',
      base: {
        component: options.component,
        host: os.hostname(),
        run_id: options.runId ?? '-',
        event_type: 'log',
      },
      timestamp: () => `,"timestamp":"${new Date().toISOString().replace(/Z$/, '000Z')}"`,
      formatters: {
        level: (label) => ({ level: LEVEL_NAMES[label] ?? label.toUpperCase() }),
      },
    },
    pino.multistream(streams),
  );
  return moduleLogger(root, options.component);
}

/** A logger whose `logger` field names the module that logs. */
export function moduleLogger(parent: Logger, name: string): Logger {
  const root = roots.get(parent) ?? parent;
  const child = root.child({ logger: name });
  roots.set(child, root);
  return child;
}

/** A destination that hands each complete JSON line to a callback (an output channel, a queue). */
export function lineDestination(onLine: (line: string) => void): pino.DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) onLine(line);
    },
  };
}

/** An appending file destination; created lazily so a missing log folder is made on first write. */
export function fileDestination(path: string): pino.DestinationStream {
  return pino.destination({ dest: path, mkdir: true, sync: false });
}
