// Shell commands and SQL scripts of a given size for the classifier benchmark, assembled from fragments
// that agents really send: chained builds and cleanups, quoting, pipes, subshells, nested `sh -c`, and
// SQL with joins, conditions and several statements.

const SHELL_FRAGMENTS = [
  'cd /srv/app',
  'git status --short',
  'rm -rf build/ dist/',
  "find . -name '*.pyc' -delete",
  'npm run build 2>&1 | tail -n 40',
  'ls -la "/srv/app/data/exports 2026"',
  "bash -c \"psql -h db.internal -c 'DELETE FROM sessions WHERE expires_at < now()'\"",
  'git reset --hard origin/main',
  'docker compose -f deploy/compose.yaml ps',
  'for f in src/*.ts; do wc -l "$f"; done',
  'cp -r templates/config.example.yaml config.yaml',
  'echo "rm -rf /" > notes/warning.txt',
  'grep -rn "DROP TABLE" migrations/ || true',
  'mv ./reports/old ./reports/archive-$(date +%Y%m%d)',
  "xargs -0 rm -f < <(find tmp -type f -mtime +7 -print0)",
  '(cd packages/core && pnpm vitest run --reporter=dot)',
  'kubectl get pods -n staging -o wide',
  'chmod -R u+w ./generated',
];

const SQL_FRAGMENTS = [
  "SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > '2026-01-01' ORDER BY o.total DESC LIMIT 50;",
  "UPDATE orders SET status = 'shipped', shipped_at = now() WHERE id IN (SELECT order_id FROM shipments WHERE carrier = 'ups');",
  "DELETE FROM sessions WHERE expires_at < now() - interval '7 days';",
  "INSERT INTO audit_log (actor, action, payload) VALUES ('agent', 'cleanup', '{\"rows\": 42}');",
  'SELECT count(*) FROM line_items WHERE order_id = 1042;',
  'ALTER TABLE products ADD COLUMN archived boolean NOT NULL DEFAULT false;',
  "SELECT p.sku, sum(li.quantity) AS sold FROM products p LEFT JOIN line_items li ON li.product_id = p.id GROUP BY p.sku HAVING sum(li.quantity) > 10;",
  'DROP TABLE IF EXISTS tmp_import_batch;',
];

const SHELL_SEPARATORS = [' && ', '; ', ' || ', ' && '];

/** Builds a shell command of at least `bytes` bytes; `seed` picks a different mix of fragments. */
export function shellCommand(bytes: number, seed: number): string {
  let command = SHELL_FRAGMENTS[seed % SHELL_FRAGMENTS.length] as string;
  for (let index = 1; command.length < bytes; index++) {
    const fragment = SHELL_FRAGMENTS[(seed * 7 + index * 5) % SHELL_FRAGMENTS.length] as string;
    command += `${SHELL_SEPARATORS[index % SHELL_SEPARATORS.length]}${fragment}`;
  }
  return command;
}

/** Builds a SQL script of at least `bytes` bytes, one or more statements. */
export function sqlScript(bytes: number, seed: number): string {
  let script = SQL_FRAGMENTS[seed % SQL_FRAGMENTS.length] as string;
  for (let index = 1; script.length < bytes; index++) {
    script += `\n${SQL_FRAGMENTS[(seed * 3 + index * 5) % SQL_FRAGMENTS.length] as string}`;
  }
  return script;
}
