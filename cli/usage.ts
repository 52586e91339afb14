// The usage of every lb-obs command: `lb-obs <command> [<subcommand>] --help` (or `-h`, or `lb-obs help
// <command>`) prints its entry and exits 0, `lb-obs --help` lists them all. The dispatcher (cli/lb-obs.ts)
// answers --help before the command runs, so commands never see it.
//
// Adding a command or subcommand: add ONE entry to COMMAND_USAGE below, keyed by the words that name it
// ("alloy check"), with its synopsis lines (without "lb-obs "), a one-line summary and, when options need
// explaining, details. A group ("alloy") needs no entry: its help lists the entries under it. (A new top-level
// command also needs its handler in COMMANDS of cli/lb-obs.ts.)

export interface CommandUsage {
  /** Each form of the command line, without the leading "lb-obs ". */
  synopsis: string[];
  /** One line, shown in the command lists. */
  summary: string;
  /** What the options and arguments mean, printed after the synopsis. */
  details?: string[];
}

const GRAFANA_DETAILS = [
  '--grafana-url URL       Grafana base URL (else $LB_OBS_GRAFANA_URL, then lb\'s platform.json)',
  '--datasource-uid UID    Loki datasource uid (else $LB_OBS_DATASOURCE_UID, else discovered in Grafana)',
  '--org-id N              Grafana organization (else platform.json grafana.org_id, then 1)',
  '--legacy-left           links for Grafana older than 10.2 (left=)',
];
const TIME_DETAILS = ['--from T --to T         ISO-8601, epoch milliseconds or Grafana relative times (now-1h)'];
const LABEL_DETAILS = [
  '--workspace DIR         read the labels its Alloy pipelines and relabel rules produce (repeatable)',
  "--loki URL [--tenant T] read the label names Loki has seen in the last 24 hours (else $LB_OBS_LOKI_URL)",
  '--explain               say on stderr which form the link takes and why',
];

export const COMMAND_USAGE: Record<string, CommandUsage> = {
  validate: {
    synopsis: ['validate <file|folder>... [--format text|json] [--loki URL] [--tenant T]'],
    summary: 'validate lb configs, Grafana dashboards/provisioning and LogQL files',
    details: [
      'The diagnostics the language server publishes, one per line as file:line:col: severity: message [code].',
      'A folder: every file under it that lb-obs recognises (not node_modules, .git), all named files checked as one',
      'workspace: the labels its lb configs and Alloy pipelines produce are known to its queries. Files too large',
      'are skipped with a note; a file that cannot be read is reported on stderr and makes the exit code 2.',
      "--loki URL              Loki's label names of the last 24 hours count as known labels (else $LB_OBS_LOKI_URL)",
      '--format json           one JSON document: [{"file", "diagnostics": [{"severity", "message", "code", "range"}]}]',
    ],
  },
  'alloy check': {
    synopsis: ['alloy check <file>... [--format text|json]'],
    summary: 'check Alloy configurations (.alloy files; Alloy in Helm values, HelmReleases and ConfigMaps)',
    details: [
      "Syntax as Alloy's own parser reads it, components and arguments of Alloy v1.11.0, references, and the",
      'loki.process stages (regexes, stage.match selectors, JMESPath, time layouts, label rules).',
      '--format json           the same JSON document as validate',
    ],
  },
  'alloy test': {
    synopsis: ['alloy test <config> [--component NAME] --lines FILE [--label k=v]...'],
    summary: "dry-run a loki.process pipeline on sample lines, as Alloy v1.11.0's stages would process them",
    details: [
      'One JSON object per line of FILE: {"input", "dropped", "line", "labels", "structured_metadata", "timestamp",',
      '"extracted"}, or {"input", "dropped": true, "dropped_by", "drop_reason"}, or {"input", "held_by"} for a partial',
      'line stage.cri holds (it is sent joined with the next full line of its stream). Stages not simulated are listed in',
      '"not_simulated" and on stderr.',
      '<config>                an .alloy file, or YAML holding Alloy (Helm values, HelmRelease, ConfigMap)',
      '--component NAME        the loki.process label (needed when there are several)',
      '--label k=v             a label of every line, as the source component would set it (repeatable)',
      'Exit 1 when Alloy would refuse the pipeline (the message names the stage and its line).',
    ],
  },
  'logql check': {
    synopsis: ['logql check (--query <LogQL> | <file>...) [--format text|json] [--workspace FOLDER]... [--fixes [--loki URL] [--tenant ID]]'],
    summary: 'check LogQL queries (a query, .logql files, or the queries in dashboards and provisioning files)',
    details: [
      '--workspace  also warn about labels no source of the folder produces (its lb configs, Alloy and Promtail',
      '          pipelines, relabel rules, and lb\'s own configs, as `validate` reads them); repeatable.',
      '--fixes   also list the hints the editor offers (add a parser, __error__ filters, cheaper filters, lb level and',
      '          phase filters, metric wraps), each with the query it leaves; with --loki or $LB_OBS_LOKI_URL, the',
      '          parser is decided from a sample of the selector\'s recent lines. Text output only.',
    ],
  },
  'logql explain': {
    synopsis: ['logql explain --query <LogQL> [--loki URL] [--tenant ID]'],
    summary: 'explain each step of a LogQL query in plain words',
    details: ["With --loki or $LB_OBS_LOKI_URL: the selector's stream count (Loki's series) and Loki's estimate of its bytes and lines over the last 24 hours."],
  },
  'logs stats': {
    synopsis: ['logs stats <file|run-dir>... [--format text|json]'],
    summary: 'count the records of run logs by level, component, host and workload',
    details: ['A run folder means every logs/*.jsonl in it (with rotated backups).'],
  },
  'logs patterns': {
    synopsis: ['logs patterns <file|run-dir>... [--format text|json] [--top N]'],
    summary: 'group run log messages into templates (variable parts as <*>) with their counts',
    details: [
      'Per level and component, numbers, ids, hex, uuids, IPs, durations, paths, host names and quoted strings masked.',
      '--top N                 only the N most frequent patterns',
      '--format json           {"patterns": [{"pattern", "level", "component", "count", "first", "last", "sample"}]}',
    ],
  },
  'logs show': {
    synopsis: [
      'logs show <file|run-dir>... [--level MIN] [--component C]... [--host H]... [--workload W]...',
      '          [--grep TEXT] [--follow] [--format text|jsonl]',
    ],
    summary: 'print run logs merged by time, filtered, optionally following new lines',
    details: ['A run folder means every logs/*.jsonl in it (with rotated backups); lines are merged by time.'],
  },
  'link run': {
    synopsis: [
      'link run --run-id ID [--run-dir DIR] [--component C]... [--host H]... [--workload W]... [--repetition N]...',
      '         [--phase P]... [--level MIN] [--grep TEXT [--regex] [--case-sensitive]] [--from T --to T] [--dashboard UID]',
    ],
    summary: 'print the Grafana Explore (or dashboard) link of an lb run\'s logs',
    details: [...GRAFANA_DETAILS, ...TIME_DETAILS],
  },
  'link flyte': {
    synopsis: [
      'link flyte (--execution ID | --url <Flyte console URL>) [--node NODE [--retry N]]',
      '           [--workflow-label L] [--workflow-selector T] [--pod-selector T] [--from T --to T]',
      '           [--workspace DIR]... [--loki URL] [--explain]',
    ],
    summary: 'print the Grafana Explore link of a Flyte execution\'s or task attempt\'s logs',
    details: [
      'Without --workflow-label, the workflow link matches the first of app, execution_id and pod that the workspace',
      "or Loki has as a stream label (app when nothing is known).",
      ...LABEL_DETAILS,
      ...GRAFANA_DETAILS,
      ...TIME_DETAILS,
    ],
  },
  'link airflow': {
    synopsis: [
      'link airflow --dag-id D [--task-id T] [--run-id R] [--try N] [--mode labels|line-filter]',
      '             [--namespace NS] [--label KEY=LABEL]... [--raw-label-values] [--from T --to T]',
      '             [--workspace DIR]... [--loki URL] [--explain]',
    ],
    summary: 'print the Grafana Explore link of an Airflow DAG run\'s or task\'s logs',
    details: [
      'Without --mode: labels when the workspace\'s pipelines or Loki have the labels the link matches as stream',
      'labels, line-filter when they are known and lack one, labels when nothing is known.',
      ...LABEL_DETAILS,
      ...GRAFANA_DETAILS,
      ...TIME_DETAILS,
    ],
  },
  'link query': {
    synopsis: ['link query --expr <LogQL> [--from T --to T]'],
    summary: 'print the Grafana Explore link of a LogQL query',
    details: [...GRAFANA_DETAILS, ...TIME_DETAILS],
  },
  'link dashboard': {
    synopsis: ['link dashboard --uid UID [--var name=value]... [--from T --to T]'],
    summary: 'print the link of a Grafana dashboard with its variables set',
    details: [...GRAFANA_DETAILS, ...TIME_DETAILS],
  },
  'flyte-templates': {
    synopsis: [
      'flyte-templates [--workflow-label L] [--workflow-selector T] [--pod-selector T]',
      '                [--workspace DIR]... [--loki URL] [--explain]',
    ],
    summary: 'print flytepropeller logs.templates YAML whose URIs open Grafana Explore',
    details: [
      'Without --workflow-label, the workflow template matches the first of app, execution_id and pod that the',
      'workspace or Loki has as a stream label (app when nothing is known), as link flyte does.',
      ...LABEL_DETAILS,
      ...GRAFANA_DETAILS,
    ],
  },
  'logs query': {
    synopsis: [
      'logs query <LogQL> [--since D | --from T [--to T]] [--limit N] [--follow] [--format text|jsonl] [--forward]',
      '           [--loki URL] [--tenant T]',
    ],
    summary: "print any LogQL query's lines (or a metric query's table) from Loki, as logcli query does",
    details: [
      'Newest first (--forward: oldest first), paged through Loki without gaps or repeats, equal timestamps included.',
      '--since D               the last D (default 1h); --from/--to: RFC 3339, epoch ms or now-<duration>',
      '--limit N               at most N lines (default 30, as logcli; 0 for every line in the range)',
      '--follow                the newest lines, then new lines from Loki\'s tail as they come (Ctrl-C ends)',
      '--format jsonl          {"labels", "line", "timestamp"} per line, as logcli --output=jsonl',
      '--loki, --tenant and the credentials as for push ($LB_OBS_LOKI_URL, $LB_OBS_LOKI_TENANT, $LB_OBS_LOKI_USERNAME',
      'and $LB_OBS_LOKI_PASSWORD, or $LB_OBS_LOKI_TOKEN). Progress of long queries goes to stderr.',
    ],
  },
  'logs labels': {
    synopsis: ['logs labels [NAME] [--query <LogQL>] [--since D | --from T [--to T]] [--loki URL] [--tenant T]'],
    summary: "list Loki's label names, or one label's values (in the streams --query selects), as logcli labels does",
    details: ['The range defaults to the last hour; the connection and credentials are as for push.'],
  },
  push: {
    synopsis: [
      'push <run-dir|file>... --loki <url> [--tenant T] [--label name=value]... [--verify] [--gzip | --no-gzip]',
      '     [--truncate-long-lines] [--max-line-bytes N] [--max-age D|off] [--from-start] [--format text|json]',
    ],
    summary: 'push run logs to Loki, exactly once and resumable',
    details: [
      '--loki defaults to $LB_OBS_LOKI_URL, --tenant (X-Scope-OrgID) to $LB_OBS_LOKI_TENANT. Credentials come from',
      '$LB_OBS_LOKI_USERNAME and $LB_OBS_LOKI_PASSWORD (basic auth) or $LB_OBS_LOKI_TOKEN (bearer), never from the URL.',
    ],
  },
  compare: {
    synopsis: [
      'compare <runA> <runB> [--format text|json]',
      '        (a run: an lb run folder, or loki:<LogQL log query> for a run that lives only in Loki)',
      '        [--loki URL] [--tenant T] [--since D | --from T [--to T]] [--max-lines N] [--patterns auto|miner|loki]',
    ],
    summary: 'what changed between two lb runs: log patterns, level counts, tasks and durations',
    details: [
      'loki:{run_id="run-20261121-135600"} or loki:{flyte_execution_id="f3a1"} read the run from Loki over --since',
      '(default 7d) or --from/--to; connection and credentials as for push. Patterns come from Loki\'s pattern',
      'ingester when both runs are in Loki, it is enabled and its patterns count 95% of each run\'s lines or more',
      '(--patterns auto), else from our miner over the lines fetched, at most --max-lines per run (default 200000;',
      'progress on stderr). --patterns miner always mines; --patterns loki always takes Loki\'s.',
      'Patterns new, gone, or counted more or fewer beyond noise: A\'s count is scaled by B\'s tasks run over A\'s (else',
      'by their log time spans), and a change counts when |B - expected| > max(3 x sqrt(expected), 10% of expected).',
      '--format json           {"a", "b", "normalisation", "patterns": [{"pattern", "level", "component", "a", "b",',
      '                        "change"}], "levels", "tasks", "results"}',
    ],
  },
  'lb-exec': {
    synopsis: ['lb-exec --config=<run config> -- <lb> [lb arguments...]'],
    summary: 'run lb, pointing its config errors into the run config (what the lb tasks use)',
    details: ['Everything after "--" is lb\'s command line, passed as is (a --help there is lb\'s).'],
  },
};

const EXIT_CODES = 'Exit codes: 0 success, 1 problems found, 2 usage or I/O error.';

function commandHelp(entry: CommandUsage): string {
  const [first, ...more] = entry.synopsis;
  const lines = [`Usage: lb-obs ${first}`, ...more.map((l) => `              ${l}`), '', `${entry.summary[0].toUpperCase()}${entry.summary.slice(1)}.`];
  if (entry.details?.length) lines.push('', ...entry.details);
  lines.push('', EXIT_CODES);
  return `${lines.join('\n')}\n`;
}

function commandList(keys: string[]): string {
  const width = Math.max(...keys.map((k) => k.length)) + 2;
  return keys.map((k) => `  ${k.padEnd(width)}${COMMAND_USAGE[k].summary}`).join('\n');
}

/** `lb-obs --help`: every command, one line each. */
export function overview(): string {
  return (
    'Usage: lb-obs <command> [options]\n\n' +
    `Commands:\n${commandList(Object.keys(COMMAND_USAGE))}\n\n` +
    'Run "lb-obs <command> --help" for a command\'s options, "lb-obs --version" for the version.\n' +
    `${EXIT_CODES}\n`
  );
}

/**
 * The help of the command named by the longest leading run of `words` (a command, or a group such as "link"
 * listing its subcommands), or undefined when they name none.
 */
export function helpFor(words: string[]): string | undefined {
  for (let n = words.length; n > 0; n--) {
    const key = words.slice(0, n).join(' ');
    if (COMMAND_USAGE[key]) return commandHelp(COMMAND_USAGE[key]);
    const members = Object.keys(COMMAND_USAGE).filter((k) => k.startsWith(`${key} `));
    if (members.length) return `Usage: lb-obs ${key} <subcommand> [options]\n\nSubcommands:\n${commandList(members)}\n\nRun "lb-obs ${key} <subcommand> --help" for its options.\n${EXIT_CODES}\n`;
  }
  return undefined;
}

/**
 * When the arguments after a command's name ask for help (`--help` or `-h` before any "--", after which the
 * arguments belong to another program), the words naming the command: the name and the leading words after it.
 */
export function helpRequest(name: string, args: string[]): string[] | undefined {
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  if (!own.some((a) => a === '--help' || a === '-h')) return undefined;
  const leading = own.findIndex((a) => a.startsWith('-'));
  return [name, ...own.slice(0, leading < 0 ? own.length : leading)];
}
