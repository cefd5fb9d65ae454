// lightind: the self-contained report. Reads the data inlined by `lightind report` and draws
// one chart per headline indicator (runs overlaid, Monte Carlo bands, event markers), the
// events timeline, and the comparison, calibration, out-of-sample and parameter tables.
(function () {
  'use strict';
  const C = window.LightindCharts;
  const data = JSON.parse(document.getElementById('lightind-data').textContent);
  C.useRegistry(data.registry);  // indicator labels and units (src/indicators/registry.cpp)
  const charts = [];

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function row(table, cells, header) {
    const tr = el('tr');
    for (const c of cells) {
      const td = el(header ? 'th' : 'td', c && c.cls ? { class: c.cls } : {}, c && c.text !== undefined ? c.text : c);
      tr.appendChild(td);
    }
    table.appendChild(tr);
    return tr;
  }

  // Header.
  document.getElementById('meta').textContent =
    data.runs.map(function (r) { return r.name + (r.settings ? ' [' + r.settings + ']' : '') + ' (seed ' + r.seed + ')'; })
      .join(' · ') + (data.bands.length ? ' · bands: ' + Array.from(new Set(data.bands.map(function (b) {
        return b.setting;
      }))).join(', ') : '');
  for (const n of data.notes || []) document.getElementById('notes').appendChild(el('li', {}, n));
  document.getElementById('footer').textContent = 'Made by ' + data.version + ' with ' + data.charts_library +
    '. Self-contained: opens without a network.';

  // Findings: headline differences, calibration stated plainly, attribution.
  const fb = document.getElementById('findings-body');
  const F = data.findings || { headline: [], calibration: null, explain: [] };
  function signed(v) {
    return (v > 0 ? '+' : '') + C.short(v);
  }
  if (F.headline.length) {
    for (const h of F.headline) {
      fb.appendChild(el('h3', {}, h.run + ' against ' + h.reference + ', ' + h.year + ' (annual means)'));
      fb.appendChild(el('p', { class: 'hint' }, 'Of the headline indicators with a direction, ' + h.better +
        ' are better and ' + h.worse + ' worse than in ' + h.reference + '. The largest relative differences:'));
      const ul = el('ul', { class: 'findings headline-diffs' });
      for (const r of h.largest) {
        const li = el('li', { 'data-indicator': r.indicator, 'data-verdict': r.verdict });
        li.appendChild(el('span', {}, r.label + ': ' + C.short(r.reference) + ' → ' + C.short(r.value) +
          (r.unit ? ' ' + r.unit : '') + ', ' + signed(r.difference) +
          (r.percent !== null ? ' (' + (r.percent > 0 ? '+' : '') + r.percent.toFixed(1) + ' %)' : '') + ' '));
        li.appendChild(el('span', { class: r.verdict }, r.verdict === 'changed' ? '(neither better nor worse)' : r.verdict));
        ul.appendChild(li);
      }
      fb.appendChild(ul);
    }
  } else {
    fb.appendChild(el('p', { class: 'hint' }, 'One run only: no counterfactual to compare with the reference.'));
  }
  const calText = el('p', { id: 'calibration-finding', class: 'findings' });
  if (data.calibration) {
    const parts = [];
    for (const s of data.calibration.summary) {
      const what = s.class === 'finding' ? 'findings' : 'checks of inputs';
      parts.push(s.passed + ' of ' + s.total + ' ' + what + ' hold' +
                 (s.failed.length ? ' (' + s.failed.join(', ') + ' fail' + (s.failed.length === 1 ? 's' : '') + ')' : ''));
    }
    calText.textContent = 'Calibration of ' + data.calibration.run + ': ' + parts.join('; ') +
      (data.calibration.comparisons ? '; ' + data.calibration.comparisons +
       ' comparison' + (data.calibration.comparisons === 1 ? '' : 's') + ' with published figures, reported but not judged' : '') +
      '. Details in the calibration section.';
  } else {
    calText.textContent = 'No calibration targets for these runs.';
  }
  fb.appendChild(calText);
  // Attribution: `lightind explain`'s explain.csv (setting,contribution,...) when an input has one.
  const ex = el('div', { id: 'explain-body' });
  if (F.explain.length) {
    for (const e of F.explain) {
      ex.appendChild(el('h3', {}, 'Why the runs differ: contributions of the settings (' + e.source + ')'));
      // `lightind explain`'s explain.csv: setting,contribution,std_error,share,value_a,value_b,
      // indicator,unit,year, then (sum) and (difference) rows.
      const col = function (name) { return e.columns.indexOf(name); };
      const diff = e.rows.find(function (r) { return r[0] === '(difference)'; });
      const sum = e.rows.find(function (r) { return r[0] === '(sum)'; });
      if (diff && col('indicator') >= 0) {
        const r0 = e.rows[0];
        ex.appendChild(el('p', { class: 'findings explain-sentence' },
          C.label(r0[col('indicator')]) + ' in ' + r0[col('year')] + ': ' + C.short(Number(diff[col('value_a')])) + ' → ' +
          C.short(Number(diff[col('value_b')])) + ' ' + r0[col('unit')] + ', a difference of ' +
          C.short(Number(diff[col('contribution')])) + '; the contributions of the settings below add up to ' +
          (sum ? C.short(Number(sum[col('contribution')])) : 'it') +
          ' (Shapley values: each setting\'s average effect over the orders in which the settings can be switched on).'));
      }
      const t = el('table', { class: 'data explain-table' });
      row(t, e.columns, true);
      for (const r of e.rows) row(t, r.map(function (v, i) { return i > 0 && isFinite(Number(v)) && v !== '' ? { text: v, cls: 'num' } : v; }));
      ex.appendChild(t);
    }
  } else {
    ex.appendChild(el('p', { class: 'hint' }, 'Attribution: none among the inputs (give the report an explain.csv ' +
                                              'of `lightind explain`, or a folder holding one).'));
  }
  fb.appendChild(ex);

  // The colour key of the event lines.
  C.eventKey(document.getElementById('event-key'), data.events, data.dates);

  // One chart per indicator.
  const grid = document.getElementById('chart-grid');
  data.indicators.forEach(function (name) {
    const box = el('div', { class: 'chart', id: 'chart-' + name, 'data-indicator': name });
    grid.appendChild(box);
    const lines = data.runs.filter(function (r) { return r.values[name]; }).map(function (r, i) {
      return { name: r.name, values: r.values[name], width: i === 0 ? 2.5 : 1.5 };
    });
    const bands = data.bands.filter(function (b) { return b.indicator === name; }).map(function (b) {
      return { name: b.setting || 'bands', p5: b.p5, p25: b.p25, p50: b.p50, p75: b.p75, p95: b.p95 };
    });
    const chart = C.lineChart(box, { indicator: name, dates: data.dates, lines: lines, bands: bands,
                                     events: data.events });
    charts.push({ id: box.id, indicator: name, chart: chart });
  });

  // Events.
  const evBox = document.getElementById('events-chart');
  if (data.events.length) {
    const evChart = window.echarts.init(evBox);
    evChart.setOption(C.eventsOption(data.dates, data.events));
    charts.push({ id: 'events-chart', indicator: null, chart: evChart });
    const t = document.getElementById('events-table');
    row(t, ['date', 'kind', 'subject', 'what'], true);
    for (const e of data.events) row(t, [e.date, e.kind, e.subject, e.text]);
  } else {
    evBox.replaceWith(el('p', { class: 'hint' }, 'No events in the inputs (series.csv carries none; results.sqlite does).'));
  }

  // Comparison table: rows indicator x year, a unit column, a column per run (full names);
  // differences coloured better/worse by the registry's direction, zeros neutral.
  const cmp = document.getElementById('compare-table');
  if (data.compare.length) {
    const runs = data.runs.map(function (r) { return r.name; });
    row(cmp, ['indicator', 'unit', 'year'].concat(runs), true);
    const cells = new Map();
    for (const c of data.compare) cells.set(c.indicator + '|' + c.year + '|' + c.scenario, c);
    const keys = [];
    for (const c of data.compare) {
      const k = c.indicator + '|' + c.year;
      if (keys.indexOf(k) < 0) keys.push(k);
    }
    for (const k of keys) {
      const parts = k.split('|');
      const tr = row(cmp, [C.label(parts[0]), C.unit(parts[0]), parts[1]]);
      tr.dataset.indicator = parts[0];
      const first = cells.get(k + '|' + runs[0]);
      runs.forEach(function (r, i) {
        const c = cells.get(k + '|' + r);
        const td = el('td', { class: 'num' });
        td.textContent = c ? C.short(c.value) : '-';
        if (i > 0 && c && c.difference !== null) {
          const rel = first && first.value ? ', ' + (c.difference / Math.abs(first.value) * 100 >= 0 ? '+' : '') +
            (c.difference / Math.abs(first.value) * 100).toFixed(1) + ' %' : '';
          const d = el('span', { class: 'diff-' + c.verdict + ' ' + c.verdict, 'data-verdict': c.verdict },
                       ' (' + (c.difference > 0 ? '+' : '') + C.short(c.difference) + rel + ')');
          td.appendChild(d);
        }
        tr.appendChild(td);
      });
    }
  }

  // Calibration.
  const cal = document.getElementById('calibration-body');
  if (data.calibration) {
    cal.appendChild(el('p', { class: 'hint' }, data.calibration.run + ' against ' + data.calibration.targets_file + '. ' +
      'Classes: finding (a result that must emerge from the model), input-check (restates an input), ' +
      'comparison (beside a published figure; neither passed nor failed).'));
    const t = el('table', { class: 'data', id: 'calibration-table' });
    row(t, ['target', 'class', 'what it says', 'kind', 'model', 'target value', 'result', 'source'], true);
    for (const r of data.calibration.rows)
      row(t, [r.id, r['class'], r.text + (r.note ? ' (' + r.note + ')' : ''), r.kind, { text: r.model, cls: 'num' },
              { text: r.target, cls: 'num' },
              r.pass === null ? { text: 'reported', cls: 'neutral' } : { text: r.pass ? 'pass' : 'FAIL', cls: r.pass ? 'pass' : 'fail' },
              r.source]);
    cal.appendChild(t);
  } else {
    cal.appendChild(el('p', { class: 'hint' }, 'No calibration targets for these runs.'));
  }

  // Fit: `lightind fit`'s folder (moments.csv, uncertainty.csv, fitted.toml): model against data
  // moments in units of each moment's standard error, and the parameter table.
  const fitBody = document.getElementById('fit-body');
  const fits = data.fit || [];
  const num = function (v) { return v === null || v === undefined ? '-' : C.short(v); };
  for (const f of fits) {
    const k = f.band_sd;
    fitBody.appendChild(el('p', { class: 'hint' }, f.source + (f.command ? ': ' + f.command : '') +
      (f.distance !== null ? '. Distance at the estimate ' + f.distance.toPrecision(6) : '') +
      (f.moments_distance !== null ? ' (sum of the weighted squared errors below: ' + f.moments_distance.toPrecision(6) + ')' : '') +
      '. Simulated method of moments, weights 1/se² (docs/FIT.md).'));
    if (f.moments.length) {
      fitBody.appendChild(el('p', { class: 'hint' }, 'Each moment: the model\'s mean over seeds minus the data, in units ' +
        'of the data\'s standard error (dot); whisker: the model ± ' + k + ' standard deviations over seeds (seed noise); ' +
        'shaded: the data ± 1 se, lines at ± 2 se.'));
      const box = el('div', { class: 'chart fit-moments', id: 'fit-moments-' + fitBody.querySelectorAll('.fit-moments').length });
      box.style.height = Math.max(220, 70 + 24 * f.moments.length) + 'px';
      fitBody.appendChild(box);
      const ids = f.moments.map(function (m) { return m.id; });
      // The axis holds every dot and whisker and the ± 2 se lines (marks do not widen an axis).
      let lo = -2.5, hi = 2.5;
      for (const m of f.moments)
        for (const v of [m.z, m.z_lo, m.z_hi]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const chart = window.echarts.init(box);
      chart.setOption({
        animation: false,
        grid: { left: 190, right: 30, top: 30, bottom: 40 },
        tooltip: { trigger: 'item', confine: true, formatter: function (p) {
          const m = f.moments[p.dataIndex];
          return m ? m.id + '<br>data ' + num(m.data) + ' ± ' + num(m.se) + ' (se)<br>model ' + num(m.model) + ' ± ' +
            num(m.model_sd) + ' (sd over seeds)<br>(model − data) / se ' + (m.z === null ? '-' : m.z.toFixed(2)) : '';
        } },
        xAxis: { type: 'value', name: '(model − data) / se', nameLocation: 'middle', nameGap: 26,
                 min: Math.floor(lo - 0.25), max: Math.ceil(hi + 0.25) },
        yAxis: { type: 'category', data: ids, inverse: true, axisLabel: { fontSize: 11 } },
        series: [{
          name: 'model', type: 'scatter', symbolSize: 9, itemStyle: { color: '#1f4e9c' },
          data: f.moments.map(function (m, i) { return [m.z, i]; }),
          markArea: { silent: true, itemStyle: { color: 'rgba(44,160,44,0.12)' }, data: [[{ xAxis: -1 }, { xAxis: 1 }]] },
          markLine: { silent: true, symbol: 'none', label: { show: false },
            data: [{ xAxis: 0, lineStyle: { color: '#2ca02c', type: 'solid' } },
                   { xAxis: -2, lineStyle: { color: '#8c8c8c', type: 'dashed' } },
                   { xAxis: 2, lineStyle: { color: '#8c8c8c', type: 'dashed' } }].concat(
              f.moments.filter(function (m) { return m.z_lo !== null; }).map(function (m) {
                const i = ids.indexOf(m.id);
                return [{ coord: [m.z_lo, i], lineStyle: { color: '#1f4e9c', width: 2, type: 'solid' } }, { coord: [m.z_hi, i] }];
              })) }
        }]
      });
      charts.push({ id: box.id, indicator: null, chart: chart });
      const mt = el('table', { class: 'data fit-moments-table' });
      row(mt, ['moment', 'data', 'se', 'model (mean over seeds)', 'sd over seeds', 'model ± ' + k + ' sd',
               '(model − data) / se', 'weighted squared error'], true);
      for (const m of f.moments) {
        const off = m.z !== null && Math.abs(m.z) > 2;
        row(mt, [m.id, { text: num(m.data), cls: 'num' }, { text: num(m.se), cls: 'num' }, { text: num(m.model), cls: 'num' },
                 { text: num(m.model_sd), cls: 'num' }, { text: num(m.model_lo) + ' to ' + num(m.model_hi), cls: 'num' },
                 { text: m.z === null ? '-' : m.z.toFixed(2), cls: 'num' + (off ? ' fail' : '') },
                 { text: num(m.weighted_sq_error), cls: 'num' }]);
      }
      fitBody.appendChild(mt);
    }
    const pt = el('table', { class: 'data fit-parameters-table' });
    row(pt, ['parameter', 'start (hand value)', 'estimate', 'se', 'identified', 'range', 'why free'], true);
    for (const q of f.parameters) {
      row(pt, [q.key, { text: num(q.start), cls: 'num' },
               { text: q.identified ? num(q.estimate) : num(q.estimate) + ' (search ended; not an estimate)', cls: 'num' + (q.identified ? '' : ' neutral') },
               { text: num(q.se), cls: 'num' },
               q.identified ? { text: 'yes', cls: 'pass' } : { text: 'no' + (q.reason ? ': ' + q.reason : ''), cls: 'fail' },
               { text: q.min === null ? '-' : num(q.min) + ' to ' + num(q.max), cls: 'num' }, q.why || '-']);
    }
    fitBody.appendChild(pt);
  }
  if (!fits.length) {
    fitBody.appendChild(el('p', { class: 'hint' }, 'No fit among the inputs (give the report the out folder of ' +
                                                   '`lightind fit`, or a fitted overlay *.fitted.toml).'));
  }

  // Out-of-sample test: `lightind validate`'s fit-validation.csv, the model beside the baselines.
  const fv = document.getElementById('fit-validation-body');
  const fvs = data.fit_validation || [];
  if (fvs.length) {
    const fmt = function (v) { return v === null ? 'n/a' : v.toFixed(2); };
    const verdict = function (b) {
      return b === null ? { text: '-', cls: 'neutral' } : { text: b ? 'beats' : 'does not', cls: b ? 'pass' : 'fail' };
    };
    for (const v of fvs) {
      fv.appendChild(el('p', { class: 'hint' }, v.source + ': RMSE of annual growth (percentage points), (n) years ' +
        'scored. The baselines forecast the held-out years from the in-sample years alone: zero growth, the last ' +
        'in-sample year\'s growth, and an AR(1) fitted by OLS on the in-sample years.'));
      const t = el('table', { class: 'data fit-validation-table' });
      row(t, ['indicator', 'model in sample', 'model out of sample', 'zero growth', 'last growth', 'AR(1)',
              'vs zero', 'vs last', 'vs AR(1)'], true);
      for (const r of v.rows)
        row(t, [r.indicator, { text: fmt(r.model_in) + ' (' + r.n_in + ')', cls: 'num' },
                { text: fmt(r.model_out) + ' (' + r.n_out + ')', cls: 'num' }, { text: fmt(r.zero_growth), cls: 'num' },
                { text: fmt(r.last_growth), cls: 'num' }, { text: fmt(r.ar1), cls: 'num' },
                verdict(r.beats.zero_growth), verdict(r.beats.last_growth), verdict(r.beats.ar1)]);
      fv.appendChild(t);
    }
  } else {
    fv.appendChild(el('p', { class: 'hint' }, 'No out-of-sample test among the inputs (give the report the ' +
                                              'fit-validation.csv of `lightind validate`, or a folder holding one).'));
  }

  // Parameters.
  const pt = document.getElementById('parameters-table');
  if (data.parameters.rows.length) {
    row(pt, ['key'].concat(data.parameters.columns), true);
    for (const r of data.parameters.rows) {
      const tr = row(pt, [r.key]);
      r.values.forEach(function (v, i) {
        const td = el('td', { class: i > 0 && v !== r.values[0] ? 'diff' : '' }, v === null ? '-' : v);
        tr.appendChild(td);
      });
    }
  } else {
    pt.replaceWith(el('p', { class: 'hint' }, 'The scenario files of these runs were not found, so their parameters are not shown.'));
  }

  window.addEventListener('resize', function () {
    for (const c of charts) c.chart.resize();
  });
  window.lightindCharts = charts;
  window.lightindReady = true;
})();
