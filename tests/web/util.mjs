// Helpers of the browser and server tests: the lightind program, a served page on a free
// loopback port, and headless Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = process.env.LIGHTIND_CLI || path.join(root, 'build', 'release', 'lightind');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** A fresh output folder for the test (screenshots, generated inputs). */
export function outDir(name) {
  const dir = process.env.LIGHTIND_WEB_TEST_OUT || path.join(root, 'build', 'release', 'tests', 'web', 'out', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs `lightind ARGS` from the source folder; throws with its output on a non-zero exit. */
export function lightind(args) {
  return execFileSync(cli, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts `lightind serve SCENARIO --port 0 ARGS` (the reference scenario) and resolves once it prints its address. */
export function startServer(args = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ['serve', 'scenarios/dprk-2013.toml', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('serve did not start: ' + out + err)); }, 60000);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/([\d.]+):(\d+)\//);
      if (m) {
        clearTimeout(timer);
        const url = `http://${m[1]}:${m[2]}`;
        resolve({
          proc, url, port: Number(m[2]), output: () => out + err,
          alive: () => proc.exitCode === null && proc.signalCode === null,
          stop: () => new Promise((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done(proc.exitCode);
            proc.once('exit', (code) => done(code));
            proc.kill('SIGTERM');
          }),
        });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${out}${err}`)); });
  });
}

/** Headless Chromium (Debian's) through playwright-core, from web/node_modules. */
export async function launchBrowser() {
  const require = createRequire(path.join(root, 'web', 'package.json'));
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing (Debian package chromium; scripts/setup.sh installs it)`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * Opens the report `html` in a new 1400x900 page of `browser` with every request that is not
 * a file blocked, and waits for its script to finish. Returns the page, the script errors
 * and the blocked requests (both filled as they come).
 */
export async function openReport(browser, html) {
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
  return { page, errors, network };
}

let failures = 0;
/** Runs one named check, printing ok/FAIL; the process exits non-zero at the end if any failed. */
export async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e}`);
  }
}
export function finish() {
  console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
  process.exitCode = failures ? 1 : 0;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A run of GET /api/run with its values decoded: the server sends each indicator's monthly
 *  values as base64 of little-endian doubles (src/serve/server.cpp values_json); NaN -> null. */
export function decodeRun(run) {
  if (run.encoding !== 'float64-base64') return run;
  for (const [name, b64] of Object.entries(run.values)) {
    const bytes = Buffer.from(b64, 'base64');
    const f = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    run.values[name] = Array.from(f, (v) => (Number.isNaN(v) ? null : v));
  }
  run.encoding = 'decoded';
  return run;
}
