// Shell commands that only look: they classify as read, produce no finding, and record what they
// looked at. Harmless look-alikes of destructive commands (quoted, echoed, searched for) stay reads.
import { describe, expect, it } from 'vitest';

import { observationIds, shell, unknownEffects } from './helpers.js';

const S = '/home/dev/shop';

const READS: Array<{ command: string; effect: string; targets: string[] }> = [
  { command: 'ls -la', effect: 'fs.list', targets: [S] },
  { command: 'ls -la ../archive | head -20', effect: 'fs.list', targets: ['/home/dev/archive'] },
  { command: 'ls docs/journeys docs/flows', effect: 'fs.list', targets: [`${S}/docs/journeys`, `${S}/docs/flows`] },
  { command: 'ls -ld build', effect: 'fs.stat', targets: [`${S}/build`] },
  { command: 'find tmp/format-split -print', effect: 'fs.list', targets: [`${S}/tmp/format-split`] },
  { command: "find . -name '*.pyc'", effect: 'fs.list', targets: [S] },
  { command: 'find . -type f -exec ls -l {} +', effect: 'fs.list', targets: [S] },
  { command: 'tree -L 2 src', effect: 'fs.list', targets: [`${S}/src`] },
  { command: 'du -sh node_modules', effect: 'fs.list', targets: [`${S}/node_modules`] },
  { command: 'stat package.json', effect: 'fs.stat', targets: [`${S}/package.json`] },
  { command: 'file ../archive; ls -la ..', effect: 'fs.stat', targets: ['/home/dev/archive'] },
  { command: 'test -d dist && echo yes', effect: 'fs.stat', targets: [`${S}/dist`] },
  { command: '[ -f .env ] && echo present', effect: 'fs.stat', targets: [`${S}/.env`] },
  { command: 'cat src/app.ts', effect: 'fs.read', targets: [`${S}/src/app.ts`] },
  { command: 'head -n 50 README.md', effect: 'fs.read', targets: [`${S}/README.md`] },
  { command: 'tail -n 12 logs/it-last-run.log', effect: 'fs.read', targets: [`${S}/logs/it-last-run.log`] },
  { command: 'sed -n 1,60p scripts/seed-it.ts', effect: 'fs.read', targets: [`${S}/scripts/seed-it.ts`] },
  { command: "sed -n '158,200p' test/it/checkout.it.test.ts", effect: 'fs.read', targets: [`${S}/test/it/checkout.it.test.ts`] },
  { command: "awk '{print $1}' access.log", effect: 'fs.read', targets: [`${S}/access.log`] },
  { command: 'wc -l src/*.ts', effect: 'fs.read', targets: [`${S}/src/*.ts`] },
  { command: 'Get-ChildItem C:\\build', effect: 'fs.list', targets: ['/c/build'] },
  { command: 'Get-Content C:\\logs\\app.log', effect: 'fs.read', targets: ['/c/logs/app.log'] },
  { command: 'git status', effect: 'git.status', targets: [S] },
  { command: 'git status --short', effect: 'git.status', targets: [S] },
  { command: 'git -C /srv/repo status', effect: 'git.status', targets: ['/srv/repo'] },
  { command: 'git clean -n', effect: 'git.clean.preview', targets: [S] },
  { command: 'git clean -nd', effect: 'git.clean.preview', targets: [S] },
  { command: 'git log --oneline -6 -- src/checkout/gift-cards.ts', effect: 'git.log', targets: [`${S}@HEAD`] },
  { command: 'git log origin/main -5', effect: 'git.log', targets: [`${S}@origin/main`] },
  { command: 'git fetch origin', effect: 'git.fetch', targets: [S] },
  { command: 'git diff HEAD', effect: 'git.diff', targets: [S] },
  { command: 'git stash list', effect: 'git.stash.list', targets: [`${S}@refs/stash`] },
  { command: 'terraform plan', effect: 'infra.plan', targets: [`terraform:module:${S}`] },
  { command: 'terraform plan -destroy -out=destroy.tfplan', effect: 'infra.plan', targets: [`terraform:module:${S}`] },
  { command: 'terraform state list', effect: 'infra.state', targets: [`terraform:module:${S}`] },
  { command: 'aws sts get-caller-identity', effect: 'cloud.describe', targets: ['aws:sts'] },
  { command: 'aws ec2 describe-vpcs --output json', effect: 'cloud.describe', targets: ['aws:ec2'] },
  { command: 'aws s3api list-objects-v2 --bucket assets --max-items 20', effect: 'cloud.describe', targets: ['aws:s3api'] },
  { command: 'aws iam get-role --role-name deploy', effect: 'cloud.describe', targets: ['aws:iam'] },
  { command: 'aws cloudtrail lookup-events --region eu-central-1 --max-results 50', effect: 'cloud.describe', targets: ['aws:cloudtrail'] },
  { command: "aws s3 rm s3://backups/2024/ --recursive --dryrun", effect: 'cloud.describe', targets: ['aws:s3', 's3://backups/2024/'] },
  { command: 'kubectl delete ns prod --dry-run=client', effect: 'k8s.get', targets: ['k8s:current:default:namespace:prod'] },
  { command: 'helm uninstall web --dry-run', effect: 'k8s.get', targets: ['k8s:current:default:helm:web'] },
  { command: 'git push --force --dry-run origin main', effect: 'git.log', targets: [`${S}@origin/main`] },
  { command: 'kubectl get pods -n prod', effect: 'k8s.get', targets: ['k8s:current:prod:pod'] },
  { command: 'docker volume ls', effect: 'docker.list', targets: ['docker:volume'] },
  { command: 'psql -c "SELECT current_database()"', effect: 'sql.identity', targets: ['local/*'] },
  { command: 'psql -h db.internal shop -c "\\conninfo"', effect: 'sql.identity', targets: ['db.internal/shop'] },
  { command: 'sqlite3 app.db ".tables"', effect: 'sql.schema', targets: ['sqlite/app.db'] },
  { command: 'sqlite3 app.db ".databases"', effect: 'sql.identity', targets: ['sqlite/app.db'] },
  { command: "psql -c 'SELECT count(*) FROM orders'", effect: 'sql.count', targets: ['local/*/orders'] },
  { command: 'curl -s https://api.example.com/v1/users/42', effect: 'http.get', targets: ['https://api.example.com/v1/users/42'] },
  { command: 'npx prisma migrate status', effect: 'db.status', targets: [`prisma:project:${S}`] },
];

const LOOK_ALIKES = [
  'echo "rm -rf /"',
  "echo 'DROP TABLE users;'",
  'grep -r "DROP TABLE" .',
  'grep -rn "rm -rf" scripts/',
  "rg 'git reset --hard' docs",
  'git status',
  'git log --grep="force push"',
  `psql -c "SELECT 'delete'"`,
  `psql -c "SELECT 'DROP TABLE x' AS note"`,
  'printf "%s\\n" "terraform destroy"',
  'cat docs/how-to-rm-rf.md',
  'man rm',
  'which rm',
  'history | grep rm',
  '# rm -rf /',
  'echo "$(date) cleaning"',
];

describe('classifyCall on shell reads', () => {
  it.each(READS)('$command', ({ command, effect, targets }) => {
    const classification = shell(command);

    expect(classification.level).toBe('read');
    expect(classification.findings).toEqual([]);
    expect(observationIds(classification, effect)).toEqual(targets);
    expect(unknownEffects(classification)).toEqual([]);
  });
});

describe('classifyCall on harmless look-alikes', () => {
  it.each(LOOK_ALIKES)('%s', (command) => {
    const classification = shell(command);

    expect(classification.level).toBe('read');
    expect(classification.findings).toEqual([]);
  });
});
