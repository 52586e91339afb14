// lb 0.67's built-in workload plugins and the settings each accepts (its pydantic config class), one table per
// plugin. The keys every plugin accepts (BasePluginConfig) are added by `pluginDefinition`.
import { dfaasProperties, pevaFaasProperties } from './faas';
import { boolean, integer, JsonSchema, number, object, string, stringList } from './fields';

export interface PluginSpec {
  name: string;
  /** What the plugin runs, in a user's words (lb's plugin description). */
  summary: string;
  /** Whether `intensity` low/medium/high has a preset (otherwise lb warns and keeps the options). */
  presets: boolean;
  properties: Record<string, JsonSchema>;
}

const commonProperties: Record<string, JsonSchema> = {
  max_retries: integer('How many times lb retries the workload after a failure.', { default: 0, minimum: 0 }),
  timeout_buffer: integer('Safety margin added to the workload\'s expected runtime before lb kills it, in seconds.', { default: 10 }),
  tags: stringList('Free-form tags recorded with the workload\'s results.', { default: [] }),
};

const debug = boolean('Verbose output from the tool and the plugin.', false);
const extraArgs = (tool: string) => stringList(`Extra command-line arguments appended to the ${tool} command, one per item.`, { default: [] });

const stressNg: PluginSpec = {
  name: 'stress_ng',
  summary: 'CPU, memory and I/O stress with stress-ng.',
  presets: true,
  properties: {
    cpu_workers: integer('CPU stressor workers (`--cpu`); 0 uses every available CPU.', { default: 0, minimum: 0 }),
    cpu_method: string('CPU stress method (`--cpu-method`).', { default: 'all', examples: ['all', 'matrixprod', 'fft', 'int64', 'float64'] }),
    vm_workers: integer('Virtual-memory stressor workers (`--vm`); 0 disables them.', { default: 1, minimum: 0 }),
    vm_bytes: string('Memory per VM worker (`--vm-bytes`): a size such as `1G`, `512M`, or a share of RAM such as `50%`.', { default: '1G', examples: ['1G', '512M', '50%'] }),
    io_workers: integer('I/O stressor workers (`--io`); 0 disables them.', { default: 1, minimum: 0 }),
    timeout: integer('Run time of stress-ng (`--timeout`), in seconds.', { default: 60, exclusiveMinimum: 0 }),
    metrics_brief: boolean('Print brief metrics (`--metrics-brief`).', true),
    extra_args: extraArgs('stress-ng'),
    debug,
  },
};

const fio: PluginSpec = {
  name: 'fio',
  summary: 'Flexible disk I/O with fio.',
  presets: true,
  properties: {
    job_file: string('Path of an fio job file; when set, the other job options here are not passed to fio.', { nullable: true }),
    runtime: integer('Duration of the test (`--runtime`, time based), in seconds.', { default: 60, exclusiveMinimum: 0 }),
    rw: string('I/O pattern (`--rw`).', { default: 'randrw', examples: ['read', 'write', 'randread', 'randwrite', 'rw', 'randrw'] }),
    bs: string('Block size (`--bs`), e.g. `4k` or `1M`.', { default: '4k', examples: ['4k', '64k', '1M'] }),
    iodepth: integer('I/O units kept in flight per job (`--iodepth`).', { default: 16, exclusiveMinimum: 0 }),
    numjobs: integer('Concurrent jobs (`--numjobs`).', { default: 1, exclusiveMinimum: 0 }),
    size: string('Total I/O size of each job (`--size`), e.g. `1G`.', { default: '1G', examples: ['1G', '10G'] }),
    directory: string('Directory where fio creates its test files (`--directory`).', { default: '/tmp' }),
    name: string('Job name (`--name`).', { default: 'benchmark' }),
    output_format: string('fio output format (`--output-format`); lb parses metrics only from `json`.', { default: 'json', examples: ['json', 'json+', 'normal', 'terse'] }),
    debug,
  },
};

const dd: PluginSpec = {
  name: 'dd',
  summary: 'Sequential disk writes with dd.',
  presets: true,
  properties: {
    if_path: string('Input file (`if=`).', { default: '/dev/zero' }),
    of_path: string('Output file (`of=`). By default a unique file in the temporary directory, removed after the run.'),
    bs: string('Block size (`bs=`), e.g. `1M` or `4k`.', { default: '1M', examples: ['4k', '1M', '4M'] }),
    count: integer('Blocks to copy (`count=`); null runs until the runner stops it.', { nullable: true, minimum: 1 }),
    conv: string('Conversion options (`conv=`); null passes none.', { default: 'fdatasync', nullable: true, examples: ['fdatasync', 'fsync', 'sync', 'noerror'] }),
    oflag: string('Output flags (`oflag=`); null passes none.', { default: 'direct', nullable: true, examples: ['direct', 'dsync', 'sync'] }),
    timeout: integer('Time limit of the dd run, in seconds.', { default: 60, exclusiveMinimum: 0 }),
    debug,
  },
};

const hpl: PluginSpec = {
  name: 'hpl',
  summary: 'HPL (High Performance Linpack) 2.3 over OpenMPI.',
  presets: true,
  properties: {
    n: integer('Problem size N (matrix order); memory use grows with N².', { default: 10000, exclusiveMinimum: 0 }),
    nb: integer('Block size NB.', { default: 256, exclusiveMinimum: 0 }),
    p: integer('Rows P of the process grid.', { default: 1, exclusiveMinimum: 0 }),
    q: integer('Columns Q of the process grid.', { default: 1, exclusiveMinimum: 0 }),
    mpi_ranks: integer('MPI ranks; lb uses P×Q when this differs.', { default: 1, exclusiveMinimum: 0 }),
    mpi_launcher: string('`fork` runs all ranks locally; any other value (e.g. `ssh`) is passed to mpirun as the remote shell agent.', { default: 'fork', examples: ['fork', 'ssh'] }),
    workspace_dir: string('Directory for HPL files; null uses `~/.lb/workspaces/hpl`.', { nullable: true }),
    debug,
    expected_runtime_seconds: integer('Expected run time, used for the timeout, in seconds.', { default: 3600, exclusiveMinimum: 0 }),
  },
};

const stream: PluginSpec = {
  name: 'stream',
  summary: 'STREAM memory bandwidth benchmark.',
  presets: true,
  properties: {
    stream_array_size: integer('STREAM_ARRAY_SIZE: elements per array (compile time; a value other than 10000000 triggers a recompile).', { default: 10000000, exclusiveMinimum: 0 }),
    ntimes: integer('NTIMES: iterations per kernel (compile time; a value other than 10 triggers a recompile).', { default: 100, exclusiveMinimum: 1 }),
    recompile: boolean('Always recompile the STREAM binary into the workspace before running.', false),
    threads: integer('OMP_NUM_THREADS; 0 leaves it unset so OpenMP decides.', { default: 0, minimum: 0 }),
    use_numactl: boolean('Run under numactl for steadier bandwidth numbers.', false),
    numactl_args: stringList('Arguments passed to numactl when `use_numactl` is true.', { default: ['--interleave=all'] }),
    workspace_dir: string('Directory for tuned binaries; null uses `~/.lb/workspaces/stream`.', { nullable: true }),
    expected_runtime_seconds: integer('Expected run time, used for the timeout, in seconds.', { default: 60, exclusiveMinimum: 0 }),
    compilers: stringList('Compilers to build and run STREAM with; at least one.', { default: ['gcc'], minItems: 1, examples: [['gcc'], ['gcc', 'icx']] }),
    allow_missing_compilers: boolean('Skip compilers that are not installed instead of failing the run.', false),
  },
};

const sysbench: PluginSpec = {
  name: 'sysbench',
  summary: 'CPU micro-benchmark with sysbench.',
  presets: true,
  properties: {
    test: string('sysbench test to run.', { default: 'cpu', examples: ['cpu', 'memory', 'threads', 'mutex', 'fileio'] }),
    threads: integer('Worker threads (`--threads`).', { default: 1, exclusiveMinimum: 0 }),
    time: integer('Run time (`--time`), in seconds.', { default: 60, exclusiveMinimum: 0 }),
    max_requests: integer('Stop after this many events (`--events`); null runs for `time` seconds.', { nullable: true, exclusiveMinimum: 0 }),
    rate: integer('Rate limit (`--rate`), in events per second; null means no limit.', { nullable: true, minimum: 0 }),
    cpu_max_prime: integer('Upper limit of the prime search of the cpu test (`--cpu-max-prime`).', { default: 20000, exclusiveMinimum: 0 }),
    extra_args: extraArgs('sysbench'),
    debug,
  },
};

const unixbench: PluginSpec = {
  name: 'unixbench',
  summary: 'UnixBench suite built from source.',
  presets: true,
  properties: {
    threads: integer('Parallel copies of each test (`Run -c`).', { default: 1, exclusiveMinimum: 0 }),
    iterations: integer('Iterations of each test (`Run -i`).', { default: 1, exclusiveMinimum: 0 }),
    tests: stringList('Tests to run; empty runs the default suite.', { default: [], examples: [['dhry2reg', 'whetstone-double']] }),
    workdir: string('Directory that contains UnixBench\'s `Run` script.', { default: '/opt/UnixBench' }),
    extra_args: extraArgs('UnixBench Run'),
    debug,
  },
};

const geekbench: PluginSpec = {
  name: 'geekbench',
  summary: 'Geekbench 6 CPU benchmark (downloaded on first run).',
  presets: true,
  properties: {
    version: string('Geekbench version to download.', { default: '6.3.0', minLength: 1 }),
    download_url: string('Tarball URL overriding the official download for `version`.', { nullable: true }),
    download_checksum: string('SHA-256 (hex) the downloaded tarball must match.', { nullable: true }),
    workdir: string('Directory where Geekbench is downloaded and unpacked.', { default: '/opt/geekbench' }),
    output_dir: string('Directory for the JSON result and the log.', { default: '/tmp/lb_geekbench' }),
    license_key: string('Geekbench license key (`--unlock`).', { nullable: true }),
    skip_cleanup: boolean('Keep the downloaded tarball and unpacked files after the run.', true),
    run_gpu: boolean('Run the GPU compute benchmark instead of the CPU one.', false),
    extra_args: extraArgs('Geekbench'),
    arch_override: string('Force the architecture of the download (`arm64`/`aarch64` for ARM, anything else for x86-64); null detects it.', { nullable: true, examples: ['arm64', 'x86_64'] }),
    expected_runtime_seconds: integer('Expected run time, used as the timeout, in seconds.', { default: 1800, exclusiveMinimum: 0 }),
    debug,
  },
};

const yabs: PluginSpec = {
  name: 'yabs',
  summary: 'Yet Another Bench Script: CPU, disk and network.',
  presets: true,
  properties: {
    script_url: string('URL of the yabs.sh script to download; lb defaults to the upstream script.'),
    script_checksum: string('SHA-256 (hex) the downloaded script must match.', { nullable: true }),
    skip_disk: boolean('Skip the fio disk tests (`-f`).', false),
    skip_network: boolean('Skip the iperf network tests (`-i`).', false),
    skip_geekbench: boolean('Skip Geekbench (`-g`).', true),
    skip_cleanup: boolean('Keep yabs\'s temporary files (`-c`).', true),
    output_dir: string('Directory for the yabs log.', { default: '/tmp/lb_yabs' }),
    extra_args: extraArgs('yabs.sh'),
    expected_runtime_seconds: integer('Expected run time, used for the timeout, in seconds.', { default: 600, exclusiveMinimum: 0 }),
    debug,
  },
};

const baseline: PluginSpec = {
  name: 'baseline',
  summary: 'Idle workload that measures the system\'s baseline.',
  presets: true,
  properties: {
    duration: number('How long to stay idle, in seconds.', { default: 60.0, exclusiveMinimum: 0 }),
  },
};

function phoronix(profile: string): PluginSpec {
  return {
    name: `pts_${profile.replace(/-/g, '_')}`,
    summary: `Phoronix Test Suite profile ${profile}.`,
    presets: false,
    properties: {
      batch_mode: { ...boolean('Run PTS in batch mode. lb supports batch mode only and rejects false.', true), enum: [true] },
      install_system_packages: boolean('Install the profile\'s system packages (done in the setup phase, not during the run).', true),
      timeout_seconds: integer('Hard time limit of the PTS command, in seconds; 0 disables it.', { default: 0, minimum: 0 }),
      extra_args: extraArgs('phoronix-test-suite'),
    },
  };
}

const dfaas: PluginSpec = {
  name: 'dfaas',
  summary: 'DFaaS: load-tests OpenFaaS functions with k6 running on a separate host.',
  presets: false,
  properties: dfaasProperties,
};

const pevaFaas: PluginSpec = {
  name: 'peva_faas',
  summary: 'PEVA-faas: DFaaS-style load tests whose configurations are chosen by a learning policy, on a k3s/OpenFaaS host.',
  presets: false,
  properties: pevaFaasProperties,
};

export const BUILTIN_PLUGINS: PluginSpec[] = [
  stressNg,
  fio,
  dd,
  hpl,
  stream,
  sysbench,
  unixbench,
  geekbench,
  yabs,
  baseline,
  phoronix('build-linux-kernel'),
  phoronix('compress-7zip'),
  phoronix('gmpbench'),
  phoronix('ramspeed'),
  phoronix('blosc'),
  dfaas,
  pevaFaas,
];

export function pluginDefinitionName(plugin: string): string {
  return `plugin_${plugin}`;
}

/**
 * The settings of one plugin. No `required`: a workload's `options` is a partial overlay merged over
 * `plugin_settings`, so every key is optional in both places.
 */
export function pluginDefinition(spec: PluginSpec): JsonSchema {
  const presetNote = spec.presets
    ? 'A workload with intensity low, medium or high replaces these settings with lb\'s preset.'
    : 'This plugin has no intensity presets: lb warns and keeps these settings whatever the intensity.';
  return object(`Settings of the ${spec.name} plugin: ${spec.summary} ${presetNote}`, { ...spec.properties, ...commonProperties });
}
