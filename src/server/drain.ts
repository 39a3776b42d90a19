/**
 * Graceful shutdown. `app.close()` waits for open connections only: a client that gave up (autocannon at the end
 * of a run, a browser tab closed) leaves its handler still awaiting the database with no socket to wait for, and
 * closing the database under it fails that handler ("driver has already been destroyed"). So every route's
 * preHandlers and handler are counted while they run, and `closeServer` waits for the count to reach zero
 * (bounded) between closing the listener and closing the database.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

interface InFlight { readonly count: number; drain(timeoutMs: number): Promise<boolean> }

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** Registers the counting wrapper; call before any route is added (onRoute sees routes added after it). */
export function trackInFlight(app: FastifyInstance): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];
  // A request's preHandlers and handler are counted one after the other, and fastify moves from one to the next
  // in microtasks: zero counts as drained only if it still holds once those have run (setImmediate).
  const done = () => {
    if (--count === 0 && waiters.length) {
      setImmediate(() => {
        if (count !== 0) return;
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      });
    }
  };
  const wrap = (fn: Fn): Fn => function counted(this: unknown, ...args: unknown[]) {
    count++;
    let r: unknown;
    try { r = fn.apply(this, args); } catch (e) { done(); throw e; }
    if (r && typeof (r as Promise<unknown>).then === 'function') return (r as Promise<unknown>).finally(done);
    done();
    return r;
  };
  app.addHook('onRoute', (route: RouteOptions) => {
    route.handler = wrap(route.handler as Fn) as RouteOptions['handler'];
    const pre = route.preHandler;
    if (Array.isArray(pre)) route.preHandler = pre.map((f) => wrap(f as Fn)) as RouteOptions['preHandler'];
    else if (typeof pre === 'function') route.preHandler = wrap(pre as Fn) as RouteOptions['preHandler'];
  });
  return {
    get count() { return count; },
    drain(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => { waiters = waiters.filter((w) => w !== ok); resolve(false); }, timeoutMs);
        const ok = () => { clearTimeout(timer); resolve(true); };
        waiters.push(ok);
      });
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance { inFlight: InFlight }
}

/**
 * The shutdown order: stop accepting (and wait for open connections), let handlers whose clients left finish,
 * then stop the job queue and close the database. Returns false when handlers were still running at the timeout.
 */
export async function closeServer(parts: { app: FastifyInstance; queue: { close(): Promise<void> }; db: { close(): Promise<void> }; drainMs?: number }): Promise<boolean> {
  await parts.app.close();
  const drained = await parts.app.inFlight.drain(parts.drainMs ?? 10_000);
  await parts.queue.close();
  await parts.db.close();
  return drained;
}
