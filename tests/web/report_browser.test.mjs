// Browser test of `lightind report`: builds a report of the reference case and two
// counterfactuals plus synthetic Monte Carlo bands, opens it in headless Chromium with every
// network request blocked, and checks that every chart drew its data; saves a screenshot.
// Issue 15: a band below zero is drawn where bands.csv puts it (read back from the chart),
// a 64-bit seed is shown exactly, every legend entry and event line is visible and labelled
// at 1400 px, the comparison is coloured by better or worse, and the findings come first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { outDir, lightind, launchBrowser, openReport, check, finish } from './util.mjs';

const dir = outDir('report_browser');
const cmp = path.join(dir, 'compare');
// A seed above 2^53: a JavaScript number would show 2483946865392649000 (issue 15, point 4).
const SEED = '2483946865392649445';
lightind(['compare', 'scenarios/dprk-2013.toml', 'scenarios/no-sanctions.toml', 'scenarios/no-closure.toml',
          '--years', '2019,2025', '--seed', SEED, '--out', cmp]);

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
// A band wholly below zero (issue 15, point 1: the 2014-16 budget balance at -35.5 to -24.5 bn
// was drawn from 0 to +15 bn): p5..p95 = -35.5, -32, -30, -27, -24.5 bn in every month, under a
// second setting with a long name, so that the legends have many entries.
const negative = { p5: -35.5e9, p25: -32e9, p50: -30e9, p75: -27e9, p95: -24.5e9 };
const LONG = 'heavy-priority light_share=0.40 closure_months=24';
for (const date of Object.keys(reference.budget_balance)) {
  for (const [q, v] of Object.entries(negative)) bands.push(`deficit,${date},budget_balance,,,${q},${v}`);
  for (const [q, v] of Object.entries(negative)) bands.push(`${LONG},${date},budget_balance,,,${q},${v * 0.5}`);
}
fs.mkdirSync(path.join(dir, 'sweep'));
fs.writeFileSync(path.join(dir, 'sweep', 'bands.csv'), bands.join('\n') + '\n');

// An attribution in the format of `lightind explain` (explain.csv; the report shows it with the findings).
fs.mkdirSync(path.join(dir, 'explain'));
const U = '"index, first year = 100"';
fs.writeFileSync(path.join(dir, 'explain', 'explain.csv'), [
  'setting,contribution,std_error,share,value_a,value_b,indicator,unit,year',
  `policy.light_investment_share,-6.5,0,0.764,0.2,0.1,living_standard_index,${U},2019`,
  `policy.materials_priority,-2,0,0.235,light,heavy,living_standard_index,${U},2019`,
  `(sum),-8.5,,,,,living_standard_index,${U},2019`,
  `(difference),-8.5,,,140.037,131.537,living_standard_index,${U},2019`].join('\n') + '\n');

const html = path.join(dir, 'report.html');
console.log(lightind(['report', cmp, path.join(dir, 'sweep', 'bands.csv'), path.join(dir, 'explain', 'explain.csv'),
                      '--out', html]).trim());

const browser = await launchBrowser();
try {
  const { page, errors, network } = await openReport(browser, html);

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
  await check('a band below zero lies where bands.csv puts it (the drawn band read back from the chart)', async () => {
    const drawn = await page.evaluate(() => {
      const c = window.lightindCharts.find((x) => x.indicator === 'budget_balance').chart;
      const out = {};
      c.getModel().getSeries().forEach((s, i) => {
        const d = s.getData();
        const top = d.getCalculationInfo('stackResultDimension'), base = d.getCalculationInfo('stackedOverDimension');
        const pts = d.getLayout('points');
        const k = 30;  // a month in 2014
        out[s.name] = { top: top ? d.get(top, k) : d.get(d.mapDimension('y'), k),
                        base: base ? d.get(base, k) : null,
                        y: pts ? pts[2 * k + 1] : null,
                        want: c.convertToPixel({ seriesIndex: i }, [k, top ? d.get(top, k) : d.get(d.mapDimension('y'), k)]) };
      });
      return out;
    });
    const near = (a, b) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
    const outer = drawn['deficit p5-p95'], inner = drawn['deficit p25-p75'];
    assert.ok(near(outer.base, -35.5e9) && near(outer.top, -24.5e9), `p5-p95 drawn from ${outer.base} to ${outer.top}`);
    assert.ok(near(inner.base, -32e9) && near(inner.top, -27e9), `p25-p75 drawn from ${inner.base} to ${inner.top}`);
    assert.ok(near(drawn['deficit median'].top, -30e9));
    assert.ok(Math.abs(outer.y - outer.want[1]) < 0.5, `drawn at y=${outer.y}, -24.5 bn is at ${outer.want[1]}`);
  });
  await check('seeds shown exactly (a 64-bit seed as text, never a JavaScript number)', async () => {
    assert.ok(data.runs.every((r) => r.seed === SEED), JSON.stringify(data.runs.map((r) => r.seed)));
    const meta = await page.locator('#meta').textContent();
    assert.ok(meta.includes('(seed ' + SEED + ')'), meta);
  });
  await check('every legend entry visible at 1400 px (a plain legend inside its chart, nothing paged or cut)', async () => {
    const legends = await page.evaluate(() => window.lightindCharts.filter((c) => c.indicator).map((c) => {
      const view = c.chart._componentsViews.find((v) => v && v._contentGroup && /legend/.test(v.type));
      const items = view._contentGroup.children().map((it) => {
        const r = it.getBoundingRect().clone();
        r.applyTransform(it.getComputedTransform());
        return [r.x, r.y, r.width, r.height];
      });
      const o = c.chart.getOption().legend[0];
      return { indicator: c.indicator, type: o.type, names: o.data.map((d) => (typeof d === 'string' ? d : d.name)),
               items, width: c.chart.getWidth(), height: c.chart.getHeight(),
               gridBottom: c.chart.getModel().getComponent('grid', 0).coordinateSystem.getRect() };
    }));
    const budget = legends.find((l) => l.indicator === 'budget_balance');
    assert.equal(budget.names.length, 3 + 3 * 2, budget.names.join('|'));
    for (const l of legends) {
      assert.equal(l.type, 'plain', l.indicator);
      assert.equal(l.items.length, l.names.length, `${l.indicator}: ${l.items.length} of ${l.names.length} entries drawn`);
      for (const [x, y, w, h] of l.items) {
        assert.ok(x >= 0 && x + w <= l.width && y >= 0 && y + h <= l.height, `${l.indicator}: entry at ${[x, y, w, h]} outside ${l.width}x${l.height}`);
        const g = l.gridBottom;
        assert.ok(y >= g.y + g.height, `${l.indicator}: legend entry over the plot`);
      }
    }
  });
  await check('every event line has a label and an entry in the colour key', async () => {
    const marks = await page.evaluate(() => window.lightindCharts.filter((c) => c.indicator).map((c) => {
      const ml = c.chart.getOption().series.find((s) => s.markLine);
      return ml ? ml.markLine.data.map((d) => ({ date: d.xAxis, show: d.label.show !== false && ml.markLine.label.show,
                                                  text: d.label.formatter, color: d.lineStyle.color })) : [];
    }));
    const key = await page.locator('#event-key li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
    const lineKinds = new Set(['policy', 'reform', 'shock', 'fair']);
    const dates = new Set(data.events.filter((e) => lineKinds.has(e.kind)).map((e) => e.date));
    for (const m of marks) {
      assert.equal(m.length, dates.size);
      for (const d of m) {
        assert.ok(d.show && /^([PRSF]\d+ ?)+$/.test(d.text), `${d.date}: label ${d.text}`);
        for (const code of d.text.trim().split(' ')) assert.ok(key.includes(code), `${code} not in the key`);
      }
    }
    assert.ok(key.length >= dates.size && key.includes('P1') && key.includes('R1') && key.includes('S1') && key.includes('F1'));
  });
  await check('a tooltip stays below the strip of event labels', async () => {
    const box = await page.evaluate(async () => {
      const c = window.lightindCharts.find((x) => x.indicator === 'light_output_index').chart;
      const data = c.getOption().series[0].data;
      const k = data.length - 1;
      const top0 = c.getModel().getComponent('grid', 0).coordinateSystem.getRect().y;
      const x = c.convertToPixel({ seriesIndex: 0 }, [k - 20, data[k - 20]])[0], y = top0 + 4;  // the pointer on the labels
      c.dispatchAction({ type: 'showTip', x, y });
      await new Promise((r) => setTimeout(r, 300));
      const tip = [...c.getDom().querySelectorAll('div')].find((d) => d.style.position === 'absolute' && d.textContent.includes('dprk-2013'));
      const top = c.getModel().getComponent('grid', 0).coordinateSystem.getRect().y;
      const r = tip.getBoundingClientRect(), dom = c.getDom().getBoundingClientRect();
      c.dispatchAction({ type: 'hideTip' });
      return { tipTop: r.top - dom.top, gridTop: top, least: window.LightindCharts.TOOLTIP_TOP, pointY: y };
    });
    assert.ok(box.pointY < box.least, `the point (${box.pointY}) is not in the strip`);
    assert.ok(box.tipTop >= box.least - 1, `tooltip at ${box.tipTop}, labels down to ${box.least}`);
  });
  await check('a y axis that does not start at zero is marked', async () => {
    const marks = await page.evaluate(() => window.lightindCharts.filter((c) => c.indicator).map((c) => {
      const ext = c.chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent();
      const g = (c.chart.getOption().graphic || []).flatMap((x) => x.elements || [x]);
      const note = g.find((e) => e.id === 'axis-not-zero-note');
      return { indicator: c.indicator, ext, zigzag: g.some((e) => e.id === 'axis-not-zero'), note: note ? note.style.text : null };
    }));
    for (const m of marks) {
      const off = m.ext[0] > 0 || m.ext[1] < 0;
      assert.equal(m.zigzag, off, `${m.indicator}: extent ${m.ext}`);
      if (off) assert.match(m.note, /^y axis (starts at .*, not 0|ends at .*, below 0)$/);
    }
    assert.ok(marks.find((m) => m.indicator === 'light_output_index').zigzag);
  });
  await check('comparison coloured by better/worse (registry direction), zeros neutral, unit column, full names', async () => {
    const head = await page.locator('#compare-table tr').first().locator('th').allTextContents();
    assert.deepEqual(head, ['indicator', 'unit', 'year', 'dprk-2013', 'no-sanctions', 'no-closure']);
    const dir = Object.fromEntries(data.registry.indicators.filter((e) => e.level === 'aggregate').map((e) => [e.name, e.direction]));
    const cells = await page.locator('#compare-table tr[data-indicator]').evaluateAll((trs) => trs.flatMap((tr) =>
      [...tr.querySelectorAll('span[data-verdict]')].map((s) => ({ indicator: tr.dataset.indicator, unit: tr.children[1].textContent,
                                                                   verdict: s.dataset.verdict, cls: s.className, text: s.textContent }))));
    assert.ok(cells.length > 20);
    let better = 0, worse = 0, same = 0;
    for (const c of data.compare.filter((x) => x.scenario !== 'dprk-2013' && x.difference !== null)) {
      const want = c.difference === 0 ? 'same' : dir[c.indicator] === 'neither' ? 'changed'
        : (c.difference > 0) === (dir[c.indicator] === 'higher') ? 'better' : 'worse';
      assert.equal(c.verdict, want, `${c.scenario} ${c.indicator} ${c.year}: ${c.difference}`);
      better += want === 'better'; worse += want === 'worse'; same += want === 'same';
    }
    assert.ok(better > 0 && worse > 0 && same > 0, `${better} better, ${worse} worse, ${same} same`);
    for (const c of cells) {
      assert.ok(c.cls.split(' ').includes(c.verdict));
      assert.equal(c.unit, data.registry.indicators.find((e) => e.name === c.indicator && e.level === 'aggregate').unit);
    }
    // A rising price level is worse (direction lower), a zero neutral, whatever the sign.
    const colour = async (cls) => page.locator('#compare-table span.' + cls).first().evaluate((e) => getComputedStyle(e).color);
    assert.equal(await colour('better'), 'rgb(27, 122, 27)');
    assert.equal(await colour('worse'), 'rgb(178, 34, 34)');
    assert.equal(await colour('same'), 'rgb(91, 100, 117)');
  });
  await check('findings first: headline differences with units and better/worse, the calibration stated plainly', async () => {
    const first = await page.locator('main section').first().getAttribute('id');
    assert.equal(first, 'findings');
    assert.deepEqual(data.findings.headline.map((h) => h.run), ['no-sanctions', 'no-closure']);
    const items = await page.locator('#findings ul.headline-diffs li').allTextContents();
    assert.ok(items.length >= 2);
    for (const t of items) assert.match(t, /(better|worse|\(neither better nor worse\))$/);
    const cal = await page.locator('#calibration-finding').textContent();
    const s = data.calibration.summary.find((x) => x.class === 'finding');
    assert.ok(cal.includes(`${s.passed} of ${s.total} findings hold`), cal);
    for (const id of s.failed) assert.ok(cal.includes(id), id);
    const classes = await page.locator('#calibration-table tr td:nth-child(2)').allTextContents();
    assert.ok(classes.length >= 10 && classes.every((c) => ['finding', 'input-check', 'comparison'].includes(c)));
    const sentence = await page.locator('#explain-body .explain-sentence').textContent();
    assert.match(sentence, /^Living standard in 2019: 140\.04? → 131\.5\d? index, first year = 100, a difference of -8\.50; the contributions of the settings below add up to -8\.50/);
    const cells = await page.locator('#explain-body table tr').nth(1).locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 2), ['policy.light_investment_share', '-6.5']);
  });
  await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
  console.log(`screenshot: ${path.join(dir, 'report.png')}`);
} finally {
  await browser.close();
}
finish();
