/**
 * The live Azure backend: @azure/arm-containerservice and @azure/arm-containerregistry with
 * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, azd, PowerShell),
 * loaded on first use. List operations are read to the end and recorded as `{ value: [...] }`, the shape of
 * ARM list responses.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Input, LiveSend } from '../snapshot.js';

interface AzureLiveOptions { endpoint?: string; credential?: TokenCredential }

type Paged = AsyncIterable<unknown>;

async function all(iter: Paged): Promise<{ value: unknown[] }> {
  const value: unknown[] = [];
  for await (const x of iter) value.push(x);
  return { value };
}

export function azureLiveSend(opts: AzureLiveOptions = {}): LiveSend {
  let credential: Promise<TokenCredential> | undefined;
  const cred = () => (credential ??= opts.credential
    ? Promise.resolve(opts.credential)
    : import('@azure/identity').then((m) => new m.DefaultAzureCredential() as TokenCredential));
  const options = opts.endpoint ? { endpoint: opts.endpoint } : {};
  return async (service: string, operation: string, input: Input) => {
    const subscription = String(input.subscriptionId);
    if (service === 'containerservice' && operation === 'ManagedClusters_List') {
      const { ContainerServiceClient } = await import('@azure/arm-containerservice');
      return all(new ContainerServiceClient(await cred(), subscription, options).managedClusters.list());
    }
    if (service === 'containerregistry' && operation === 'Registries_List') {
      const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
      return all(new ContainerRegistryManagementClient(await cred(), subscription, options).registries.list());
    }
    throw new Error(`no Azure call ${service}:${operation}`);
  };
}
