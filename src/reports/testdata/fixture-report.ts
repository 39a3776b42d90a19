/**
 * A fixed Report used by every writer's golden test: an image with OS and language packages, vulnerabilities
 * (fixed, unfixed, with aliases/CVSS/KEV/EPSS), secrets (one deleted in a later layer), image and Kubernetes
 * misconfigurations and license findings. Hand-written; package data mirrors real Debian 12 / npm / PyPI entries.
 */
import type { Report } from '../../core/index.js';

const L0 = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const L1 = 'sha256:2222222222222222222222222222222222222222222222222222222222222222';
const L2 = 'sha256:3333333333333333333333333333333333333333333333333333333333333333';

export function fixtureReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'bulwark', version: '0.1.0' },
    createdAt: '2026-01-02T03:04:05.000Z',
    target: {
      type: 'image',
      name: 'registry.example.com/shop/web:1.4.2',
      image: {
        reference: 'registry.example.com/shop/web:1.4.2',
        inputType: 'registry',
        repoTags: ['registry.example.com/shop/web:1.4.2', 'registry.example.com/shop/web:latest'],
        repoDigests: ['registry.example.com/shop/web@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
        manifestDigest: 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        configDigest: 'sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        platform: { os: 'linux', architecture: 'amd64' },
        name: { name: 'web', repository: 'registry.example.com/shop/web', tag: '1.4.2' },
      },
    },
    os: { family: 'debian', version: '12.4', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    layers: [
      { index: 0, digest: L0, diffId: L0, size: 29_000_000, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
      { index: 1, digest: L1, diffId: L1, size: 4_000_000, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
      { index: 2, digest: L2, diffId: L2, size: 1_000, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
    ],
    packages: [
      {
        name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'debian', type: 'os',
        purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
        source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
        licenses: ['Apache-2.0'], locations: [{ path: 'var/lib/dpkg/status', layer: L0, layerIndex: 0 }],
        foundBy: ['dpkg'], arch: 'amd64', maintainer: 'Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>',
        dependsOn: ['pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12'],
        files: ['usr/bin/openssl', 'usr/lib/ssl/openssl.cnf'],
      },
      {
        name: 'libssl3', version: '3.0.11-1~deb12u2', ecosystem: 'debian', type: 'os',
        purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
        source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
        licenses: ['Apache-2.0'], locations: [{ path: 'var/lib/dpkg/status', layer: L0, layerIndex: 0 }],
        foundBy: ['dpkg'], arch: 'amd64',
      },
      {
        name: 'zlib1g', version: '1:1.2.13.dfsg-1', ecosystem: 'debian', type: 'os',
        purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12&epoch=1',
        source: { name: 'zlib', version: '1:1.2.13.dfsg-1' },
        licenses: ['Zlib'], locations: [{ path: 'var/lib/dpkg/status', layer: L0, layerIndex: 0 }],
        foundBy: ['dpkg'], arch: 'amd64', epoch: 1,
      },
      {
        name: 'express', version: '4.17.1', ecosystem: 'npm', type: 'library',
        purl: 'pkg:npm/express@4.17.1',
        licenses: ['MIT'], locations: [{ path: 'app/node_modules/express/package.json', layer: L1, layerIndex: 1 }],
        foundBy: ['npm'], dependsOn: ['pkg:npm/lodash@4.17.20'],
      },
      {
        name: 'lodash', version: '4.17.20', ecosystem: 'npm', type: 'library',
        purl: 'pkg:npm/lodash@4.17.20',
        licenses: ['MIT'], locations: [{ path: 'app/node_modules/lodash/package.json', layer: L1, layerIndex: 1 }],
        foundBy: ['npm'],
      },
      {
        name: 'cryptography', version: '41.0.3', ecosystem: 'PyPI', type: 'library',
        purl: 'pkg:pypi/cryptography@41.0.3',
        licenses: ['Apache-2.0 OR BSD-3-Clause'],
        locations: [{ path: 'usr/lib/python3/dist-packages/cryptography-41.0.3.dist-info/METADATA', layer: L1, layerIndex: 1 }],
        foundBy: ['python'],
      },
      {
        name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', ecosystem: 'Maven', type: 'library',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        licenses: ['Apache License, Version 2.0'],
        locations: [{ path: 'opt/app/lib/log4j-core-2.14.1.jar', layer: L1, layerIndex: 1 }],
        foundBy: ['java'], hashes: { sha1: 'a4bd2a3a4d5a6b2b5a3d1e6f7a8b9c0d1e2f3a4b' },
      },
    ],
    vulnerabilities: [
      {
        id: 'CVE-2023-5678', aliases: ['DSA-5565-1'],
        package: { name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'debian', purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12' },
        status: 'fixed', fixedVersion: '3.0.13-1~deb12u1', severity: 'medium', severitySource: 'debian',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', score: 5.3, source: 'nvd' }],
        epss: { probability: 0.00123, percentile: 0.4567 }, layer: L0, source: 'debian-tracker',
        title: 'Excessive time spent in DH check / generation with large Q parameter value',
        references: ['https://security-tracker.debian.org/tracker/CVE-2023-5678'], cwes: ['CWE-606'],
        published: '2023-11-06T16:15:42Z',
      },
      {
        id: 'CVE-2024-2511', aliases: [],
        package: { name: 'libssl3', version: '3.0.11-1~deb12u2', ecosystem: 'debian', purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12' },
        status: 'fix_deferred', severity: 'low', severitySource: 'debian', layer: L0, source: 'debian-tracker',
        title: 'Unbounded memory growth with session handling in TLSv1.3',
      },
      {
        id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'],
        package: { name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', ecosystem: 'Maven', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
        status: 'fixed', fixedVersion: '2.15.0', severity: 'critical', severitySource: 'nvd',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10, source: 'nvd' }],
        kev: { dateAdded: '2021-12-10', dueDate: '2021-12-24', ransomware: 'Known' },
        epss: { probability: 0.97565, percentile: 0.99996 }, layer: L1, source: 'osv',
        title: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints',
        references: ['https://logging.apache.org/log4j/2.x/security.html', 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228'],
        cwes: ['CWE-20', 'CWE-502'],
      },
      {
        id: 'GHSA-35jh-r3h4-6jhm', aliases: ['CVE-2021-23337'],
        package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.20' },
        status: 'fixed', fixedVersion: '4.17.21', severity: 'high', severitySource: 'ghsa',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2, source: 'ghsa' }],
        layer: L1, source: 'osv', title: 'Command Injection in lodash',
      },
    ],
    secrets: [
      {
        ruleId: 'aws-access-token', title: 'AWS Access Key ID', severity: 'critical', path: 'app/.env', layer: L1, line: 3,
        deleted: true, deletedIn: L2, match: 'AKIA****************', fingerprint: 'a1b2c3d4e5f60718',
      },
      {
        ruleId: 'github-pat', title: 'GitHub Personal Access Token', severity: 'high', path: 'root/.git-credentials', layer: L1, line: 1,
        deleted: false, match: 'ghp_********************************', fingerprint: '0f1e2d3c4b5a6978',
      },
    ],
    misconfigurations: [
      {
        id: 'BW-IMG-0001', severity: 'high', title: 'Image runs as root', category: 'image',
        message: 'The image config sets no USER, so containers run as UID 0',
        remediation: 'Add a USER instruction with a non-zero UID', field: 'config.User',
      },
      {
        id: 'BW-K8S-0012', severity: 'high', title: 'Container may run as root', category: 'kubernetes',
        message: 'container "web" may run as root',
        remediation: 'set securityContext.runAsNonRoot: true and a non-zero runAsUser',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
        file: 'deploy/web.yaml', line: 17, pss: { level: 'restricted', control: 'Running as Non-root' },
        field: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
        references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
        fingerprint: '5e6f7a8b9c0d1e2f',
      },
    ],
    licenses: [
      {
        license: 'Apache-2.0', category: 'notice', severity: 'low',
        package: { name: 'openssl', version: '3.0.11-1~deb12u2', purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12' },
        layer: L0, confidence: 1,
      },
      {
        license: 'GPL-3.0-only', category: 'restricted', severity: 'high', path: 'opt/app/COPYING', layer: L1,
        confidence: 0.93, policyViolation: true,
      },
    ],
    suppressed: [
      { kind: 'vulnerability', id: 'CVE-2023-0001', target: 'pkg:npm/express@4.17.1', reason: 'not reachable', source: '.bulwarkignore' },
    ],
    warnings: ['python: usr/lib/python3/dist-packages/broken.dist-info/METADATA: missing Name field'],
    scanners: ['vuln', 'secret', 'misconfig', 'license'],
    database: { schemaVersion: 1, builtAt: '2026-01-01T00:00:00Z', sources: ['debian-tracker', 'osv'] },
  };
}
