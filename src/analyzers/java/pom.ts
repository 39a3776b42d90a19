/**
 * pom.xml as written (no inheritance, no interpolation): coordinates, parent reference, properties,
 * dependencies and dependencyManagement. `pom-resolve.ts` assembles the effective model.
 */
import { BulwarkError } from '../../core/index.js';
import { child, childrenNamed, childText, parseXml, type XmlElement } from '../shared/xml.js';

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  type: string;
  classifier: string;
  optional: boolean;
}

interface PomParent {
  groupId: string;
  artifactId: string;
  version: string;
  /** As written; Maven's default is `../pom.xml`, an empty element disables the lookup. */
  relativePath: string;
}

export interface PomModel {
  groupId: string;
  artifactId: string;
  version: string;
  packaging: string;
  parent?: PomParent;
  properties: Map<string, string>;
  dependencies: PomDependency[];
  dependencyManagement: PomDependency[];
}

function dependency(el: XmlElement): PomDependency {
  return {
    groupId: childText(el, 'groupId'),
    artifactId: childText(el, 'artifactId'),
    version: childText(el, 'version'),
    scope: childText(el, 'scope'),
    type: childText(el, 'type'),
    classifier: childText(el, 'classifier'),
    optional: childText(el, 'optional') === 'true',
  };
}

const dependenciesOf = (el: XmlElement | undefined): PomDependency[] => childrenNamed(child(el, 'dependencies'), 'dependency').map(dependency);

export function parsePom(text: string): PomModel {
  const root = parseXml(text);
  if (root.name !== 'project') throw new BulwarkError('MALFORMED_DOCUMENT', `pom.xml root element is <${root.name}>, not <project>`);
  const p = child(root, 'parent');
  const relEl = child(p, 'relativePath');
  return {
    groupId: childText(root, 'groupId'),
    artifactId: childText(root, 'artifactId'),
    version: childText(root, 'version'),
    packaging: childText(root, 'packaging') || 'jar',
    ...(p ? { parent: { groupId: childText(p, 'groupId'), artifactId: childText(p, 'artifactId'), version: childText(p, 'version'), relativePath: relEl ? relEl.text.trim() : '../pom.xml' } } : {}),
    properties: new Map((child(root, 'properties')?.children ?? []).map((e) => [e.name, e.text.trim()])),
    dependencies: dependenciesOf(root),
    dependencyManagement: dependenciesOf(child(root, 'dependencyManagement')),
  };
}
