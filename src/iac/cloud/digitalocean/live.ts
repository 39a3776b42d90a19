/**
 * The live DigitalOcean backend: @digitalocean/dots (Kiota, fetch) with a token from DIGITALOCEAN_TOKEN or
 * DIGITALOCEAN_ACCESS_TOKEN (doctl's variables). Loaded on first use.
 */
import { BulwarkError } from '../../../core/index.js';
import type { Input, LiveSend } from '../snapshot.js';

interface DoLiveOptions { token?: string; baseUrl?: string }

const DOTS = '@digitalocean/dots';
interface DotsModule {
  FetchRequestAdapter: new (auth: unknown) => { baseUrl: string };
  DigitalOceanApiKeyAuthenticationProvider: new (token: string) => unknown;
  createDigitalOceanClient(adapter: unknown): unknown;
}
type Dots = { v2: { kubernetes: { clusters: { get(c: unknown): Promise<unknown> } }; registries: { get(): Promise<unknown> } } };

function doToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DIGITALOCEAN_TOKEN || env.DIGITALOCEAN_ACCESS_TOKEN || undefined;
}

export function digitalOceanLiveSend(opts: DoLiveOptions = {}): LiveSend {
  let client: Promise<Dots> | undefined;
  const dots = () => (client ??= (async () => {
    const token = opts.token ?? doToken();
    if (!token) throw new BulwarkError('AUTH_FAILED', 'no DigitalOcean token: set DIGITALOCEAN_TOKEN (a read-only token with kubernetes:read and registry:read)');
    // A computed specifier: the package ships its TypeScript sources, which do not compile under our strict
    // settings, so the compiler must not follow the import; the shape used is declared in `DotsModule`.
    const m = await import(DOTS) as DotsModule;
    const adapter = new m.FetchRequestAdapter(new m.DigitalOceanApiKeyAuthenticationProvider(token));
    if (opts.baseUrl) adapter.baseUrl = opts.baseUrl;
    return m.createDigitalOceanClient(adapter) as unknown as Dots;
  })());
  return async (service: string, operation: string, input: Input) => {
    const c = await dots();
    if (service === 'kubernetes' && operation === 'ListClusters') return c.v2.kubernetes.clusters.get({ queryParameters: { page: input.page, perPage: input.perPage } });
    if (service === 'registry' && operation === 'ListRegistries') return c.v2.registries.get();
    throw new Error(`no DigitalOcean call ${service}:${operation}`);
  };
}
