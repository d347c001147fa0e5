// Commands that reach other machines: curl and wget (HTTP methods and GraphQL mutations), scp and
// rsync (copies onto remote paths, `--delete`), and ssh (a remote command line).
import type { SessionContext, Target } from '../../types.js';
import { emptyDraft } from '../result.js';
import type { Draft } from '../result.js';
import { addFinding, addObservations, resolvePath } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import { literalWord } from './expand.js';
import { recordFileWrite } from './files.js';
import { parseArguments } from './options.js';

const CURL_VALUED = ['X', 'request', 'd', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'json', 'H', 'header', 'o', 'output', 'u', 'user', 'F', 'form', 'A', 'user-agent', 'e', 'referer', 'b', 'cookie', 'c', 'cookie-jar', 'm', 'max-time', 'connect-timeout', 'retry', 'w', 'write-out', 'K', 'config', 'T', 'upload-file', 'x', 'proxy', 'cacert', 'cert', 'key', 'E'];
const DELETE_MUTATION = /\bmutation\b[\s\S]*\b(delete|remove|drop|destroy|purge|truncate|wipe)\w*/i;

export const NETWORK_COMMANDS: Record<string, CommandHandler> = {
  curl: runCurl,
  wget: runWget,
  http: runHttpie,
  https: runHttpie,
  xh: runHttpie,
  scp: runScp,
  rsync: runRsync,
  ssh: runSsh,
};

function runCurl(command: CommandContext): void {
  const parsed = parseArguments(command.args, CURL_VALUED);
  const method = (parsed.values.get('X')?.[0] ?? parsed.values.get('request')?.[0] ?? '').toUpperCase();
  const body = ['d', 'data', 'data-raw', 'data-binary', 'json', 'data-urlencode'].flatMap((name) => parsed.values.get(name) ?? []).join('\n');
  const urls = parsed.operands.map((arg) => urlTarget(arg.text));
  const output = parsed.values.get('o')?.[0] ?? parsed.values.get('output')?.[0];
  if (output !== undefined && output !== '-') {
    const path = resolvePath(command, literalWord(output));
    if (path !== undefined) recordFileWrite(command, path, 'overwrite');
  }
  // curl sends POST when it has a body or a form and no explicit method.
  const sendsBody = body !== '' || parsed.values.has('F') || parsed.values.has('form');
  const effectiveMethod = method !== '' ? method : sendsBody ? 'POST' : 'GET';
  classifyRequest(command, effectiveMethod, body, urls);
}

function runWget(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['method', 'body-data', 'post-data', 'O', 'output-document', 'P', 'header', 'o', 'a']);
  const method = (parsed.values.get('method')?.[0] ?? (parsed.values.has('post-data') ? 'POST' : 'GET')).toUpperCase();
  const body = [...(parsed.values.get('body-data') ?? []), ...(parsed.values.get('post-data') ?? [])].join('\n');
  const output = parsed.values.get('O')?.[0] ?? parsed.values.get('output-document')?.[0];
  if (output !== undefined && output !== '-') {
    const path = resolvePath(command, literalWord(output));
    if (path !== undefined) recordFileWrite(command, path, 'overwrite');
  }
  classifyRequest(command, method, body, parsed.operands.map((arg) => urlTarget(arg.text)));
}

/** HTTPie: `http DELETE example.org/items/1`, `http POST url field=value`. */
function runHttpie(command: CommandContext): void {
  const operands = command.args.filter((arg) => !arg.text.startsWith('-')).map((arg) => arg.text);
  let method = operands.length > 1 ? 'POST' : 'GET';
  if (/^[A-Z]+$/.test(operands[0] ?? '')) method = operands.shift() as string;
  const url = operands.shift();
  classifyRequest(command, method, operands.join('\n'), url === undefined ? [] : [urlTarget(url)]);
}

function classifyRequest(command: CommandContext, method: string, body: string, urls: Target[]): void {
  if (method === 'DELETE') {
    addFinding(command, { level: 'destructive', effect: 'http.delete', reason: `${command.name} sends DELETE to ${urls.map((url) => url.id).join(', ')}`, targets: urls });
    return;
  }
  if (DELETE_MUTATION.test(body)) {
    addFinding(command, { level: 'destructive', effect: 'http.mutation.delete', reason: `${command.name} sends a GraphQL mutation that deletes, to ${urls.map((url) => url.id).join(', ')}`, targets: urls });
    return;
  }
  if (/"?(action|op|operation|method)"?\s*[:=]\s*"?(delete|remove|drop|destroy|purge)/i.test(body)) {
    addFinding(command, { level: 'destructive', effect: 'http.mutation.delete', reason: `${command.name} sends a request whose body asks to delete, to ${urls.map((url) => url.id).join(', ')}`, targets: urls });
    return;
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    addFinding(command, { level: 'write', effect: 'http.write', reason: `${command.name} sends ${method} to ${urls.map((url) => url.id).join(', ')}`, targets: urls });
    return;
  }
  addObservations(command, 'http.get', urls);
}

function runScp(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['P', 'i', 'o', 'F', 'c', 'l', 'S', 'J']);
  const destination = parsed.operands[parsed.operands.length - 1];
  if (destination === undefined || parsed.operands.length < 2) return;
  const remote = remoteTarget(destination.text);
  if (remote !== undefined) {
    addFinding(command, { level: 'destructive', effect: 'remote.overwrite', reason: `scp copies onto ${remote.id}, replacing files there`, targets: [remote] });
    return;
  }
  const path = resolvePath(command, destination);
  if (path !== undefined) recordFileWrite(command, path, 'overwrite');
}

function runRsync(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['e', 'rsh', 'exclude', 'include', 'filter', 'f', 'exclude-from', 'include-from', 'files-from', 'chmod', 'chown', 'backup-dir', 'suffix', 'T', 'temp-dir', 'log-file', 'bwlimit', 'timeout', 'port']);
  const destination = parsed.operands[parsed.operands.length - 1];
  if (destination === undefined || parsed.operands.length < 2) return;
  const target = remoteTarget(destination.text) ?? resolvePath(command, destination)?.target;
  if (target === undefined) return;
  const deletes = [...parsed.flags].some((flag) => flag.startsWith('delete') || flag === 'remove-source-files');
  const dryRun = parsed.flags.has('n') || parsed.flags.has('dry-run');
  if (dryRun) return;
  if (deletes) {
    addFinding(command, { level: 'destructive', effect: 'fs.sync.delete', reason: `rsync --delete deletes files in ${target.id} that the source lacks`, targets: [target] });
    return;
  }
  addFinding(command, { level: target.kind === 'url' ? 'destructive' : 'write', effect: target.kind === 'url' ? 'remote.overwrite' : 'fs.sync', reason: `rsync copies into ${target.id}, replacing changed files`, targets: [target] });
}

/** `ssh host 'rm -rf /srv/data'`: the remote command is classified, its paths taken on the remote host. */
function runSsh(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['p', 'i', 'o', 'F', 'l', 'L', 'R', 'D', 'J', 'c', 'E', 'S', 'W', 'b', 'm', 'O', 'Q', 'w', 'B']);
  const [host, ...rest] = parsed.operands;
  if (host === undefined || rest.length === 0) return;
  // On the remote host a relative path starts in the remote home folder.
  const hostName = host.text.replace(/^[^@]*@/, '').toLowerCase();
  classifyElsewhere(command, rest.map((arg) => arg.text).join(' '), `ssh://${hostName}`, '/~');
}

/**
 * Classifies a command line that runs on another machine or in a container (`ssh host cmd`,
 * `docker exec c cmd`), then moves its path targets there: `/srv/x` becomes `<prefix>/srv/x`.
 */
export function classifyElsewhere(command: CommandContext, text: string, prefix: string, cwd: string): void {
  const remote = emptyDraft();
  classifyRemote(text, { ...command.session, cwd, home: cwd }, remote);
  const moved = (target: Target): Target => (target.kind === 'path' ? { kind: 'url', id: `${prefix}${target.id}` } : target);
  command.draft.findings.push(...remote.findings.map((finding) => ({ ...finding, targets: finding.targets.map(moved) })));
  command.draft.observations.push(...remote.observations.map((observation) => ({ ...observation, target: moved(observation.target) })));
  command.draft.writes.push(...remote.writes.map(moved));
  command.draft.creates.push(...remote.creates.map(moved));
  command.draft.dependsOn.push(...remote.dependsOn.map(moved));
}

// Set by classify-shell.ts, which imports this module, so the remote command runs through the same classifier.
let classifyRemote: (text: string, context: SessionContext, draft: Draft) => void = () => undefined;
export function setRemoteClassifier(classifier: typeof classifyRemote): void {
  classifyRemote = classifier;
}

/** `user@host:/path` or `host:path` → `ssh://host/path`; a local path gives undefined. */
function remoteTarget(text: string): Target | undefined {
  const match = /^(?:[^@/:]+@)?([A-Za-z0-9.-]+):(.*)$/.exec(text);
  if (match === null || /^[A-Za-z]$/.test(match[1] ?? '')) return undefined;
  const path = match[2] ?? '';
  return { kind: 'url', id: `ssh://${(match[1] ?? '').toLowerCase()}${path.startsWith('/') ? path : `/~/${path}`}` };
}

function urlTarget(url: string): Target {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i.exec(url.trim());
  if (match === null) return { kind: 'url', id: url };
  return { kind: 'url', id: `${(match[1] ?? 'https://').toLowerCase()}${(match[2] ?? '').toLowerCase()}${match[3] ?? ''}` };
}
