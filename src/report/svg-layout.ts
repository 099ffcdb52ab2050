import { round } from '../clock/round.js';
/**
 * Where things go on the SVG timeline, shared by the renderer and by the test that looks for them in a
 * screenshot. Every connection gets one lane; one time axis for all lanes, so equal ages line up.
 */
export const SVG_WIDTH = 1000;
const LEFT = 270;
const RIGHT = 30;
const TOP = 56;
const LANE = 66;
const BOTTOM = 70;

/** The colours marks are drawn in (also what the screenshot test looks for). */
export const SVG_COLORS = {
  heartbeat: '#2e7d32',
  ping: '#1565c0',
  pong: '#00838f',
  notification: '#9e9e9e',
  warning: '#ef6c00',
  system: '#6a1b9a',
  frame: '#795548',
  watchdog: '#4e342e',
  closure: '#c62828',
  endedByProbe: '#757575',
  gap: '#ffcdd2',
  line: '#bdbdbd',
  text: '#212121',
  background: '#ffffff',
} as const;

export interface SvgLayout {
  width: number;
  height: number;
  /** x of a moment, in scenario ms since the connection opened. */
  x(ms: number): number;
  /** y of lane i's time line. */
  baseline(lane: number): number;
  laneTop(lane: number): number;
}

export function svgLayout(lanes: number, maxMs: number): SvgLayout {
  const span = Math.max(maxMs, 1);
  return {
    width: SVG_WIDTH,
    height: TOP + Math.max(lanes, 1) * LANE + BOTTOM,
    x: (ms) => round(LEFT + (Math.min(Math.max(ms, 0), span) / span) * (SVG_WIDTH - LEFT - RIGHT), 1),
    baseline: (lane) => TOP + lane * LANE + 36,
    laneTop: (lane) => TOP + lane * LANE,
  };
}
