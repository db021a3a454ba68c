// Bounded-memory profiles of every column of a table, built one record at a time.
import type { ColumnProfileData, ColumnProfileOptions, FrozenBins } from './column-profile';
import { ColumnProfile } from './column-profile';
import type { ColumnChunk } from '../table';
import type { Value } from './values';

/** One row: column name → cell. A column the record lacks is missing in that row. */
export type TableRecord = Readonly<Record<string, Value>>;

export interface TableProfileOptions extends Omit<ColumnProfileOptions, 'frozenBins'> {
  /** Per numeric column, bins frozen from a reference profile (see TableProfile.freezeBins). */
  readonly frozenBins?: Readonly<Record<string, FrozenBins>>;
}

export interface TableProfileData {
  readonly rows: number;
  readonly columns: Readonly<Record<string, ColumnProfileData>>;
}

export class TableProfile {
  rows = 0;
  private readonly profiles = new Map<string, ColumnProfile>();

  constructor(private readonly options: TableProfileOptions = {}) {}

  add(record: TableRecord): void {
    let present = 0;
    for (const name in record) {
      this.columnFor(name).add(record[name]);
      present++;
    }
    if (present < this.profiles.size) for (const [name, profile] of this.profiles) if (!(name in record)) profile.addMissing();
    this.rows++;
  }

  /** Adds a chunk of columns (see core/table); a column the chunk lacks is missing in its rows. */
  addChunk(chunk: ColumnChunk): void {
    for (const column of chunk.columns) {
      const profile = this.columnFor(column.name);
      if (column.kind === 'number') profile.addNumbers(column);
      else profile.addCategories(column);
    }
    if (chunk.columns.length < this.profiles.size) {
      const present = new Set(chunk.columns.map((column) => column.name));
      for (const [name, profile] of this.profiles) if (!present.has(name)) profile.addMissing(chunk.rowCount);
    }
    this.rows += chunk.rowCount;
  }

  column(name: string): ColumnProfile | undefined {
    return this.profiles.get(name);
  }

  get columns(): ReadonlyMap<string, ColumnProfile> {
    return this.profiles;
  }

  /** Bin edges of every numeric column with values, to build current windows with. */
  freezeBins(): Record<string, FrozenBins> {
    const bins: Record<string, FrozenBins> = {};
    for (const [name, profile] of this.profiles) if (profile.isNumeric && profile.numericCount > 0) bins[name] = profile.freezeBins();
    return bins;
  }

  toJSON(): TableProfileData {
    return { rows: this.rows, columns: Object.fromEntries([...this.profiles].map(([name, profile]) => [name, profile.toJSON()])) };
  }

  static fromJSON(data: TableProfileData, options: TableProfileOptions = {}): TableProfile {
    const table = new TableProfile(options);
    table.rows = data.rows;
    for (const [name, column] of Object.entries(data.columns)) table.profiles.set(name, ColumnProfile.fromJSON(column));
    return table;
  }

  /** The column's profile, created on first sight with the rows before it counted as missing. */
  private columnFor(name: string): ColumnProfile {
    let profile = this.profiles.get(name);
    if (!profile) {
      const { frozenBins: binsByColumn, ...columnOptions } = this.options;
      const frozenBins = binsByColumn?.[name];
      profile = new ColumnProfile({ ...columnOptions, ...(frozenBins ? { frozenBins } : {}) });
      profile.addMissing(this.rows);
      this.profiles.set(name, profile);
    }
    return profile;
  }
}
