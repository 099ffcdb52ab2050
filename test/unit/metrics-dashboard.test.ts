import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { METRIC } from '../../src/metrics/metric-names.js';
import { createMetricsRegistry } from '../../src/metrics/metrics-registry.js';
import { RunMetrics } from '../../src/metrics/run-metrics.js';

const DASHBOARD = fileURLToPath(new URL('../../../examples/grafana-dashboard.json', import.meta.url));

/** Every `expr` anywhere in the dashboard: panel targets and template variables alike. */
function expressions(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) expressions(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'expr' || key === 'definition') && typeof value === 'string') found.push(value);
      else expressions(value, found);
    }
  }
  return found;
}

/** What the collector serves: each metric's name, type and labels, as a run registers them. */
async function served(): Promise<Map<string, { type: string; labels: Set<string> }>> {
  const { registry, stop } = createMetricsRegistry();
  try {
    new RunMetrics(registry, { closureSoFar: () => null }, () => 0);
    const metrics = new Map<string, { type: string; labels: Set<string> }>();
    for (const metric of registry.getMetricsAsArray()) {
      // prom-client's metric objects hold their label names; `get()` says the type.
      const { name, labelNames, get } = metric as unknown as {
        name: string;
        labelNames: string[];
        get(): Promise<{ type: unknown }>;
      };
      const { type } = await get.call(metric);
      metrics.set(name, { type: String(type), labels: new Set(labelNames) });
    }
    return metrics;
  } finally {
    stop();
  }
}

describe('examples/grafana-dashboard.json', () => {
  test('is valid JSON whose queries use only metrics and labels the collector serves', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as unknown;
    const exprs = expressions(dashboard);
    assert.ok(exprs.length >= 8);
    const metrics = await served();
    const queried = new Set<string>();
    for (const expr of exprs) {
      const names = [...expr.matchAll(/\bidleprobe_[a-z0-9_]+/g)].map(([name]) => name);
      assert.ok(names.length > 0, `${expr} queries an idleprobe metric`);
      const labels = new Set(['instance', 'job']);
      for (const name of names) {
        const base = name.replace(/_(bucket|sum|count)$/, '');
        const metric = metrics.get(name) ?? (metrics.get(base)?.type === 'histogram' ? metrics.get(base) : undefined);
        assert.ok(metric, `${name} (in ${expr}) is served by the collector`);
        for (const label of metric.labels) labels.add(label);
        if (metric.type === 'histogram') labels.add('le');
        queried.add(metrics.has(name) ? name : base);
      }
      // Labels grouped by or matched on are ones those metrics carry.
      const used = [
        ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap(([, list]) => (list as string).split(',')),
        ...[...expr.matchAll(/([a-z_]+)\s*=~?\s*"/g)].map(([, label]) => label as string),
      ].map((label) => label.trim());
      for (const label of used) assert.ok(labels.has(label), `label ${label} in ${expr} exists`);
    }
    for (const name of [
      METRIC.closures,
      METRIC.heartbeatGap,
      METRIC.openConnections,
      METRIC.blindSeconds,
      METRIC.eventLoopDelay,
    ]) {
      assert.ok(queried.has(name), `the dashboard shows ${name}`);
    }
  });
});
