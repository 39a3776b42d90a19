/**
 * A local HTTP server that answers the real AWS SDK clients (endpoint override) with the documented calls of
 * aws-documented.ts, in each service's wire protocol: EKS restJson1 (GET /clusters/…), ECR awsJson1_1
 * (X-Amz-Target), IAM and STS awsQuery (form-encoded Action, XML answers). The service is read from the
 * SigV4 credential scope, so a request that is not signed fails. Unknown requests get the documented 400/404.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { DocumentedCall } from './aws-documented.js';

export interface SeenRequest { service: string; operation: string; input: Record<string, unknown>; signed: boolean }

const EKS_ROUTES: Array<[RegExp, string, string[]]> = [
  [/^\/clusters$/, 'ListClusters', []],
  [/^\/clusters\/([^/]+)$/, 'DescribeCluster', ['name']],
  [/^\/clusters\/([^/]+)\/node-groups$/, 'ListNodegroups', ['clusterName']],
  [/^\/clusters\/([^/]+)\/node-groups\/([^/]+)$/, 'DescribeNodegroup', ['clusterName', 'nodegroupName']],
  [/^\/clusters\/([^/]+)\/addons$/, 'ListAddons', ['clusterName']],
  [/^\/clusters\/([^/]+)\/addons\/([^/]+)$/, 'DescribeAddon', ['clusterName', 'addonName']],
];

const XMLNS: Record<string, string> = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** awsQuery XML: lists as <member>, maps are not needed by these operations. */
function xml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join('');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `<${k}>${xml(v)}</${k}>`).join('');
  return esc(String(value));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/eks/aws4_request, …` → eks. */
function scopeService(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '')?.[1];
}

export async function startAwsReplay(calls: readonly DocumentedCall[]): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const find = (service: string, operation: string, input: Record<string, unknown>) =>
    calls.find((c) => c.service === service && c.operation === operation && isDeepStrictEqual(c.input, input));

  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await body(req);
      const service = scopeService(req) ?? '';
      const url = new URL(req.url ?? '/', 'http://x');
      let operation = '';
      let input: Record<string, unknown> = {};
      if (service === 'eks') {
        for (const [re, op, names] of EKS_ROUTES) {
          const m = re.exec(url.pathname);
          if (!m) continue;
          operation = op;
          names.forEach((n, i) => { input[n] = decodeURIComponent(m[i + 1]); });
          const nextToken = url.searchParams.get('nextToken');
          if (nextToken) input.nextToken = nextToken;
          break;
        }
      } else if (service === 'ecr') {
        operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        input = text ? JSON.parse(text) as Record<string, unknown> : {};
      } else {
        const form = new URLSearchParams(text);
        operation = form.get('Action') ?? '';
        for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') input[k] = v;
      }
      seen.push({ service, operation, input, signed: Boolean(scopeService(req)) });
      const call = find(service, operation, input);
      if (service === 'eks' || service === 'ecr') {
        if (!call) {
          res.writeHead(service === 'eks' ? 404 : 400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `no documented answer for ${operation} ${JSON.stringify(input)}` }));
          return;
        }
        if (call.error) {
          res.writeHead(call.error.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': call.error.name });
          res.end(JSON.stringify({ __type: call.error.name, message: call.error.message }));
          return;
        }
        res.writeHead(200, { 'content-type': service === 'eks' ? 'application/json' : 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
        res.end(JSON.stringify(call.output));
        return;
      }
      res.setHeader('content-type', 'text/xml');
      if (!call?.output) {
        res.writeHead(404);
        res.end(`<ErrorResponse xmlns="${XMLNS[service] ?? ''}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>no documented answer for ${esc(operation)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`);
        return;
      }
      res.writeHead(200);
      res.end(`<${operation}Response xmlns="${XMLNS[service] ?? ''}"><${operation}Result>${xml(call.output)}</${operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`);
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
