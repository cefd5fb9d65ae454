// The page's response time (issue 15, Build 5): from a slider's `input` event to the charts on
// screen redrawn (window.lightindPage.breakdown, measured by web/src/page.js), in headless
// Chromium at 1400x900 against `lightind serve` on the reference case at default scale. Four
// kinds of move, each N times:
//   jumps    PageUp on the profit levy: a new run on the server each time (nothing to prefetch);
//   steps    the light share one step at a time, 0.6 s apart (the page prefetches the next step);
//   cached   the light share back over steps already run (the server's cache: the page's own part);
//   drags    the profit levy dragged with the mouse over a fifth of its track or more, 20 moves
//            16 ms apart, then let go: timed from the release (the slider's `change` event) to
//            the frame after the charts for where it rests are redrawn, and from the last
//            `input` event as the others (the page answers moves during the drag in turn).
// Goal: under 150 ms at default scale. Writes bench/results/page-<host>-<date>.txt (or --out FILE).
// Usage: node bench/page_response.mjs [--runs N] [--out FILE]   (after `make build`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { root, startServer, launchBrowser, median } from '../tests/web/util.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('--runs', '8'));
const stamp = new Date().toISOString().slice(0, 10);
const out = arg('--out', path.join(root, 'bench', 'results', `page-${os.hostname().split('.')[0]}-${stamp}.txt`));
const GOAL = 150;

const srv = await startServer(arg('--serve-args', '').split(' ').filter(Boolean));
const browser = await launchBrowser();
const lines = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const open = async () => {
    await page.goto(srv.url + '/');
    await page.waitForFunction(() => window.lightindPage && window.lightindPage.ready);
  };
  // Waits for the page's record of the redraw that shows where slider `knob` rests (and, with
  // `after`, whose frame came after that page time), without polling: Playwright's
  // waitForFunction polls on every animation frame by default, and on 2 cores those frames took
  // 10-20 ms of CPU from the server in the first 60 ms of a jump's run (session 20). The page's
  // breakdown.push is wrapped once; the promise resolves with the record.
  const settled = (knob, after) => page.evaluate(([knob, after]) => new Promise((resolve, reject) => {
    const p = window.lightindPage, b = p.breakdown, push = b.push;
    const timer = setTimeout(() => { b.push = push; reject(new Error('no redraw for ' + knob + ' within 60 s')); }, 60000);
    b.push = function (x) {
      const r = push.call(b, x);
      const v = Number(document.getElementById('knob-' + knob).value);
      if (p.lastRun && Math.abs(Number(p.lastRun.settings[knob]) - v) < 1e-9 && (after === null || x.at > window[after])) {
        b.push = push;
        clearTimeout(timer);
        resolve(x);
      }
      return r;
    };
  }), [knob, after]);
  const press = async (knob, key) => {
    await page.locator('#knob-' + knob).focus();
    const done = settled(knob, null);
    await page.keyboard.press(key);
    return done;
  };
  const kinds = {};
  await open();
  kinds.jumps = [];
  for (let i = 0; i < Math.min(N, 6); i++) {  // 0.3 + 6 x 0.09 stays under the maximum 0.9
    kinds.jumps.push(await press('profit_levy', 'PageUp'));
    await page.waitForTimeout(300);
  }
  await open();
  kinds.steps = [];
  for (let i = 0; i < N; i++) {
    if (i) await page.waitForTimeout(600);
    kinds.steps.push(await press('light_share', 'ArrowRight'));
  }
  kinds.cached = [];
  for (let i = 0; i < N; i++) {
    await page.waitForTimeout(300);
    kinds.cached.push(await press('light_share', 'ArrowLeft'));
  }
  await open();
  await page.evaluate(() => document.getElementById('knob-profit_levy').addEventListener('change', () => {
    window.lightindRelease = performance.now();
  }));
  const box = await page.locator('#knob-profit_levy').boundingBox();
  const y = box.y + box.height / 2;
  kinds.drags = [];
  for (let i = 0; i < N; i++) {
    const x0 = box.x + box.width * (0.15 + 0.1 * (i % 3)), x1 = x0 + box.width * (0.2 + 0.03 * (i % 6));
    await page.mouse.move(x0, y);
    await page.evaluate(() => { window.lightindRelease = Infinity; });  // until this drag's release
    const done = settled('profit_levy', 'lightindRelease');
    await page.mouse.down();
    for (let s = 1; s <= 20; s++) {
      await page.mouse.move(x0 + ((x1 - x0) * s) / 20, y);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    const t = Object.assign(await done, { release: await page.evaluate(() => window.lightindRelease) });
    kinds.drags.push(Object.assign(t, { input: t.total, total: t.at - t.release }));
    await page.waitForTimeout(700);
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1];
  lines.push(`page response: slider input -> charts on screen redrawn, headless Chromium 1400x900, ` +
             `lightind serve scenarios/dprk-2013.toml (default scale), goal < ${GOAL} ms`);
  lines.push(`machine: ${cpu}, ${os.cpus().length} cores; commit ${commit}; ${new Date().toISOString()}`);
  lines.push(`drags are timed from the release; the same from the last input event: median ` +
             `${median(kinds.drags.map((t) => t.input)).toFixed(0)} ms (` +
             `${kinds.drags.map((t) => t.input.toFixed(0)).join(' ')}); their parts are the resting position's run's`);
  for (const [name, xs] of Object.entries(kinds)) {
    const total = xs.map((t) => t.total);
    const m = (f) => median(xs.map(f)).toFixed(0);
    lines.push(`${name}: median ${median(total).toFixed(0)} ms (min ${Math.min(...total).toFixed(0)}, max ` +
               `${Math.max(...total).toFixed(0)}; ${total.filter((t) => t < GOAL).length} of ${total.length} under the goal; ` +
               `cached ${xs.filter((t) => t.cached).length}; resumed from a checkpoint ` +
               `${xs.filter((t) => !t.cached && t.resumed).length}${xs.some((t) => t.resumed) ? ' (' + [...new Set(xs.filter((t) => t.resumed).map((t) => t.resumed))].join(', ') + ')' : ''})`);
    lines.push(`  samples ms: ${total.map((t) => t.toFixed(0)).join(' ')}`);
    lines.push(`  medians: server load + run ${m((t) => (t.cached ? 0 : t.run))} ms, request and JSON ` +
               `${m((t) => (t.cached ? t.total - t.draw - t.frame : t.request))} ms, redraw ${m((t) => t.draw)} ms, ` +
               `next frame ${m((t) => t.frame)} ms`);
  }
  lines.push(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await srv.stop();
}
const text = lines.join('\n') + '\n';
process.stdout.write(text);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
console.log(`wrote ${out}`);
