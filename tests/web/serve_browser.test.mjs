// Browser test of `lightind serve`: moves a slider, waits for the charts to change, checks
// the new values against the server's answer, that the URL carries the setting, that
// reloading the URL shows the same run and that the CSV download is that run; measures the
// time from a slider move to the redrawn charts for the reference case.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outDir, startServer, launchBrowser, check, finish, median, decodeRun } from './util.mjs';

const dir = outDir('serve_browser');
const srv = await startServer();
const browser = await launchBrowser();
const allDrawn = (page) => page.waitForFunction(() => {
  const p = window.lightindPage;
  return p.lastRun && p.charts.every((c) => c.drawn === p.lastRun);
});
const chartData = (page, indicator) => page.evaluate((ind) => {
  const c = window.lightindPage.charts.find((x) => x.indicator === ind);
  const s = c.chart.getOption().series;
  return { current: s.find((x) => x.name === 'current run').data, baseline: s.find((x) => x.name === 'baseline').data };
}, indicator);

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(srv.url + '/');
  await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready);
  const start = await chartData(page, 'light_output_index');

  await check('the page opens on the baseline', () => {
    assert.equal(start.current.length, 168);
    assert.deepEqual(start.current, start.baseline);
    assert.equal(new URL(page.url()).search, '');
  });

  // Presses a key on a focused slider and waits for the redraw of the run whose query is
  // `want`; returns the page's timing of that redraw ({total, run, request, draw, frame, cached}).
  async function move(key, want) {
    const n = await page.evaluate(() => window.lightindPage.timings.length);
    await page.keyboard.press(key);
    await page.waitForFunction(([n, want]) => {
      const p = window.lightindPage;
      return p.timings.length > n && p.lastRun.query === want;
    }, [n, want], { timeout: 60000 });
    return page.evaluate(() => window.lightindPage.breakdown.at(-1));
  }

  // One slider step at a time (keyboard: a real move of the slider) at a human pace: the
  // page prefetches the next step while the charts are looked at.
  await page.locator('#knob-light_share').focus();
  const stepped = [];
  for (let i = 1; i <= 8; i++) {
    if (i > 1) await page.waitForTimeout(600);
    stepped.push(await move('ArrowRight', `light_share=${(0.2 + 0.01 * i).toFixed(2)}`));
  }
  await allDrawn(page);
  const moved = await chartData(page, 'light_output_index');
  const query = await page.evaluate(() => window.lightindPage.lastRun.query);

  await check('the slider moved the charts: the current run differs from the baseline', () => {
    assert.equal(query, 'light_share=0.28');
    assert.deepEqual(moved.baseline, start.baseline);
    const diff = moved.current.filter((v, i) => v !== moved.baseline[i]).length;
    assert.ok(diff > 100, `only ${diff} months differ`);
  });
  await check('the chart shows the values the server computed for that setting', async () => {
    const res = await fetch(`${srv.url}/api/run?${query}`);
    assert.equal(res.status, 200);
    const run = decodeRun(await res.json());
    assert.equal(run.dates, undefined);  // the months are the baseline's, sent once with the page
    assert.deepEqual(moved.current, run.values.light_output_index);
    assert.equal(run.settings.light_share, '0.28');
    // The whole-timeline key (one --set, as on the command line), not one key per dated event.
    assert.deepEqual(run.sets, ['policy.light_investment_share=0.28']);
    const out = await page.locator('#knob-light_share').locator('xpath=..').locator('output').textContent();
    assert.equal(out, '0.28');
  });
  await check('the URL carries the setting', () => {
    assert.equal(new URL(page.url()).search, '?light_share=0.28');
  });
  await check('reloading the URL shows the same run', async () => {
    await page.reload();
    await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready && window.lightindPage.lastRun);
    await allDrawn(page);
    const again = await chartData(page, 'light_output_index');
    assert.deepEqual(again.current, moved.current);
    assert.equal(await page.locator('#knob-light_share').inputValue(), '0.28');
    assert.equal(new URL(page.url()).search, '?light_share=0.28');
  });
  await check('the CSV download is the current run', async () => {
    const href = await page.locator('#download').getAttribute('href');
    assert.equal(href, '/api/run.csv?light_share=0.28');
    const res = await fetch(srv.url + href);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), /attachment/);
    const text = await res.text();
    const lines = text.trim().split('\n');
    assert.equal(lines[0], 'date,scenario,run,indicator,sector,region,value');
    const last = lines.find((l) => l.startsWith('2025-12,dprk-2013,20130318,light_output_index,,,'));
    assert.ok(last, 'no 2025-12 light_output_index row');
    const v = Number(last.split(',')[6]);
    assert.ok(Math.abs(v - moved.current.at(-1)) <= 1e-9 * Math.abs(v), `${v} vs ${moved.current.at(-1)}`);
  });
  await check('the settings of the download are in a side file: every knob, the seed and each override', async () => {
    const href = await page.locator('#download-settings').getAttribute('href');
    assert.equal(href, '/api/run.settings.csv?light_share=0.28');
    const res = await fetch(srv.url + href);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="dprk-2013-custom-settings.csv"/);
    const lines = (await res.text()).trim().split('\n');
    assert.equal(lines[0], 'kind,name,value,baseline');
    assert.equal(lines[1], 'scenario,file,scenarios/dprk-2013.toml,');
    assert.equal(lines[2], 'seed,seed,20130318,20130318');
    assert.ok(lines.includes('knob,light_share,0.28,0.2'));
    assert.ok(lines.includes('knob,profit_levy,0.3,0.3'));
    const run = await (await fetch(`${srv.url}/api/run?light_share=0.28`)).json();
    const sets = lines.filter((l) => l.startsWith('set,')).map((l) => l.slice(4).replace(/,$/, '').replace(',', '='));
    assert.deepEqual(sets, run.sets);
    assert.equal(run.seed, '20130318');  // text, as every seed the page and report show
  });
  await check('the overridden scenario keys are listed', async () => {
    const run = await page.evaluate(() => window.lightindPage.lastRun);
    const listed = await page.locator('#sets li').allTextContents();
    assert.deepEqual(listed, run.sets);
    assert.deepEqual(listed, ['policy.light_investment_share=0.28']);
    assert.equal(await page.locator('#sets-summary').textContent(), '1 scenario key overridden (show)');
  });
  await check('every event line on the page has a label and a key entry; legends plain', async () => {
    // The event lines lie in a layer of their own over each chart (C.eventLayerOption), with
    // the chart's plot area; the chart itself has none.
    const marks = await page.evaluate(() => window.lightindPage.charts.map((c) => {
      const o = c.chart.getOption(), l = c.layer.getOption();
      const ml = l.series.find((s) => s.markLine);
      return { legend: o.legend[0].type, labels: ml ? ml.markLine.data.map((d) => d.label.formatter) : [],
               inChart: o.series.some((s) => s.markLine && s.markLine.data && s.markLine.data.length),
               grids: [o.grid[0], l.grid[0]].map((g) => [g.left, g.right, g.top, g.bottom].join(' ')) };
    }));
    const key = await page.locator('#event-key li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
    for (const m of marks) {
      assert.equal(m.legend, 'plain');
      assert.ok(m.labels.length > 10);
      assert.equal(m.inChart, false);
      assert.equal(m.grids[0], m.grids[1]);
      for (const l of m.labels) for (const code of l.trim().split(' ')) assert.ok(key.includes(code), code);
    }
  });
  await check('the layer of event lines takes no pointer; the chart\'s tooltip shows the month\'s events', async () => {
    const got = await page.evaluate(() => {
      const C = window.LightindCharts, p = window.lightindPage, c = p.charts[0];
      const run = p.lastRun, dates = run.dates || p.charts[0].chart.getOption().xAxis[0].data;
      const m = C.eventMarks(run.events, dates)[0];
      const tip = c.chart.getOption().tooltip[0].formatter;
      const params = (d) => [{ axisValue: d, axisValueLabel: d, marker: '', seriesName: 'current run', value: 12345.6 }];
      const layerBox = c.box.querySelector('.event-layer');
      // A month without events: the next month after the last event line, if any is free.
      const marked = new Set(C.eventMarks(run.events, dates).map((e) => e.date));
      const free = dates.find((d) => !marked.has(d));
      return { pointer: getComputedStyle(layerBox).pointerEvents, text: m.code + ' ' + m.label + ': ' + m.text,
               at: tip(params(m.date)), off: tip(params(free)) };
    });
    assert.equal(got.pointer, 'none');
    assert.ok(got.at.includes('current run <b>12.3k</b>'), got.at);
    assert.ok(got.at.includes(got.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')), got.at);
    assert.ok(!got.off.includes('tip-events'), got.off);
  });
  await check('at 1400x900: each slider\'s help and source, and the headline numbers, are visible without scrolling', async () => {
    const small = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await small.goto(srv.url + '/?light_share=0.28');
    await small.waitForFunction(() => window.lightindPage && window.lightindPage.ready && window.lightindPage.lastRun);
    const seen = async (sel) => small.locator(sel).evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.id || e.dataset.indicator || e.className, text: e.textContent, top: r.top, bottom: r.bottom,
               left: r.left, right: r.right, clipped: e.scrollWidth > e.clientWidth + 1 };
    }));
    const knobs = await small.evaluate(() => JSON.parse(document.getElementById('lightind-data').textContent).knobs);
    const policy = knobs.filter((k) => k.group === 'policy');
    const helps = await seen('fieldset#policy .help');
    const sources = await seen('fieldset#policy .source');
    assert.equal(helps.length, policy.length);
    for (const [i, k] of policy.entries()) {
      assert.ok(helps[i].text.startsWith(k.plain), helps[i].text);
      assert.match(sources[i].text, /^(Source|Assumption): /, `${k.name}: ${sources[i].text}`);
      for (const b of [helps[i], sources[i]])
        assert.ok(b.top >= 0 && b.bottom <= 900 && b.right <= 1400, `${b.id} at ${b.top}-${b.bottom}`);
    }
    const cards = await seen('#headline .card');
    assert.equal(cards.length, 4);
    for (const c of cards) assert.ok(c.top >= 0 && c.bottom <= 900 && c.right <= 1400, `${c.id} at ${c.top}-${c.bottom}`);
    // baseline, current, difference of the last year's mean, from the charts' data.
    const hl = await small.evaluate(() => {
      const card = document.querySelector('#headline .card[data-indicator="light_output_index"]');
      const cell = (k) => card.querySelector('tr.hl-' + k + ' td.num');
      return { baseline: cell('baseline').textContent, current: cell('current').textContent,
               difference: cell('difference').textContent, cls: cell('difference').className };
    });
    const run = decodeRun(await (await fetch(`${srv.url}/api/run?light_share=0.28`)).json());
    const mean = (xs) => xs.slice(-12).reduce((a, b) => a + b, 0) / 12;
    const b = mean(start.baseline), c = mean(run.values.light_output_index);
    assert.equal(hl.baseline, b.toFixed(1));
    assert.equal(hl.current, c.toFixed(1));
    assert.ok(hl.difference.startsWith((c - b > 0 ? '+' : '') + (c - b).toFixed(2)), hl.difference);
    assert.ok(hl.cls.includes(c > b ? 'better' : 'worse'));
    await small.screenshot({ path: path.join(dir, 'page-1400x900.png') });
    await small.close();
  });
  await check('an assumption moves too, and both settings stay in the URL', async () => {
    await page.locator('#assumptions-box summary').click();
    const n = await page.evaluate(() => window.lightindPage.redraws);
    await page.locator('#knob-import_substitution').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((n) => window.lightindPage.redraws > n && window.lightindPage.lastRun.query.includes('import_substitution'), n);
    assert.equal(new URL(page.url()).search, '?light_share=0.28&import_substitution=0.89');
  });
  await check('moving the reform start moves its event line in every chart\'s layer', async () => {
    const before = await page.evaluate(() => {
      const p = window.lightindPage;
      return { layer: p.layerRedraws, redraws: p.redraws, reform: p.lastRun.events.filter((e) => e.kind === 'reform').map((e) => e.date) };
    });
    await page.locator('#knob-reform_start').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => window.lightindPage.redraws > n && window.lightindPage.lastRun.query.includes('reform_start'),
                               before.redraws);
    await allDrawn(page);
    const got = await page.evaluate(() => {
      const p = window.lightindPage, C = window.LightindCharts;
      const dates = p.charts[0].chart.getOption().xAxis[0].data;
      return { layer: p.layerRedraws, want: [...new Set(C.eventMarks(p.lastRun.events, dates).map((m) => m.date))],
               reform: p.lastRun.events.filter((e) => e.kind === 'reform').map((e) => e.date),
               lines: p.charts.map((c) => c.layer.getOption().series[0].markLine.data.map((d) => d.xAxis)) };
    });
    assert.notDeepEqual(got.reform, before.reform);  // the reform's date moved
    assert.ok(got.layer >= before.layer + got.lines.length, `${got.layer} layer repaints after ${before.layer}`);
    for (const r of got.reform) assert.ok(got.want.includes(r), r);
    for (const l of got.lines) assert.deepEqual(l, got.want);
  });
  await check('a bad URL shows the server\'s message', async () => {
    await page.goto(srv.url + '/?light_share=9');
    await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready);
    const status = await page.locator('#status').textContent();
    assert.equal(status, 'light_share: expected a value from 0.02 to 0.6, found 9');
  });
  await check('the explain panel: each changed knob\'s contribution, with units, adding up to the difference shown', async () => {
    const ep = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    ep.on('pageerror', (e) => errors.push(String(e)));
    const q = 'profit_levy=0.5&sanction_severity=0.5';  // both act before 2019
    await ep.goto(`${srv.url}/?${q}`);
    await ep.waitForFunction((q) => {
      const p = window.lightindPage;
      return p && p.explain && p.explain.query === q;
    }, q, { timeout: 120000 });
    const x = await ep.evaluate(() => window.lightindPage.explain);
    assert.equal(x.indicator, 'living_standard_index');
    assert.equal(x.year, 2019);
    assert.equal(x.exact, true);
    assert.equal(x.runs, 4);  // every combination of the two changes
    const rows = await ep.locator('#explain-table tr.contribution').evaluateAll((trs) =>
      trs.map((tr) => ({ knob: tr.dataset.knob, c: Number(tr.dataset.contribution), text: tr.textContent })));
    assert.deepEqual(rows.map((r) => r.knob).sort(), ['profit_levy', 'sanction_severity']);
    assert.ok(rows.every((r) => r.c !== 0), JSON.stringify(rows));
    const total = Number(await ep.locator('#explain-table tr.total').getAttribute('data-total'));
    const sum = rows.reduce((a, r) => a + r.c, 0);
    assert.ok(Math.abs(sum - total) <= 1e-9 * Math.max(1, Math.abs(total)), `contributions ${sum}, total ${total}`);
    // The total is the difference of the two runs' means over 2019, from the runs themselves.
    const base = decodeRun(await (await fetch(`${srv.url}/api/run`)).json());
    const cur = decodeRun(await (await fetch(`${srv.url}/api/run?${q}`)).json());
    const mean2019 = (xs) => {
      const v = xs.filter((_, i) => base.dates[i].startsWith('2019'));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const want = mean2019(cur.values.living_standard_index) - mean2019(base.values.living_standard_index);
    assert.ok(Math.abs(want - total) <= 1e-9 * Math.max(1, Math.abs(want)), `${want} vs ${total}`);
    // Shown: the unit in the header, the sum and the difference rows with the same figure, the
    // stated error, and the panel on screen without scrolling.
    const head = await ep.locator('#explain-table tr').first().textContent();
    assert.ok(x.unit && head.includes(`contribution (${x.unit})`), head);
    const cell = (cls) => ep.locator(`#explain-table tr.${cls} td`).nth(2).textContent();
    assert.equal(await cell('sum'), await cell('total'));
    assert.match(await ep.locator('#explain-note').textContent(), /^Exact Shapley values over 2 knobs \(4 runs/);
    const box = await ep.locator('#explain-table').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 900, JSON.stringify(box));
    await ep.screenshot({ path: path.join(dir, 'page-explain-1400x900.png') });
    await ep.close();
  });
  await check('no script errors', () => assert.deepEqual(errors, []));
  await page.goto(srv.url + '/?light_share=0.28');
  await page.waitForFunction(() => window.lightindPage && window.lightindPage.lastRun);
  await allDrawn(page);
  await page.screenshot({ path: path.join(dir, 'page.png'), fullPage: true });

  // Jumps the prefetch cannot foresee: PageUp on the profit levy (a tenth of its range), a
  // new run each time.
  await page.goto(srv.url + '/');
  await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready);
  await page.locator('#knob-profit_levy').focus();
  const jumped = [];
  for (let i = 1; i <= 6; i++) {
    const before = Number(await page.locator('#knob-profit_levy').inputValue());
    const n = await page.evaluate(() => window.lightindPage.timings.length);
    await page.keyboard.press('PageUp');
    const after = Number(await page.locator('#knob-profit_levy').inputValue());
    assert.ok(after > before + 0.02, `PageUp moved ${before} to ${after}`);
    await page.waitForFunction((n) => window.lightindPage.timings.length > n &&
      Math.abs(Number(window.lightindPage.lastRun.settings.profit_levy) -
               Number(document.getElementById('knob-profit_levy').value)) < 1e-9, n,
    { timeout: 60000 });
    jumped.push(await page.evaluate(() => window.lightindPage.breakdown.at(-1)));
    await page.waitForTimeout(300);
  }
  await check('jumps were new runs, steps at a human pace were prefetched', () => {
    assert.ok(jumped.every((t) => !t.cached), JSON.stringify(jumped.map((t) => t.cached)));
    assert.ok(stepped.slice(1).filter((t) => t.cached).length >= 5, JSON.stringify(stepped.map((t) => t.cached)));
  });

  // A slider let go while the run of one of its earlier positions is still on the server
  // (input, input, then change, as a mouse drag ends): the earlier request is aborted, the
  // page shows no error and ends on the position where the slider rests.
  await check('a slider let go aborts the request for its earlier position; the page shows where it rests', async () => {
    const before = await page.evaluate(() => ({ aborted: window.lightindPage.aborted, requests: window.lightindPage.requests }));
    await page.evaluate(() => {
      const el = document.getElementById('knob-profit_levy');
      el.value = '0.23';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.value = '0.27';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => window.lightindPage.lastRun &&
      Number(window.lightindPage.lastRun.settings.profit_levy) === 0.27, null, { timeout: 60000 });
    const after = await page.evaluate(() => ({ aborted: window.lightindPage.aborted, requests: window.lightindPage.requests,
                                               error: window.lightindPage.error,
                                               status: document.getElementById('status').textContent }));
    assert.equal(after.aborted, before.aborted + 1);
    assert.equal(after.requests, before.requests + 2);
    assert.equal(after.error, null);
    assert.match(after.status, /^Run \d+ ms on the server/);
    assert.equal(new URL(page.url()).searchParams.get('profit_levy'), '0.27');
    assert.deepEqual(errors, []);  // the aborted request is not an error
  });

  // A key held down: the repeated presses do not abort each other's requests (each is
  // answered in turn, as a drag's moves); the key's release counts as the slider's.
  await check('a key held down is answered in turn; its release ends on where the slider rests', async () => {
    await page.locator('#knob-profit_levy').focus();
    const before = await page.evaluate(() => window.lightindPage.aborted);
    await page.keyboard.down('ArrowLeft');
    await page.keyboard.down('ArrowLeft');  // Playwright sends these with repeat = true
    await page.keyboard.down('ArrowLeft');
    assert.equal(await page.evaluate(() => window.lightindPage.aborted), before);  // no abort while held
    await page.keyboard.up('ArrowLeft');
    const v = await page.locator('#knob-profit_levy').inputValue();
    await page.waitForFunction((v) => window.lightindPage.lastRun &&
      Number(window.lightindPage.lastRun.settings.profit_levy) === Number(v), v, { timeout: 60000 });
    assert.ok(await page.evaluate(() => window.lightindPage.aborted) <= before + 1);
    assert.equal(await page.evaluate(() => window.lightindPage.error), null);
    assert.deepEqual(errors, []);
  });

  const line = (name, xs) => {
    const total = xs.map((t) => t.total);
    const m = (f) => median(xs.map(f)).toFixed(0);
    return `${name}\n  samples ms: ${total.map((t) => t.toFixed(0)).join(' ')} (cached: ${xs.map((t) => (t.cached ? 'y' : 'n')).join('')})\n` +
      `  median ${median(total).toFixed(0)} ms (min ${Math.min(...total).toFixed(0)}, max ${Math.max(...total).toFixed(0)}); goal < 150 ms\n` +
      `  of which (medians): server load + run ${m((t) => (t.cached ? 0 : t.run))} ms ` +
      `(load ${m((t) => (t.cached ? 0 : t.load))} ms), request and JSON ${m((t) => (t.cached ? t.total - t.draw - t.frame : t.request))} ms, ` +
      `redraw of the charts on screen ${m((t) => t.draw)} ms, next frame ${m((t) => t.frame)} ms\n`;
  };
  const report = `slider move -> redrawn charts on screen (the others follow a frame later), reference case ` +
    `(scenarios/dprk-2013.toml, 1:1000, 168 months after a 24-month spin-up), headless Chromium on this machine:\n` +
    line('jumps (profit levy, PageUp x 6): a new run each time', jumped) +
    line('steps at a human pace (light share 0.21..0.28, 0.6 s apart; the page prefetches the next step)', stepped) +
    `  load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (${os.cpus().length} cores)\n`;
  console.log(report);
  fs.writeFileSync(path.join(dir, 'timing.txt'), report);
} finally {
  await browser.close();
  await srv.stop();
}
finish();
