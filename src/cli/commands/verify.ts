/**
 * `bulwark verify IMAGE`, `verify-attestation IMAGE`, `verify-blob FILE`, `verify-blob-attestation FILE`:
 * cosign's flag names and semantics. Exit 0 verified, 1 not verified (one line naming the failed check),
 * 2 bad input.
 */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { contextFor, type GetConfig, type SetExitCode } from '../options.js';
import { checkOutputPath } from '../output-file.js';
import type { PolicyFiles, RenderedVerify, VerifyFormat } from '../../scan/signatures.js';

const FORMATS = ['table', 'json', 'sarif'];

export interface VerifyFlags {
  key?: string[];
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  trustedRoot?: string;
  timestampCertificateChain?: string;
  offline?: boolean;
  tufCacheDir?: string;
  tufMirrorUrl?: string;
  tufRootPath?: string;
  insecureIgnoreTlog?: boolean;
  insecureIgnoreSct?: boolean;
}

interface VerifyOpts extends VerifyFlags {
  format: string; output?: string; platform?: string; insecure?: boolean; username?: string; password?: string;
  type?: string; policy?: string; notationTrustPolicy?: string; notationTrustStore?: string;
  bundle?: string; signature?: string; certificate?: string; digest?: string; checkClaims?: string; maxAttachmentSize?: string;
}

async function maxBytes(o: VerifyOpts): Promise<{ maxBytes?: number }> {
  if (!o.maxAttachmentSize) return {};
  const { parseSize } = await import('../options.js');
  return { maxBytes: parseSize(o.maxAttachmentSize, '--max-attachment-size') };
}

/**
 * The policy flags every verify command (and `image --verify-signature`) shares. `image` already has an
 * `--offline` (no database download) that means the same "never go online" here, so it is not added twice.
 */
export function addPolicyOptions(cmd: Command, withOffline = true): Command {
  if (withOffline) cmd.option('--offline', 'never refresh the trusted root through TUF (keyless then needs --trusted-root)');
  return cmd
    .option('--key <files...>', 'public key(s), PEM or DER: ECDSA P-256/P-384, RSA, Ed25519')
    .option('--certificate-identity <san>', 'keyless: the certificate identity (SAN) must equal this')
    .option('--certificate-identity-regexp <re>', 'keyless: the certificate identity must match this regular expression')
    .option('--certificate-oidc-issuer <url>', 'keyless: the OIDC issuer must equal this')
    .option('--certificate-oidc-issuer-regexp <re>', 'keyless: the OIDC issuer must match this regular expression')
    .option('--trusted-root <file>', 'Sigstore trusted_root.json (Fulcio, Rekor, CT logs, TSAs) for air-gapped use')
    .option('--timestamp-certificate-chain <file>', 'PEM chain of an RFC 3161 TSA (signing certificate first, root last) trusted for timestamps, as in cosign')
    .option('--tuf-cache-dir <dir>', 'where TUF metadata is cached when online (default: <cache dir>/sigstore-tuf)')
    .option('--tuf-mirror-url <url>', 'TUF repository of a private Sigstore deployment (default: the public-good instance, https://tuf-repo-cdn.sigstore.dev)')
    .option('--tuf-root-path <file>', 'initial root.json for --tuf-mirror-url, trusted on first use (later roots are verified by TUF)')
    .option('--insecure-ignore-tlog', 'do not require a Rekor entry (key signatures; keyless ones then need an RFC 3161 timestamp)')
    .option('--insecure-ignore-sct', 'keyless: do not require a certificate transparency SCT (private Fulcio)');
}

export function policyFiles(o: VerifyFlags & { type?: string; policy?: string; notationTrustPolicy?: string; notationTrustStore?: string }): PolicyFiles {
  return {
    ...(o.key?.length ? { keyFiles: o.key } : {}),
    ...(o.certificateIdentity ? { certificateIdentity: o.certificateIdentity } : {}),
    ...(o.certificateIdentityRegexp ? { certificateIdentityRegexp: o.certificateIdentityRegexp } : {}),
    ...(o.certificateOidcIssuer ? { certificateOidcIssuer: o.certificateOidcIssuer } : {}),
    ...(o.certificateOidcIssuerRegexp ? { certificateOidcIssuerRegexp: o.certificateOidcIssuerRegexp } : {}),
    ...(o.trustedRoot ? { trustedRootFile: o.trustedRoot } : {}),
    ...(o.timestampCertificateChain ? { timestampCertificateChainFile: o.timestampCertificateChain } : {}),
    ...(o.offline ? { offline: true } : {}), ...(o.tufCacheDir ? { tufCacheDir: o.tufCacheDir } : {}),
    ...(o.tufMirrorUrl ? { tufMirrorUrl: o.tufMirrorUrl } : {}), ...(o.tufRootPath ? { tufRootPath: o.tufRootPath } : {}),
    ...(o.insecureIgnoreTlog ? { ignoreTlog: true } : {}), ...(o.insecureIgnoreSct ? { ignoreSct: true } : {}),
    ...(o.type ? { attestationType: o.type } : {}), ...(o.policy ? { celPolicyFile: o.policy } : {}),
    ...(o.notationTrustPolicy ? { notationTrustPolicyFile: o.notationTrustPolicy } : {}),
    ...(o.notationTrustStore ? { notationTrustStoreDir: o.notationTrustStore } : {}),
  };
}

function addOutput(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the result to a file');
}

function addRegistry(cmd: Command): Command {
  return cmd
    .option('--platform <os/arch[/variant]>', 'for an index: the platform manifest that is also checked (default linux/amd64)')
    .option('--insecure', 'allow plain HTTP and unverified TLS for the registry')
    .option('--username <user>', 'registry user (default: ~/.docker/config.json)')
    .option('--password <password>', 'registry password or token (prefer BULWARK_PASSWORD)');
}

function checkFlags(o: VerifyOpts): VerifyFormat {
  if (!FORMATS.includes(o.format)) throw new BulwarkError('USAGE', `unknown format "${o.format}" (${FORMATS.join(', ')})`);
  checkOutputPath(o.output);
  return o.format as VerifyFormat;
}

async function finish(r: RenderedVerify, format: VerifyFormat, o: VerifyOpts, cmd: Command, config: GetConfig, setExitCode: SetExitCode): Promise<void> {
  const ctx = contextFor(cmd, config());
  const { renderVerify } = await import('../../scan/signatures.js');
  await ctx.writeOutput(renderVerify(r, format), o.output);
  if (!r.verified) {
    process.stderr.write(`bulwark: not verified: ${r.failure?.check ?? 'signature'}: ${r.failure?.reason ?? 'no valid signature'}\n`);
    setExitCode(1);
  }
}

const registryOpts = (o: VerifyOpts) => ({
  ...(o.insecure ? { insecure: true } : {}),
  ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
});

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  addOutput(addRegistry(addPolicyOptions(program.command('verify')
    .description('verify the signatures of an image: cosign .sig tags, Sigstore bundles (OCI referrers), Notation')
    .argument('<image>', 'image reference (the tag is resolved to a digest first)'))))
    .option('--notation-trust-policy <file>', 'Notation trustpolicy.json (versions 1.0 and 1.1): verifies Notation JWS/COSE signatures')
    .option('--notation-trust-store <dir>', 'Notation trust store directory (x509/ca/<name>/*.pem|crt; default: truststore/ beside the trust policy)')
    .addHelpText('after', `
Examples:
  bulwark verify ghcr.io/acme/app:1.4 --key cosign.pub --insecure-ignore-tlog
  bulwark verify ghcr.io/acme/app:1.4 --key cosign.pub --insecure-ignore-tlog --timestamp-certificate-chain tsa.pem
  bulwark verify ghcr.io/acme/app:1.4 --certificate-identity ci@acme.dev \\
      --certificate-oidc-issuer https://token.actions.githubusercontent.com --trusted-root trusted_root.json
  bulwark verify registry.local/app:1.4 --certificate-identity ci@acme.dev --certificate-oidc-issuer https://dex.acme.dev \
      --tuf-mirror-url https://tuf.acme.dev --tuf-root-path root.json     # a private Sigstore's trusted root via TUF
  bulwark verify registry.local/app@sha256:… --notation-trust-policy trustpolicy.json --notation-trust-store ./truststore -f sarif`)
    .action(async (image: string, o: VerifyOpts, cmd: Command) => {
      const format = checkFlags(o);
      const { loadPolicy } = await import('../../scan/signatures.js');
      const policy = await loadPolicy(policyFiles(o));
      const { verifyImage } = await import('../../scan/verify-image.js');
      const r = await verifyImage(image, policy, { registry: registryOpts(o), ...(o.platform ? { platform: o.platform } : {}) });
      await finish(r, format, o, cmd, config, setExitCode);
    });

  addOutput(addRegistry(addPolicyOptions(program.command('verify-attestation')
    .description('verify in-toto attestations of an image: DSSE signature, subject = image digest, predicate type, CEL policy')
    .argument('<image>', 'image reference'))))
    .requiredOption('--type <type>', 'predicate type: slsaprovenance1, slsaprovenance, spdxjson, cyclonedx, vuln, openvex, custom, or a URI')
    .option('--policy <file>', 'file holding a CEL expression over predicate, predicateType, subject, statement that must be true')
    .addHelpText('after', `
Examples:
  bulwark verify-attestation ghcr.io/acme/app:1.4 --type slsaprovenance1 --key cosign.pub --insecure-ignore-tlog \\
      --policy builder.cel      # e.g. predicate.runDetails.builder.id == "https://github.com/acme/.github/workflows/build.yml@refs/heads/main"
  bulwark verify-attestation ghcr.io/acme/app:1.4 --type cyclonedx --certificate-identity-regexp '^https://github.com/acme/' \\
      --certificate-oidc-issuer https://token.actions.githubusercontent.com --trusted-root trusted_root.json -f json`)
    .action(async (image: string, o: VerifyOpts, cmd: Command) => {
      const format = checkFlags(o);
      const { loadPolicy } = await import('../../scan/signatures.js');
      const policy = await loadPolicy(policyFiles(o));
      const { verifyImageAttestations } = await import('../../scan/verify-image.js');
      const r = await verifyImageAttestations(image, policy, { registry: registryOpts(o), ...(o.platform ? { platform: o.platform } : {}) });
      await finish(r, format, o, cmd, config, setExitCode);
    });

  addOutput(addPolicyOptions(program.command('verify-blob')
    .description('verify a file against a Sigstore bundle (or cosign bundle / detached signature)')
    .argument('<file>', 'the signed file')))
    .option('--bundle <file>', 'Sigstore bundle (.sigstore.json) or cosign --bundle output')
    .option('--signature <file>', 'detached signature (base64), with --key or --certificate')
    .option('--certificate <file>', 'signing certificate (PEM) for a detached signature')
    .option('--max-attachment-size <size>', 'refuse files larger than this (e.g. 128MiB)')
    .addHelpText('after', `
Examples:
  bulwark verify-blob release.tar.gz --bundle release.tar.gz.sigstore.json \\
      --certificate-identity ci@acme.dev --certificate-oidc-issuer https://accounts.google.com --trusted-root trusted_root.json
  bulwark verify-blob artifact --bundle artifact.sigstore.json --key cosign.pub --insecure-ignore-tlog`)
    .action(async (file: string, o: VerifyOpts, cmd: Command) => {
      const format = checkFlags(o);
      if (!o.bundle && !o.signature) throw new BulwarkError('USAGE', 'give --bundle or --signature');
      const { loadPolicy, loadBlobInput, verifyBlob } = await import('../../scan/signatures.js');
      const policy = await loadPolicy(policyFiles(o));
      const r = verifyBlob(loadBlobInput({
        file, ...(o.bundle ? { bundle: o.bundle } : {}), ...(o.signature ? { signature: o.signature } : {}),
        ...(o.certificate ? { certificate: o.certificate } : {}), ...(await maxBytes(o)),
      }), policy);
      await finish({ ...r, reference: file }, format, o, cmd, config, setExitCode);
    });

  addOutput(addPolicyOptions(program.command('verify-blob-attestation')
    .description('verify a DSSE attestation (envelope or Sigstore bundle) about a file')
    .argument('[file]', 'the file the attestation is about (or --digest)')))
    .requiredOption('--bundle <file>', 'DSSE envelope (cosign attest-blob output) or Sigstore bundle')
    .option('--type <type>', 'predicate type alias or URI the statement must have')
    .option('--policy <file>', 'CEL expression file over the predicate')
    .option('--digest <sha256:hex>', 'the file\'s digest instead of the file')
    .option('--check-claims <bool>', 'check that the in-toto subject names the file (default true)', 'true')
    .option('--max-attachment-size <size>', 'refuse files larger than this (e.g. 128MiB)')
    .action(async (file: string | undefined, o: VerifyOpts, cmd: Command) => {
      const format = checkFlags(o);
      const checkClaims = o.checkClaims !== 'false';
      if (checkClaims && !file && !o.digest) throw new BulwarkError('USAGE', 'give the file or --digest (or --check-claims=false)');
      if (o.digest && !/^sha256:[0-9a-f]{64}$/.test(o.digest)) throw new BulwarkError('USAGE', `--digest must be sha256:<64 hex>, got ${o.digest}`);
      const { loadPolicy, loadBlobInput, verifyBlobAttestation } = await import('../../scan/signatures.js');
      const policy = await loadPolicy(policyFiles(o));
      const input = loadBlobInput({ bundle: o.bundle!, ...(file ? { file } : {}), ...(o.digest ? { digest: o.digest } : {}), ...(await maxBytes(o)) });
      const r = verifyBlobAttestation({ ...input, checkClaims }, policy);
      await finish({ ...r, reference: file ?? o.digest ?? o.bundle! }, format, o, cmd, config, setExitCode);
    });
}
