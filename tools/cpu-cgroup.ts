// A CPU cgroup (cgroup v1's cpu controller, as this machine mounts it at /sys/fs/cgroup/cpu) for
// `make load`: it stands for the consumers' own pods on a machine where everything shares two
// cores. Processes added to it get at most `cpus` CPUs (CFS quota) and yield to the others while
// both want CPU (cpu.shares `shares` against the default 1024). Needs root; `openCpuCgroup`
// returns a reason instead when the controller is absent or not writable (cgroup v2 hosts, or
// not root), so the caller can fall back to `nice`.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const controller = "/sys/fs/cgroup/cpu";
const periodUs = 100_000;

export interface CpuCgroup {
  readonly path: string;
  /** What the group allows, for the load summary. */
  readonly description: string;
  /** Moves a process into the group; false when it has exited meanwhile. */
  add(pid: number): boolean;
  /** Moves a process back to the root group (its children started later are outside the group). */
  release(pid: number): void;
  /** Releases every process left and removes the group. */
  remove(): void;
}

function isMissingProcess(err: unknown): boolean {
  return err instanceof Error && "code" in err && err.code === "ESRCH";
}

export function openCpuCgroup(
  name: string,
  { cpus, shares }: { cpus: number; shares: number },
): CpuCgroup | { unavailable: string } {
  if (!existsSync(path.join(controller, "cgroup.procs")))
    return { unavailable: `no cgroup v1 cpu controller at ${controller}` };
  const dir = path.join(controller, name);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(periodUs));
    writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(Math.round(cpus * periodUs)));
    writeFileSync(path.join(dir, "cpu.shares"), String(shares));
  } catch (err) {
    return { unavailable: `cannot set up ${dir}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const move = (to: string, pid: number) => {
    try {
      writeFileSync(path.join(to, "cgroup.procs"), String(pid));
      return true;
    } catch (err) {
      if (isMissingProcess(err)) return false;
      throw err;
    }
  };
  return {
    path: dir,
    description: `at most ${String(cpus)} CPU (CFS quota ${String(Math.round(cpus * periodUs))}/${String(periodUs)} µs), cpu.shares ${String(shares)} against 1024`,
    add: (pid) => move(dir, pid),
    release: (pid) => void move(controller, pid),
    remove() {
      const left = readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean);
      for (const pid of left) move(controller, Number(pid));
      rmdirSync(dir);
    },
  };
}
