import type { RunSummary } from '../analysis/summary.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable } from './render-table.js';

export type ReportFormat = 'table' | 'json' | 'markdown';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown'];

/** The file name ending each format's output gets when saved (fixtures/logs/expected, --share). */
export const FORMAT_FILE_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  table: 'table.txt',
  json: 'json',
  markdown: 'md',
};

/** The summary in the format a person asked for; only the table uses colour. */
export function renderSummary(summary: RunSummary, format: ReportFormat, options: { color: boolean }): string {
  switch (format) {
    case 'table':
      return renderTable(summary, options);
    case 'json':
      return renderJson(summary);
    case 'markdown':
      return renderMarkdown(summary);
  }
}
