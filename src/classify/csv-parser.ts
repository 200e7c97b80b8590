/**
 * An incremental RFC 4180 CSV parser (quoted fields, "" escapes, CR/LF/CRLF line ends, newlines inside quotes).
 * Pure: feed chunks, get complete rows; `end()` flushes the last row. Used by the classify command and the
 * accuracy bench to read CSV inputs such as fixtures/ru/appeals-kursk-dev.csv.
 *
 * @example const p = createCsvParser(); p.push('a,"b\n c"\r\n1,2'); p.end() → [['a','b\n c'],['1','2']]
 */
export interface CsvParser {
  /** Parses a chunk; returns the rows completed by it. */
  push(chunk: string): string[][];
  /** Ends the input; returns the last row if the input did not end with a newline. */
  end(): string[][];
}

export function createCsvParser(): CsvParser {
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either the closing quote or half of ""
  let lastWasCr = false;
  let rowStarted = false;

  const parse = (chunk: string): string[][] => {
    const rows: string[][] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i] as string;
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === '"') {
            field += '"';
            i++;
            continue;
          }
          inQuotes = false; // that quote closed the field; fall through to handle c outside quotes
        } else {
          const q = chunk.indexOf('"', i);
          if (q === -1) {
            field += chunk.slice(i);
            i = n;
          } else {
            field += chunk.slice(i, q);
            quotePending = true;
            i = q + 1;
          }
          continue;
        }
      }
      if (c === '\n' && lastWasCr) {
        lastWasCr = false;
        i++;
        continue;
      }
      lastWasCr = false;
      if (c === ',') {
        row.push(field);
        field = '';
        rowStarted = true;
      } else if (c === '\n' || c === '\r') {
        lastWasCr = c === '\r';
        if (rowStarted || field !== '') {
          row.push(field);
          rows.push(row);
        }
        row = [];
        field = '';
        rowStarted = false;
      } else if (c === '"' && field === '') {
        inQuotes = true;
        rowStarted = true;
      } else {
        field += c;
        rowStarted = true;
      }
      i++;
    }
    return rows;
  };

  return {
    push: parse,
    end(): string[][] {
      if (quotePending) {
        quotePending = false;
        inQuotes = false;
      }
      const rows: string[][] = [];
      if (rowStarted || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      rowStarted = false;
      return rows;
    },
  };
}

/** Parses a whole CSV text into header-keyed records. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const p = createCsvParser();
  const rows = [...p.push(text), ...p.end()];
  const header = rows.shift() ?? [];
  return rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}
