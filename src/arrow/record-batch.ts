/**
 * One Arrow record batch from named columns (apache-arrow vectors of equal length) and string metadata: the
 * shape every Arrow answer and export is built from. Pure.
 */
import { Field, makeData, RecordBatch, Schema, Struct, type Vector } from 'apache-arrow';

export type NamedColumns = readonly (readonly [name: string, column: Vector])[];

/** The schema of named columns (a field is nullable when its column may hold nulls). */
export function schemaOf(columns: NamedColumns, metadata: ReadonlyMap<string, string> = new Map()): Schema {
  return new Schema(
    columns.map(([name, v]) => new Field(name, v.type, true)),
    new Map(metadata),
  );
}

/**
 * @example recordBatchOf([['n', vectorFromArray([1, 2], new Int32())]]).numRows === 2
 * Throws when the columns differ in length (a bug: every column of an answer is filled to one length).
 */
export function recordBatchOf(columns: NamedColumns, schema: Schema = schemaOf(columns)): RecordBatch {
  const length = columns[0]?.[1].length ?? 0;
  for (const [name, v] of columns)
    if (v.length !== length) throw new Error(`column ${name} has ${v.length} values, expected ${length}`);
  const children = columns.map(([name, v]) => {
    if (v.data.length !== 1) throw new Error(`column ${name} is chunked; one chunk expected`);
    return v.data[0];
  });
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: children as never }),
  );
}
