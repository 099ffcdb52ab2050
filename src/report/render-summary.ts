import type { RunSummary } from '../analysis/summary.js';
import { renderJson } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable, type TableOptions } from './render-table.js';

export type ReportFormat = 'table' | 'json' | 'markdown' | 'junit';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown', 'junit'];

/** The file name ending each format's output gets when saved (fixtures/logs/expected, --share). */
export const FORMAT_FILE_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  table: 'table.txt',
  json: 'json',
  markdown: 'md',
  junit: 'junit.xml',
};

/** The summary in the format a person asked for; only the table uses colour and the terminal's width. */
export function renderSummary(summary: RunSummary, format: ReportFormat, options: TableOptions): string {
  switch (format) {
    case 'table':
      return renderTable(summary, options);
    case 'json':
      return renderJson(summary);
    case 'markdown':
      return renderMarkdown(summary);
    case 'junit':
      return renderJunit(summary);
  }
}
