import type { ColumnValues } from '../column-drift';
import { columnsOf } from '../column-drift';
import { TableProfile } from '../table-profile';
import type { TableProfileOptions, TableRecord } from '../table-profile';

/** Sides of at most this many rows are compared on raw values (exact); larger ones on profiles. */
export const RAW_ROWS_LIMIT = 200_000;

/**
 * The rows of one side of a comparison: kept as they are while they are few, folded into a
 * bounded-memory profile once they pass the limit.
 */
export class TableSample {
  private raw: TableRecord[] | undefined = [];
  private profile: TableProfile | undefined;
  private rawColumns: string[] | undefined;
  rows = 0;

  constructor(
    private readonly limit = RAW_ROWS_LIMIT,
    /** Asked once, when the rows pass the limit (e.g. bins frozen from the reference's profile). */
    private readonly profileOptions: () => TableProfileOptions = () => ({}),
  ) {}

  add(record: TableRecord): void {
    this.rows++;
    this.rawColumns = undefined;
    if (this.raw) {
      this.raw.push(record);
      if (this.raw.length <= this.limit) return;
      this.profile = this.profileOf(this.raw, this.profileOptions());
      this.raw = undefined;
    } else this.profile!.add(record);
  }

  /** Every value by column, while the rows were within the limit. */
  get values(): ColumnValues | undefined {
    return this.raw ? columnsOf(this.raw) : undefined;
  }

  /** Column names in first-seen order. */
  get columns(): string[] {
    if (!this.raw) return [...this.profile!.columns.keys()];
    if (this.rawColumns) return this.rawColumns;
    const names = new Set<string>();
    for (const record of this.raw) for (const name in record) names.add(name);
    return (this.rawColumns = [...names]);
  }

  /** The rows as a profile; built from the raw rows (with these options) when there was none yet. */
  toProfile(options: TableProfileOptions = this.profileOptions()): TableProfile {
    return this.profile ?? this.profileOf(this.raw!, options);
  }

  private profileOf(records: readonly TableRecord[], options: TableProfileOptions): TableProfile {
    const profile = new TableProfile(options);
    for (const record of records) profile.add(record);
    return profile;
  }
}
