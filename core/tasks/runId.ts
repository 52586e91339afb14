// lb's default run id: `run-YYYYmmdd-HHMMSS` in UTC (docs/FACTS.md, "Run results layout").

const pad = (n: number) => String(n).padStart(2, '0');

export function defaultRunId(now: Date = new Date()): string {
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `run-${date}-${time}`;
}
