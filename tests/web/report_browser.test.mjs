// Browser test of `lightind report`: builds a report of the reference case and two
// counterfactuals plus synthetic Monte Carlo bands, opens it in headless Chromium with every
// network request blocked, and checks that every chart drew its data; saves a screenshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { outDir, lightind, launchBrowser, check, finish } from './util.mjs';

const dir = outDir('report_browser');
const cmp = path.join(dir, 'compare');
lightind(['compare', 'scenarios/dprk-2013.toml', 'scenarios/no-sanctions.toml', 'scenarios/no-closure.toml',
          '--years', '2019,2025', '--out', cmp]);

// Synthetic bands around the reference's light output and real GDP: p5..p95 = 0.9 .. 1.1 x value.
const lines = fs.readFileSync(path.join(cmp, 'dprk-2013', 'series.csv'), 'utf8').trim().split('\n');
const factors = { p5: 0.9, p25: 0.95, p50: 1, p75: 1.05, p95: 1.1 };
const bands = ['setting,date,indicator,sector,region,quantile,value'];
const reference = {};
for (const line of lines.slice(1)) {
  const [date, , , indicator, sector, region, value] = line.split(',');
  if (sector || region || value === '') continue;
  (reference[indicator] ||= {})[date] = Number(value);
  if (indicator !== 'light_output_index' && indicator !== 'gdp_real') continue;
  for (const [q, f] of Object.entries(factors)) bands.push(`synthetic,${date},${indicator},,,${q},${Number(value) * f}`);
}
fs.mkdirSync(path.join(dir, 'sweep'));
fs.writeFileSync(path.join(dir, 'sweep', 'bands.csv'), bands.join('\n') + '\n');

const html = path.join(dir, 'report.html');
console.log(lightind(['report', cmp, path.join(dir, 'sweep', 'bands.csv'), '--out', html]).trim());

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [], network = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(html).href);
  await page.waitForFunction(() => window.lightindReady === true, null, { timeout: 30000 });

  const charts = await page.evaluate(() => window.lightindCharts.map((c) => {
    const o = c.chart.getOption();
    const box = c.chart.getDom().getBoundingClientRect();
    return {
      id: c.id, indicator: c.indicator, width: box.width, height: box.height,
      title: o.title && o.title[0] ? o.title[0].text : null, subtitle: o.title && o.title[0] ? o.title[0].subtext : null,
      series: o.series.map((s, i) => {
        const data = s.data || [];
        const valid = data.filter((v) => v !== null && v !== undefined && (typeof v === 'number' ? isFinite(v) : true));
        let pixel = null;
        const last = data.length - 1 - [...data].reverse().findIndex((v) => typeof v === 'number');
        // (a stacked band's data are differences: where it lies depends on the series below)
        if (typeof data[last] === 'number' && !s.stack) pixel = c.chart.convertToPixel({ seriesIndex: i }, [last, data[last]]);
        return { name: s.name, type: s.type, length: data.length, valid: valid.length, last: data[last], pixel };
      }),
    };
  }));
  const data = await page.evaluate(() => JSON.parse(document.getElementById('lightind-data').textContent));

  await check('no script errors and no network requests', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(network, []);
  });
  await check('one chart per headline indicator plus the events timeline', () => {
    assert.equal(data.indicators.length, 17);
    assert.equal(charts.filter((c) => c.indicator).length, 17);
    assert.ok(charts.find((c) => c.id === 'events-chart'));
  });
  await check('chart titles and units are the indicator registry\'s (data.registry, lightind docs indicators --json)', () => {
    const entry = (name) => data.registry.indicators.find((e) => e.name === name && e.level === 'aggregate');
    for (const c of charts.filter((x) => x.indicator)) {
      assert.equal(c.title, entry(c.indicator).label, c.indicator);
      assert.equal(c.subtitle, entry(c.indicator).unit, c.indicator);
    }
    const li = charts.find((c) => c.indicator === 'light_output_index');
    assert.equal(li.title, 'Light-industry output');
    assert.equal(li.subtitle, 'index, first year = 100');
    assert.deepEqual(data.indicators, data.registry.views.compare.filter((n) => data.indicators.includes(n)));
  });
  await check('every chart drew its data (each series has data; each line\'s last point lies inside the chart)', () => {
    for (const c of charts) {
      assert.ok(c.width > 100 && c.height > 100, `${c.id} has no size`);
      assert.ok(c.series.length > 0, `${c.id} has no series`);
      for (const s of c.series) {
        assert.ok(s.valid > 0, `${c.id}: series ${s.name} has no data`);
        if (s.pixel) {
          assert.ok(s.pixel[0] >= 0 && s.pixel[0] <= c.width && s.pixel[1] >= 0 && s.pixel[1] <= c.height,
                    `${c.id}: ${s.name} last point outside the chart: ${s.pixel}`);
        }
      }
    }
  });
  await check('the three runs are overlaid, the reference first, with the values of series.csv', () => {
    const light = charts.find((c) => c.indicator === 'light_output_index');
    const names = light.series.filter((s) => !s.name.startsWith('synthetic')).map((s) => s.name);
    assert.deepEqual(names, ['dprk-2013', 'no-sanctions', 'no-closure']);
    const ref = light.series.find((s) => s.name === 'dprk-2013');
    assert.equal(ref.length, 168);
    const want = reference.light_output_index['2025-12'];
    assert.ok(Math.abs(ref.last - want) <= 1e-8 * Math.abs(want), `${ref.last} vs ${want}`);
  });
  await check('bands drawn where the input has them (p5-p95, p25-p75, median)', () => {
    for (const ind of ['light_output_index', 'gdp_real']) {
      const c = charts.find((x) => x.indicator === ind);
      const band = c.series.filter((s) => s.name.startsWith('synthetic'));
      assert.deepEqual(band.map((s) => s.name), ['synthetic p5', 'synthetic p5-p95', 'synthetic p25',
                                                 'synthetic p25-p75', 'synthetic median']);
      assert.ok(band.every((s) => s.valid === 168));
    }
    assert.ok(!charts.find((x) => x.indicator === 'hardship_share').series.some((s) => s.name.startsWith('synthetic')));
  });
  await check('events on the time axis: policy, reform, shocks, projects, guidance, fairs', () => {
    const kinds = new Set(data.events.map((e) => e.kind));
    for (const k of ['policy', 'reform', 'shock', 'project_completed', 'guidance', 'fair']) assert.ok(kinds.has(k), k);
    const ev = charts.find((c) => c.id === 'events-chart');
    assert.ok(ev.series.length >= 6);
    assert.equal(data.events.filter((e) => e.kind === 'guidance').length, 44);
  });
  await check('calibration table and parameters', async () => {
    const rows = await page.locator('#calibration-table tr').count();
    assert.equal(rows, 1 + 18);  // header + the 18 targets of scenarios/calibration/dprk-2013.toml
    const head = await page.locator('#parameters-table tr').first().locator('th').allTextContents();
    assert.deepEqual(head, ['key', 'dprk-2013', 'no-sanctions', 'no-closure']);
    const closure = await page.locator('#parameters-table tr', { hasText: 'shock border_closure_2020' }).locator('td').allTextContents();
    assert.equal(closure[3], 'border_closure from 2020-01 to 2022-06, severity 0, reopening over 18 months');
  });
  await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
  console.log(`screenshot: ${path.join(dir, 'report.png')}`);
} finally {
  await browser.close();
}
finish();
