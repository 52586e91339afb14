// lb's log levels (Python's logging names), lowest first: what our logger writes and the log engine reads. Kept
// apart from both so that any folder of core/ can name them without loading either.
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
