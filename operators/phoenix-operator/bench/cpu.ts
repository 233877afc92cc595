// CPU seconds from /proc: how much of the machine each process of the run used in a phase, so
// the results say whether the API server, etcd or the operator was the bottleneck.
import { readFileSync, readdirSync } from "node:fs";

/** Linux's USER_HZ, the unit of /proc times (100 on every mainstream kernel). */
const ticksPerSecond = 100;

/** PIDs whose executable is named `comm` and whose command line mentions `mention`. */
export function pidsOf(comm: string, mention: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== comm) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(mention)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** User + system CPU seconds a process has used so far; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores) so far. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const [cpuLine = ""] = readFileSync("/proc/stat", "utf8").split("\n");
  const [, ...values] = cpuLine.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

export type CpuSample = Record<string, number> & { machineBusy: number; machineTotal: number };

/** Samples the named processes (name → pids) and the machine. */
export function sampleCpu(processes: Record<string, number[]>): CpuSample {
  const machine = machineCpuSeconds();
  const sample: Record<string, number> = { machineBusy: machine.busy, machineTotal: machine.total };
  for (const [name, pids] of Object.entries(processes)) {
    sample[name] = pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  }
  return sample as CpuSample;
}

/** CPU seconds each process used between two samples, and the machine's busy share (0–1). */
export function cpuBetween(before: CpuSample, after: CpuSample): Record<string, number> {
  const used: Record<string, number> = {};
  for (const name of Object.keys(after)) {
    if (name === "machineBusy" || name === "machineTotal") continue;
    used[`${name}CpuSeconds`] = round((after[name] ?? 0) - (before[name] ?? 0));
  }
  const total = after.machineTotal - before.machineTotal;
  used["machineBusyShare"] = total > 0 ? round((after.machineBusy - before.machineBusy) / total) : 0;
  return used;
}

const round = (n: number) => Math.round(n * 100) / 100;
