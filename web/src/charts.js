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
    policy: { label: 'Policy', color: '#b22222', line: true, code: 'P' },
    reform: { label: 'Reform', color: '#6a3d9a', line: true, code: 'R' },
    shock: { label: 'Shock', color: '#e07b00', line: true, code: 'S' },
    project_started: { label: 'Project started', color: '#1f78b4', line: false },
    project_completed: { label: 'Project completed', color: '#33a02c', line: false },
    guidance: { label: 'On-site guidance', color: '#999999', line: false },
    fair: { label: 'Fair', color: '#d4a000', line: true, code: 'F' },
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

  /**
   * The events drawn as vertical lines (policy, reform, shocks, fairs) with a short code each:
   * P1, P2 ... for policy events, R1 the reform, S1 ... shocks, F1 ... fairs, numbered in date
   * order. Codes are the labels on the lines and the entries of the colour key (eventKey).
   */
  function eventMarks(events, dates) {
    const inRange = dates ? new Set(dates) : null;
    const seen = new Set();
    const count = {};
    const out = [];
    for (const e of events || []) {
      const k = KINDS[e.kind];
      if (!k || !k.line || (inRange && !inRange.has(e.date))) continue;
      const key = e.kind + e.date;
      if (seen.has(key)) continue;
      seen.add(key);
      count[e.kind] = (count[e.kind] || 0) + 1;
      out.push({ code: k.code + count[e.kind], kind: e.kind, date: e.date, text: e.text, color: k.color,
                 label: k.label });
    }
    return out;
  }

  /**
   * Vertical marker lines for the events of the kinds drawn as lines, one per month: the line
   * has the colour of its first event's kind and, at its top, the codes of its events
   * (eventMarks); the key below the charts says what each code is.
   */
  function markLines(events, dates) {
    const byDate = new Map();
    for (const m of eventMarks(events, dates)) {
      if (!byDate.has(m.date)) byDate.set(m.date, []);
      byDate.get(m.date).push(m);
    }
    const data = [];
    // Labels of lines a few months apart are staggered (left of the line's top, right of it,
    // then half-way down), so that neighbouring codes do not print over each other.
    const index = new Map((dates || []).map(function (d, i) { return [d, i]; }));
    let lastAt = -1e9, level = 0;
    byDate.forEach(function (ms, date) {
      const at = index.has(date) ? index.get(date) : 0;
      level = at - lastAt < 5 ? (level + 1) % 3 : 0;
      lastAt = at;
      const text = ms.map(function (m) { return m.code; }).join(' ');
      data.push({ xAxis: date, name: ms.map(function (m) { return m.code + ' ' + m.label + ': ' + m.text; }).join('\n'),
                  codes: text,
                  lineStyle: { color: ms[0].color },
                  label: { show: true, formatter: text, color: ms[0].color,
                           position: ['insideEndTop', 'insideEndBottom', 'insideMiddleTop'][level] } });
    });
    return {
      symbol: 'none',
      silent: false,
      label: { show: true, position: 'insideEndTop', fontSize: 9, distance: 2 },
      lineStyle: { type: 'dotted', width: 1, opacity: 0.7 },
      tooltip: { formatter: function (p) { return p.data.xAxis + '<br>' + escapeHtml(p.name).replace(/\n/g, '<br>'); } },
      data: data,
    };
  }

  /** The hover text of each month with event lines (eventMarks): date -> "code label: text" lines. */
  function eventTexts(events, dates) {
    const byDate = new Map();
    for (const m of eventMarks(events, dates)) {
      const line = m.code + ' ' + m.label + ': ' + m.text;
      byDate.set(m.date, byDate.has(m.date) ? byDate.get(m.date) + '\n' + line : line);
    }
    return byDate;
  }

  /**
   * The axis tooltip of a chart whose event lines lie in a layer of their own (eventLayerOption,
   * which takes no pointer events): the month, each series' value, and the texts of the events
   * of that month, which the lines themselves show on hover in the report.
   */
  function axisTipWithEvents(texts) {
    return function (params) {
      const ps = Array.isArray(params) ? params : [params];
      if (!ps.length) return '';
      let html = escapeHtml(ps[0].axisValueLabel || ps[0].axisValue);
      for (const p of ps) html += '<br>' + p.marker + escapeHtml(p.seriesName) + ' <b>' + short(p.value) + '</b>';
      const ev = texts.get(ps[0].axisValue);
      if (ev) html += '<span class="tip-events" style="display: block; max-width: 320px; white-space: normal; ' +
                      'margin-top: 3px; font-size: 12px">' + escapeHtml(ev).replace(/\n/g, '<br>') + '</span>';
      return html;
    };
  }

  function escapeHtml(t) {
    return String(t).replace(/[<>&]/g, function (c) { return { '<': '&lt;', '>': '&gt;', '&': '&amp;' }[c]; });
  }

  /**
   * The colour key of the event lines as an HTML list in `el`: a swatch of the kind's colour,
   * the code, the date and the text of each event drawn as a line.
   */
  function eventKey(el, events, dates) {
    el.textContent = '';
    for (const m of eventMarks(events, dates)) {
      const li = document.createElement('li');
      li.className = 'event-key';
      li.dataset.code = m.code;
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.borderColor = m.color;
      const code = document.createElement('b');
      code.textContent = m.code;
      code.style.color = m.color;
      li.append(sw, code, ' ' + m.date + ' ' + m.label.toLowerCase() + ': ' + m.text);
      el.appendChild(li);
    }
  }

  /** Legend rows a plain legend of these names needs in a chart `width` pixels wide (12 px font). */
  function legendRows(names, width) {
    let rows = 1, x = 0;
    const avail = Math.max(100, width - 20);
    for (const n of names) {
      const w = 25 + 5 + 6.6 * String(n).length + 10;  // icon, gap, text (about 6.6 px a character), item gap
      if (x > 0 && x + w > avail) { rows++; x = 0; }
      x += w;
    }
    return rows;
  }

  /**
   * A visible mark when the y axis does not start at zero: a broken-axis zigzag at the foot of
   * the axis and a note "y axis from X, not 0" (a graphic named "axis-not-zero"); removed
   * when the axis includes zero. Call after each setOption that changes the data.
   */
  function markAxisStart(chart) {
    const axis = chart.getModel().getComponent('yAxis', 0);
    const grid = chart.getModel().getComponent('grid', 0);
    if (!axis || !grid) return null;
    const ext = axis.axis.scale.getExtent();
    const rect = grid.coordinateSystem.getRect();
    const off = ext[0] > 0 || ext[1] < 0;
    if (!off) {
      if (chart.lightindAxisMark)  // (removing a graphic that was never added throws in ECharts)
        chart.setOption({ graphic: [{ id: 'axis-not-zero', $action: 'remove' }, { id: 'axis-not-zero-note', $action: 'remove' }] });
      chart.lightindAxisMark = null;
      chart.lightindAxisWhere = null;
      return null;
    }
    const x = rect.x, y = rect.y + rect.height;
    const startText = ext[0] > 0 ? 'y axis starts at ' + short(ext[0]) + ', not 0' : 'y axis ends at ' + short(ext[1]) + ', below 0';
    const where = startText + '@' + x + ',' + y;
    if (chart.lightindAxisWhere === where) return startText;  // drawn already (the page redraws often)
    chart.lightindAxisWhere = where;
    chart.setOption({ graphic: [
      { id: 'axis-not-zero', type: 'polyline', z: 100, silent: true,
        shape: { points: ext[0] > 0 ? [[x - 6, y - 4], [x - 2, y - 9], [x + 2, y - 3], [x + 6, y - 8]]
                                    : [[x - 6, rect.y + 8], [x - 2, rect.y + 3], [x + 2, rect.y + 9], [x + 6, rect.y + 4]] },
        style: { stroke: '#b22222', lineWidth: 1.5, fill: null } },
      { id: 'axis-not-zero-note', type: 'text', z: 100, silent: true, right: 16, top: 24,
        style: { text: startText, fill: '#b22222', fontSize: 10 } },
    ] });
    chart.lightindAxisMark = startText;
    return startText;
  }

  /**
   * A line chart of one indicator.
   * spec: { indicator, dates, lines: [{name, values, color, dashed, width}],
   *         bands: [{name, p5, p25, p50, p75, p95, color}], events, animation }
   */
  // The plot's top when it has event lines (grid.top) and the least y of a tooltip there: below
  // the strip where the event codes are printed at the lines' tops (about 30 px).
  const EVENTS_TOP = 62, TOOLTIP_TOP = EVENTS_TOP + 34;

  function lineOption(spec) {
    const series = [];
    (spec.bands || []).forEach(function (b, i) {
      const color = b.color || BAND_PALETTE[i % BAND_PALETTE.length];
      const diff = function (hi, lo) {
        return hi.map(function (h, k) {
          return h === null || lo[k] === null ? null : h - lo[k];
        });
      };
      const stackOuter = 'outer' + i, stackInner = 'inner' + i;
      series.push({ name: b.name + ' p5', type: 'line', data: b.p5, stack: stackOuter, stackStrategy: 'all', symbol: 'none',
                    lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true });
      series.push({ name: b.name + ' p5-p95', type: 'line', data: diff(b.p95, b.p5), stack: stackOuter, stackStrategy: 'all', symbol: 'none',
                    lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 }, itemStyle: { color: color, opacity: 0.3 },
                    silent: true });
      series.push({ name: b.name + ' p25', type: 'line', data: b.p25, stack: stackInner, stackStrategy: 'all', symbol: 'none',
                    lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true });
      series.push({ name: b.name + ' p25-p75', type: 'line', data: diff(b.p75, b.p25), stack: stackInner, stackStrategy: 'all',
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
      if (i === 0 && spec.events && !spec.eventLayer) s.markLine = markLines(spec.events, spec.dates);
      series.push(s);
    });
    const legendNames = lineLegend(spec);
    const hasEvents = spec.events && spec.events.length;
    const tooltip = { trigger: 'axis', valueFormatter: short, confine: true,
                 position: function (pt, params, dom, rect, size) {
                   const w = size.contentSize[0], h = size.contentSize[1], vw = size.viewSize[0], vh = size.viewSize[1];
                   const x = pt[0] + 14 + w > vw ? Math.max(0, pt[0] - 14 - w) : pt[0] + 14;
                   const y = Math.min(Math.max(hasEvents ? TOOLTIP_TOP : 50, pt[1] - h / 2), Math.max(0, vh - h));
                   return [x, y];
                 } };
    if (spec.eventLayer && hasEvents) tooltip.formatter = axisTipWithEvents(eventTexts(spec.events, spec.dates));
    return {
      animation: spec.animation !== false,
      title: { text: label(spec.indicator), subtext: unit(spec.indicator), left: 8, top: 2,
               textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
      grid: lineGrid(spec, legendNames),
      legend: { type: 'plain', bottom: 2, left: 8, right: 8, itemGap: 10, itemWidth: 20, itemHeight: 10,
                textStyle: { fontSize: 11 }, data: legendNames },
      // Tooltips stay below the strip of event labels at the top of the plot (grid.top).
      tooltip: tooltip,
      xAxis: { type: 'category', data: spec.dates, boundaryGap: false, axisLabel: yearTicks(spec.dates),
               axisTick: { interval: yearTicks(spec.dates).interval } },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: short } },
      series: series,
    };
  }

  /** The legend's entries of a line chart: the runs first, then the bands' shaded parts and medians. */
  function lineLegend(spec) {
    const names = spec.lines.map(function (l) { return l.name; });
    for (const b of spec.bands || []) names.push(b.name + ' p5-p95', b.name + ' p25-p75', b.name + ' median');
    return names;
  }

  /** The plot's place in a line chart. A plain legend (every entry shown, wrapped over as many
   *  rows as it needs) lies below the plot, whose bottom margin grows with the rows, so no entry
   *  is cut or paged; the top leaves room for the event labels when there are events. */
  function lineGrid(spec, legendNames) {
    const rows = legendRows(legendNames || lineLegend(spec), spec.width || 440);
    const hasEvents = spec.events && spec.events.length;
    return { left: 58, right: 16, top: hasEvents ? EVENTS_TOP : 50, bottom: 30 + 20 * rows };
  }

  /**
   * The event lines of a line chart (lineOption with spec.eventLayer) as a chart of their own,
   * drawn in a layer over it: the same plot area and months, no axes, legend or tooltip, one
   * empty series carrying the lines (markLines). The page keeps them apart because ECharts
   * repaints a chart's whole canvas on every data update, event lines included (about a third
   * of a redraw: bench/results/issue16-session10-vm-2026-12-06.txt, section 2); in a layer of
   * their own they are repainted only when the events change. The layer takes no pointer
   * events: the chart's axis tooltip shows the events of the month under the pointer.
   */
  function eventLayerOption(spec) {
    const marks = spec.events && spec.events.length ? markLines(spec.events, spec.dates) : null;
    if (marks) marks.silent = true;
    const hidden = { show: false };
    return {
      animation: false,
      grid: lineGrid(spec),
      xAxis: { type: 'category', data: spec.dates, boundaryGap: false, axisLabel: hidden, axisTick: hidden,
               axisLine: hidden, splitLine: hidden },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: hidden, axisTick: hidden, axisLine: hidden, splitLine: hidden },
      series: [{ name: 'events', type: 'line', data: [], silent: true, markLine: marks || { data: [] } }],
    };
  }

  function lineChart(el, spec) {
    const chart = global.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(lineOption(Object.assign({ width: el.clientWidth }, spec)));
    markAxisStart(chart);
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
        return p.data.value[0] + '<br>' + p.data.texts.map(escapeHtml).join('<br>');
      } },
      xAxis: { type: 'category', data: dates, boundaryGap: false, axisLabel: yearTicks(dates) },
      yAxis: { type: 'category', data: kinds.map(function (k) { return KINDS[k].label; }) },
      series: series,
    };
  }

  global.LightindCharts = { INDICATORS: INDICATORS, useRegistry: useRegistry, KINDS: KINDS, PALETTE: PALETTE,
                            label: label, unit: unit, eventMarks: eventMarks, eventKey: eventKey,
                            markAxisStart: markAxisStart, TOOLTIP_TOP: TOOLTIP_TOP, legendRows: legendRows, escapeHtml: escapeHtml,
                            short: short, lineOption: lineOption, lineChart: lineChart, eventsOption: eventsOption,
                            eventLayerOption: eventLayerOption, eventTexts: eventTexts };
})(window);
