/**
 * Inline ignores, in the three dialects teams already write:
 * - `#trivy:ignore:AVD-AWS-0040` / `# trivy:ignore:AVD-AWS-0040:exp:2026-01-31` (Trivy): applies to the next code line
 *   (or its own line when it trails code); on a block's first line it covers the whole block;
 * - `#checkov:skip=CKV_AWS_39:reason` (Checkov): anywhere inside the resource's block, covers that resource (and the
 *   blocks a failure lists in `alsoIn`, e.g. the policy resource behind a node-role grant);
 * - `#bulwark:ignore:BW-IAC-1101[:exp:YYYY-MM-DD] [reason]`: Trivy's semantics with Bulwark or foreign ids.
 * `//` comments work as well as `#` (HCL). An expired `exp:` date is not honoured.
 */
import type { CheckFailure, IacCheck } from '../checks/define.js';
import type { Loc } from '../model/value.js';

interface NextLineIgnore { ids: string[]; file: string; target: number; line: number; text: string }
interface BlockSkip { id: string; file: string; line: number; text: string }

export interface IgnoreIndex {
  /** The comment that suppresses this failure, or undefined. */
  match(check: IacCheck, failure: CheckFailure): string | undefined;
}

const COMMENT = /(?:#|\/\/|\/\*)\s*(trivy:ignore:|bulwark:ignore:|checkov:skip=)(\S+)/g;

function isCode(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith('//') && !t.startsWith('/*') && !t.startsWith('*');
}

/** Ids of a trivy/bulwark comment body (`AVD-AWS-0040:exp:2026-01-31`), or [] when expired. */
function idsOf(body: string, today: string): string[] {
  const parts = body.split(':');
  const ids: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === 'exp' && i + 1 < parts.length) {
      if (parts[i + 1] < today) return [];
      i++;
    } else if (p === 'ws' && i + 1 < parts.length) {
      i++;
    } else if (p) ids.push(...p.split(','));
  }
  return ids;
}

function targetLine(lines: string[], index: number, before: string): number {
  if (isCode(before)) return index + 1;
  for (let j = index + 1; j < lines.length; j++) if (isCode(lines[j])) return j + 1;
  return index + 1;
}

export class InlineIgnores implements IgnoreIndex {
  private readonly next: NextLineIgnore[] = [];
  private readonly skips: BlockSkip[] = [];

  constructor(private readonly today = new Date().toISOString().slice(0, 10)) {}

  /** Reads the ignore comments of one file. */
  addFile(file: string, text: string): void {
    if (!text.includes('ignore:') && !text.includes('checkov:skip')) return;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(COMMENT)) {
        const comment = `${m[1]}${m[2]}`;
        if (m[1] === 'checkov:skip=') {
          this.skips.push({ id: m[2].split(':')[0], file, line: i + 1, text: comment });
        } else {
          const ids = idsOf(m[2], this.today);
          if (ids.length) this.next.push({ ids, file, target: targetLine(lines, i, line.slice(0, m.index)), line: i + 1, text: comment });
        }
      }
    });
  }

  match(check: IacCheck, failure: CheckFailure): string | undefined {
    const ids = [check.id, ...(check.trivy ? [check.trivy] : []), ...(check.checkov ?? [])];
    for (const block of [failure.meta.loc, ...(failure.alsoIn ?? [])]) {
      const by = this.matchAt(ids, failure.loc, block);
      if (by) return by;
    }
    return undefined;
  }

  /** The comment that ignores a finding of any of `ids` at `at`, inside the block `block` (line..endLine). */
  matchAt(idList: string[], at: Loc, block: Loc): string | undefined {
    const ids = new Set(idList);
    const start = block.line;
    const end = block.endLine ?? start;
    for (const n of this.next) {
      if (!n.ids.some((id) => id === '*' || ids.has(id))) continue;
      if ((n.file === at.file && n.target === at.line) || (n.file === block.file && n.target === start)) return `${n.text} (${n.file}:${n.line})`;
    }
    for (const s of this.skips) {
      if (s.file === block.file && ids.has(s.id) && s.line >= start && s.line <= end) return `${s.text} (${s.file}:${s.line})`;
    }
    return undefined;
  }
}
