// VS Code snippets for lb configs (snippets/lb-config.json, contributed for JSON): a workload, a remote host, a
// dfaas plugin_settings block and a loki block. Built from the same tables as the schemas so that the choices
// offered (plugins, intensities, HTTP methods) are exactly the values lb accepts.
import { HTTP_METHODS } from './faas';
import { BUILTIN_PLUGINS } from './plugins';
import { INTENSITIES } from './build';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const choice = (values: string[]) => values.join(',');

export function buildSnippets(): Record<string, Snippet> {
  return {
    'lb workload': {
      prefix: 'lb-workload',
      description: 'lb workload: a named entry of "workloads" running a plugin.',
      body: [
        '"${1:cpu_stress}": {',
        `\t"plugin": "\${2|${choice(BUILTIN_PLUGINS.map((p) => p.name))}|}",`,
        '\t"enabled": ${3|true,false|},',
        `\t"intensity": "\${4|${choice(INTENSITIES)}|}",`,
        '\t"options": {$0}',
        '}',
      ],
    },
    'lb remote host': {
      prefix: 'lb-remote-host',
      description: 'lb remote host: an entry of "remote_hosts" reached over SSH.',
      body: [
        '{',
        '\t"name": "${1:node1}",',
        '\t"address": "${2:192.168.1.10}",',
        '\t"port": ${3:22},',
        '\t"user": "${4:ubuntu}",',
        '\t"become": ${5|true,false|},',
        '\t"vars": {$6}',
        '}$0',
      ],
    },
    'lb dfaas settings': {
      prefix: 'lb-dfaas',
      description: 'lb dfaas plugin settings: an entry of "plugin_settings" with the k6 host, functions and a rate strategy.',
      body: [
        '"dfaas": {',
        '\t"k6_host": "${1:10.0.0.5}",',
        '\t"k6_user": "${2:ubuntu}",',
        '\t"k6_ssh_key": "${3:~/.ssh/id_rsa}",',
        '\t"gateway_url": "${4:http://{host.address\\}:31112}",',
        '\t"prometheus_url": "${5:http://{host.address\\}:30411}",',
        '\t"functions": [',
        `\t\t{"name": "\${6:figlet}", "method": "\${7|${choice(HTTP_METHODS)}|}", "body": "\${8:Hello DFaaS!}"}`,
        '\t],',
        '\t"rate_strategy": {"type": "linear", "min_rate": ${9:0}, "max_rate": ${10:200}, "step": ${11:10}},',
        '\t"duration": "${12:30s}",',
        '\t"iterations": ${13:3}$0',
        '}',
      ],
    },
    'lb loki': {
      prefix: 'lb-loki',
      description: 'lb loki block: push lb\'s JSONL logs to Loki.',
      body: [
        '"loki": {',
        '\t"enabled": ${1|true,false|},',
        '\t"endpoint": "${2:http://localhost:3100}",',
        '\t"labels": {',
        '\t\t"${3:env}": "${4:lab}"',
        '\t},',
        '\t"batch_size": ${5:100},',
        '\t"flush_interval_ms": ${6:1000}$0',
        '}',
      ],
    },
  };
}
