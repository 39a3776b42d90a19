/**
 * JUnit XML (the de-facto Ant/Surefire schema CI systems read): one testsuite per finding kind, one failing
 * testcase per finding, and one passing testcase for a scanner that ran and found nothing (so "clean" shows).
 */
import type { Report } from '../core/index.js';
import { escapeXml } from './markup.js';
import { licenseFails, misconfigWhere, sortedLicenses, sortedMisconfigs, sortedSecrets, sortedVulnerabilities } from './order.js';

interface Case {
  classname: string;
  name: string;
  /** Absent for a passing case. */
  failure?: { message: string; type: string; body: string };
}

function attr(name: string, value: string | number): string {
  return `${name}="${escapeXml(String(value))}"`;
}

function caseXml(c: Case): string {
  const open = `    <testcase ${attr('classname', c.classname)} ${attr('name', c.name)}`;
  if (!c.failure) return `${open}/>`;
  const f = c.failure;
  return `${open}>\n      <failure ${attr('message', f.message)} ${attr('type', f.type)}>${escapeXml(f.body)}</failure>\n    </testcase>`;
}

function suiteXml(name: string, report: Report, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const head = `  <testsuite ${attr('name', name)} ${attr('tests', cases.length)} ${attr('failures', failures)} ${attr('errors', 0)} `
    + `${attr('skipped', 0)} ${attr('timestamp', report.createdAt.replace(/\.\d+Z$/, ''))} ${attr('hostname', 'bulwark')}>`;
  const props = `    <properties>\n      <property ${attr('name', 'target')} ${attr('value', report.target.name)}/>\n`
    + `      <property ${attr('name', 'targetType')} ${attr('value', report.target.type)}/>\n    </properties>`;
  return [head, props, ...cases.map(caseXml), '  </testsuite>'].join('\n');
}

function vulnCases(report: Report): Case[] {
  return sortedVulnerabilities(report.vulnerabilities).map((v) => ({
    classname: `${v.package.name}@${v.package.version}`,
    name: `[${v.severity.toUpperCase()}] ${v.id}`,
    failure: {
      message: v.title ?? v.id,
      type: v.severity,
      body: [
        `Package: ${v.package.name} ${v.package.version} (${v.package.purl})`,
        `Status: ${v.status}`,
        `Fixed version: ${v.fixedVersion ?? 'none'}`,
        v.aliases.length ? `Aliases: ${v.aliases.join(', ')}` : '',
        ...(v.references ?? []).slice(0, 3),
      ].filter(Boolean).join('\n'),
    },
  }));
}

function secretCases(report: Report): Case[] {
  return sortedSecrets(report.secrets).map((s) => ({
    classname: s.path,
    name: `[${s.severity.toUpperCase()}] ${s.ruleId}${s.line ? ` line ${s.line}` : ''}`,
    failure: {
      message: s.title,
      type: s.severity,
      body: `${s.title}: ${s.match} in ${s.path}${s.line ? `:${s.line}` : ''}${s.deleted ? ' (deleted in a later layer, still in the image)' : ''}`,
    },
  }));
}

function misconfigCases(report: Report): Case[] {
  return sortedMisconfigs(report.misconfigurations).map((m) => ({
    classname: misconfigWhere(m),
    name: `[${m.severity.toUpperCase()}] ${m.id} ${m.title}`,
    failure: {
      message: m.message,
      type: m.severity,
      body: [m.message, m.field ? `Field: ${m.field}` : '', m.remediation ? `Remediation: ${m.remediation}` : ''].filter(Boolean).join('\n'),
    },
  }));
}

/** Only licenses the policy flags (or forbidden/restricted ones) fail; the rest are listed as passing. */
function licenseCases(report: Report): Case[] {
  return sortedLicenses(report.licenses).map((l) => {
    const fails = licenseFails(l);
    const what = l.package ? `${l.package.name}@${l.package.version}` : l.path ?? '';
    return {
      classname: what,
      name: `[${l.severity.toUpperCase()}] ${l.license} (${l.category})`,
      failure: fails ? { message: `${l.license} is ${l.category}`, type: l.severity, body: `${what}: ${l.license} (${l.category})` } : undefined,
    };
  });
}

const KINDS = [
  { scanner: 'vuln', suite: 'vulnerabilities', cases: vulnCases },
  { scanner: 'secret', suite: 'secrets', cases: secretCases },
  { scanner: 'misconfig', suite: 'misconfigurations', cases: misconfigCases },
  { scanner: 'license', suite: 'licenses', cases: licenseCases },
] as const;

/** Serializes a Report as JUnit XML. */
export function writeJunit(report: Report): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const kind of KINDS) {
    const cases = kind.cases(report);
    if (cases.length === 0) {
      // A scanner that did not run gets no suite: an empty suite would read as "checked, clean".
      if (!report.scanners.includes(kind.scanner)) continue;
      cases.push({ classname: report.target.name, name: `no ${kind.suite} found` });
    }
    tests += cases.length;
    failures += cases.filter((c) => c.failure).length;
    suites.push(suiteXml(`${kind.suite}: ${report.target.name}`, report, cases));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', `bulwark ${report.target.name}`)} ${attr('tests', tests)} ${attr('failures', failures)} ${attr('errors', 0)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
