import { UsageError } from '../errors.js';

/** Class labels ↔ class ids. Integer labels also match their numeric spellings ("1.0" is class "1"). */
export class ClassIndex {
  readonly labels: string[];
  private readonly ids = new Map<string, number>();
  private readonly numeric: boolean;

  /** `fixed`: labels come from the model, so an unknown label is an error; otherwise labels are added as seen. */
  constructor(labels: readonly string[] | null, readonly fixed: boolean) {
    this.labels = labels ? [...labels] : [];
    this.labels.forEach((l, i) => this.ids.set(l, i));
    this.numeric = this.labels.length > 0 && this.labels.every((l) => /^-?\d+$/.test(l));
  }

  /** The id of `label`, or -1 when unknown (and the index is fixed). */
  id(label: string): number {
    // Few classes: comparing against each label is cheaper than hashing a fresh string for the Map (1M+ calls).
    // From the end, as the Map keeps the last index of a repeated label.
    const labels = this.labels;
    if (labels.length <= 16) for (let i = labels.length - 1; i >= 0; i--) if (labels[i] === label) return i;
    let id = this.ids.get(label);
    if (id !== undefined) return id;
    if (this.numeric) {
      const n = Number(label.trim());
      if (label.trim() !== '' && Number.isInteger(n)) {
        id = this.ids.get(String(n));
        if (id !== undefined) return id;
      }
    }
    if (this.fixed) return -1;
    id = this.labels.length;
    this.labels.push(label);
    this.ids.set(label, id);
    return id;
  }

  require(label: string, where: string, what: string): number {
    const id = this.id(label);
    if (id < 0) {
      const shown = this.labels.length > 12 ? `${this.labels.slice(0, 12).join(', ')}, … (${this.labels.length})` : this.labels.join(', ');
      throw new UsageError(`${what} '${label}' is not one of the model's classes (${shown})`, {
        where,
        fix: 'Evaluate on data labelled with the classes the model was trained on, or pass --class-labels in the model output order',
        code: 'unknown-label',
      });
    }
    return id;
  }
}
