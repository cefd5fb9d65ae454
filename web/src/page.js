// lightind: the interactive page of `lightind serve`. Sliders for the policy knobs and a
// separate assumptions panel; each change asks the server to re-run the scenario
// (GET /api/run?knob=value...) and redraws the charts with the baseline beside the current
// run. The settings that differ from the baseline live in the URL's query string, so a link
// reproduces the view. One request is in flight at a time; moves made meanwhile collapse
// into the latest.
(function () {
  'use strict';
  const C = window.LightindCharts;
  const data = JSON.parse(document.getElementById('lightind-data').textContent);
  C.useRegistry(data.registry);  // indicator labels and units (src/indicators/registry.cpp)
  const knobs = data.knobs;
  /**
   * A run's monthly values as the server sends them (src/serve/server.cpp values_json): each
   * indicator's values as base64 of little-endian doubles (exact, compact, nothing to parse),
   * decoded in place into arrays of numbers, null for a month without a value.
   */
  function decodeRun(run) {
    if (run.encoding !== 'float64-base64') return run;
    for (const name of Object.keys(run.values)) {
      const bin = atob(run.values[name]);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const f = new Float64Array(bytes.buffer);
      const out = new Array(f.length);
      for (let i = 0; i < f.length; i++) out[i] = Number.isNaN(f[i]) ? null : f[i];
      run.values[name] = out;
    }
    run.encoding = 'decoded';
    return run;
  }
  const base = decodeRun(data.baseline);
  const inputs = {};
  const page = { charts: [], redraws: 0, fullRedraws: 0, layerRedraws: 0, timings: [], breakdown: [], lastRun: null, error: null,
                 ready: false, requests: 0, aborted: 0 };
  window.lightindPage = page;
  page.decode = decodeRun;

  function monthIndex(text) {
    return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
  }
  function monthText(i) {
    const y = Math.floor(i / 12), m = i % 12 + 1;
    return String(y).padStart(4, '0') + '-' + String(m).padStart(2, '0');
  }
  function decimals(step) {
    const s = String(step);
    return s.indexOf('.') < 0 ? 0 : s.length - s.indexOf('.') - 1;
  }
  /** A knob's value as the URL and the server write it. */
  function valueText(k, v) {
    if (k.kind === 'month') return monthText(Math.round(v));
    if (k.kind === 'integer') return String(Math.round(v));
    return String(Number(Number(v).toFixed(Math.max(decimals(k.step), 6))));
  }
  function valueFromText(k, text) {
    return k.kind === 'month' ? monthIndex(text) : Number(text);
  }
  function currentValue(k) {
    return Number(inputs[k.name].value);
  }
  function isDefault(k, v) {
    return Math.abs(v - k.value) <= 1e-9 * Math.max(1, Math.abs(k.value));
  }
  /** The query string of the sliders' settings: knobs away from the baseline, in knob order. */
  function sliderQuery() {
    const parts = [];
    for (const k of knobs) {
      const v = currentValue(k);
      if (!isDefault(k, v)) parts.push(encodeURIComponent(k.name) + '=' + encodeURIComponent(valueText(k, v)));
    }
    return parts.join('&');
  }

  // The last slider move: the page asks the server to run the next step in that direction
  // while the user looks (GET /api/prefetch), so a slider moved step by step finds it ready.
  let lastMove = null;
  let repeating = false;  // a slider's key is held down (auto-repeat)
  function prefetchNext() {
    if (!lastMove || pending) return;
    const k = lastMove.knob, next = currentValue(k) + lastMove.dir * k.step;
    if (next < k.min - 1e-9 || next > k.max + 1e-9) return;
    const parts = [];
    for (const x of knobs) {
      const v = x === k ? next : currentValue(x);
      if (!isDefault(x, v)) parts.push(encodeURIComponent(x.name) + '=' + encodeURIComponent(valueText(x, v)));
    }
    fetch('/api/prefetch?' + parts.join('&')).catch(function () {});
  }

  // Controls.
  for (const k of knobs) {
    const box = document.createElement('div');
    box.className = 'knob' + (k.available ? '' : ' unavailable');
    const label = document.createElement('label');
    label.setAttribute('for', 'knob-' + k.name);
    const name = document.createElement('span');
    name.textContent = k.label;
    const out = document.createElement('output');
    label.append(name, out);
    const input = document.createElement('input');
    const wide = k.max - k.min > 100000;  // the seed: a number box, not a slider
    input.type = wide ? 'number' : 'range';
    input.id = 'knob-' + k.name;
    input.name = k.name;
    input.min = k.min;
    input.max = k.max;
    input.step = k.step;
    input.value = k.value;
    input.disabled = !k.available;
    // Help in plain words, visible (not a hover): what the setting is, its unit and baseline,
    // then the scenario's own source or assumption for the baseline value.
    const help = document.createElement('div');
    help.className = 'help';
    help.id = 'help-' + k.name;
    help.textContent = k.plain + ' Baseline ' + valueText(k, k.value) + (k.unit ? ' ' + k.unit : '') + '.';
    const source = document.createElement('div');
    source.className = 'source';
    source.id = 'source-' + k.name;
    source.textContent = k.source ? k.source.charAt(0).toUpperCase() + k.source.slice(1)
                                  : 'No source or assumption comment found in the scenario file.';
    source.title = (k.source || '') + (k.source_key ? ' (' + k.source_key + ')' : '') + '\nSets: ' + k.help;
    box.append(label, input, help, source);
    document.getElementById(k.group === 'policy' ? 'policy' : 'assumptions').appendChild(box);
    inputs[k.name] = input;
    const show = function () {
      out.textContent = valueText(k, currentValue(k));
      box.classList.toggle('changed', !isDefault(k, currentValue(k)));
    };
    show();
    let previous = currentValue(k);
    input.addEventListener('input', function () {
      show();
      const v = currentValue(k);
      lastMove = v === previous ? null : { knob: k, dir: v > previous ? 1 : -1 };
      previous = v;
      schedule(sliderQuery(), performance.now());
    });
    // A key held down repeats: its moves are answered in turn, like a drag's, and the key's
    // release counts as the slider's (`change` comes with every repeated press).
    input.addEventListener('keydown', function (e) { repeating = e.repeat; });
    input.addEventListener('keyup', function () {
      if (!repeating) return;
      repeating = false;
      release();
    });
    input.addEventListener('change', function () { if (!repeating) release(); });
    input._show = show;
  }

  function setSliders(settings) {
    for (const k of knobs) {
      if (settings[k.name] === undefined) continue;
      inputs[k.name].value = valueFromText(k, settings[k.name]);
      inputs[k.name]._show();
    }
    if (knobs.some(function (k) { return k.group !== 'policy' && !isDefault(k, currentValue(k)); }))
      document.getElementById('assumptions-box').open = true;
  }

  // Charts: baseline (grey, dashed) and current run. The charts on screen are redrawn as
  // soon as a run arrives, the others in the frame after.
  const grid = document.getElementById('chart-grid');
  const visible = new Set();
  const observer = new IntersectionObserver(function (entries) {
    for (const e of entries) {
      if (e.isIntersecting) visible.add(e.target.id);
      else visible.delete(e.target.id);
    }
  });
  /** What the event lines of a chart show (the events drawn as lines, C.eventMarks): a run whose
   *  lines are unchanged (most moves change only projects and visits) redraws its data only. */
  function eventsKey(run) {
    return C.eventMarks(run.events, base.dates).map(function (m) { return m.code + m.date + m.text; }).join('|');
  }
  /** Redraws one chart: only the current run's data when its event markers are unchanged; the
   *  event lines, in a layer of their own (C.eventLayerOption), only when they change. */
  function update(c, run) {
    if (c.drawn === run) return;
    const key = eventsKey(run);
    if (key === c.eventsKey) {
      c.chart.setOption({ series: [{ data: run.values[c.indicator] || [] }] });
    } else {
      const s = spec(c.indicator, run, c.box.clientWidth);
      c.chart.setOption(C.lineOption(s));
      c.layer.setOption(C.eventLayerOption(s), { notMerge: true });
      c.eventsKey = key;
      page.layerRedraws++;
    }
    C.markAxisStart(c.chart);
    c.drawn = run;
  }
  let drawToken = 0;
  function spec(name, run, width) {
    return {
      indicator: name, dates: base.dates, animation: false, events: run.events, eventLayer: true, width: width,
      lines: [{ name: 'current run', values: run.values[name] || [], color: '#1f4e9c', width: 2 },
              { name: 'baseline', values: base.values[name] || [], color: '#8a8f99', dashed: true, width: 1.5 }],
    };
  }
  for (const name of data.indicators) {
    if (!base.values[name]) continue;
    const box = document.createElement('div');
    box.className = 'chart';
    box.id = 'chart-' + name;
    grid.appendChild(box);
    const chart = window.echarts.init(box);
    const s = spec(name, base, box.clientWidth);
    chart.setOption(C.lineOption(s));
    C.markAxisStart(chart);
    // The event lines: a chart of their own in a layer over the plot (no pointer events).
    const layerBox = document.createElement('div');
    layerBox.className = 'event-layer';
    box.appendChild(layerBox);
    const layer = window.echarts.init(layerBox);
    layer.setOption(C.eventLayerOption(s));
    page.charts.push({ indicator: name, chart: chart, layer: layer, box: box, eventsKey: eventsKey(base), drawn: base });
    observer.observe(box);
  }
  window.addEventListener('resize', function () {
    for (const c of page.charts) {
      c.chart.resize();
      c.layer.resize();
    }
  });

  function annualMean(values, dates, year) {
    let s = 0, n = 0;
    dates.forEach(function (d, i) {
      if (d.startsWith(String(year)) && values[i] !== null) { s += values[i]; n++; }
    });
    return n ? s / n : null;
  }
  function summary(run) {
    const t = document.getElementById('summary');
    t.textContent = '';
    const year = Number(base.dates[base.dates.length - 1].slice(0, 4));
    const head = document.createElement('tr');
    for (const h of ['mean ' + year, 'baseline', 'current', 'change']) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    t.appendChild(head);
    for (const name of data.indicators) {
      if (!base.values[name]) continue;
      const b = annualMean(base.values[name], base.dates, year), c = annualMean(run.values[name] || [], base.dates, year);
      const tr = document.createElement('tr');
      const change = b && c !== null ? (c - b) / Math.abs(b) * 100 : null;
      const cells = [C.label(name), C.short(b), C.short(c), change === null ? '-' : (change >= 0 ? '+' : '') + change.toFixed(1) + ' %'];
      cells.forEach(function (text, i) {
        const td = document.createElement('td');
        td.textContent = text;
        if (i > 0) td.className = 'num';
        tr.appendChild(td);
      });
      t.appendChild(tr);
    }
  }

  // Headline numbers above the charts: the last year's means of the first four indicators,
  // baseline, current and difference, coloured better/worse by the registry's direction.
  function headline(run) {
    const box = document.getElementById('headline');
    box.textContent = '';
    const year = Number(base.dates[base.dates.length - 1].slice(0, 4));
    for (const name of data.indicators.filter(function (n) { return base.values[n]; }).slice(0, 4)) {
      const b = annualMean(base.values[name], base.dates, year), c = annualMean(run.values[name] || [], base.dates, year);
      const card = document.createElement('div');
      card.className = 'card';
      card.dataset.indicator = name;
      const h = document.createElement('h3');
      h.textContent = C.label(name) + ', ' + year + ' ';
      const u = document.createElement('span');
      u.className = 'unit';
      u.textContent = C.unit(name);
      h.appendChild(u);
      const t = document.createElement('table');
      const d = b !== null && c !== null ? c - b : null;
      const dir = (C.INDICATORS[name] || {}).direction;
      const verdict = d === null || d === 0 ? 'same' : dir === 'higher' ? (d > 0 ? 'better' : 'worse')
        : dir === 'lower' ? (d < 0 ? 'better' : 'worse') : 'changed';
      const rel = d !== null && b ? ' (' + (d >= 0 ? '+' : '') + (d / Math.abs(b) * 100).toFixed(1) + ' %)' : '';
      [['baseline', C.short(b), ''], ['current', C.short(c), ''],
       ['difference', d === null ? '-' : (d > 0 ? '+' : '') + C.short(d) + rel, verdict]].forEach(function (r) {
        const tr = document.createElement('tr');
        tr.className = 'hl-' + r[0];
        const th = document.createElement('td');
        th.textContent = r[0];
        const td = document.createElement('td');
        td.className = 'num ' + r[2];
        td.textContent = r[1];
        tr.append(th, td);
        t.appendChild(tr);
      });
      card.append(h, t);
      box.appendChild(card);
    }
  }

  /** The list of the scenario keys the current settings override (`--set key=value`). */
  function overridden(run) {
    const list = document.getElementById('sets');
    list.textContent = '';
    for (const s of run.sets || []) {
      const li = document.createElement('li');
      li.textContent = s;
      list.appendChild(li);
    }
    const n = (run.sets || []).length;
    document.getElementById('sets-summary').textContent = n ? n + ' scenario key' + (n === 1 ? '' : 's') +
      ' overridden (show)' : 'Baseline settings: no scenario key overridden';
  }

  function draw(run, keepUrl) {
    for (const c of page.charts)
      if (visible.has(c.box.id)) update(c, run);
    const token = ++drawToken;
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (token !== drawToken) return;  // a newer run redraws them
        for (const c of page.charts) update(c, run);
        page.fullRedraws++;
      }, 0);
    });
    summary(run);
    headline(run);
    overridden(run);
    C.eventKey(document.getElementById('event-key'), run.events, base.dates);
    if (keepUrl) return;
    const q = run.query;
    history.replaceState(null, '', q ? '?' + q : location.pathname);
    document.getElementById('download').href = '/api/run.csv' + (q ? '?' + q : '');
    document.getElementById('download-settings').href = '/api/run.settings.csv' + (q ? '?' + q : '');
    document.getElementById('permalink').href = q ? '?' + q : location.pathname;
    page.lastRun = run;
    page.redraws++;
    scheduleExplain();
  }

  // The explain panel: for the current settings against the baseline, the Shapley
  // contributions of the knobs that differ to the difference in an indicator's mean over a
  // year (GET /api/explain, computed by the server in the background from page runs). It is
  // asked for once the sliders have rested EXPLAIN_REST ms, and never delays their answers.
  const EXPLAIN_REST = 800;
  const ex = { timer: null, ctrl: null };
  const exIndicator = document.getElementById('explain-indicator');
  const exYear = document.getElementById('explain-year');
  page.explain = null;
  page.explainRequests = 0;
  for (const name of data.indicators.filter(function (n) { return base.values[n]; })) {
    const o = document.createElement('option');
    o.value = name;
    o.textContent = C.label(name);
    exIndicator.appendChild(o);
  }
  exIndicator.value = base.values.living_standard_index ? 'living_standard_index' : exIndicator.options[0].value;
  const years = Array.from(new Set(base.dates.map(function (d) { return d.slice(0, 4); })));
  for (const y of years) {
    const o = document.createElement('option');
    o.value = y;
    o.textContent = y;
    exYear.appendChild(o);
  }
  exYear.value = years.includes('2019') ? '2019' : years[Math.floor(years.length / 2)];
  exIndicator.addEventListener('change', function () { scheduleExplain(0); });
  exYear.addEventListener('change', function () { scheduleExplain(0); });

  function scheduleExplain(wait) {
    clearTimeout(ex.timer);
    if (ex.ctrl) ex.ctrl.abort();
    ex.timer = setTimeout(requestExplain, wait === undefined ? EXPLAIN_REST : wait);
  }
  function explainStatus(text, cls) {
    const el = document.getElementById('explain-status');
    el.textContent = text;
    el.className = 'hint' + (cls ? ' ' + cls : '');
  }
  function requestExplain() {
    const query = page.lastRun ? page.lastRun.query : '';
    const table = document.getElementById('explain-table');
    if (!query) {
      table.textContent = '';
      document.getElementById('explain-note').textContent = '';
      explainStatus('At the baseline settings nothing differs: move a knob to see what its change contributes.');
      page.explain = { query: '', contributions: [] };
      return;
    }
    ex.ctrl = new AbortController();
    page.explainRequests++;
    explainStatus('Computing the contributions of the changed knobs (in the background)…');
    fetch('/api/explain?' + query + '&indicator=' + encodeURIComponent(exIndicator.value) + '&year=' + exYear.value,
          { signal: ex.ctrl.signal })
      .then(function (res) { return res.json().then(function (b) { return { status: res.status, ok: res.ok, body: b }; }); })
      .then(function (r) {
        if (r.status === 409) return;  // superseded by a newer request
        if (!r.ok) throw new Error(r.body.error || ('HTTP ' + r.status));
        if (!page.lastRun || r.body.query !== page.lastRun.query) return;
        renderExplain(r.body);
      })
      .catch(function (e) {
        if (e.name !== 'AbortError') explainStatus(e.message, 'worse');
      });
  }
  function fmt(v) {
    return (v > 0 ? '+' : '') + C.short(v);
  }
  function renderExplain(x) {
    const table = document.getElementById('explain-table');
    table.textContent = '';
    const head = document.createElement('tr');
    const cols = ['knob', 'baseline \u2192 current', 'contribution (' + x.unit + ')', 'share'];
    if (!x.exact) cols.push('\u00b1 std. error');
    for (const h of cols) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    table.appendChild(head);
    const biggest = Math.max.apply(null, x.contributions.map(function (c) { return Math.abs(c.contribution); }).concat([1e-300]));
    const dir = (C.INDICATORS[x.indicator] || {}).direction;
    const verdict = function (d) {
      return d === 0 ? 'same' : dir === 'higher' ? (d > 0 ? 'better' : 'worse') : dir === 'lower' ? (d < 0 ? 'better' : 'worse') : 'changed';
    };
    const row = function (cells, cls) {
      const tr = document.createElement('tr');
      if (cls) tr.className = cls;
      cells.forEach(function (c, i) {
        const td = document.createElement('td');
        if (c instanceof Node) td.appendChild(c);
        else td.textContent = c;
        if (i >= 2) td.className = 'num';
        tr.appendChild(td);
      });
      table.appendChild(tr);
      return tr;
    };
    for (const c of x.contributions) {
      const bar = document.createElement('span');
      bar.className = 'bar ' + verdict(c.contribution);
      bar.style.width = Math.round(60 * Math.abs(c.contribution) / biggest) + 'px';
      const value = document.createElement('span');
      value.className = 'value ' + verdict(c.contribution);
      value.textContent = fmt(c.contribution);
      const cell = document.createElement('span');
      cell.append(bar, value);
      const cells = [c.label, c.baseline + ' \u2192 ' + c.value + (c.unit ? ' ' + c.unit : ''), cell,
                     x.total ? (100 * c.contribution / x.total).toFixed(0) + ' %' : '-'];
      if (!x.exact) cells.push('\u00b1' + C.short(c.std_error));
      const tr = row(cells, 'contribution');
      tr.dataset.knob = c.knob;
      tr.dataset.contribution = String(c.contribution);
    }
    const sumCells = ['sum of contributions', '', fmt(x.sum), x.total ? (100 * x.sum / x.total).toFixed(0) + ' %' : '-'];
    if (!x.exact) sumCells.push('\u00b1' + C.short(x.std_error));
    row(sumCells, 'sum');
    const totalCells = ['difference: current \u2212 baseline', C.short(x.baseline) + ' \u2192 ' + C.short(x.current),
                        fmt(x.total), '100 %'];
    if (!x.exact) totalCells.push('');
    const total = row(totalCells, 'total ' + verdict(x.total));
    total.dataset.total = String(x.total);
    explainStatus(x.label + ' (' + x.unit + '), mean over ' + x.year + ': what each changed knob contributes to the ' +
                  'difference from the baseline.');
    document.getElementById('explain-note').textContent = x.exact
      ? 'Exact Shapley values over ' + x.contributions.length + ' knob' + (x.contributions.length === 1 ? '' : 's') +
        ' (' + x.runs + ' runs with every combination of the changes, seed ' + x.seed + ' in all): the contributions ' +
        'add up to the difference (sampling error 0; within ' + C.short(Math.abs(x.sum - x.total)) + ' in floating point).'
      : 'Sampled Shapley values over ' + x.contributions.length + ' knobs: ' + x.orderings + ' orderings in antithetic ' +
        'pairs, ' + x.runs + ' runs, seed ' + x.seed + ' in all. Each contribution \u00b1 its standard error (all ' +
        'together \u00b1' + C.short(x.std_error) + '); they add up to the difference exactly.';
    page.explain = x;
  }

  // Requests: at most one in flight; the latest move wins.
  let inFlight = null;  // the job whose request is in flight
  let pending = null;
  const status = document.getElementById('status');
  function schedule(query, t0) {
    pending = { query: query, t0: t0 };
    if (!inFlight) pump();
  }
  // The slider let go (its `change` event: the mouse released, a key pressed) while the run
  // of one of its earlier positions is still on the server: that answer is no longer wanted.
  // Its request is aborted, which closes its connection, and the server stops a run nobody
  // waits for between two months (docs/PAGE.md), so the run for where the slider rests starts
  // at once and has the cores to itself. Moves in between are still answered in turn.
  function release() {
    if (!inFlight || inFlight.answered || !pending || pending.query === inFlight.query) return;
    inFlight.ctrl.abort();
    page.aborted++;
  }
  function pump() {
    if (!pending) return;
    const job = pending;
    pending = null;
    job.ctrl = new AbortController();
    inFlight = job;
    page.requests++;
    fetch('/api/run' + (job.query ? '?' + job.query : ''), { signal: job.ctrl.signal })
      .then(function (res) {
        job.answered = true;  // the run is done (and cached): its answer is read
        return res.json().then(function (body) {
          return { ok: res.ok, status: res.status, body: body, cached: res.headers.get('X-Lightind-Cached') === '1' };
        });
      })
      .then(function (r) {
        // The slider moved on while this run was on the server: the next position's request
        // goes out now, so that its run overlaps the drawing of this answer.
        if (pending) {
          inFlight = null;
          pump();
        }
        if (!r.ok) throw new Error(r.body.error || ('HTTP ' + r.status));
        const run = decodeRun(r.body);
        run.cached = r.cached;
        if (job.fromUrl) setSliders(run.settings);
        const tAnswer = performance.now();
        draw(run);
        const tDrawn = performance.now();
        requestAnimationFrame(function () {
          const at = performance.now(), ms = at - job.t0;
          page.timings.push(ms);
          // Where the time went: the server's run (load + run), the rest of the request
          // (queueing, HTTP, JSON), the redraw of the charts on screen, and the wait for the
          // next frame (the charts off screen are redrawn after it); `at`: that frame's time.
          page.breakdown.push({ total: ms, run: run.run_ms, load: run.load_ms, request: tAnswer - job.t0 - run.run_ms,
                                draw: tDrawn - tAnswer, frame: at - tDrawn, cached: run.cached,
                                resumed: run.resumed_from || '', at: at });
          page.error = null;
          status.className = 'status';
          status.textContent = (run.cached ? 'From the cache (the run took ' + Math.round(run.run_ms) + ' ms)'
                                           : 'Run ' + Math.round(run.run_ms) + ' ms on the server' +
                                             (run.resumed_from ? ' (from the economy of ' + run.resumed_from + ')' : '')) +
            '; slider to redrawn charts ' + Math.round(ms) + ' ms.';
          page.ready = true;
        });
      })
      .catch(function (e) {
        if (e.name === 'AbortError') return;  // superseded (release): the next job follows
        page.error = e.message;
        status.className = 'status error';
        status.textContent = e.message;
        page.ready = true;
      })
      .finally(function () {
        if (inFlight !== job) return;  // handed over above
        inFlight = null;
        if (pending) pump();
        // The next step's run starts once this answer is on screen and the charts off screen
        // are redrawn (draw's frame and timeout come first): on a 2-core machine a run started
        // at once took the cores from the browser's paint of the charts.
        else requestAnimationFrame(function () { setTimeout(prefetchNext, 0); });
      });
  }

  document.getElementById('reset').addEventListener('click', function () {
    setSliders(Object.fromEntries(knobs.map(function (k) { return [k.name, k.text]; })));
    schedule('', performance.now());
  });

  document.getElementById('meta').textContent = data.title + ' (' + data.file + '). ' +
    'The baseline is the scenario as written; move a knob to re-run it.';
  // The view in the URL: ask the server (it validates) and set the sliders from its answer.
  const initial = location.search.replace(/^\?/, '');
  summary(base);
  headline(base);
  if (initial) {
    pending = { query: initial, t0: performance.now(), fromUrl: true };
    pump();
  } else {
    draw(Object.assign({ query: '', sets: [] }, base));
    page.ready = true;
  }
})();
