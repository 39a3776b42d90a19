/** metav1.LabelSelector evaluation (matchLabels AND matchExpressions In/NotIn/Exists/DoesNotExist). */
import { asArray, asJson, asString, isJson } from '../model/object.js';

export type Labels = Record<string, string>;

/**
 * `{}` matches everything; `undefined`/null matches nothing (a missing selector selects no objects, as in
 * apimachinery's LabelSelectorAsSelector). An unknown operator matches nothing (fail closed on coverage).
 */
export function matchesSelector(selector: unknown, labels: Labels): boolean {
  if (selector === undefined || selector === null) return false;
  if (!isJson(selector)) return false;
  for (const [k, v] of Object.entries(asJson(selector.matchLabels))) {
    if (labels[k] !== String(v)) return false;
  }
  for (const e of asArray(selector.matchExpressions)) {
    const expr = asJson(e);
    const key = asString(expr.key) ?? '';
    const values = asArray(expr.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True for `{}` (or a selector with no requirements): selects every pod. */
export function isEmptySelector(selector: unknown): boolean {
  if (!isJson(selector)) return false;
  return Object.keys(asJson(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
}
