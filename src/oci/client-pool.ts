/**
 * One RegistryClient per registry, kept for the pool's life: kept-alive connections, one `/v2/` ping
 * (scheme and auth challenge), cached tokens and the referrers-API answer, shared by every call that
 * goes to that registry. Long-lived callers (the admission webhook, benchmarks over many digests) use it
 * instead of a client per call, which paid a TLS probe, a ping and new connections every time.
 */
import { RegistryClient, type RegistryClientOptions } from './client.js';

export class RegistryClientPool {
  private readonly clients = new Map<string, RegistryClient>();

  /** `optionsFor(registry)` is read once, when that registry's client is made. */
  constructor(private readonly optionsFor: (registry: string) => RegistryClientOptions = () => ({})) {}

  get(registry: string): RegistryClient {
    let c = this.clients.get(registry);
    if (!c) this.clients.set(registry, (c = new RegistryClient(registry, this.optionsFor(registry))));
    return c;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
