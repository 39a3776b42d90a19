/**
 * `bulwark generate-key-pair`, `sign IMAGE`, `attest IMAGE`, `sign-blob FILE`: cosign-compatible
 * signatures (`.sig`/`.att` tags) or Sigstore bundles as OCI referrers (`--bundle`). Keys sign locally;
 * keyless goes to the Fulcio/Rekor URLs given (no default public-good upload from a security scanner).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { contextFor, type GetConfig, type SetExitCode } from '../options.js';
import { writeOutputFile } from '../output-file.js';
import type { SigningIdentity } from '../../scan/signatures.js';

interface SignOpts {
  key?: string; bundle?: boolean; rekorUrl?: string; fulcioUrl?: string; identityToken?: string; timestampServerUrl?: string;
  insecure?: boolean; username?: string; password?: string;
  predicate?: string; type?: string; outputKeyPrefix?: string; algorithm?: string; output?: string;
}

const keyPassword = (): string => process.env.BULWARK_KEY_PASSWORD ?? process.env.COSIGN_PASSWORD ?? '';

function addSigner(cmd: Command): Command {
  return cmd
    .option('--key <file>', 'private key (PEM PKCS#8; encrypted keys read BULWARK_KEY_PASSWORD or COSIGN_PASSWORD)')
    .option('--fulcio-url <url>', 'keyless: Fulcio to get a signing certificate from (with --identity-token)')
    .option('--rekor-url <url>', 'upload the signature to this Rekor (required for keyless; optional with --key)')
    .option('--identity-token <jwt>', 'keyless: OIDC identity token (prefer BULWARK_IDENTITY_TOKEN)')
    .option('--timestamp-server-url <url>', 'RFC 3161 timestamp authority to stamp the signature (cosign\'s flag; e.g. https://freetsa.org/tsr)');
}

async function identity(o: SignOpts): Promise<SigningIdentity> {
  const tsa = o.timestampServerUrl ? { timestampServerUrl: o.timestampServerUrl } : {};
  if (o.key) {
    if (o.fulcioUrl || o.identityToken) throw new BulwarkError('USAGE', 'give either --key or --fulcio-url/--identity-token, not both');
    const { loadSigningKey } = await import('../../scan/signatures.js');
    return { ...loadSigningKey(o.key, keyPassword(), o.rekorUrl), ...tsa };
  }
  // Keyless needs a witness of the signing time: a Rekor entry, an RFC 3161 timestamp, or both.
  if (!o.fulcioUrl || (!o.rekorUrl && !o.timestampServerUrl) || !o.identityToken) {
    throw new BulwarkError('USAGE', 'give --key, or for keyless --fulcio-url, --identity-token and --rekor-url and/or --timestamp-server-url');
  }
  return { kind: 'keyless', fulcioUrl: o.fulcioUrl, ...(o.rekorUrl ? { rekorUrl: o.rekorUrl } : {}), identityToken: o.identityToken, ...tsa };
}

function addRegistry(cmd: Command): Command {
  return cmd
    .option('--insecure', 'allow plain HTTP and unverified TLS for the registry')
    .option('--username <user>', 'registry user (default: ~/.docker/config.json)')
    .option('--password <password>', 'registry password or token (prefer BULWARK_PASSWORD)');
}

const registryOpts = (o: SignOpts) => ({
  ...(o.insecure ? { insecure: true } : {}),
  ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
});

export function register(program: Command, _setExitCode: SetExitCode, config: GetConfig): void {
  program.command('generate-key-pair')
    .description('create a signing key pair: <prefix>.key (PKCS#8, encrypted with BULWARK_KEY_PASSWORD/COSIGN_PASSWORD when set) and <prefix>.pub')
    .option('--output-key-prefix <prefix>', 'file name prefix', 'cosign')
    .option('--algorithm <alg>', 'ecdsa-p256, ecdsa-p384, rsa, ed25519', 'ecdsa-p256')
    .addHelpText('after', `
Examples:
  BULWARK_KEY_PASSWORD=… bulwark generate-key-pair                 writes cosign.key and cosign.pub
  bulwark generate-key-pair --output-key-prefix release --algorithm ed25519`)
    .action(async (o: SignOpts, cmd: Command) => {
      const ctx = contextFor(cmd, config());
      const alg = o.algorithm ?? 'ecdsa-p256';
      if (!['ecdsa-p256', 'ecdsa-p384', 'rsa', 'ed25519'].includes(alg)) throw new BulwarkError('USAGE', `--algorithm: unknown "${alg}" (ecdsa-p256, ecdsa-p384, rsa, ed25519)`);
      const prefix = o.outputKeyPrefix ?? 'cosign';
      for (const f of [`${prefix}.key`, `${prefix}.pub`]) if (existsSync(f)) throw new BulwarkError('USAGE', `${f} exists; refusing to overwrite a key`);
      const { generateKeyPair } = await import('../../scan/signatures.js');
      const password = keyPassword();
      if (!password) ctx.logger.warn('no BULWARK_KEY_PASSWORD/COSIGN_PASSWORD set: the private key is written unencrypted');
      const pair = generateKeyPair(alg as Parameters<typeof generateKeyPair>[0], password);
      await writeOutputFile(`${prefix}.key`, pair.privateKeyPem);
      await writeOutputFile(`${prefix}.pub`, pair.publicKeyPem);
      ctx.logger.info(`private key written to ${prefix}.key, public key to ${prefix}.pub`);
    });

  addRegistry(addSigner(program.command('sign')
    .description('sign an image digest: cosign .sig tag (default) or a Sigstore bundle as OCI referrer (--bundle)')
    .argument('<image>', 'image reference (a tag is resolved; the digest is signed)')))
    .option('--bundle', 'attach a Sigstore bundle (DSSE, cosign v3 format) through the referrers API instead of the .sig tag')
    .addHelpText('after', `
Examples:
  bulwark sign registry.local/app:1.0 --key cosign.key
  bulwark sign registry.local/app:1.0 --key cosign.key --bundle
  bulwark sign registry.local/app:1.0 --key cosign.key --timestamp-server-url https://freetsa.org/tsr
  bulwark sign registry.local/app:1.0 --fulcio-url https://fulcio.internal --rekor-url https://rekor.internal --identity-token "$TOKEN"`)
    .action(async (image: string, o: SignOpts, cmd: Command) => {
      const ctx = contextFor(cmd, config());
      const id = await identity(o);
      const { signImageReference } = await import('../../scan/verify-image.js');
      const out = await signImageReference(image, id, { ...(o.bundle ? { bundle: true } : {}), registry: registryOpts(o) });
      ctx.logger.info(`signed ${out.subject}: ${out.location}${out.logIndex !== undefined ? ` (Rekor log index ${out.logIndex})` : ''}`);
      await ctx.writeOutput(`${out.subject}\n`);
    });

  addRegistry(addSigner(program.command('attest')
    .description('attach a signed in-toto attestation to an image (cosign .att tag, or --bundle referrer)')
    .argument('<image>', 'image reference')))
    .option('--predicate <file>', 'predicate JSON; without it, --type cyclonedx attaches Bulwark\'s own SBOM of the image')
    .requiredOption('--type <type>', 'predicate type: slsaprovenance1, slsaprovenance, spdxjson, cyclonedx, vuln, openvex, custom, or a URI')
    .option('--bundle', 'attach a Sigstore bundle through the referrers API instead of the .att tag')
    .addHelpText('after', `
Examples:
  bulwark attest registry.local/app:1.0 --key cosign.key --type slsaprovenance1 --predicate provenance.json
  bulwark attest registry.local/app:1.0 --key cosign.key --type cyclonedx          (SBOM made by bulwark)`)
    .action(async (image: string, o: SignOpts, cmd: Command) => {
      const ctx = contextFor(cmd, config());
      const { predicateTypeUri, loadJsonFile } = await import('../../scan/signatures.js');
      const uri = predicateTypeUri(o.type!);
      const id = await identity(o);
      let predicate: unknown;
      if (o.predicate) predicate = loadJsonFile(o.predicate, '--predicate');
      else if (uri === 'https://cyclonedx.org/bom') {
        predicate = async (pinned: string) => {
          const [{ scanImage }, { writerFor }] = await Promise.all([import('../../scan/scan-image.js'), import('../../reports/index.js')]);
          const report = await scanImage(pinned, { scanners: [], allowMissingDb: true, logger: ctx.logger, progress: ctx.progress, source: registryOpts(o) });
          return JSON.parse(String((await writerFor('cyclonedx'))(report, {}))) as unknown;
        };
      } else throw new BulwarkError('USAGE', '--predicate is required (only --type cyclonedx can be generated by bulwark)');
      const { attestImageReference } = await import('../../scan/verify-image.js');
      const out = await attestImageReference(image, id, uri, predicate, { ...(o.bundle ? { bundle: true } : {}), registry: registryOpts(o) });
      ctx.logger.info(`attested ${out.subject} (${uri}): ${out.location}`);
      await ctx.writeOutput(`${out.subject}\n`);
    });

  addSigner(program.command('sign-blob')
    .description('sign a file into a Sigstore bundle (message signature)')
    .argument('<file>', 'file to sign'))
    .requiredOption('--bundle <file>', 'where to write the Sigstore bundle JSON')
    .addHelpText('after', `
Examples:
  bulwark sign-blob release.tar.gz --key cosign.key --bundle release.tar.gz.sigstore.json
  bulwark verify-blob release.tar.gz --bundle release.tar.gz.sigstore.json --key cosign.pub --insecure-ignore-tlog`)
    .action(async (file: string, o: SignOpts & { bundle?: string | boolean }) => {
      const { signBlob, loadFile } = await import('../../scan/signatures.js');
      const id = await identity(o);
      const bundle = await signBlob(id, loadFile(file, 'file'));
      await writeOutputFile(String(o.bundle), `${JSON.stringify(bundle)}\n`);
    });
}
