import { execFileSync } from 'node:child_process';

/** Sets the niceness of a process and all its descendants (Linux `ps` and `renice`). */
export function reniceTree(pid: number | undefined, niceness: number): void {
  if (!pid) return;
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let out = '';
    try {
      out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(all[i])], { encoding: 'utf8' });
    } catch {
      // ps exits 1 when the process has no children
    }
    all.push(...out.split(/\s+/).filter(Boolean).map(Number));
  }
  execFileSync('renice', ['-n', String(niceness), '-p', ...all.map(String)], { stdio: 'ignore' });
  console.error(`reniced ${all.length} server processes to ${niceness}`);
}
