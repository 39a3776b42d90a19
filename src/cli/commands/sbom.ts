/** `bulwark sbom <file>`: a CycloneDX or SPDX JSON SBOM (Syft, Trivy, cdxgen, Bulwark) → report. */
import type { Command, Option } from 'commander';
import { addScanOptions, contextFor, emitReport, toScanOptions, type GetConfig, type ScanCliOptions } from '../options.js';

/** Same shape as commands/index.ts's SetExitCode; declared here so this module does not import its own registry. */
type SetExitCode = (code: number) => void;

const EXAMPLES = `
Examples:
  bulwark sbom ./syft.cdx.json                        vulnerabilities of the packages an SBOM lists
  bulwark sbom ./trivy.spdx.json --format sarif -o bulwark.sarif
  bulwark image nginx:1.25 -f cyclonedx -o nginx.cdx.json && bulwark sbom nginx.cdx.json
  bulwark sbom bom.json --scanners vuln,license --exit-code 1 --severity critical,high`;

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const cmd = program.command('sbom')
    .description('scan an SBOM: CycloneDX 1.2-1.7 or SPDX 2.1-2.3 JSON (also in-toto/DSSE wrapped)')
    .argument('<file>', 'SBOM file');
  addScanOptions(cmd).addHelpText('after', EXAMPLES);
  // An SBOM carries packages, not file contents: secret and misconfig scanners have nothing to read.
  const scanners = (cmd.options as Option[]).find((o) => o.long === '--scanners');
  if (scanners) {
    scanners.default('vuln');
    cmd.setOptionValueWithSource('scanners', 'vuln', 'default');
  }
  cmd.action(async (file: string, o: ScanCliOptions, c: Command) => {
    const ctx = contextFor(c, config());
    const { scanSbom } = await import('../../scan/scan-sbom.js');
    const report = await scanSbom(file, toScanOptions(o, ctx));
    await emitReport(report, o, ctx, setExitCode);
  });
}
