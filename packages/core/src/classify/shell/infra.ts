// Infrastructure and cloud command lines: terraform and its kin, kubectl, helm, docker, and the aws,
// gcloud and az CLIs. Destroying verbs are destructive or critical; plans and describes are observations.
import type { Target } from '../../types.js';
import { addFinding, addObservations } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';
import { normalizePath } from '../../targets.js';
import { classifyElsewhere } from './network.js';
import type { ExpandedWord } from './expand.js';
import { parseArguments } from './options.js';
import { quoteShellWord } from './quote.js';

const CLOUD_READ_VERBS = /^(describe|list|get|lookup|head|show|search|batch-get|query|scan|filter|wait|validate|estimate|preview|check|test|simulate|help)(-|$)/;
const CLOUD_DELETE_VERBS = /^(delete|remove|terminate|destroy|purge|deregister|detach|disassociate|revoke|cancel|disable|stop|reset|drop|rb|rm|empty)(-|$)/;

export const INFRA_COMMANDS: Record<string, CommandHandler> = {
  terraform: (command) => runTerraform(command, 'terraform'),
  tofu: (command) => runTerraform(command, 'terraform'),
  terragrunt: (command) => runTerraform(command, 'terraform'),
  pulumi: runPulumi,
  cdk: runCdk,
  kubectl: runKubectl,
  oc: runKubectl,
  helm: runHelm,
  docker: runDocker,
  podman: runDocker,
  'docker-compose': (command) => runCompose(command, command.args),
  aws: runAws,
  gcloud: runGcloud,
  gsutil: runGsutil,
  az: runAz,
};

function runTerraform(command: CommandContext, provider: string): void {
  let folder = command.invocation.cwd;
  const args = command.args.filter((arg) => {
    const chdir = /^-chdir=(.+)$/.exec(arg.text);
    if (chdir?.[1] !== undefined) folder = normalizePath(chdir[1], { ...command.session, cwd: folder });
    return chdir === null;
  });
  const [verb = '', ...rest] = args.map((arg) => arg.text);
  const target: Target = { kind: 'cloud', id: `${provider}:module:${folder}` };
  const has = (flag: string): boolean => rest.some((word) => word === flag || word === `-${flag.replace(/^-/, '')}` || word.startsWith(`${flag}=`));

  if (verb === 'destroy' || (verb === 'apply' && has('-destroy'))) {
    addFinding(command, { level: 'critical', effect: 'infra.destroy', reason: `terraform ${verb}${has('-auto-approve') ? ' -auto-approve' : ''} destroys every resource the state in ${folder} manages`, targets: [target] });
    return;
  }
  if (verb === 'plan') {
    addObservations(command, 'infra.plan', [target]);
    return;
  }
  if (verb === 'apply') {
    addFinding(command, { level: 'destructive', effect: 'infra.apply', reason: `terraform apply${has('-auto-approve') ? ' -auto-approve' : ''} changes real infrastructure, replacing or deleting what the plan says`, targets: [target] });
    return;
  }
  if (verb === 'state') {
    const sub = rest[0] ?? '';
    if (['list', 'show', 'pull'].includes(sub)) {
      addObservations(command, 'infra.state', [target]);
      return;
    }
    addFinding(command, { level: 'destructive', effect: 'infra.state', reason: `terraform state ${sub} rewrites the state, so terraform forgets or remaps resources`, targets: [target] });
    return;
  }
  if (verb === 'workspace' && rest[0] === 'delete') {
    addFinding(command, { level: 'destructive', effect: 'infra.workspace.delete', reason: `terraform workspace delete ${rest[1] ?? ''} drops a workspace and its state`.trim(), targets: [target] });
    return;
  }
  if (['show', 'output', 'validate', 'version', 'providers', 'graph', 'fmt', 'console', 'workspace', 'login', 'get'].includes(verb)) {
    if (verb === 'show' || verb === 'output') addObservations(command, 'infra.state', [target]);
    return;
  }
  addFinding(command, { level: 'write', effect: 'infra.change', reason: `terraform ${verb} changes local or remote state`, targets: [target] });
}

function runPulumi(command: CommandContext): void {
  const verb = command.args[0]?.text ?? '';
  const target: Target = { kind: 'cloud', id: `pulumi:stack:${command.invocation.cwd}` };
  if (verb === 'destroy' || (verb === 'stack' && command.args[1]?.text === 'rm')) {
    addFinding(command, { level: 'critical', effect: 'infra.destroy', reason: `pulumi ${verb} destroys the stack's resources`, targets: [target] });
  } else if (verb === 'preview') {
    addObservations(command, 'infra.plan', [target]);
  } else if (verb === 'up' || verb === 'update' || verb === 'refresh') {
    addFinding(command, { level: 'destructive', effect: 'infra.apply', reason: `pulumi ${verb} changes real infrastructure`, targets: [target] });
  }
}

function runCdk(command: CommandContext): void {
  const verb = command.args[0]?.text ?? '';
  const target: Target = { kind: 'cloud', id: `cdk:app:${command.invocation.cwd}` };
  if (verb === 'destroy') addFinding(command, { level: 'critical', effect: 'infra.destroy', reason: 'cdk destroy deletes the stacks', targets: [target] });
  else if (verb === 'diff' || verb === 'synth' || verb === 'ls' || verb === 'list') addObservations(command, 'infra.plan', [target]);
  else if (verb === 'deploy') addFinding(command, { level: 'destructive', effect: 'infra.apply', reason: 'cdk deploy changes real infrastructure', targets: [target] });
}

function runKubectl(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['n', 'namespace', 'f', 'filename', 'l', 'selector', 'o', 'output', 'context', 'cluster', 'kubeconfig', 'replicas', 'c', 'container', 'field-selector', 'grace-period', 'timeout']);
  const [verb = '', ...operands] = parsed.operands.map((arg) => arg.text);
  const namespace = parsed.values.get('n')?.[0] ?? parsed.values.get('namespace')?.[0] ?? 'default';
  const context = parsed.values.get('context')?.[0] ?? 'current';
  const resources = kubernetesTargets(context, namespace, operands, parsed.values.get('f') ?? parsed.values.get('filename') ?? [], command.invocation.cwd);
  const everywhere = parsed.flags.has('all') || parsed.flags.has('A') || parsed.flags.has('all-namespaces');

  if ([...parsed.flags].some((flag) => flag === 'dry-run' || flag.startsWith('dry-run'))) {
    addObservations(command, 'k8s.get', resources);
    return;
  }
  if (verb === 'exec') return runInContainer(command, 'k8s://', ['n', 'namespace', 'c', 'container', 'context', 'kubeconfig']);
  if (verb === 'delete') {
    const kind = operands[0] ?? '';
    const wide = everywhere || /^(ns|namespaces?|pv|persistentvolumes?|pvc|persistentvolumeclaims?|crd|customresourcedefinitions?)$/.test(kind.split('/')[0] ?? '');
    addFinding(command, { level: wide ? 'critical' : 'destructive', effect: 'k8s.delete', reason: `kubectl delete ${[...operands, ...(parsed.values.get('f') ?? []).map((file) => `-f ${file}`)].join(' ')}${everywhere ? ' --all' : ''} deletes ${wide ? 'a namespace, volumes or every matching resource' : 'cluster resources'} in ${namespace}`, targets: resources });
    return;
  }
  if (verb === 'apply' && [...parsed.flags].some((flag) => flag === 'prune' || flag.startsWith('prune'))) {
    addFinding(command, { level: 'destructive', effect: 'k8s.apply.prune', reason: 'kubectl apply --prune deletes every resource not in the given files', targets: resources });
    return;
  }
  if (verb === 'replace' && parsed.flags.has('force')) {
    addFinding(command, { level: 'destructive', effect: 'k8s.replace.force', reason: 'kubectl replace --force deletes and recreates resources', targets: resources });
    return;
  }
  if (verb === 'drain' || (verb === 'scale' && parsed.values.get('replicas')?.[0] === '0')) {
    addFinding(command, { level: 'destructive', effect: 'k8s.scale.down', reason: `kubectl ${verb} stops the workloads of ${operands.join(' ')}`, targets: resources });
    return;
  }
  if (['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'version', 'cluster-info', 'diff', 'auth', 'events', 'config'].includes(verb)) {
    if (verb === 'get' || verb === 'describe' || verb === 'diff') addObservations(command, 'k8s.get', resources);
    return;
  }
  addFinding(command, { level: 'write', effect: 'k8s.change', reason: `kubectl ${verb} changes cluster resources`, targets: resources });
}

/**
 * Classifies the command that `docker exec CONTAINER CMD…` or `kubectl exec POD -- CMD…` runs, with its
 * paths moved into the container: `rm -rf /data` there targets `docker://db/data`.
 */
function runInContainer(command: CommandContext, scheme: string, valued: string[]): void {
  const args = command.args.slice(command.args.findIndex((arg) => arg.text === 'exec') + 1);
  let workdir = '/';
  let index = 0;
  // Options of exec come before the container; everything after the container is the command.
  while (index < args.length && (args[index] as ExpandedWord).text.startsWith('-') && (args[index] as ExpandedWord).text !== '--') {
    const option = (args[index] as ExpandedWord).text.replace(/^-+/, '').split('=')[0] ?? '';
    const takesValue = valued.includes(option) && !(args[index] as ExpandedWord).text.includes('=');
    if ((option === 'w' || option === 'workdir') && takesValue) workdir = args[index + 1]?.text ?? workdir;
    index += takesValue ? 2 : 1;
  }
  const container = args[index]?.text ?? 'container';
  let inner = args.slice(index + 1);
  if (inner[0]?.text === '--') inner = inner.slice(1);
  if (inner.length === 0) return;
  classifyElsewhere(command, inner.map((arg) => quoteShellWord(arg.text)).join(' '), `${scheme}${container.toLowerCase()}`, workdir);
}

function kubernetesTargets(context: string, namespace: string, operands: string[], files: string[], cwd: string): Target[] {
  // Ids are `k8s:<context>:<namespace>:<kind>:<name>`, so a look at a kind covers every object of it.
  const base = `k8s:${context}:${namespace}`;
  if (files.length > 0) return files.map((file) => ({ kind: 'cloud', id: `${base}:file:${normalizePath(file, { cwd })}` }));
  const [kind, ...names] = operands;
  if (kind === undefined) return [{ kind: 'cloud', id: base }];
  const slash = kind.indexOf('/');
  if (slash !== -1) return [{ kind: 'cloud', id: `${base}:${singularKind(kind.slice(0, slash))}:${kind.slice(slash + 1)}` }];
  if (names.length === 0) return [{ kind: 'cloud', id: `${base}:${singularKind(kind)}` }];
  return names.map((name) => ({ kind: 'cloud', id: `${base}:${singularKind(kind)}:${name}` }));
}

/** `pods`, `po` and `pod` name one kind; short names stay as written. */
function singularKind(kind: string): string {
  const lower = kind.toLowerCase().split('.')[0] ?? kind;
  const short: Record<string, string> = { po: 'pod', deploy: 'deployment', svc: 'service', ns: 'namespace', cm: 'configmap', pvc: 'persistentvolumeclaim', pv: 'persistentvolume', sts: 'statefulset', ds: 'daemonset', rs: 'replicaset', ing: 'ingress' };
  if (short[lower] !== undefined) return short[lower];
  return lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}

function runHelm(command: CommandContext): void {
  const parsed = parseArguments(command.args, ['n', 'namespace', 'f', 'values', 'set', 'kube-context', 'version', 'o', 'output']);
  const [verb = '', release = ''] = parsed.operands.map((arg) => arg.text);
  const namespace = parsed.values.get('n')?.[0] ?? parsed.values.get('namespace')?.[0] ?? 'default';
  const target: Target = { kind: 'cloud', id: `k8s:current:${namespace}:helm:${release}` };
  if (parsed.flags.has('dry-run')) {
    addObservations(command, 'k8s.get', [target]);
  } else if (verb === 'uninstall' || verb === 'delete' || verb === 'del' || verb === 'un') {
    addFinding(command, { level: 'destructive', effect: 'k8s.helm.uninstall', reason: `helm ${verb} ${release} deletes the release and its resources`, targets: [target] });
  } else if (verb === 'rollback') {
    addFinding(command, { level: 'destructive', effect: 'k8s.helm.rollback', reason: `helm rollback ${release} replaces the running release`, targets: [target] });
  } else if (['list', 'ls', 'status', 'get', 'history', 'show', 'template', 'search', 'version', 'lint', 'env', 'diff'].includes(verb)) {
    if (verb === 'status' || verb === 'get' || verb === 'history' || verb === 'diff') addObservations(command, 'k8s.get', [target]);
  } else {
    addFinding(command, { level: 'write', effect: 'k8s.change', reason: `helm ${verb} changes releases`, targets: [target] });
  }
}

function runDocker(command: CommandContext): void {
  const args = command.args.map((arg) => arg.text);
  const [verb = '', sub = ''] = args.filter((word) => !word.startsWith('-'));
  const has = (...flags: string[]): boolean => flags.some((flag) => args.includes(flag));
  const names = args.filter((word) => !word.startsWith('-')).slice(verb === 'volume' || verb === 'container' || verb === 'image' || verb === 'system' || verb === 'network' ? 2 : 1);
  // Without names the call acts on every object of the kind: `docker:volume` covers each `docker:volume:<name>`.
  const targets = (kind: string): Target[] => (names.length > 0 ? names.map((name): Target => ({ kind: 'cloud', id: `docker:${kind}:${name}` })) : [{ kind: 'cloud', id: `docker:${kind}` }]);

  if (verb === 'compose') return runCompose(command, command.args.slice(1));
  if (verb === 'exec') return runInContainer(command, `docker://`, ['e', 'env', 'u', 'user', 'w', 'workdir', 'env-file']);
  if ((verb === 'volume' && (sub === 'rm' || sub === 'remove' || sub === 'prune')) || ((verb === 'system' || verb === 'volume') && sub === 'prune' && has('--volumes'))) {
    addFinding(command, { level: sub === 'prune' ? 'critical' : 'destructive', effect: 'docker.volume.rm', reason: `docker ${verb} ${sub} deletes volumes and the data in them`, targets: targets('volume') });
    return;
  }
  if (verb === 'system' && sub === 'prune') {
    addFinding(command, { level: 'destructive', effect: 'docker.prune', reason: `docker system prune${has('-a', '--all') ? ' -a' : ''} deletes stopped containers, networks and images`, targets: targets('system') });
    return;
  }
  if (verb === 'rm' || (verb === 'container' && (sub === 'rm' || sub === 'prune'))) {
    addFinding(command, { level: 'destructive', effect: 'docker.rm', reason: `docker rm${has('-f', '--force') ? ' -f' : ''} deletes containers and their writable layers${has('-v', '--volumes') ? ' and anonymous volumes' : ''}`, targets: targets('container') });
    return;
  }
  if (verb === 'rmi' || (verb === 'image' && (sub === 'rm' || sub === 'prune'))) {
    addFinding(command, { level: 'write', effect: 'docker.rmi', reason: 'docker rmi deletes images, which can be pulled or built again', targets: targets('image') });
    return;
  }
  if (['volume', 'container', 'image', 'network', 'system'].includes(verb) && ['ls', 'list', 'inspect', 'df'].includes(sub)) {
    addObservations(command, 'docker.list', [{ kind: 'cloud', id: `docker:${verb === 'system' ? 'volume' : verb}` }]);
    return;
  }
  if (['ps', 'images', 'inspect', 'logs', 'version', 'info', 'top', 'stats', 'history', 'port', 'diff', 'search'].includes(verb)) {
    if (verb === 'ps' || verb === 'images' || verb === 'inspect') addObservations(command, 'docker.list', [{ kind: 'cloud', id: `docker:${verb === 'images' ? 'image' : 'container'}` }]);
    return;
  }
  addFinding(command, { level: 'write', effect: 'docker.change', reason: `docker ${verb} changes containers or images`, targets: targets('container') });
}

function runCompose(command: CommandContext, args: CommandContext['args']): void {
  const words = args.map((arg) => arg.text);
  const verb = words.find((word) => !word.startsWith('-')) ?? '';
  const target: Target = { kind: 'cloud', id: `docker:compose:${command.invocation.cwd}` };
  if (verb === 'down' && words.some((word) => word === '-v' || word === '--volumes')) {
    addFinding(command, { level: 'destructive', effect: 'docker.volume.rm', reason: 'docker compose down -v deletes the project volumes and their data', targets: [target] });
  } else if (verb === 'rm' || verb === 'down') {
    addFinding(command, { level: 'write', effect: 'docker.change', reason: `docker compose ${verb} removes the project containers`, targets: [target] });
  } else if (!['ps', 'logs', 'config', 'ls', 'images', 'top', 'version', 'port'].includes(verb)) {
    addFinding(command, { level: 'write', effect: 'docker.change', reason: `docker compose ${verb} changes the project containers`, targets: [target] });
  }
}

function runAws(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text);
  const positional = words.filter((word, index) => !word.startsWith('-') && !(words[index - 1]?.startsWith('--') === true && !isAwsFlag(words[index - 1] ?? '')));
  const [service = '', verb = ''] = positional;
  const target: Target = { kind: 'cloud', id: `aws:${service}` };
  const recursive = words.includes('--recursive') || words.includes('--force');

  // `--dryrun` prints what the command would do and changes nothing, so it is a look.
  if (words.includes('--dryrun') || words.includes('--dry-run')) {
    const url = positional.slice(2).find((word) => /^s3:\/\//.test(word));
    addObservations(command, 'cloud.describe', url === undefined ? [target] : [target, { kind: 'url', id: url.toLowerCase() }]);
    return;
  }
  if (service === 's3' && (verb === 'rm' || verb === 'rb')) {
    const path = positional[2] ?? '';
    addFinding(command, { level: recursive ? 'critical' : 'destructive', effect: 'cloud.delete', reason: `aws s3 ${verb} ${path}${recursive ? ' --recursive' : ''} deletes objects`, targets: [{ kind: 'url', id: path.toLowerCase() }] });
    return;
  }
  if (service === 's3' && verb === 'sync' && words.includes('--delete')) {
    addFinding(command, { level: 'destructive', effect: 'cloud.sync.delete', reason: `aws s3 sync --delete deletes files at ${positional[3] ?? 'the destination'} that the source lacks`, targets: [{ kind: 'url', id: (positional[3] ?? '').toLowerCase() }] });
    return;
  }
  if (service === 's3' && verb === 'ls') {
    const path = positional[2];
    addObservations(command, 'cloud.describe', path === undefined ? [target] : [target, { kind: 'url', id: path.toLowerCase() }]);
    return;
  }
  if (service === 'sts' || CLOUD_READ_VERBS.test(verb)) {
    addObservations(command, 'cloud.describe', [target]);
    return;
  }
  if (CLOUD_DELETE_VERBS.test(verb)) {
    const wide = /^delete-(db-|bucket|table|stack|cluster|file-system|repository|user-pool|vpc)/.test(verb);
    addFinding(command, { level: wide ? 'critical' : 'destructive', effect: 'cloud.delete', reason: `aws ${service} ${verb} deletes or stops cloud resources`, targets: [target] });
    return;
  }
  addFinding(command, { level: 'write', effect: 'cloud.change', reason: `aws ${service} ${verb} changes cloud resources`, targets: [target] });
}

function isAwsFlag(word: string): boolean {
  return ['--recursive', '--force', '--dryrun', '--delete', '--no-paginate', '--debug', '--quiet'].includes(word);
}

function runGcloud(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text).filter((word) => !word.startsWith('-'));
  const deleteIndex = words.findIndex((word) => CLOUD_DELETE_VERBS.test(word));
  const readIndex = words.findIndex((word) => CLOUD_READ_VERBS.test(word));
  const target: Target = { kind: 'cloud', id: `gcp:${words.slice(0, 2).join('-')}` };
  if (deleteIndex !== -1 && (readIndex === -1 || deleteIndex < readIndex)) {
    const wide = /projects|sql|container clusters|storage buckets/.test(words.slice(0, deleteIndex).join(' '));
    addFinding(command, { level: wide ? 'critical' : 'destructive', effect: 'cloud.delete', reason: `gcloud ${words.slice(0, deleteIndex + 1).join(' ')} deletes cloud resources`, targets: [target] });
  } else if (readIndex !== -1 || words[0] === 'config' || words[0] === 'auth') {
    addObservations(command, 'cloud.describe', [target]);
  } else {
    addFinding(command, { level: 'write', effect: 'cloud.change', reason: `gcloud ${words.slice(0, 3).join(' ')} changes cloud resources`, targets: [target] });
  }
}

function runGsutil(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text);
  const verb = words.find((word) => !word.startsWith('-')) ?? '';
  const target: Target = { kind: 'cloud', id: 'gcp:storage' };
  if (verb === 'rm' || verb === 'rb') addFinding(command, { level: words.includes('-r') || words.includes('-R') ? 'critical' : 'destructive', effect: 'cloud.delete', reason: `gsutil ${verb} deletes objects or buckets`, targets: [target] });
  else if (verb === 'rsync' && words.includes('-d')) addFinding(command, { level: 'destructive', effect: 'cloud.sync.delete', reason: 'gsutil rsync -d deletes destination objects the source lacks', targets: [target] });
  else if (verb === 'ls' || verb === 'cat' || verb === 'du' || verb === 'stat') addObservations(command, 'cloud.describe', [target]);
  else addFinding(command, { level: 'write', effect: 'cloud.change', reason: `gsutil ${verb} changes objects`, targets: [target] });
}

function runAz(command: CommandContext): void {
  const words = command.args.map((arg) => arg.text).filter((word) => !word.startsWith('-'));
  const deleteIndex = words.findIndex((word) => CLOUD_DELETE_VERBS.test(word));
  const target: Target = { kind: 'cloud', id: `azure:${words[0] ?? ''}` };
  if (deleteIndex !== -1) {
    const wide = words[0] === 'group' || words.slice(0, deleteIndex).includes('sql') || words[0] === 'storage';
    addFinding(command, { level: wide ? 'critical' : 'destructive', effect: 'cloud.delete', reason: `az ${words.slice(0, deleteIndex + 1).join(' ')} deletes cloud resources`, targets: [target] });
  } else if (words.some((word) => CLOUD_READ_VERBS.test(word)) || words[0] === 'account' || words[0] === 'login') {
    addObservations(command, 'cloud.describe', [target]);
  } else {
    addFinding(command, { level: 'write', effect: 'cloud.change', reason: `az ${words.slice(0, 3).join(' ')} changes cloud resources`, targets: [target] });
  }
}
