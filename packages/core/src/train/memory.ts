import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident memory of a process tree, sampled from /proc (Linux): every poll sums VmRSS of the root process and
 * all its descendants (found through the ppid field of /proc/<pid>/stat) and keeps the maximum. Processes that start
 * and end between two polls are not seen. Elsewhere the peak is null.
 */
export class TreeMemorySampler {
  peakBytes: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  readonly supported: boolean;

  constructor(private readonly rootPid: number, private readonly intervalMs = 50) {
    this.supported = process.platform === 'linux' && readable(`/proc/${rootPid}/status`);
  }

  start(): void {
    if (!this.supported) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    const pids = descendants(this.rootPid);
    let total = 0;
    let seen = false;
    for (const pid of pids) {
      const rss = vmRss(pid);
      if (rss !== null) {
        total += rss;
        seen = true;
      }
    }
    if (seen && (this.peakBytes === null || total > this.peakBytes)) this.peakBytes = total;
  }
}

function readable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

function vmRss(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid);
      if (list) list.push(Number(name));
      else children.set(ppid, [Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}
