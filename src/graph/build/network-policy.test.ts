import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../k8s/index.js';
import { buildGraph } from '../index.js';
import { PolicyIndex } from './network-policy.js';

const policy = (spec: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: shop }
spec:
${spec.split('\n').map((l) => `  ${l}`).join('\n')}
`;
const index = (...docs: string[]): PolicyIndex => new PolicyIndex(parseManifests(docs.join('---\n'), 't.yaml').objects);
const WEB = { app: 'web' };

test('no policy selects the pod: every source is admitted', () => {
  assert.equal(index().blockedBy('shop', WEB, 'internet'), undefined);
  assert.equal(index(policy('podSelector: { matchLabels: { app: db } }\npolicyTypes: [Ingress]')).blockedBy('shop', WEB, 'internet'), undefined);
  assert.equal(index(policy('podSelector: {}\npolicyTypes: [Egress]')).blockedBy('shop', WEB, 'internet'), undefined, 'an egress-only policy does not isolate ingress');
});

test('default deny blocks the internet and the ingress controller, naming the policy', () => {
  const ix = index(policy('podSelector: {}\npolicyTypes: [Ingress]'));
  assert.deepEqual(ix.blockedBy('shop', WEB, 'internet'), ['NetworkPolicy/p']);
  assert.deepEqual(ix.blockedBy('shop', WEB, 'ingress-controller'), ['NetworkPolicy/p']);
});

test('a namespaceSelector rule may admit the ingress controller, never the internet', () => {
  const ix = index(policy('podSelector: {}\ningress: [{ from: [{ namespaceSelector: { matchLabels: { name: ingress-nginx } } }] }]'));
  assert.equal(ix.blockedBy('shop', WEB, 'ingress-controller'), undefined);
  assert.ok(ix.blockedBy('shop', WEB, 'internet'));
});

test('podSelector-only peers are same-namespace pods: neither source', () => {
  const ix = index(policy('podSelector: {}\ningress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]'));
  assert.ok(ix.blockedBy('shop', WEB, 'internet'));
  assert.ok(ix.blockedBy('shop', WEB, 'ingress-controller'));
});

test('ipBlock: 0.0.0.0/0 admits the internet, unless it has exceptions or a narrower range', () => {
  assert.equal(index(policy('podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]')).blockedBy('shop', WEB, 'internet'), undefined);
  assert.ok(index(policy('podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8] } }] }]')).blockedBy('shop', WEB, 'internet'));
  assert.ok(index(policy('podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]')).blockedBy('shop', WEB, 'internet'));
});

test('a rule with ports admits only those ports; a rule with no from admits every source', () => {
  const ix = index(policy('podSelector: {}\ningress: [{ ports: [{ port: 8080 }] }]'));
  assert.equal(ix.blockedBy('shop', WEB, 'internet', 8080), undefined);
  assert.ok(ix.blockedBy('shop', WEB, 'internet', 9090));
});

test('an internal load balancer is not internet exposure; a public one is', () => {
  const manifests = (annotations: string) => `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { app: web } }
spec: { automountServiceAccountToken: false, containers: [{ name: app, image: web:1 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop, annotations: { ${annotations} } }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
`;
  const exposed = (text: string) => buildGraph(parseManifests(text, 't.yaml').objects).edges.some((e) => e.type === 'INTERNET_EXPOSE');
  assert.ok(exposed(manifests('team: shop')));
  assert.ok(!exposed(manifests('networking.gke.io/load-balancer-type: Internal')));
  assert.ok(!exposed(manifests('service.beta.kubernetes.io/aws-load-balancer-scheme: internal')));
});

test('a hostPort is an endpoint on the node\'s address: exploitable from the internet unless a policy isolates the pod', () => {
  const pod = (extra: string) => `apiVersion: v1
kind: Pod
metadata: { name: agent, namespace: shop, labels: { app: agent } }
spec: { automountServiceAccountToken: false, containers: [{ name: c, image: agent:1, ports: [{ containerPort: 9100${extra} }] }] }
`;
  const entry = (text: string) => buildGraph(parseManifests(text, 't.yaml').objects).edges
    .some((e) => e.type === 'ENDPOINT_EXPLOIT' && e.from === 'internet' && e.to === 'container:shop/agent/c');
  assert.ok(entry(pod(', hostPort: 9100')));
  assert.ok(!entry(pod('')), 'no hostPort, no Service: not reachable');
  assert.ok(!entry(`${pod(', hostPort: 9100')}---\n${policy('podSelector: {}\npolicyTypes: [Ingress]')}`), 'default deny isolates it');
});
