/** One CSV cell: quoted when it could break a row; spreadsheet formulas defused. */
function csvCell(value: string | number | null) {
  const text = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV with semicolons and CRLF, as Dutch spreadsheets expect. */
export function toCsv(rows: (string | number | null)[][]) {
  return rows.map((row) => row.map(csvCell).join(";")).join("\r\n") + "\r\n";
}
