import type { BodyBytes } from './body-bytes';
import { bodyLength, bodyText } from './body-bytes';
import { parseJsonBody } from './lenient-json';
import { nestedShape } from './nested-tensor';
import type { ScoringRequest } from './request-formats';
import { requestOfCsv, requestOfJson } from './request-formats';
import type { RowSlices } from './row-scanner';
import { doesNotFit } from './scoring-error';

export interface RequestSlice {
  request: ScoringRequest;
  /** The slice's first row in the whole request. */
  firstRow: number;
  /** Some part parsed only once Python's bare NaN/Infinity were quoted. */
  lenient: boolean;
}

/**
 * A large request as requests of a slice of its rows each, parsed one at a time: the body outside
 * the row list is parsed once, and each slice's rows are put in the list's place. Nothing holds
 * more than one slice's parsed rows.
 */
export function* requestSlices(body: BodyBytes, slices: RowSlices): Generator<RequestSlice> {
  if (slices.kind === 'csv') {
    const header = bodyText(body, 0, slices.bounds[0]);
    let firstRow = 0;
    for (let i = 0; i < slices.bounds.length; i += 2) {
      yield { request: requestOfCsv(header + bodyText(body, slices.bounds[i], slices.bounds[i + 1]), firstRow), firstRow, lenient: false };
      firstRow += slices.rows[i / 2]!;
    }
    return;
  }
  const outsideText = bodyText(body, 0, slices.listStart) + bodyText(body, slices.listEnd, bodyLength(body));
  const outside = parseJsonBody(outsideText);
  const root = outside.value;
  const key = slices.path[slices.path.length - 1]!;
  let holder = root as Record<string, unknown>;
  for (const name of slices.path.slice(0, -1)) holder = holder[name] as Record<string, unknown>;
  let firstRow = 0;
  let firstShape: string | undefined;
  try {
    for (let i = 0; i < slices.bounds.length; i += 2) {
      const text = `[${bodyText(body, slices.bounds[i], slices.bounds[i + 1])}]`;
      const rows = parseJsonBody(text);
      holder[key] = rows.value;
      const request = requestOfJson(root, firstRow);
      if (request.input.kind === 'tensor') firstShape = sameShape(rows.value as unknown[], firstShape, firstRow);
      yield { request, firstRow, lenient: outside.text !== outsideText || rows.text !== text };
      firstRow += slices.rows[i / 2]!;
    }
  } finally {
    holder[key] = [];
  }
}

/** Rows of a tensor must all have the shape of the first row: checked across slices too. */
function sameShape(rows: unknown[], first: string | undefined, firstRow: number): string {
  const shape = nestedShape(rows[0]).join(',');
  if (first !== undefined && shape !== first) {
    throw doesNotFit(`The input is ragged: row ${firstRow} has shape [${shape}], row 0 has shape [${first}]`);
  }
  return shape;
}
