/**
 * OpenMetrics text for `artifacts:reports:metrics`. GitLab's parser drops everything after `#` on a line and
 * shell-splits the rest into name and value, so label values must not contain `#`, quotes or spaces to survive intact.
 */

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`, lower-case words joined by `_`. */
export function metricName(parts: string[]): string {
  const name = parts
    .map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]+/g, '_'))
    .join('_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return /^[a-z_]/.test(name) ? name : `_${name}`;
}

function labelName(name: string): string {
  const n = name.replace(/[^a-zA-Z0-9_]+/g, '_');
  return /^[a-zA-Z_]/.test(n) ? n : `_${n}`;
}

function labelValue(value: string): string {
  return value.replace(/[\s#"'\\]+/g, '_');
}

// Wrapper keys that only group metrics; they add nothing to a name.
const TRANSPARENT = new Set(['metrics', 'values', 'overall']);
// Run settings and per-row data in mlci's metrics.json, not metrics.
const SKIPPED = new Set(['bootstrap', 'mlci', 'outcomes', 'labels']);
// Fields of an array element that identify it (a slice, a class) and become labels.
const MAX_LABEL_VALUE = 100;

/**
 * Numeric leaves of a metrics document as samples: nested keys join into the name, string fields of array
 * elements (e.g. a slice's column and value) become labels. Booleans and strings are not metrics.
 */
export function collectSamples(doc: unknown, prefix = 'mlci'): MetricSample[] {
  const samples: MetricSample[] = [];
  const walk = (node: unknown, path: string[], labels: Record<string, string>): void => {
    if (typeof node === 'number') {
      if (Number.isFinite(node) || Number.isNaN(node)) samples.push({ name: metricName([prefix, ...path]), labels, value: node });
      return;
    }
    if (Array.isArray(node)) {
      // A matrix (confusion matrix) is not a metric a merge request widget can compare.
      if (node.some((item) => Array.isArray(item))) return;
      node.forEach((item, index) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const own: Record<string, string> = {};
          for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
            if (typeof v === 'string' && v.length <= MAX_LABEL_VALUE) own[labelName(k)] = labelValue(v);
          }
          walk(item, path, Object.keys(own).length ? { ...labels, ...own } : { ...labels, index: String(index) });
        } else {
          walk(item, path, { ...labels, index: String(index) });
        }
      });
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        if (SKIPPED.has(key)) continue;
        if (key === 'slices' && isSliceMap(value)) {
          // mlci's slices: { column: { value: metrics } } → one family per metric, labelled by column and value.
          for (const [column, values] of Object.entries(value)) {
            for (const [sliceValue, metrics] of Object.entries(values)) {
              walk(metrics, [...path, 'slice'], { ...labels, column: labelValue(column), value: labelValue(sliceValue).slice(0, MAX_LABEL_VALUE) });
            }
          }
          continue;
        }
        walk(value, TRANSPARENT.has(key) ? path : [...path, key], labels);
      }
    }
  };
  walk(doc, [], {});
  return samples;
}

function isSliceMap(value: unknown): value is Record<string, Record<string, unknown>> {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  return isObject(value) && Object.values(value).every((column) => isObject(column) && Object.values(column).every(isObject));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** Renders samples as OpenMetrics text: one `# TYPE … gauge` per family, then samples, then `# EOF`. */
export function toOpenMetrics(samples: MetricSample[]): string {
  const families = new Map<string, MetricSample[]>();
  for (const s of samples) {
    const list = families.get(s.name) ?? [];
    list.push(s);
    families.set(s.name, list);
  }
  const lines: string[] = [];
  for (const [name, list] of families) {
    lines.push(`# TYPE ${name} gauge`);
    const seen = new Set<string>();
    for (const s of list) {
      const entries = Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b));
      const labels = entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
      // One sample per name+labels: a duplicate would make the report ambiguous.
      if (seen.has(labels)) continue;
      seen.add(labels);
      lines.push(`${name}${labels} ${formatValue(s.value)}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
