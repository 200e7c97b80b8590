/**
 * The message contract (DESIGN.md "Input: one message") as one JSON schema: the parser checks records against
 * it (compiled once), and the API reuses it for documentation and any ingest route. Rules a JSON schema cannot
 * say well (a real date-time with an offset, not in the future; text limits after trimming; binary text; lat
 * and lon together) live in parse.ts.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export const MAX_ID_CHARS = 512;
export const MAX_SOURCE_CHARS = 64;

const shortString = (description: string) => T.String({ maxLength: MAX_ID_CHARS, description });
const optional = <S extends ReturnType<typeof shortString>>(s: S) => T.Optional(T.Union([s, T.Null()]));

export const MessageSchema = T.Object(
  {
    // A numeric id must be exact: 12345678901234567890 parses to …000 like its neighbour …891, and the second
    // would be dropped as a duplicate of the first.
    id: T.Union(
      [
        T.String({ minLength: 1, maxLength: MAX_ID_CHARS }),
        T.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
      ],
      { description: 'unique within the source; the dedupe key (a number only as a safe integer)' },
    ),
    source: T.String({
      minLength: 1,
      maxLength: MAX_SOURCE_CHARS,
      description: 'vk, ok, telegram, gosuslugi, …',
    }),
    created_at: T.String({ minLength: 1, description: 'event time: ISO 8601 with an offset' }),
    text: T.String({ minLength: 1, description: '1–20,000 characters after trimming' }),
    municipality: T.Optional(
      T.Union([
        T.String({ maxLength: 32, description: 'OKTMO code (8 or 11 digits)' }),
        T.Number(),
        T.Null(),
      ]),
    ),
    region: T.Optional(T.Union([T.String({ maxLength: MAX_ID_CHARS }), T.Number(), T.Null()])),
    lat: T.Optional(T.Union([T.Number({ minimum: -90, maximum: 90 }), T.Null()])),
    lon: T.Optional(T.Union([T.Number({ minimum: -180, maximum: 180 }), T.Null()])),
    author: optional(shortString('pseudonymous author id: unique-author counts')),
    url: T.Optional(T.Union([T.String({ maxLength: 4096 }), T.Null()])),
    parent_id: optional(shortString('id of the post a comment answers')),
  },
  { additionalProperties: true, $id: 'Message' },
);

export type MessageJson = Static<typeof MessageSchema>;

export const REQUIRED_FIELDS = ['id', 'source', 'created_at', 'text'] as const;

const compiled = TypeCompiler.Compile(MessageSchema);

/** The first schema violation as a field name, or undefined when the object fits the schema. */
export function firstSchemaViolation(o: unknown): { field: string; message: string } | undefined {
  if (compiled.Check(o)) return undefined;
  const e = compiled.Errors(o).First();
  if (!e) return { field: '', message: 'does not match the message schema' };
  return { field: e.path.split('/')[1] ?? '', message: e.message };
}
