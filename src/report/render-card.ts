import Table from 'cli-table3';
import type { CheckResult, ReportCard } from '../grade/report-card.js';
import { maskChannelIds } from '../protocol/channel-id.js';
import { painter } from './ansi.js';
import type { ReportFormat } from './render-summary.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';

/**
 * The report card in each format `--format` offers. Evidence names channels by their short form only (a
 * channel id is a credential), masked again here in case a record quoted one.
 */
export function renderCard(card: ReportCard, format: ReportFormat, options: { color: boolean }): string {
  switch (format) {
    case 'table':
      return renderCardTable(card, options.color);
    case 'json':
      return renderCardJson(card);
    case 'markdown':
      return renderCardMarkdown(card);
    case 'junit':
      return renderCardJunit(card);
  }
}

const MARKS: Record<CheckResult, string> = { pass: 'pass', fail: 'FAIL', 'not-exercised': 'not exercised' };

function counts(checks: ReadonlyArray<{ result: CheckResult }>): string {
  const of = (result: CheckResult) => checks.filter((check) => check.result === result).length;
  return `${of('pass')} passed, ${of('fail')} failed, ${of('not-exercised')} not exercised`;
}

const noClients = 'No client used the simulator: nothing to grade.';

function renderCardTable(card: ReportCard, color: boolean): string {
  const paint = painter(color);
  if (card.clients.length === 0) return `${noClients}\n`;
  const out: string[] = [];
  for (const client of card.clients) {
    out.push(paint(`Report card: ${client.client} (${counts(client.checks)})`, 'bold'));
    const table = new Table({
      head: ['check', 'result', 'evidence'].map((title) => paint(title, 'cyan')),
      colWidths: [28, 15, 80],
      wordWrap: true,
      style: { head: [], border: [] },
    });
    for (const check of client.checks) {
      const mark = MARKS[check.result];
      table.push([
        check.id,
        check.result === 'fail' ? paint(mark, 'red') : check.result === 'pass' ? paint(mark, 'green') : mark,
        maskChannelIds(check.evidence),
      ]);
    }
    out.push(table.toString(), '');
  }
  return `${out.join('\n')}`;
}

/** The contract: `{ "schema": 1, "clients": [ { "client", "checks": [ { "id", "result", "evidence" } ] } ] }`. */
function renderCardJson(card: ReportCard): string {
  const clean: ReportCard = {
    schema: 1,
    clients: card.clients.map((client) => ({
      client: client.client,
      checks: client.checks.map(({ id, result, evidence }) => ({ id, result, evidence: maskChannelIds(evidence) })),
    })),
  };
  return `${JSON.stringify(clean, null, 2)}\n`;
}

function renderCardMarkdown(card: ReportCard): string {
  if (card.clients.length === 0) return `${noClients}\n`;
  const cell = (text: string) => maskChannelIds(text).replaceAll('|', '\\|');
  const out: string[] = [];
  for (const client of card.clients) {
    out.push(`## Report card: ${cell(client.client)}`, '', `${counts(client.checks)}.`, '');
    out.push('| check | result | evidence |', '|---|---|---|');
    for (const check of client.checks)
      out.push(
        `| \`${check.id}\` | ${check.result === 'fail' ? '**fail**' : check.result} | ${cell(check.evidence)} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

/** One test suite per client, one test case per check: a failure for fail, skipped for not-exercised. */
function renderCardJunit(card: ReportCard): string {
  const all = card.clients.flatMap((client) => client.checks);
  const failed = all.filter((check) => check.result === 'fail').length;
  const skipped = all.filter((check) => check.result === 'not-exercised').length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="idleprobe report card" tests="${all.length}" failures="${failed}" skipped="${skipped}">`,
  ];
  for (const client of card.clients) {
    const of = (result: CheckResult) => client.checks.filter((check) => check.result === result).length;
    out.push(
      `  <testsuite name="${escapeXmlAttribute(`report card: ${client.client}`)}" tests="${client.checks.length}" failures="${of('fail')}" errors="0" skipped="${of('not-exercised')}">`,
    );
    for (const check of client.checks) {
      const head = `    <testcase classname="${escapeXmlAttribute(`idleprobe.card.${client.client}`)}" name="${escapeXmlAttribute(check.id)}"`;
      const evidence = maskChannelIds(check.evidence);
      if (check.result === 'pass')
        out.push(`${head}>`, `      <system-out>${escapeXmlText(evidence)}</system-out>`, '    </testcase>');
      else if (check.result === 'fail')
        out.push(
          `${head}>`,
          `      <failure type="${escapeXmlAttribute(check.id)}" message="${escapeXmlAttribute(evidence)}">${escapeXmlText(evidence)}</failure>`,
          '    </testcase>',
        );
      else out.push(`${head}>`, `      <skipped message="${escapeXmlAttribute(evidence)}"/>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
