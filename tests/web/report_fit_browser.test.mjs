// Browser test of the report's "Fit" section: `lightind report` of the hand-made fit folder
// tests/report/data/fit (z = 1, -2, 2; the model's band +- 2 sd over seeds), opened in headless
// Chromium with every network request blocked. Each moment's dot is drawn at its z, each
// whisker spans z_lo..z_hi inside the plot, the parameter table has its rows; saves a
// screenshot of the section.
import assert from 'node:assert/strict';
import path from 'node:path';
import { outDir, lightind, launchBrowser, openReport, check, finish } from './util.mjs';

const dir = outDir('report_fit_browser');
const html = path.join(dir, 'report.html');
console.log(lightind(['report', 'tests/report/data/fit', '--out', html]).trim());

const browser = await launchBrowser();
try {
  const { page, errors, network } = await openReport(browser, html);

  await check('no script error and no network request', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(network, []);
  });

  const drawn = await page.evaluate(() => {
    const c = window.lightindCharts.find((x) => x.id.startsWith('fit-moments-'));
    if (!c) return null;
    const o = c.chart.getOption();
    const grid = c.chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const s = o.series[0];
    const px = (p) => c.chart.convertToPixel({ seriesIndex: 0 }, p);
    return {
      grid: { x: grid.x, y: grid.y, w: grid.width, h: grid.height },
      axis: [o.xAxis[0].min, o.xAxis[0].max],
      categories: o.yAxis[0].data,
      dots: s.data.map((d) => ({ value: d, pixel: px(d) })),
      whiskers: s.markLine.data.filter((d) => Array.isArray(d)).map((d) => [px(d[0].coord), px(d[1].coord), d[0].coord, d[1].coord]),
    };
  });

  await check('one row per moment, dots at z = (model - data) / se', () => {
    assert.ok(drawn, 'no fit chart');
    assert.deepEqual(drawn.categories, ['gdp_growth[2013]', 'gdp_growth[2014]', 'rice_price[2013-2019]']);
    assert.deepEqual(drawn.dots.map((d) => d.value[0]), [1, -2, 2]);
  });

  await check('the axis holds every whisker (model +- 2 sd over seeds, in se)', () => {
    // floor(-2.5 - 0.25) and ceil(2.8 + 0.25): a quarter of an se of room beyond the widest whisker.
    assert.deepEqual(drawn.axis, [-3, 4]);
    assert.deepEqual(drawn.whiskers.map((w) => [w[2][0], w[3][0]]), [[0, 2], [-2.5, -1.5], [1.2, 2.8]]);
    const g = drawn.grid;
    for (const [a, b] of drawn.whiskers)
      for (const p of [a, b]) {
        assert.ok(p[0] >= g.x - 0.5 && p[0] <= g.x + g.w + 0.5, `whisker end ${p} outside the plot ${JSON.stringify(g)}`);
        assert.ok(p[1] >= g.y && p[1] <= g.y + g.h, `whisker end ${p} outside the plot`);
      }
    for (const d of drawn.dots) assert.ok(d.pixel[0] >= g.x && d.pixel[0] <= g.x + g.w, `dot ${d.value} outside`);
    // Dots sit on their whiskers' rows.
    drawn.dots.forEach((d, i) => assert.equal(Math.round(d.pixel[1]), Math.round(drawn.whiskers[i][0][1])));
  });

  await check('the moments and parameter tables', async () => {
    const moments = await page.$$eval('.fit-moments-table tr', (rows) => rows.map((r) => r.textContent));
    assert.equal(moments.length, 4);
    const params = await page.$$eval('.fit-parameters-table tr', (rows) =>
      rows.map((r) => Array.from(r.children).map((c) => c.textContent)));
    assert.equal(params.length, 3);
    assert.equal(params[1][0], 'world.fx_response');
    assert.equal(params[1][4], 'yes');
    assert.match(params[2][4], /^no: zero column/);
    assert.match(params[2][2], /not an estimate/);
  });

  const section = await page.$('#fit');
  await section.screenshot({ path: path.join(dir, 'fit.png') });
  console.log('screenshot: ' + path.join(dir, 'fit.png'));
} finally {
  await browser.close();
}
finish();
