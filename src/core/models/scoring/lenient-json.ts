import { badRequest } from './scoring-error';

export interface ParsedJson {
  value: unknown;
  /** The text that parsed: the body itself, or it with bare NaN/Infinity quoted. Valid JSON. */
  text: string;
}

const BARE_NUMBER_WORD = /-?Infinity|NaN/y;

/**
 * JSON.parse, and on failure a second try that accepts the bare NaN, Infinity and -Infinity which
 * Python's json.dumps writes (clients built on it send them): they become the strings "NaN",
 * "Infinity", "-Infinity", which numeric inputs read back as numbers.
 */
export function parseJsonBody(text: string): ParsedJson {
  try {
    return { value: JSON.parse(text), text };
  } catch (error) {
    const quoted = /NaN|Infinity/.test(text) ? quoteBareNumberWords(text) : undefined;
    if (quoted !== undefined) {
      try {
        return { value: JSON.parse(quoted), text: quoted };
      } catch {
        // report the original error below
      }
    }
    throw badRequest(`Invalid input. Ensure that input is a valid JSON formatted string. Error: '${(error as Error).message}'`);
  }
}

/** The text with Python's bare NaN/Infinity quoted (the text itself when it has none). */
export function lenientJsonText(text: string): string {
  return quoteBareNumberWords(text) ?? text;
}

function quoteBareNumberWords(text: string): string | undefined {
  let out = '';
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch !== 'N' && ch !== 'I' && ch !== '-') continue;
    BARE_NUMBER_WORD.lastIndex = i;
    const match = BARE_NUMBER_WORD.exec(text);
    if (!match) continue;
    out += `${text.slice(copiedTo, i)}"${match[0]}"`;
    i += match[0].length - 1;
    copiedTo = i + 1;
  }
  return copiedTo === 0 ? undefined : out + text.slice(copiedTo);
}
