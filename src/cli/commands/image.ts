/** `bulwark image <target>`: archive, OCI layout or registry reference → report. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { addServerOptions, checkServerOptions, uploadReport, type ServerUploadOptions } from '../server-upload.js';
import { existsSync } from 'node:fs';
import { BulwarkError } from '../../core/index.js';
import { addLimitOptions, addScanOptions, contextFor, emitReport, toScanOptions, type GetConfig, type ScanCliOptions, type SetExitCode } from '../options.js';
import { addPolicyOptions, policyFiles, type VerifyFlags } from './verify.js';

interface ImageOpts extends ScanCliOptions, ServerUploadOptions, VerifyFlags {
  verifySignature?: boolean;
  inputType?: 'docker-archive' | 'oci-layout' | 'oci-archive' | 'registry';
  platform?: string;
  insecure?: boolean;
  username?: string;
  password?: string;
}

const EXAMPLES = `
Examples:
  bulwark image nginx:1.25                         pull from Docker Hub and scan
  bulwark image ./app.tar --format json            a \`docker save\` tarball
  bulwark image ./images.tar:shop/web:1.4          one image of a multi-image tarball
  bulwark image ./layout:v1                        an OCI layout directory, tag v1
  bulwark image 127.0.0.1:5000/app:1 --insecure    a plain-HTTP registry
  bulwark image ghcr.io/o/app:1 --platform linux/arm64 --exit-code 1 --severity critical,high
  BULWARK_SERVER_TOKEN=bwk_… bulwark image nginx:1.25 --server https://bulwark.example.com   also upload
  bulwark image ghcr.io/o/app:1 --verify-signature --key cosign.pub --insecure-ignore-tlog   scan only a signed image (the verified digest)`;

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('image')
    .description('scan a container image: docker-archive tar, OCI layout/archive, or registry reference')
    .argument('<target>', 'image reference, archive path or OCI layout (path:tag selects one image)')
    .addOption(new Option('--input-type <type>', 'force the input type').choices(['docker-archive', 'oci-layout', 'oci-archive', 'registry']))
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image (default linux/amd64)')
    .option('--insecure', 'allow plain HTTP and unverified TLS for the registry')
    .option('--username <user>', 'registry user (default: ~/.docker/config.json)')
    .option('--password <password>', 'registry password or token (prefer BULWARK_PASSWORD)')
    .option('--verify-signature', 'verify the image signature first (same flags as bulwark verify); not verified → exit 1, no scan');
  addPolicyOptions(addServerOptions(addLimitOptions(addScanOptions(cmd))), false).addHelpText('after', EXAMPLES)
    .action(async (reference: string, o: ImageOpts, c: Command) => {
      let target = reference;
      const ctx = contextFor(c, config());
      const scan = toScanOptions(o, ctx);
      checkServerOptions(o);
      const registry = {
        ...(o.insecure ? { insecure: true } : {}),
        ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
      };
      if (o.verifySignature) {
        if (existsSync(target) || o.inputType && o.inputType !== 'registry') throw new BulwarkError('USAGE', '--verify-signature needs a registry reference');
        const [{ loadPolicy }, { verifyImage }] = await Promise.all([import('../../scan/signatures.js'), import('../../scan/verify-image.js')]);
        const v = await verifyImage(target, await loadPolicy(policyFiles(o)), { registry, ...(o.platform ? { platform: o.platform } : {}) });
        if (!v.verified) {
          process.stderr.write(`bulwark: not verified: ${v.failure?.check ?? 'signature'}: ${v.failure?.reason ?? 'no valid signature'}\n`);
          setExitCode(1);
          return;
        }
        ctx.logger.info(`signature verified for ${v.digest} (${v.signatures.filter((x) => x.verified).map((x) => x.identity ?? x.kind).join(', ')})`);
        target = v.pinned;
      }
      const { scanImage } = await import('../../scan/scan-image.js');
      const report = await scanImage(target, {
        ...scan,
        source: {
          ...(o.inputType ? { inputType: o.inputType } : {}), ...(o.platform ? { platform: o.platform } : {}),
          ...(o.insecure ? { insecure: true } : {}),
          ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
        },
      });
      await emitReport(report, o, ctx, setExitCode);
      await uploadReport(report, o, ctx);
    });
}
