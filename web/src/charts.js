// lightind: chart code shared by the report and the served page (ECharts).
// Indicator labels and units come from the registry the program embeds (useRegistry).
(function (global) {
  'use strict';

  // Labels and units come from the indicator registry (src/indicators/registry.cpp), which
  // the program embeds in the page and the report (data.registry, `lightind docs indicators
  // --json`): useRegistry(data.registry) before drawing.
  const INDICATORS = {};

  /** Reads the registry's aggregate entries: name -> {label, unit, direction, ...}. */
  function useRegistry(registry) {
    for (const k of Object.keys(INDICATORS)) delete INDICATORS[k];
    for (const e of (registry && registry.indicators) || []) {
      if (e.level === 'aggregate' && !INDICATORS[e.name]) INDICATORS[e.name] = e;
    }
  }

  // Event kinds of a run (RunResult::events) and how they are drawn.
  const KINDS = {
    policy: { label: 'Policy', color: '#b22222', line: true },
    reform: { label: 'Reform', color: '#6a3d9a', line: true },
    shock: { label: 'Shock', color: '#e07b00', line: true },
    project_started: { label: 'Project started', color: '#1f78b4', line: false },
    project_completed: { label: 'Project completed', color: '#33a02c', line: false },
    guidance: { label: 'On-site guidance', color: '#999999', line: false },
    fair: { label: 'Fair', color: '#d4a000', line: true },
  };

  const PALETTE = ['#1f4e9c', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
  const BAND_PALETTE = ['#5b8bd9', '#8c8c8c', '#c9a227', '#7fb77e'];

  function label(name) {
    return INDICATORS[name] ? INDICATORS[name].label : name.replace(/_/g, ' ');
  }
  function unit(name) {
    return INDICATORS[name] ? INDICATORS[name].unit : '';
  }

  /** A number in a few characters: 1.23bn, 45.6m, 12.3k, 0.123. */
  function short(v) {
    if (v === null || v === undefined || !isFinite(v)) return '-';
    const a = Math.abs(v);
    if (a >= 1e12) return (v / 1e12).toFixed(2) + 'tn';
    if (a >= 1e9) return (v / 1e9).toFixed(2) + 'bn';
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'm';
    if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    if (a >= 100) return v.toFixed(1);
    if (a >= 1) return v.toFixed(2);
    return v.toPrecision(3);
  }

  function yearTicks(dates) {
    const step = dates.length > 12 * 20 ? 5 : dates.length > 12 * 8 ? 2 : 1;
    return {
      interval: function (i, v) {
        return v.endsWith('-01') && Number(v.slice(0, 4)) % step === 0;
      },
      formatter: function (v) {
        return v.slice(0, 4);
      },
    };
  }

  /** Vertical marker lines for the events of the kinds drawn as lines (policy, reform, shocks, fairs). */
  function markLines(events, dates) {
    const inRange = new Set(dates);
    const seen = new Set();
    const data = [];
    for (const e of events || []) {
      const k = KINDS[e.kind];
      if (!k || !k.line || !inRange.has(e.date)) continue;
      const key = e.kind + e.date;
      if (seen.has(key)) continue;
      seen.add(key);
      data.push({ xAxis: e.date, name: k.label + ': ' + e.text, lineStyle: { color: k.color } });
    }
    return {
      symbol: 'none',
      silent: false,
      label: { show: false },
      lineStyle: { type: 'dotted', width: 1, opacity: 0.6 },
      emphasis: { label: { show: true, formatter: '{b}', fontSize: 10 } },
      tooltip: { formatter: function (p) { return p.data.xAxis + ' ' + p.name; } },
      data: data,
    };
  }

  /**
   * A line chart of one indicator.
   * spec: { indicator, dates, lines: [{name, values, color, dashed, width}],
   *         bands: [{name, p5, p25, p50, p75, p95, color}], events, animation }
   */
  function lineOption(spec) {
    const series = [];
    const bandLegend = [];  // the runs first, then the bands' shaded parts and medians (not their transparent bases)
    (spec.bands || []).forEach(function (b, i) {
      bandLegend.push(b.name + ' p5-p95', b.name + ' p25-p75', b.name + ' median');
      const color = b.color || BAND_PALETTE[i % BAND_PALETTE.length];
      const diff = function (hi, lo) {
        return hi.map(function (h, k) {
          return h === null || lo[k] === null ? null : h - lo[k];
        });
      };
      const stackOuter = 'outer' + i, stackInner = 'inner' + i;
      series.push({ name: b.name + ' p5', type: 'line', data: b.p5, stack: stackOuter, symbol: 'none',
                    lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true });
      series.push({ name: b.name + ' p5-p95', type: 'line', data: diff(b.p95, b.p5), stack: stackOuter, symbol: 'none',
                    lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 }, itemStyle: { color: color, opacity: 0.3 },
                    silent: true });
      series.push({ name: b.name + ' p25', type: 'line', data: b.p25, stack: stackInner, symbol: 'none',
                    lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true });
      series.push({ name: b.name + ' p25-p75', type: 'line', data: diff(b.p75, b.p25), stack: stackInner,
                    symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.35 },
                    itemStyle: { color: color, opacity: 0.6 }, silent: true });
      series.push({ name: b.name + ' median', type: 'line', data: b.p50, symbol: 'none',
                    lineStyle: { color: color, width: 1.5, type: 'dashed' }, itemStyle: { color: color } });
    });
    spec.lines.forEach(function (l, i) {
      const color = l.color || PALETTE[i % PALETTE.length];
      const s = { name: l.name, type: 'line', data: l.values, symbol: 'none', connectNulls: false,
                  lineStyle: { color: color, width: l.width || 1.5, type: l.dashed ? 'dashed' : 'solid' },
                  itemStyle: { color: color }, z: i === 0 ? 4 : 3 };  // the first (reference, current) on top
      if (i === 0 && spec.events) s.markLine = markLines(spec.events, spec.dates);
      series.push(s);
    });
    return {
      animation: spec.animation !== false,
      title: { text: label(spec.indicator), subtext: unit(spec.indicator), left: 8, top: 2,
               textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
      grid: { left: 58, right: 16, top: 58, bottom: 46 },
      legend: { type: 'scroll', bottom: 0, data: spec.lines.map(function (l) { return l.name; }).concat(bandLegend) },
      tooltip: { trigger: 'axis', valueFormatter: short, confine: true },
      xAxis: { type: 'category', data: spec.dates, boundaryGap: false, axisLabel: yearTicks(spec.dates),
               axisTick: { interval: yearTicks(spec.dates).interval } },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: short } },
      series: series,
    };
  }

  function lineChart(el, spec) {
    const chart = global.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(lineOption(spec));
    return chart;
  }

  /** A timeline of events: one row per kind; events of a kind in one month share a point. */
  function eventsOption(dates, events) {
    const kinds = Object.keys(KINDS).filter(function (k) {
      return (events || []).some(function (e) { return e.kind === k; });
    });
    const byKey = new Map();
    for (const e of events || []) {
      if (!KINDS[e.kind]) continue;
      const key = e.kind + '|' + e.date;
      if (!byKey.has(key)) byKey.set(key, { kind: e.kind, date: e.date, texts: [] });
      byKey.get(key).texts.push(e.text);
    }
    const series = kinds.map(function (k) {
      const pts = [];
      byKey.forEach(function (v) {
        if (v.kind === k) pts.push({ value: [v.date, KINDS[k].label], texts: v.texts });
      });
      return { name: KINDS[k].label, type: 'scatter', data: pts, itemStyle: { color: KINDS[k].color },
               symbolSize: function (v, p) { return Math.min(16, 6 + 2 * p.data.texts.length); } };
    });
    return {
      animation: false,
      title: { text: 'Events', subtext: 'policy, reform, shocks, projects, guidance visits, fairs', left: 8, top: 2,
               textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
      grid: { left: 130, right: 16, top: 58, bottom: 30 },
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        return p.data.value[0] + '<br>' + p.data.texts.map(function (t) {
          return String(t).replace(/[<>&]/g, function (c) { return { '<': '&lt;', '>': '&gt;', '&': '&amp;' }[c]; });
        }).join('<br>');
      } },
      xAxis: { type: 'category', data: dates, boundaryGap: false, axisLabel: yearTicks(dates) },
      yAxis: { type: 'category', data: kinds.map(function (k) { return KINDS[k].label; }) },
      series: series,
    };
  }

  global.LightindCharts = { INDICATORS: INDICATORS, useRegistry: useRegistry, KINDS: KINDS, PALETTE: PALETTE,
                            label: label, unit: unit,
                            short: short, lineOption: lineOption, lineChart: lineChart, eventsOption: eventsOption };
})(window);
