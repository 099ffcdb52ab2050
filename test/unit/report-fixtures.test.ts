import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import { TimelineCollector } from '../../src/analysis/timeline.js';
import { FORMAT_FILE_EXTENSIONS, type ReportFormat, renderSummary } from '../../src/report/render-summary.js';
import { renderSvg } from '../../src/report/render-svg.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const logs = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ndjson'))
  .sort();

/**
 * The renderers are held to the outputs checked in next to each fixture log. When a change to a renderer
 * is meant, `node fixtures/logs/regenerate-expected.mjs` rewrites them and the diff is reviewed.
 */
describe('each fixture log renders exactly as its checked-in expected output', () => {
  for (const log of logs) {
    const name = log.replace(/\.ndjson$/, '');
    test(`${name} in every format`, async () => {
      const timelines = new TimelineCollector();
      const summary = await summarizeLogs([`${FIXTURES}${log}`], { sourceName: (path) => basename(path), timelines });
      const drawn = timelines.result();
      assert.equal(
        renderSvg(summary, drawn.timelines, drawn.notDrawn),
        readFileSync(`${FIXTURES}expected/${name}.svg`, 'utf8'),
        `${name}.svg`,
      );
      for (const [format, extension] of Object.entries(FORMAT_FILE_EXTENSIONS)) {
        const want = readFileSync(`${FIXTURES}expected/${name}.${extension}`, 'utf8');
        assert.equal(renderSummary(summary, format as ReportFormat, { color: false }), want, `${name}.${extension}`);
      }
    });
  }
});
