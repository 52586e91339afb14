// `lb-obs link run|flyte|airflow|query|dashboard`: prints one Grafana URL (contract: README, "Command line: `lb-obs`").
import * as path from 'path';
import { LOG_LEVELS, LogFilter, LogLevel } from '../../core/logs/model';
import { AIRFLOW_DEFAULTS, AirflowMode, AirflowQueryOptions, airflowQuery } from '../../core/links/airflow';
import { FLYTE_DEFAULTS, flyteTaskQuery, flyteWorkflowQuery, parseFlyteExecution } from '../../core/links/flyte';
import { dashboardUrl, exploreUrl } from '../../core/links/grafanaUrl';
import { logqlError } from '../../core/logql/build/queryCheck';
import { chooseAirflowMode } from '../../core/links/linkMode';
import { inspectRunDir, RunFacts, runDashboards, runQuery, runTimeRange } from '../../core/links/runLinks';
import { TimeRange } from '../../core/links/timeRange';
import { CliError, UsageError } from '../cliError';
import { exploreTarget, GRAFANA_OPTIONS, GrafanaOptionValues, grafanaSite, TIME_OPTIONS, timeRangeOption, usage } from '../grafanaOptions';
import type { CliCommand, CliIo } from '../io';
import { explainChoice, flyteWorkflowLabel, LABEL_OPTIONS, labelKnowledge } from '../linkLabels';
import { loadLokiParserFor } from '../lokiParser';
import { OptionSpec, parseOptionsOnly } from '../parseOptions';
import { quoteUserText } from '../../core/text/userText';

/** Workflow links (Flyte, Airflow) look back a day unless told otherwise; ad-hoc queries an hour, as Grafana does. */
const WORKFLOW_RANGE: TimeRange = { from: 'now-24h', to: 'now' };
const QUERY_RANGE: TimeRange = { from: 'now-1h', to: 'now' };

function print(io: CliIo, url: string): number {
  io.stdout(`${url}\n`);
  return 0;
}

/** A link kind's options: its own, Grafana's and the time range's; it takes no other argument. */
function linkOptions<T extends OptionSpec>(args: string[], own: T, command: string) {
  return parseOptionsOnly(args, { ...GRAFANA_OPTIONS, ...TIME_OPTIONS, ...own }, command);
}

/** Prints the Explore link of `expr` over `range`, to the Grafana and datasource the options name or discover. */
async function printExploreLink(io: CliIo, command: string, values: GrafanaOptionValues, expr: string, range: TimeRange): Promise<number> {
  const target = await exploreTarget(values, io, command);
  return print(io, usage(command, () => exploreUrl(target, expr, range, { legacy: values['legacy-left'] })));
}

function nonNegativeInt(value: string | undefined, option: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`lb-obs ${command}: ${option} must be a non-negative integer (got "${value}")`);
  return Number(value);
}

const linkRun: CliCommand = async (args, io) => {
  const command = 'link run';
  const values = linkOptions(
    args,
    {
      'run-id': { type: 'string' },
      'run-dir': { type: 'string' },
      component: { type: 'string', multiple: true },
      host: { type: 'string', multiple: true },
      workload: { type: 'string', multiple: true },
      repetition: { type: 'string', multiple: true },
      phase: { type: 'string', multiple: true },
      level: { type: 'string' },
      grep: { type: 'string' },
      regex: { type: 'boolean' },
      'case-sensitive': { type: 'boolean' },
      dashboard: { type: 'string' },
    },
    command,
  );
  if (!values['run-id'] && !values['run-dir']) throw new UsageError(`lb-obs ${command}: give --run-id (and optionally --run-dir)`);
  let level: LogLevel | undefined;
  if (values.level !== undefined) {
    level = LOG_LEVELS.find((l) => l === values.level!.toUpperCase());
    if (!level) throw new UsageError(`lb-obs ${command}: --level must be one of ${LOG_LEVELS.join(', ')} (got "${values.level}")`);
  }
  const filter: LogFilter = {
    components: values.component,
    hosts: values.host,
    workloads: values.workload,
    repetitions: values.repetition?.map((r) => nonNegativeInt(r, '--repetition', command)!),
    phases: values.phase,
    minLevel: level,
    text: values.grep,
    regex: values.regex,
    caseSensitive: values['case-sensitive'],
  };
  let facts: RunFacts | undefined;
  if (values['run-dir']) {
    const dir = path.resolve(io.cwd, values['run-dir']);
    facts = await inspectRunDir(dir).catch((err: Error) => {
      throw new CliError(`lb-obs ${command}: cannot read run folder ${values['run-dir']}: ${err.message}`);
    });
    if (values['run-id'] && facts.runId !== values['run-id']) {
      io.stderr(`lb-obs ${command}: note: ${quoteUserText(values['run-dir'], 200)} holds run "${quoteUserText(facts.runId, 200)}"; linking to --run-id "${quoteUserText(values['run-id'], 200)}"\n`);
    }
  }
  const runId = values['run-id'] ?? facts!.runId;
  const range = timeRangeOption(values, undefined, command) ?? usage(command, () => runTimeRange(runId, facts));
  if (values.dashboard !== undefined) {
    const site = grafanaSite(values, io, command);
    // lb's dashboards get the variables they define (all of them are listed with hasDfaas); others var-run_id.
    const known = runDashboards(runId, { hasDfaas: true }, filter).find((d) => d.uid === values.dashboard);
    const vars = known?.vars ?? [['run_id', runId] as [string, string]];
    return print(io, usage(command, () => dashboardUrl(site, values.dashboard!, vars, range)));
  }
  const expr = usage(command, () => runQuery(runId, filter));
  return printExploreLink(io, command, values, expr, range);
};

const linkFlyte: CliCommand = async (args, io) => {
  const command = 'link flyte';
  const values = linkOptions(
    args,
    {
      execution: { type: 'string' },
      url: { type: 'string' },
      node: { type: 'string' },
      retry: { type: 'string' },
      'workflow-label': { type: 'string' },
      'workflow-selector': { type: 'string' },
      'pod-selector': { type: 'string' },
      ...LABEL_OPTIONS,
    },
    command,
  );
  if ((values.execution === undefined) === (values.url === undefined)) {
    throw new UsageError(`lb-obs ${command}: give exactly one of --execution ID and --url <Flyte console URL>`);
  }
  if (values.retry !== undefined && values.node === undefined) throw new UsageError(`lb-obs ${command}: --retry needs --node`);
  const retry = nonNegativeInt(values.retry, '--retry', command) ?? 0;
  const workflowLabel = values.node === undefined ? await flyteWorkflowLabel(values, io, command) : undefined;
  if (values.explain) {
    if (workflowLabel) explainChoice(io, command, 'workflow label', workflowLabel);
    else io.stderr(`lb-obs ${command}: a task link selects the task's pod with the pod selector; the workflow label is not used\n`);
  }
  const options = {
    workflowLabel: workflowLabel?.value ?? FLYTE_DEFAULTS.workflowLabel,
    workflowSelector: values['workflow-selector'] ?? FLYTE_DEFAULTS.workflowSelector,
    podSelector: values['pod-selector'] ?? FLYTE_DEFAULTS.podSelector,
  };
  const expr = usage(command, () => {
    const exec = parseFlyteExecution((values.execution ?? values.url)!);
    return values.node === undefined ? flyteWorkflowQuery(exec, options) : flyteTaskQuery(exec, values.node, retry, options);
  });
  const range = timeRangeOption(values, WORKFLOW_RANGE, command)!;
  return printExploreLink(io, command, values, expr, range);
};

const AIRFLOW_LABEL_KEYS: Record<string, keyof AirflowQueryOptions['labels']> = {
  namespace: 'namespace',
  dag_id: 'dagId',
  run_id: 'runId',
  task_id: 'taskId',
  try_number: 'tryNumber',
};

const linkAirflow: CliCommand = async (args, io) => {
  const command = 'link airflow';
  const values = linkOptions(
    args,
    {
      'dag-id': { type: 'string' },
      'task-id': { type: 'string' },
      'run-id': { type: 'string' },
      try: { type: 'string' },
      mode: { type: 'string' },
      namespace: { type: 'string' },
      label: { type: 'string', multiple: true },
      'raw-label-values': { type: 'boolean' },
      ...LABEL_OPTIONS,
    },
    command,
  );
  if (!values['dag-id']) throw new UsageError(`lb-obs ${command}: give --dag-id`);
  if (values.mode !== undefined && values.mode !== 'labels' && values.mode !== 'line-filter') {
    throw new UsageError(`lb-obs ${command}: --mode must be labels or line-filter (got "${values.mode}")`);
  }
  const labels = { ...AIRFLOW_DEFAULTS.labels };
  for (const spec of values.label ?? []) {
    const eq = spec.indexOf('=');
    const key = AIRFLOW_LABEL_KEYS[spec.slice(0, eq)];
    if (eq < 0 || !key) {
      throw new UsageError(`lb-obs ${command}: --label takes KEY=LABEL with KEY one of ${Object.keys(AIRFLOW_LABEL_KEYS).join(', ')} (got "${spec}")`);
    }
    labels[key] = spec.slice(eq + 1);
  }
  const tryNumber = nonNegativeInt(values.try, '--try', command);
  // The labels this link would match besides the namespace, which both forms select by.
  const needed = [labels.dagId, ...(values['task-id'] ? [labels.taskId] : []), ...(values['run-id'] ? [labels.runId] : []), ...(tryNumber !== undefined ? [labels.tryNumber] : [])];
  const explicitMode = values.mode as AirflowMode | undefined;
  const choice = chooseAirflowMode(
    needed,
    explicitMode === undefined ? await labelKnowledge(values, io, command) : {},
    explicitMode === undefined ? undefined : { value: explicitMode, where: '--mode' },
    AIRFLOW_DEFAULTS.mode,
  );
  if (values.explain) explainChoice(io, command, 'mode', choice);
  const mode = choice.value;
  const expr = usage(command, () =>
    airflowQuery(
      { dagId: values['dag-id']!, taskId: values['task-id'], runId: values['run-id'], tryNumber },
      { mode, namespace: values.namespace ?? AIRFLOW_DEFAULTS.namespace, labels, sanitize: !values['raw-label-values'] },
    ),
  );
  const range = timeRangeOption(values, WORKFLOW_RANGE, command)!;
  return printExploreLink(io, command, values, expr, range);
};

const linkQuery: CliCommand = async (args, io) => {
  const command = 'link query';
  const values = linkOptions(args, { expr: { type: 'string' } }, command);
  if (!values.expr?.trim()) throw new UsageError(`lb-obs ${command}: give --expr <LogQL>`);
  const error = logqlError(values.expr);
  if (error) throw new CliError(`lb-obs ${command}: the query is not valid LogQL: ${error}`, 1);
  const range = timeRangeOption(values, QUERY_RANGE, command)!;
  return printExploreLink(io, command, values, values.expr!, range);
};

const linkDashboard: CliCommand = async (args, io) => {
  const command = 'link dashboard';
  const values = linkOptions(args, { uid: { type: 'string' }, var: { type: 'string', multiple: true } }, command);
  if (!values.uid) throw new UsageError(`lb-obs ${command}: give --uid <dashboard uid>`);
  const vars = (values.var ?? []).map((spec): [string, string] => {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`lb-obs ${command}: --var takes name=value (got "${spec}")`);
    return [spec.slice(0, eq), spec.slice(eq + 1)];
  });
  const range = timeRangeOption(values, undefined, command);
  const site = grafanaSite(values, io, command);
  return print(io, usage(command, () => dashboardUrl(site, values.uid!, vars, range)));
};

const SUBCOMMANDS: Record<string, CliCommand> = {
  run: linkRun,
  flyte: linkFlyte,
  airflow: linkAirflow,
  query: linkQuery,
  dashboard: linkDashboard,
};

export const linkCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) {
    const got = sub ? `unknown link kind "${sub}"` : 'give a link kind';
    throw new UsageError(`lb-obs link: ${got}; one of: ${Object.keys(SUBCOMMANDS).join(', ')}`);
  }
  // The query of an Explore link is checked by Loki's own parser before the link is printed.
  if (sub !== 'dashboard') await loadLokiParserFor(`link ${sub}`, io);
  return run(rest, io);
};
