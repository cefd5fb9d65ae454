// Browser test of `lightind serve`: moves a slider, waits for the charts to change, checks
// the new values against the server's answer, that the URL carries the setting, that
// reloading the URL shows the same run and that the CSV download is that run; measures the
// time from a slider move to the redrawn charts for the reference case.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outDir, startServer, launchBrowser, check, finish, median } from './util.mjs';

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

  // One slider step at a time (keyboard: a real move of the slider), each a new run.
  const slider = page.locator('#knob-light_share');
  await slider.focus();
  const timings = [], runMs = [], parts = [];
  for (let i = 1; i <= 8; i++) {
    const want = `light_share=${(0.2 + 0.01 * i).toFixed(2).replace(/0$/, '')}`;
    const n = await page.evaluate(() => window.lightindPage.redraws);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(([n, want]) => {
      const p = window.lightindPage;
      return p.redraws > n && p.lastRun.query === want && p.timings.length > 0;
    }, [n, want], { timeout: 30000 });
    await page.waitForFunction((k) => window.lightindPage.timings.length >= k, i);
    timings.push(await page.evaluate(() => window.lightindPage.timings.at(-1)));
    runMs.push(await page.evaluate(() => window.lightindPage.lastRun.run_ms));
    parts.push(await page.evaluate(() => window.lightindPage.breakdown.at(-1)));
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
    const run = await res.json();
    assert.deepEqual(moved.current, run.values.light_output_index);
    assert.equal(run.settings.light_share, '0.28');
    assert.ok(run.sets.includes('policy.events.new_year_address_2013.investment_share.light=0.28'), run.sets.join(' '));
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
  await check('an assumption moves too, and both settings stay in the URL', async () => {
    await page.locator('#assumptions-box summary').click();
    const n = await page.evaluate(() => window.lightindPage.redraws);
    await page.locator('#knob-import_substitution').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((n) => window.lightindPage.redraws > n && window.lightindPage.lastRun.query.includes('import_substitution'), n);
    assert.equal(new URL(page.url()).search, '?light_share=0.28&import_substitution=0.89');
  });
  await check('a bad URL shows the server\'s message', async () => {
    await page.goto(srv.url + '/?light_share=9');
    await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready);
    const status = await page.locator('#status').textContent();
    assert.equal(status, 'light_share: expected a value from 0.02 to 0.6, found 9');
  });
  await check('no script errors', () => assert.deepEqual(errors, []));
  await page.goto(srv.url + '/?light_share=0.28');
  await page.waitForFunction(() => window.lightindPage && window.lightindPage.lastRun);
  await allDrawn(page);
  await page.screenshot({ path: path.join(dir, 'page.png'), fullPage: true });

  const report = `slider move -> redrawn charts on screen (the others follow a frame later), reference case (scenarios/dprk-2013.toml), light_share 0.21..0.28, ` +
    `one uncached run each:\n  samples ms: ${timings.map((t) => t.toFixed(0)).join(' ')}\n` +
    `  median ${median(timings).toFixed(0)} ms (min ${Math.min(...timings).toFixed(0)}, max ${Math.max(...timings).toFixed(0)}); ` +
    `goal < 200 ms\n  of which (medians): server load + run ${median(runMs).toFixed(0)} ms, ` +
    `request and JSON ${median(parts.map((p) => p.request)).toFixed(0)} ms, ` +
    `redraw of the charts on screen ${median(parts.map((p) => p.draw)).toFixed(0)} ms, ` +
    `next frame ${median(parts.map((p) => p.frame)).toFixed(0)} ms\n` +
    `  load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (${os.cpus().length} cores)\n`;
  console.log(report);
  fs.writeFileSync(path.join(dir, 'timing.txt'), report);
} finally {
  await browser.close();
  await srv.stop();
}
finish();
