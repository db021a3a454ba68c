// The columnar table engine: table files read straight into typed column arrays, chunk by chunk.
export { readColumnChunks } from './read-columns';
export type { ReadColumnChunksOptions, TableFileFormat } from './read-columns';
export { isMissing } from './types';
export type { CategoryColumn, Column, ColumnChunk, NumberColumn, ReadColumnsOptions } from './types';
