/** Reading a file of true labels for Add Labels… (pure: unit-tested without VS Code). */

export interface LabelTable {
  columns: string[];
  rows: Record<string, string | number>[];
}

/** One label per request id as POST /api/monitors/NAME/labels takes it: a list when the request had several rows. */
export interface PostedLabel {
  request_id: string;
  label: string | number | (string | number)[];
}

/** Splits one CSV/TSV line, honouring double quotes ("" inside quotes is a quote). */
function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (!quoted && c === '"' && cell === '') {
      quoted = true;
    } else if (!quoted && c === separator) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells.map((v) => v.trim());
}

/** A CSV, TSV or JSONL file's columns and rows; `name` picks the format by its extension. */
export function parseLabelTable(name: string, text: string): LabelTable {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (/\.jsonl$/i.test(name)) {
    const rows = lines.map((line, i) => {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`line ${i + 1} of ${name} is not a JSON object`);
      return value as Record<string, string | number>;
    });
    return { columns: [...new Set(rows.flatMap((r) => Object.keys(r)))], rows };
  }
  const separator = /\.tsv$/i.test(name) ? '\t' : ',';
  const [header = '', ...body] = lines;
  const columns = splitLine(header, separator);
  const rows = body.map((line) => {
    const cells = splitLine(line, separator);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
  return { columns, rows };
}

/** A cell as a label: numbers stay numbers (a regression's target), the rest text. */
function labelValue(value: unknown): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) ? Number(value) : value;
}

/**
 * The rows as labels keyed by request id, in file order; several rows of one request become one
 * list (one label per row of the request). Rows without an id or a label are counted as skipped.
 */
export function labelsOf(table: LabelTable, idColumn: string, labelColumn: string): { labels: PostedLabel[]; skipped: number } {
  const byId = new Map<string, (string | number)[]>();
  let skipped = 0;
  for (const row of table.rows) {
    const id = row[idColumn];
    const label = labelValue(row[labelColumn]);
    if (id === undefined || id === '' || label === undefined) {
      skipped++;
      continue;
    }
    const key = String(id);
    byId.set(key, [...(byId.get(key) ?? []), label]);
  }
  return { labels: [...byId].map(([request_id, values]) => ({ request_id, label: values.length === 1 ? values[0]! : values })), skipped };
}
