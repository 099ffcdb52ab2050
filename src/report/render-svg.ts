import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import type { ConnectionTimeline, MarkKind } from '../analysis/timeline.js';
import { formatDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { channelIdShortener } from './channel-ids-in-text.js';
import { describeClose } from './closure-cells.js';
import { plural } from './plural.js';
import { SVG_COLORS as C, svgLayout } from './svg-layout.js';
import { escapeXmlText } from './xml-escape.js';

/** How each kind of mark is drawn relative to the lane's line: y offset, height, width. */
const MARK_SHAPES: Record<MarkKind, { dy: number; h: number; w: number }> = {
  heartbeat: { dy: -9, h: 18, w: 2 },
  ping: { dy: -20, h: 9, w: 2 },
  pong: { dy: 11, h: 9, w: 2 },
  notification: { dy: -3, h: 6, w: 3 },
  system: { dy: -14, h: 28, w: 3 },
  frame: { dy: -6, h: 12, w: 3 },
  warning: { dy: -16, h: 32, w: 4 },
  watchdog: { dy: -16, h: 32, w: 3 },
};

/**
 * The connections as timelines, one lane each on a shared time axis: heartbeats, pings and pongs, topic
 * events, warnings and system messages as marks, the closure as a red bar (grey when the probe ended it),
 * and the silence before it (since the last frame from the service) shaded and labelled with its length
 * and the closure's cause. Plain SVG 1.1 with no script, fonts or external references. An SVG may end up
 * in a forum post, so channel ids are shortened.
 */
export function renderSvg(summary: RunSummary, timelines: ConnectionTimeline[], notDrawn = 0): string {
  const redact = channelIdShortener(summary);
  const rows = new Map<string, { row: ClosureRow; closed: boolean }>();
  for (const row of summary.closures) rows.set(keyOf(row.run, row.channel, row.connection), { row, closed: true });
  for (const row of summary.endedByProbe) rows.set(keyOf(row.run, row.channel, row.connection), { row, closed: false });
  const ends = timelines.map((t) => rows.get(keyOf(t.run, t.channel, t.connection))?.row.lifetimeMs ?? lastMark(t));
  const layout = svgLayout(timelines.length, Math.max(0, ...ends));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="${C.background}"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold" fill="${C.text}">${escapeXmlText(`idleprobe: ${summary.target ?? 'unknown target'}`)}</text>`,
    `<text x="10" y="40" fill="${C.text}">${escapeXmlText(subtitle(summary, timelines.length, notDrawn))}</text>`,
  ];
  timelines.forEach((timeline, lane) => {
    const found = rows.get(keyOf(timeline.run, timeline.channel, timeline.connection));
    const end = ends[lane] as number;
    const y = layout.baseline(lane);
    const label = `${timeline.run > 1 ? `run ${timeline.run} ` : ''}conn ${timeline.connection} ${shortChannelId(timeline.channel)}`;
    out.push(`<g>`, `<text x="10" y="${y - 4}" fill="${C.text}" font-weight="bold">${escapeXmlText(label)}</text>`);
    out.push(`<text x="10" y="${y + 10}" fill="${C.text}">${escapeXmlText(laneNote(found))}</text>`);
    if (found?.closed) out.push(...gap(found.row, layout, lane));
    out.push(
      `<line x1="${layout.x(0)}" y1="${y}" x2="${layout.x(end)}" y2="${y}" stroke="${C.line}" stroke-width="2"/>`,
    );
    for (const mark of timeline.marks) {
      const shape = MARK_SHAPES[mark.kind];
      out.push(
        `<rect x="${layout.x(mark.atMs) - shape.w / 2}" y="${y + shape.dy}" width="${shape.w}" height="${shape.h}" fill="${C[mark.kind]}"/>`,
      );
    }
    if (found) {
      const colour = found.closed ? C.closure : C.endedByProbe;
      out.push(`<rect x="${layout.x(end) - 3}" y="${y - 18}" width="6" height="36" fill="${colour}"/>`);
      const what = found.closed ? gapText(found.row) : 'ended by the probe';
      out.push(
        `<text x="${layout.x(end) - 6}" y="${layout.laneTop(lane) + 10}" text-anchor="end" fill="${colour}">${escapeXmlText(redact(`${describeClose(found.row)} · ${what}`))}</text>`,
      );
    }
    out.push('</g>');
  });
  out.push(...legend(layout.height - 30));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The silence before the close, shaded from the service's last frame to the close, with its length. */
function gap(row: ClosureRow, layout: ReturnType<typeof svgLayout>, lane: number): string[] {
  const silence = row.sinceInboundMs ?? row.lifetimeMs;
  const from = layout.x(row.lifetimeMs - silence);
  const to = layout.x(row.lifetimeMs);
  const y = layout.baseline(lane);
  return [`<rect x="${from}" y="${y - 14}" width="${Math.max(to - from, 1)}" height="28" fill="${C.gap}"/>`];
}

function gapText(row: ClosureRow): string {
  return `gap ${formatDuration(row.sinceInboundMs ?? row.lifetimeMs)} · ${row.cause} (${row.confidence})`;
}

function laneNote(found: { row: ClosureRow; closed: boolean } | undefined): string {
  if (!found) return 'still open at the end of the log';
  const keepalive = found.row.keepalive ? `keepalive ${found.row.keepalive} · ` : '';
  return `${keepalive}age ${formatDuration(found.row.lifetimeMs)}`;
}

function subtitle(summary: RunSummary, lanes: number, notDrawn: number): string {
  const scales = summary.timeScales.map((scale) => `${scale}x`).join(', ');
  const scale = summary.scenarioTime ? `, scenario time (${scales})` : '';
  const more = notDrawn > 0 ? `; ${notDrawn} more not drawn` : '';
  return `${plural(lanes, 'connection')}, ${plural(summary.closures.length, 'closure')}${scale}${more}`;
}

function legend(y: number): string[] {
  const items: Array<[string, string]> = [
    ['heartbeat', C.heartbeat],
    ['ping', C.ping],
    ['pong', C.pong],
    ['topic event', C.notification],
    ['warning', C.warning],
    ['system message', C.system],
    ['closure', C.closure],
    ['ended by probe', C.endedByProbe],
    ['gap before closure', C.gap],
  ];
  let x = 10;
  return items.map(([name, colour]) => {
    const item = `<rect x="${x}" y="${y}" width="10" height="10" fill="${colour}"/><text x="${x + 14}" y="${y + 9}" fill="${C.text}">${escapeXmlText(name)}</text>`;
    // About 6.5 px per character at 11 px sans-serif, and a gap.
    x += 14 + Math.ceil(name.length * 6.5) + 16;
    return item;
  });
}

function lastMark(timeline: ConnectionTimeline): number {
  return timeline.marks.reduce((max, mark) => Math.max(max, mark.atMs), 0);
}

function keyOf(run: number, channel: string, connection: number): string {
  return `${run}#${channel}#${connection}`;
}
