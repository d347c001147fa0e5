// The shell classifier against real-world command shapes: level, effect, reason and targets of the
// finding that decides the call. Commands run in /home/dev/shop with home /home/dev.
import { describe, expect, it } from 'vitest';

import type { RiskLevel } from '@lookout/core';
import { finding, shell, targetIds, unknownEffects } from './helpers.js';

interface Row {
  command: string;
  level: RiskLevel;
  effect: string;
  reason: string;
  targets: string[];
}

const row = (command: string, level: RiskLevel, effect: string, reason: string, targets: string[]): Row => ({ command, level, effect, reason, targets });
const S = '/home/dev/shop';

const FILES: Row[] = [
  row('rm -rf docs/journeys', 'destructive', 'fs.delete', 'deletes /home/dev/shop/docs/journeys recursively', [`${S}/docs/journeys`]),
  row('rm notes.txt', 'destructive', 'fs.delete', 'deletes /home/dev/shop/notes.txt', [`${S}/notes.txt`]),
  row('rm -f a.log b.log', 'destructive', 'fs.delete', 'deletes', [`${S}/a.log`, `${S}/b.log`]),
  row('rm -r -f build/', 'destructive', 'fs.delete', 'recursively', [`${S}/build`]),
  row('rm --recursive --force dist', 'destructive', 'fs.delete', 'recursively', [`${S}/dist`]),
  row('rm -rf "$DIR"/', 'critical', 'fs.delete', '$DIR is not set in this command, so $DIR/ may expand to /', ['/']),
  row('rm -rf $BUILD_DIR/*', 'critical', 'fs.delete', '$BUILD_DIR is not set', ['/*']),
  row('rm -rf ~ /tmp/x', 'critical', 'fs.delete', 'is the home folder', ['/home/dev', '/tmp/x']),
  row('rm -rf /', 'critical', 'fs.delete', 'the file system root', ['/']),
  row('rm -rf /*', 'critical', 'fs.delete', 'everything under the file system root', ['/*']),
  row('rm -rf ~/', 'critical', 'fs.delete', 'the home folder', ['/home/dev']),
  row('rm -rf $HOME', 'critical', 'fs.delete', 'the home folder', ['/home/dev']),
  row('rm -rf .', 'critical', 'fs.delete', 'the folder the command runs in', [S]),
  row('rm -rf ..', 'critical', 'fs.delete', 'the home folder', ['/home/dev']),
  row('cd src && rm -rf ..', 'critical', 'fs.delete', 'which holds the folder the command runs in', [S]),
  row('rm -rf /etc', 'critical', 'fs.delete', 'the system folder /etc', ['/etc']),
  row('rm -rf "my docs/old files"', 'destructive', 'fs.delete', 'my docs/old files', [`${S}/my docs/old files`]),
  row("rm -rf 'quarterly reports'", 'destructive', 'fs.delete', 'quarterly reports', [`${S}/quarterly reports`]),
  row('rm -rf quarterly\\ reports', 'destructive', 'fs.delete', 'quarterly reports', [`${S}/quarterly reports`]),
  row('cd build && rm -rf ../src', 'destructive', 'fs.delete', '/home/dev/shop/src', [`${S}/src`]),
  row('cd /srv/app; rm -rf releases/old', 'destructive', 'fs.delete', '/srv/app/releases/old', ['/srv/app/releases/old']),
  row('(cd build && make) && rm -rf out', 'destructive', 'fs.delete', '/home/dev/shop/out', [`${S}/out`]),
  row('DIR=/x rm -rf "$DIR"/', 'critical', 'fs.delete', '$DIR is not set in this command', ['/']),
  row('DIR=/srv/app/cache; rm -rf "$DIR"', 'destructive', 'fs.delete', '/srv/app/cache', ['/srv/app/cache']),
  row('for d in build dist; do rm -rf "$d"; done', 'destructive', 'fs.delete', 'recursively', [`${S}/build`, `${S}/dist`]),
  row('rm -rf *.log', 'destructive', 'fs.delete', '*.log', [`${S}/*.log`]),
  row('sudo rm -rf /var/lib/mysql', 'destructive', 'fs.delete', '/var/lib/mysql', ['/var/lib/mysql']),
  row('/bin/rm -rf node_modules', 'destructive', 'fs.delete', 'node_modules', [`${S}/node_modules`]),
  row('nohup rm -rf tmp &', 'destructive', 'fs.delete', 'tmp', [`${S}/tmp`]),
  row('env -i rm -rf cache', 'destructive', 'fs.delete', 'cache', [`${S}/cache`]),
  row('timeout 10 rm -rf cache', 'destructive', 'fs.delete', 'cache', [`${S}/cache`]),
  row('echo $(rm -rf cache)', 'destructive', 'fs.delete', 'cache', [`${S}/cache`]),
  row('if [ -d out ]; then rm -rf out; fi', 'destructive', 'fs.delete', 'out', [`${S}/out`]),
  row('unlink current', 'destructive', 'fs.delete', 'current', [`${S}/current`]),
  row('shred -u secrets.txt', 'destructive', 'fs.delete', 'overwrites and deletes', [`${S}/secrets.txt`]),
  row('rmdir empty-dir', 'write', 'fs.rmdir', 'empty folders', [`${S}/empty-dir`]),
  row("find . -name '*.pyc' -delete", 'destructive', 'fs.delete', 'matching', [`${S}/**/*.pyc`]),
  row('find /tmp/cache -type f -mtime +7 -delete', 'destructive', 'fs.delete', '/tmp/cache', ['/tmp/cache']),
  row("find . -name '*.orig' -exec rm {} \\;", 'destructive', 'fs.delete', 'deletes', [`${S}/**/*.orig`]),
  row("find . -name node_modules -prune -exec rm -rf {} +", 'destructive', 'fs.delete', 'recursively', [`${S}/**/node_modules`]),
  row("find . -name '*.tmp' | xargs rm -f", 'destructive', 'fs.delete', 'deletes', [`${S}/**/*.tmp`]),
  row("find logs -name '*.gz' -print0 | xargs -0 rm", 'destructive', 'fs.delete', 'deletes', [`${S}/logs/**/*.gz`]),
  row('ls build | xargs rm -rf', 'destructive', 'fs.delete', 'recursively', [`${S}/build/*`]),
  row('git ls-files -d | xargs rm', 'destructive', 'fs.delete', 'deletes', [`${S}/**`]),
  row('mv -f -- report.pdf ../archive', 'destructive', 'fs.move', 'replacing what is there', [`${S}/report.pdf`, '/home/dev/archive']),
  row('for f in INV-2023-*.pdf; do mv -f -- "$f" ../archive; done', 'destructive', 'fs.move', 'into /home/dev/archive', [`${S}/INV-2023-*.pdf`, '/home/dev/archive']),
  row('mv config.yml config.yml.bak', 'destructive', 'fs.move', 'moves', [`${S}/config.yml`, `${S}/config.yml.bak`]),
  row('mv -n a.txt b.txt', 'write', 'fs.move', 'moves', [`${S}/a.txt`, `${S}/b.txt`]),
  row('mv -t archive a b', 'destructive', 'fs.move', 'into /home/dev/shop/archive', [`${S}/a`, `${S}/b`, `${S}/archive`]),
  row('cp .env.example .env', 'destructive', 'fs.overwrite', 'copies', [`${S}/.env`]),
  row('cp -r templates/* site/', 'destructive', 'fs.overwrite', 'into /home/dev/shop/site', [`${S}/site`]),
  row('cp -n defaults.json settings.json', 'write', 'fs.overwrite', 'copies', [`${S}/settings.json`]),
  row('truncate -s 0 app.log', 'destructive', 'fs.truncate', 'cuts', [`${S}/app.log`]),
  row('truncate -s +1M disk.img', 'write', 'fs.append', 'extends', [`${S}/disk.img`]),
  row('dd if=/dev/zero of=/dev/sda bs=1M', 'critical', 'disk.overwrite', '/dev/sda', ['/dev/sda']),
  row('dd if=backup.img of=restore.img', 'destructive', 'fs.overwrite', 'restore.img', [`${S}/restore.img`]),
  row('mkfs.ext4 /dev/sdb1', 'critical', 'disk.format', '/dev/sdb1', ['/dev/sdb1']),
  row('chmod -R 777 /var/www', 'destructive', 'fs.chmod', 'recursively', ['/var/www']),
  row('chown -R www-data:www-data uploads', 'destructive', 'fs.chown', 'recursively', [`${S}/uploads`]),
  row('chmod -R 755 /', 'critical', 'fs.chmod', 'the file system root', ['/']),
  row('chmod +x deploy.sh', 'write', 'fs.chmod', 'deploy.sh', [`${S}/deploy.sh`]),
  row('echo hello > notes.txt', 'destructive', 'fs.overwrite', 'replacing it if it exists', [`${S}/notes.txt`]),
  row('cat header.md body.md > README.md', 'destructive', 'fs.overwrite', 'README.md', [`${S}/README.md`]),
  row('echo done >> build.log', 'write', 'fs.append', 'appends', [`${S}/build.log`]),
  row('npm test 2>&1 | tee test.log', 'destructive', 'fs.overwrite', 'test.log', [`${S}/test.log`]),
  row('echo x | tee -a audit.log', 'write', 'fs.append', 'audit.log', [`${S}/audit.log`]),
  row('mkdir -p out && echo x > out/a.txt', 'write', 'fs.write', 'in a folder it created', [`${S}/out/a.txt`]),
  row("sed -i 's/foo/bar/' src/app.ts", 'write', 'fs.edit', 'in place', [`${S}/src/app.ts`]),
  row('mkdir ../archive', 'write', 'fs.mkdir', 'creates', ['/home/dev/archive']),
  row('touch .keep', 'write', 'fs.touch', '.keep', [`${S}/.keep`]),
  row('ln -sfn releases/v2 current', 'write', 'fs.link', 'replaces', [`${S}/current`]),
  row('curl -o install.sh https://example.com/install.sh', 'destructive', 'fs.overwrite', 'install.sh', [`${S}/install.sh`]),
];

const GIT: Row[] = [
  row('git reset --hard', 'destructive', 'git.reset.hard', 'discards uncommitted changes', [`${S}#worktree`]),
  row('git reset --hard origin/main', 'destructive', 'git.reset.hard', 'origin/main', [`${S}#worktree`]),
  row('git -C /srv/repo reset --hard HEAD~1', 'destructive', 'git.reset.hard', '/srv/repo', ['/srv/repo#worktree']),
  row('git clean -f', 'destructive', 'git.clean', 'deletes untracked files', [`${S}#worktree`]),
  row('git clean -fd', 'destructive', 'git.clean', 'and folders', [`${S}#worktree`]),
  row('git clean -fdx', 'destructive', 'git.clean', 'ignored files included', [`${S}#worktree`]),
  row('git clean -fX -- some/file.pyc', 'destructive', 'git.clean', 'only ignored files', [`${S}#worktree`, `${S}/some/file.pyc`]),
  row('git checkout -- .', 'destructive', 'git.checkout.discard', 'discards uncommitted changes', [`${S}#worktree`, S]),
  row('git checkout .', 'destructive', 'git.checkout.discard', 'discards', [`${S}#worktree`, S]),
  row('git checkout -- src/app.ts', 'destructive', 'git.checkout.discard', 'src/app.ts', [`${S}#worktree`, `${S}/src/app.ts`]),
  row('git checkout -f main', 'destructive', 'git.checkout.discard', '--force', [`${S}#worktree`]),
  row('git switch --discard-changes main', 'destructive', 'git.checkout.discard', 'discard', [`${S}#worktree`]),
  row('git restore src/app.ts', 'destructive', 'git.restore', 'src/app.ts', [`${S}#worktree`, `${S}/src/app.ts`]),
  row('git restore .', 'destructive', 'git.restore', 'discards', [`${S}#worktree`, S]),
  row('git push --force', 'destructive', 'git.push.force', 'overwrites', [`${S}@origin/HEAD`]),
  row('git push -f origin main', 'destructive', 'git.push.force', 'origin/main', [`${S}@origin/main`]),
  row('git push --force-with-lease origin feature/x', 'destructive', 'git.push.force', 'with lease', [`${S}@origin/feature/x`]),
  row('git push origin +main', 'destructive', 'git.push.force', 'origin/main', [`${S}@origin/main`]),
  row('git push origin --delete old-branch', 'destructive', 'git.push.delete', 'deletes', [`${S}@origin/old-branch`]),
  row('git push origin :stale', 'destructive', 'git.push.delete', 'deletes', [`${S}@origin/stale`]),
  row('git branch -D feature/old', 'destructive', 'git.branch.delete', 'even if not merged', [`${S}@feature/old`]),
  row('git branch --delete --force spike', 'destructive', 'git.branch.delete', 'spike', [`${S}@spike`]),
  row('git stash drop', 'destructive', 'git.stash.drop', 'deletes stashed changes', [`${S}@refs/stash`]),
  row('git stash clear', 'destructive', 'git.stash.drop', 'clear', [`${S}@refs/stash`]),
  row('git rebase -i HEAD~3', 'destructive', 'git.rebase', 'rewrites the history', [`${S}@HEAD`, `${S}#worktree`]),
  row('git filter-branch --tree-filter "rm -f secrets" HEAD', 'destructive', 'git.history.rewrite', 'rewrites', [`${S}@HEAD`, `${S}#worktree`]),
  row('git rm -f src/old.ts', 'destructive', 'fs.delete', 'uncommitted changes', [`${S}/src/old.ts`]),
  row('git push origin main', 'write', 'git.push', 'publishes', [`${S}@origin/main`]),
  row('git commit -am "wip"', 'write', 'git.write', 'commit', [S]),
  row('git branch -d merged', 'write', 'git.branch.delete.merged', 'if merged', [`${S}@merged`]),
  row('git stash', 'write', 'git.stash', 'stash', [`${S}#worktree`]),
  row('git reset HEAD~1', 'write', 'git.reset', 'working tree stays', [`${S}@HEAD`]),
];

const DATA: Row[] = [
  row(`bash -c "psql -c 'DROP TABLE users'"`, 'critical', 'sql.drop', 'drops the table users', ['local/*/users']),
  row(`psql -h db.internal -d shop -c 'TRUNCATE orders'`, 'critical', 'sql.truncate', 'empties orders', ['db.internal/shop/orders']),
  row(`psql "$DATABASE_URL" -c "DELETE FROM sessions WHERE expires_at < now()"`, 'destructive', 'sql.delete', 'where expires_at < now()', ['$DATABASE_URL/*/sessions']),
  row(`psql postgres://app:secret@10.0.0.5:5432/billing -c "DELETE FROM invoices"`, 'critical', 'sql.delete.unbounded', 'DELETE without WHERE', ['10.0.0.5/billing/invoices']),
  row(`psql -c "UPDATE users SET admin = true"`, 'critical', 'sql.update.unbounded', 'UPDATE without WHERE', ['local/*/users']),
  row(`mysql -u root -e "DROP DATABASE shop"`, 'critical', 'sql.drop', 'drops the database', ['local/shop']),
  row(`mysql -h 127.0.0.1 shop -e "DELETE FROM carts WHERE updated_at < '2024-01-01'"`, 'destructive', 'sql.delete', 'carts', ['127.0.0.1/shop/carts']),
  row(`sqlite3 app.db "DROP TABLE events"`, 'critical', 'sql.drop', 'events', ['sqlite/app.db/events']),
  row(`sqlite3 data/app.db 'DELETE FROM jobs'`, 'critical', 'sql.delete.unbounded', 'jobs', ['sqlite/app.db/jobs']),
  row("psql shop <<'SQL'\nDROP TABLE audit_log;\nSQL", 'critical', 'sql.drop', 'audit_log', ['local/shop/audit_log']),
  row(`echo "TRUNCATE TABLE metrics;" | psql analytics`, 'critical', 'sql.truncate', 'metrics', ['local/analytics/metrics']),
  row(`psql -c "ALTER TABLE users DROP COLUMN legacy_id"`, 'destructive', 'sql.alter.drop', 'column legacy_id', ['local/*/users']),
  row(`psql -f migrations/001.sql`, 'write', 'sql.unparsed', 'migrations/001.sql', ['local/*']),
  row(`redis-cli FLUSHALL`, 'critical', 'db.flush', 'every key', ['redis:local:0']),
  row(`mongosh shop --eval "db.orders.drop()"`, 'critical', 'db.drop', 'drops', ['mongodb:shop']),
  row('npx prisma migrate reset --force', 'critical', 'db.reset', 'drops the database', [`prisma:project:${S}`]),
  row('prisma db push --force-reset', 'critical', 'db.reset', 'drops all data', [`prisma:project:${S}`]),
  row('pnpm prisma db push --accept-data-loss', 'destructive', 'db.schema.push', 'drop data', [`prisma:project:${S}`]),
  row('npx drizzle-kit push', 'destructive', 'db.schema.push', 'can drop columns', [`drizzle:project:${S}`]),
  row('npx knex migrate:rollback --all', 'destructive', 'db.migrate.rollback', 'reverts', [`knex:project:${S}`]),
  row('npx knex seed:run', 'destructive', 'db.seed', 'seed', [`knex:project:${S}`]),
  row('npx sequelize-cli db:drop', 'critical', 'db.drop', 'drops the database', [`sequelize:project:${S}`]),
  row('npx sequelize db:migrate:undo:all', 'destructive', 'db.migrate.rollback', 'reverts', [`sequelize:project:${S}`]),
  row('npx sequelize db:seed:all', 'destructive', 'db.seed', 'seeders', [`sequelize:project:${S}`]),
  row('npx typeorm schema:drop', 'critical', 'db.drop', 'every table', [`typeorm:project:${S}`]),
  row('bin/rails db:reset', 'critical', 'db.reset', 'db:reset', [`rails:project:${S}`]),
  row('python manage.py flush --noinput', 'critical', 'db.reset', 'every row', [`django:project:${S}`]),
  row('supabase db reset', 'critical', 'db.reset', 'recreates', [`supabase:project:${S}`]),
  row('npm run seed:it', 'destructive', 'script.destructive', '"seed:it"', [`${S}/package.json`]),
  row('pnpm run db:reset', 'destructive', 'script.destructive', '"db:reset"', [`${S}/package.json`]),
  row('yarn drop-tables', 'destructive', 'script.destructive', '"drop-tables"', [`${S}/package.json`]),
  row('pnpm --filter api run db:seed', 'destructive', 'script.destructive', '"db:seed"', [`${S}/package.json`]),
  row('bun run nuke', 'destructive', 'script.destructive', '"nuke"', [`${S}/package.json`]),
  row('make reset-db', 'destructive', 'script.destructive', 'reset-db', [`${S}/Makefile`]),
  row('npm run build', 'write', 'script.run', '"build"', [`${S}/package.json`]),
];

const INFRA: Row[] = [
  row('terraform destroy -auto-approve', 'critical', 'infra.destroy', 'destroys every resource', [`terraform:module:${S}`]),
  row('terraform -chdir=infra/prod destroy', 'critical', 'infra.destroy', '/home/dev/shop/infra/prod', [`terraform:module:${S}/infra/prod`]),
  row('terraform apply -destroy -auto-approve', 'critical', 'infra.destroy', 'destroys', [`terraform:module:${S}`]),
  row('terraform apply -auto-approve', 'destructive', 'infra.apply', 'changes real infrastructure', [`terraform:module:${S}`]),
  row('terraform state rm aws_db_instance.main', 'destructive', 'infra.state', 'rewrites the state', [`terraform:module:${S}`]),
  row('tofu destroy', 'critical', 'infra.destroy', 'destroys', [`terraform:module:${S}`]),
  row('pulumi destroy --yes', 'critical', 'infra.destroy', 'destroys', [`pulumi:stack:${S}`]),
  row('kubectl delete deployment web -n prod', 'destructive', 'k8s.delete', 'deletes', ['k8s:current:prod:deployment:web']),
  row('kubectl delete namespace staging', 'critical', 'k8s.delete', 'namespace', ['k8s:current:default:namespace:staging']),
  row('kubectl delete pods --all -n jobs', 'critical', 'k8s.delete', '--all', ['k8s:current:jobs:pod']),
  row('kubectl apply -f k8s/ --prune -l app=web', 'destructive', 'k8s.apply.prune', 'not in the given files', [`k8s:current:default:file:${S}/k8s`]),
  row('kubectl scale deploy/api --replicas=0', 'destructive', 'k8s.scale.down', 'stops', ['k8s:current:default:deployment:api']),
  row('helm uninstall payments -n prod', 'destructive', 'k8s.helm.uninstall', 'payments', ['k8s:current:prod:helm:payments']),
  row('docker rm -f web', 'destructive', 'docker.rm', 'deletes containers', ['docker:container:web']),
  row('docker volume rm pgdata', 'destructive', 'docker.volume.rm', 'deletes volumes', ['docker:volume:pgdata']),
  row('docker system prune -a --volumes -f', 'critical', 'docker.volume.rm', 'deletes volumes', ['docker:volume']),
  row('docker compose down -v', 'destructive', 'docker.volume.rm', 'project volumes', [`docker:compose:${S}`]),
  row('aws s3 rm s3://backups/2024 --recursive', 'critical', 'cloud.delete', 'deletes objects', ['s3://backups/2024']),
  row('aws s3 sync ./site s3://www-bucket --delete', 'destructive', 'cloud.sync.delete', 'that the source lacks', ['s3://www-bucket']),
  row('aws ec2 terminate-instances --instance-ids i-0abc', 'destructive', 'cloud.delete', 'terminate-instances', ['aws:ec2']),
  row('aws rds delete-db-instance --db-instance-identifier prod', 'critical', 'cloud.delete', 'delete-db-instance', ['aws:rds']),
  row('aws dynamodb delete-table --table-name orders', 'critical', 'cloud.delete', 'delete-table', ['aws:dynamodb']),
  row('gcloud compute instances delete vm-1 --zone us-east1-b', 'destructive', 'cloud.delete', 'deletes', ['gcp:compute-instances']),
  row('gcloud sql instances delete prod-db', 'critical', 'cloud.delete', 'deletes', ['gcp:sql-instances']),
  row('az group delete --name prod-rg --yes', 'critical', 'cloud.delete', 'group delete', ['azure:group']),
  row('az vm delete -g rg -n vm1', 'destructive', 'cloud.delete', 'vm delete', ['azure:vm']),
];

const NETWORK: Row[] = [
  row('curl -X DELETE https://api.example.com/v1/users/42', 'destructive', 'http.delete', 'sends DELETE', ['https://api.example.com/v1/users/42']),
  row('curl --request DELETE api.example.com/items/7', 'destructive', 'http.delete', 'DELETE', ['https://api.example.com/items/7']),
  row(`curl -X POST https://api.example.com/graphql -d '{"query":"mutation { deleteProject(id: 3) { id } }"}'`, 'destructive', 'http.mutation.delete', 'GraphQL mutation', ['https://api.example.com/graphql']),
  row('http DELETE example.org/todos/1', 'destructive', 'http.delete', 'DELETE', ['https://example.org/todos/1']),
  row(`curl -X POST https://api.example.com/items -d '{"name":"x"}'`, 'write', 'http.write', 'POST', ['https://api.example.com/items']),
  row('scp build.tar.gz deploy@web1:/srv/app/', 'destructive', 'remote.overwrite', 'replacing files there', ['ssh://web1/srv/app/']),
  row('rsync -av --delete dist/ deploy@web1:/srv/www/', 'destructive', 'fs.sync.delete', 'that the source lacks', ['ssh://web1/srv/www/']),
  row('rsync -a --delete ./src/ /backup/src/', 'destructive', 'fs.sync.delete', '/backup/src', ['/backup/src']),
  row("ssh deploy@web1 'rm -rf /srv/app/releases/*'", 'destructive', 'fs.delete', 'recursively', ['ssh://web1/srv/app/releases/*']),
];

const WINDOWS: Row[] = [
  row('Get-ChildItem -Recurse -Include *.pyc | Remove-Item -Force', 'destructive', 'fs.delete', 'deletes', [`${S}/**/*.pyc`]),
  row('Remove-Item -Recurse -Force C:\\build', 'destructive', 'fs.delete', 'recursively', ['/c/build']),
  row('Remove-Item -Path .\\dist -Recurse -Force', 'destructive', 'fs.delete', 'recursively', [`${S}/dist`]),
  row("Remove-Item 'C:\\Users\\dev\\My Documents\\old' -Recurse", 'destructive', 'fs.delete', 'recursively', ['/c/Users/dev/My Documents/old']),
  row('rd /s /q C:\\build', 'destructive', 'fs.delete', 'recursively', ['/c/build']),
  row('rmdir /s /q node_modules', 'destructive', 'fs.delete', 'recursively', [`${S}/node_modules`]),
  row('del /s /q *.pyc', 'destructive', 'fs.delete', 'in every subfolder', [`${S}/**/*.pyc`]),
  row('del /f report.docx', 'destructive', 'fs.delete', 'report.docx', [`${S}/report.docx`]),
  row('cmd /c "rd /s /q C:\\temp\\cache"', 'destructive', 'fs.delete', 'recursively', ['/c/temp/cache']),
  row('powershell -Command "Remove-Item -Recurse -Force C:\\data"', 'destructive', 'fs.delete', 'recursively', ['/c/data']),
  row(`pwsh -c "Get-ChildItem C:\\logs -Filter *.log | Remove-Item"`, 'destructive', 'fs.delete', 'deletes', ['/c/logs/*.log']),
  row('Get-ChildItem -Path C:\\tmp -Recurse | ForEach-Object { Remove-Item $_ -Force }', 'destructive', 'fs.delete', 'deletes', ['/c/tmp']),
  row(`powershell -EncodedCommand ${Buffer.from('Remove-Item -Recurse -Force C:\\secrets', 'utf16le').toString('base64')}`, 'destructive', 'fs.delete', 'recursively', ['/c/secrets']),
  row('Clear-Content C:\\logs\\app.log', 'destructive', 'fs.truncate', 'empties', ['/c/logs/app.log']),
  row('Set-Content -Path config.json -Value "{}"', 'destructive', 'fs.overwrite', 'config.json', [`${S}/config.json`]),
  row('Move-Item -Path a.txt -Destination C:\\archive', 'destructive', 'fs.move', 'moves', [`${S}/a.txt`, '/c/archive']),
  row('robocopy C:\\src D:\\mirror /MIR', 'destructive', 'fs.sync.delete', 'that the source lacks', ['/d/mirror']),
  row('format D: /q', 'critical', 'disk.format', 'erases the whole volume', ['/d']),
];

describe('classifyCall on shell commands', () => {
  it.each([...FILES, ...GIT, ...DATA, ...INFRA, ...NETWORK, ...WINDOWS])('$command', ({ command, level, effect, reason, targets }) => {
    const classification = shell(command);

    expect(classification.level).toBe(level);
    expect(classification.source).toBe('shell');
    const found = finding(classification, effect);
    expect(found?.reason).toContain(reason);
    expect(targetIds(classification, effect)).toEqual(targets);
    expect(unknownEffects(classification)).toEqual([]);
  });
});
