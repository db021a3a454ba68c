import type { NamedOutput } from './output-tensors';
import { splitsIntoRows } from './output-tensors';
import { ANSWER_PREFIX, outputListJson, predictionsJson } from './predictions-json';
import type { Prediction } from './scoring-session';

const COMMA = 0x2c;

/** The answer's bytes in pieces to send one after the other, and which of them are the "predictions" value. */
export interface AnswerPieces {
  pieces: Buffer[];
  /** The pieces of the "predictions" value: all but the first and the last. */
  predictions: Buffer[];
  bytes: number;
}

/**
 * The answer to a request scored slice by slice, the same bytes answerJson writes for it whole:
 * each slice's records (or each output's rows) are serialised as they come and never joined into
 * one buffer (a large fresh allocation costs its page faults at once).
 */
export class SlicedAnswer {
  private answer: Prediction['answer'] | undefined;
  private names: string[] = [];
  /** Records: one list of pieces; tensors: one per output. */
  private lists: Buffer[][] = [];
  rows = 0;

  /** Adds a slice's prediction; false when its outputs are not one slice per row, so slices cannot be joined. */
  add(prediction: Prediction): boolean {
    const { outputs, rowCount } = prediction;
    if (!splitsIntoRows(outputs, rowCount)) return false;
    if (this.answer === undefined) {
      this.answer = prediction.answer;
      this.names = outputs.map((o) => o.name);
      this.lists = this.answer === 'records' ? [[]] : outputs.map(() => []);
    }
    this.rows += rowCount;
    if (rowCount === 0) return true;
    if (this.answer === 'records') append(this.lists[0]!, predictionsJson(outputs, rowCount, 'records'));
    else outputs.forEach((output: NamedOutput, i) => append(this.lists[i]!, outputListJson(output)));
    return true;
  }

  /** The whole answer, {"predictions":…}, as pieces. */
  pieces(): AnswerPieces {
    const value: Buffer[] = [];
    if (this.answer === 'records') list(value, this.lists[0] ?? []);
    else {
      value.push(Buffer.from('{'));
      this.names.forEach((name, i) => {
        value.push(Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(name)}:`));
        list(value, this.lists[i]!);
      });
      value.push(Buffer.from('}'));
    }
    this.lists = [];
    const pieces = [Buffer.from(ANSWER_PREFIX), ...value, Buffer.from('}')];
    return { pieces, predictions: value, bytes: pieces.reduce((sum, piece) => sum + piece.length, 0) };
  }
}

/**
 * Appends a JSON list's elements to `pieces` without copying them again: the list's closing
 * bracket is cut off, and its opening one is cut off (first piece) or becomes the comma.
 */
function append(pieces: Buffer[], json: string): void {
  const bytes = Buffer.from(json);
  if (pieces.length === 0) return void pieces.push(bytes.subarray(1, bytes.length - 1));
  bytes[0] = COMMA;
  pieces.push(bytes.subarray(0, bytes.length - 1));
}

function list(into: Buffer[], pieces: Buffer[]): void {
  into.push(Buffer.from('['), ...pieces, Buffer.from(']'));
}
