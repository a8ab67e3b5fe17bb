// The supervisor: starts lifecycle-managed entries (hosts, services, servers) in dependency
// order, restarts failed ones with exponential backoff, and stops them in reverse order.
//
// Restart policy (config spec §3.4): attempt n waits min(initial * factor^(n-1), max) with
// ±jitter; a run longer than stable_threshold resets the count; max_attempts 0 = forever.
// A normal exit is not a failure: the service is done and not restarted.

import type { Log } from './log.js';
import { parseDurationMs } from './duration.js';

export type ServiceStatus = 'Unknown' | 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Failed' | 'Exited';

export interface Service {
  id: string;
  /** entry ids this service needs running first */
  deps: string[];
  /** start; throw (or reject) on failure. `fail` reports a later failure of the running service;
   * `exited` reports a clean end (no restart). */
  start(fail: (reason: string) => void, exited: () => void): void | Promise<void>;
  stop(timeoutMs: number): void | Promise<void>;
}

export interface RestartPolicy {
  initialDelay: number;
  maxDelay: number;
  factor: number;
  jitter: number;
  maxAttempts: number;
  stableMs: number;
  stopTimeout: number;
}

export function policyOf(lifecycle: Record<string, unknown> | undefined): RestartPolicy {
  const r = (lifecycle?.restart ?? {}) as Record<string, unknown>;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return {
    initialDelay: parseDurationMs(r.initial_delay, 1000),
    maxDelay: parseDurationMs(r.max_delay, 90000),
    factor: num(r.backoff_factor, 2),
    jitter: num(r.jitter, 0.1),
    maxAttempts: num(r.max_attempts, 0),
    stableMs: parseDurationMs(lifecycle?.stable_threshold, 5000),
    stopTimeout: parseDurationMs(lifecycle?.stop_timeout, 10000),
  };
}

/** The delay before restart attempt `attempt` (1-based). */
export function backoff(p: RestartPolicy, attempt: number, rand = Math.random): number {
  const base = Math.min(p.initialDelay * Math.pow(p.factor, attempt - 1), p.maxDelay);
  return base * (1 + (rand() * 2 - 1) * p.jitter);
}

interface Managed {
  svc: Service;
  /** the definition to use from the next start on (the running one was upgraded in place) */
  next?: Service;
  policy: RestartPolicy;
  status: ServiceStatus;
  attempt: number;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  runId: number;
  /** time of the last status change (ms) */
  updatedAt?: number;
}

export class Supervisor {
  private services = new Map<string, Managed>();
  private order: string[] = [];
  private stopping = false;
  /** bound of a whole shutdown (`shutdown.timeout` in .wippy.yaml) */
  shutdownTimeoutMs = 30000;
  /** notified on every state change (tests, system.supervisor.states) */
  onChange: ((id: string, status: ServiceStatus) => void) | undefined;

  constructor(private log: Log) {}

  add(svc: Service, policy: RestartPolicy): void {
    this.services.set(svc.id, { svc, policy, status: 'Unknown', attempt: 0, startedAt: 0, timer: undefined, runId: 0 });
  }

  states(): { id: string; status: ServiceStatus; retry_count: number; started_at: number; last_update: number }[] {
    return [...this.services.values()].map((m) => ({ id: m.svc.id, status: m.status, retry_count: m.attempt, started_at: m.startedAt, last_update: m.updatedAt ?? 0 }));
  }

  /** Start every service, each after its dependencies are running. */
  async startAll(): Promise<void> {
    this.order = topo([...this.services.values()].map((m) => m.svc));
    for (const id of this.order) await this.start(this.services.get(id)!);
  }

  private set(m: Managed, s: ServiceStatus): void {
    m.status = s;
    m.updatedAt = Date.now();
    this.onChange?.(m.svc.id, s);
  }

  private async start(m: Managed): Promise<void> {
    if (this.stopping) return;
    const run = ++m.runId;
    if (m.next !== undefined) {
      m.svc = m.next;
      m.next = undefined;
    }
    this.set(m, 'Starting');
    try {
      await m.svc.start(
        (reason) => { if (run === m.runId) this.failed(m, reason); },
        () => { if (run === m.runId && m.status === 'Running') { this.set(m, 'Exited'); this.log.log('info', 'service finished', { service: m.svc.id }); } },
      );
    } catch (e) {
      this.failed(m, e instanceof Error ? e.message : String(e));
      return;
    }
    if (run !== m.runId || m.status !== 'Starting') return;
    m.startedAt = Date.now();
    this.set(m, 'Running');
    this.log.log('info', `service ${m.svc.id} is running`, { service: m.svc.id });
  }

  private failed(m: Managed, reason: string): void {
    if (this.stopping || m.status === 'Stopping' || m.status === 'Stopped') return;
    m.runId++;
    if (m.startedAt > 0 && Date.now() - m.startedAt >= m.policy.stableMs) m.attempt = 0;
    m.attempt++;
    this.set(m, 'Failed');
    const p = m.policy;
    if (p.maxAttempts > 0 && m.attempt > p.maxAttempts) {
      this.log.log('error', 'service failed; restart attempts exhausted', { service: m.svc.id, reason, attempts: m.attempt - 1 });
      return;
    }
    const delay = backoff(p, m.attempt);
    this.log.log('warn', 'service failed; restarting', { service: m.svc.id, reason, attempt: m.attempt, delay_ms: Math.round(delay) });
    m.timer = setTimeout(() => { m.timer = undefined; void this.start(m); }, delay);
  }

  has(id: string): boolean {
    return this.services.has(id);
  }

  /**
   * The service's definition changed and its running process was upgraded in place: keep
   * the current service object (it knows the process, for stopping it) and use `svc` from
   * the next start on (a restart after a failure).
   */
  redefine(id: string, svc: Service): void {
    const m = this.services.get(id);
    if (m !== undefined) m.next = svc;
  }

  /** Add a service while running (a registry change) and start it. */
  async addLive(svc: Service, policy: RestartPolicy): Promise<void> {
    this.add(svc, policy);
    this.order.push(svc.id);
    await this.start(this.services.get(svc.id)!);
  }

  /** Stop one service and forget it (its entry was removed or is being replaced). */
  async remove(id: string): Promise<void> {
    const m = this.services.get(id);
    if (m === undefined) return;
    if (m.timer !== undefined) clearTimeout(m.timer);
    m.runId++;
    if (m.status === 'Running' || m.status === 'Starting') {
      this.set(m, 'Stopping');
      try {
        await m.svc.stop(m.policy.stopTimeout);
      } catch (e) {
        this.log.log('warn', 'service stop failed', { service: id, error: String(e) });
      }
      this.set(m, 'Stopped');
    }
    this.services.delete(id);
    this.order = this.order.filter((x) => x !== id);
  }

  /** Stop in reverse start order, each bounded by its stop timeout, all by the shutdown timeout. */
  async stopAll(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((res) => {
      timer = setTimeout(() => {
        this.log.log('warn', 'shutdown timeout: services still stopping are abandoned', { timeout_ms: this.shutdownTimeoutMs });
        res();
      }, this.shutdownTimeoutMs);
    });
    try {
      await Promise.race([this.stopEach(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async stopEach(): Promise<void> {
    this.stopping = true;
    for (const id of [...this.order].reverse()) {
      const m = this.services.get(id)!;
      if (m.timer !== undefined) clearTimeout(m.timer);
      if (m.status !== 'Running' && m.status !== 'Starting') continue;
      this.set(m, 'Stopping');
      m.runId++;
      try {
        await m.svc.stop(m.policy.stopTimeout);
      } catch (e) {
        this.log.log('warn', 'service stop failed', { service: id, error: String(e) });
      }
      this.set(m, 'Stopped');
    }
  }
}

/** Dependency order; ids outside the set are ignored (they are not services). */
function topo(svcs: Service[]): string[] {
  const ids = new Set(svcs.map((s) => s.id));
  const byId = new Map(svcs.map((s) => [s.id, s]));
  const out: string[] = [];
  const state = new Map<string, number>();
  const visit = (id: string) => {
    const st = state.get(id);
    if (st === 2) return;
    if (st === 1) throw new Error(`dependency cycle through ${id}`);
    state.set(id, 1);
    for (const d of byId.get(id)!.deps) if (ids.has(d)) visit(d);
    state.set(id, 2);
    out.push(id);
  };
  for (const s of svcs) visit(s.id);
  return out;
}
