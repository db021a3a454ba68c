import { invalid } from '../../errors';
import { delimitedRecords, headerOf, tableFormatOf, tableRowBatches } from '../table-rows';
import { ExpectationEvaluator } from './evaluator';
import type { ExpectationReport, TableExpectations } from './types';

/** Streams a CSV/TSV/JSONL/Parquet file through the expectations. */
export async function checkTable(path: string, spec: TableExpectations, label = path): Promise<ExpectationReport> {
  const format = tableFormatOf(path);
  if (!format) throw invalid(`${label} is not a table this checks: give a .csv, .tsv, .jsonl or .parquet file`);
  const evaluator = new ExpectationEvaluator(spec);
  try {
    if (format === 'csv' || format === 'tsv') {
      for await (const cells of delimitedRecords(path, format === 'tsv' ? '\t' : ',')) {
        evaluator.columns(headerOf(cells));
        break;
      }
    }
    for await (const batch of tableRowBatches(path, format)) for (const record of batch) evaluator.add(record);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw invalid(`${label} does not exist`);
    throw error;
  }
  return evaluator.report();
}
