/**
 * The live AWS backend: the official SDK v3 clients, loaded on first use only (no other command pays for
 * them), with the SDK's default credential chain (env, SSO, shared config/credentials, web identity,
 * ECS/EC2 metadata) and region resolution. `AWS_ENDPOINT_URL[_<SERVICE>]` is honoured by the SDK itself.
 */
import type { LiveSend } from '../snapshot.js';

interface AwsLiveOptions {
  /** Overrides every service endpoint (tests: a local server replaying documented responses). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

type AnyClient = Record<string, (input: unknown) => Promise<unknown>>;

const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  eks: () => import('@aws-sdk/client-eks'),
  ecr: () => import('@aws-sdk/client-ecr'),
  iam: () => import('@aws-sdk/client-iam'),
  sts: () => import('@aws-sdk/client-sts'),
  ecs: () => import('@aws-sdk/client-ecs'),
};
const CLASS: Record<string, string> = { eks: 'EKS', ecr: 'ECR', iam: 'IAM', sts: 'STS', ecs: 'ECS' };
/** IAM is global; its and STS's calls go to us-east-1 unless the caller's region says otherwise. */
const GLOBAL = new Set(['iam']);

/** The SDK's own region resolution (AWS_REGION, profile) without making a call. */
export async function defaultAwsRegion(): Promise<string | undefined> {
  const { STSClient } = await import('@aws-sdk/client-sts');
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}

export function awsLiveSend(opts: AwsLiveOptions = {}): LiveSend {
  // Bulwark supports Node 20; the SDK's notice about its own future Node floor would land in the middle of a report.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = new Map<string, Promise<AnyClient>>();
  const client = (service: string, region: string | undefined): Promise<AnyClient> => {
    const key = `${service}@${GLOBAL.has(service) ? 'global' : region ?? ''}`;
    let c = clients.get(key);
    if (!c) {
      c = MODULES[service]().then((mod) => {
        const Ctor = mod[CLASS[service]] as new (config: Record<string, unknown>) => AnyClient;
        return new Ctor({
          ...(region && !GLOBAL.has(service) ? { region } : GLOBAL.has(service) ? { region: 'us-east-1' } : {}),
          ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
          ...(opts.credentials ? { credentials: opts.credentials } : {}),
          maxAttempts: opts.maxAttempts ?? 5,
        });
      });
      clients.set(key, c);
    }
    return c;
  };
  return async (service, operation, input, region) => {
    if (!MODULES[service]) throw new Error(`no AWS client for ${service}`);
    const c = await client(service, region);
    const method = operation[0].toLowerCase() + operation.slice(1);
    return c[method](input);
  };
}
