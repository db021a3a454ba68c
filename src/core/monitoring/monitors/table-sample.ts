import type { ColumnChunk } from '../../table';
import type { ColumnValues } from '../column-drift';
import { columnsOf } from '../column-drift';
import { valuesOfChunks } from '../chunk-values';
import { TableProfile } from '../table-profile';
import type { TableProfileOptions, TableRecord } from '../table-profile';

/** Sides of at most this many rows are compared on raw values (exact); larger ones on profiles. */
export const RAW_ROWS_LIMIT = 200_000;

/**
 * The rows of one side of a comparison, as records or as column chunks (core/table): kept as they
 * are while they are few, folded into a bounded-memory profile once they pass the limit.
 */
export class TableSample {
  private raw: TableRecord[] | undefined = [];
  private rawChunks: ColumnChunk[] = [];
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
      this.profileOncePastLimit();
    } else this.profile!.add(record);
  }

  /** Adds a chunk of columns; once past the limit, chunks go straight into the profile. */
  addChunk(chunk: ColumnChunk): void {
    this.rows += chunk.rowCount;
    this.rawColumns = undefined;
    if (this.raw) {
      this.rawChunks.push(chunk);
      this.profileOncePastLimit();
    } else this.profile!.addChunk(chunk);
  }

  /** Past the limit, the raw rows and chunks fold into a profile, which takes everything after them. */
  private profileOncePastLimit(): void {
    if (this.rows <= this.limit) return;
    this.profile = this.profileOf(this.profileOptions());
    this.raw = undefined;
    this.rawChunks = [];
  }

  /** Every value by column, while the rows were within the limit. */
  get values(): ColumnValues | undefined {
    if (!this.raw) return undefined;
    if (this.rawChunks.length === 0) return columnsOf(this.raw);
    return this.raw.length === 0 ? valuesOfChunks(this.rawChunks) : { ...valuesOfChunks(this.rawChunks), ...columnsOf(this.raw) };
  }

  /** Column names in first-seen order. */
  get columns(): string[] {
    if (!this.raw) return [...this.profile!.columns.keys()];
    if (this.rawColumns) return this.rawColumns;
    const names = new Set<string>();
    for (const chunk of this.rawChunks) for (const column of chunk.columns) names.add(column.name);
    for (const record of this.raw) for (const name in record) names.add(name);
    return (this.rawColumns = [...names]);
  }

  /** The rows as a profile; built from the raw rows (with these options) when there was none yet. */
  toProfile(options: TableProfileOptions = this.profileOptions()): TableProfile {
    return this.profile ?? this.profileOf(options);
  }

  private profileOf(options: TableProfileOptions): TableProfile {
    const profile = new TableProfile(options);
    for (const chunk of this.rawChunks) profile.addChunk(chunk);
    for (const record of this.raw!) profile.add(record);
    return profile;
  }
}
