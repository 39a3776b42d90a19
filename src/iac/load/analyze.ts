/**
 * Files → typed state: each file goes to its reader by format (`detect.ts`); Terraform files are read per module
 * directory; Kubernetes manifests go to the k8s loader unchanged. A file that cannot be parsed becomes one input
 * error and the rest is still read.
 */
import { parseManifests, SourceLines, type K8sObject } from '../../k8s/index.js';
import { composeServices } from '../adapters/compose.js';
import { emptyAnalysis, type Analysis } from './analysis.js';
import { detectFormat, type FileFormat } from './detect.js';
import { parseYamlNodes } from './yaml-nodes.js';
import { readTerraform } from './terraform.js';
import { readDocumentFormat } from './documents.js';

/** file path → text; paths use `/` and are relative to what the user named (or as given). */
export type VirtualFiles = Map<string, string>;

interface AnalyzeOptions {
  /** `YYYY-MM-DD` for ignore expiry (tests); default today. */
  today?: string;
}

function readCompose(a: Analysis, file: string, text: string): void {
  const parsed = parseYamlNodes(text, file);
  a.errors.push(...parsed.errors);
  for (const doc of parsed.docs) {
    if (!doc.root) continue;
    const services = composeServices(doc.root, file);
    a.state.compose.services.push(...services);
    a.resources += services.length;
  }
}

function readKubernetes(a: Analysis, file: string, text: string, sources: SourceLines): void {
  const parsed = parseManifests(text, file);
  sources.add(file, text);
  a.k8sObjects.push(...parsed.objects);
  a.resources += parsed.objects.length;
  a.errors.push(...parsed.errors);
}

export async function analyzeFiles(files: VirtualFiles, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const a = emptyAnalysis(opts.today);
  const sources = new SourceLines();
  const terraform = new Map<string, string>();
  const formats = new Map<string, FileFormat>();
  for (const [file, text] of files) {
    const format = detectFormat(file, text);
    if (format === 'none') continue;
    formats.set(file, format);
    a.files[format] = (a.files[format] ?? 0) + 1;
    a.ignores.addFile(file, text);
    if (format === 'terraform' || format === 'terraform-json' || format === 'tfvars') terraform.set(file, text);
    else if (format === 'compose') readCompose(a, file, text);
    else if (format === 'kubernetes') readKubernetes(a, file, text, sources);
    else readDocumentFormat(a, format, file, text);
  }
  if (terraform.size) await readTerraform(a, terraform, files);
  const mapped = new WeakMap<K8sObject, Analysis['k8sMapped'][number]>();
  for (const m of a.k8sMapped) mapped.set(m.object, m);
  a.k8sLine = (o, field) => mapped.get(o)?.lineOf(field) ?? sources.lineOf(o.origin, field);
  a.k8sBlock = (o) => mapped.get(o)?.block ?? { file: o.origin.file, line: o.origin.line ?? 1 };
  return a;
}
