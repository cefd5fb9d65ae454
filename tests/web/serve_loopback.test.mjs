// Server tests of `lightind serve` on loopback: malformed and out-of-range parameters, an
// oversize request line and body, 50 concurrent requests (every one answered), runs nobody
// waits for stopped, the run limit (503 with a message when no slot frees in time), and the
// page still working after.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, check, finish, cli, root } from './util.mjs';

/** Sends raw bytes and resolves with the first response line (or the error that closed the connection). */
function raw(port, head, bodyBytes) {
  return rawFull(port, head, bodyBytes).then((got) => got.split('\r\n')[0]);
}
/** Sends raw bytes and resolves with everything the server sent back. */
function rawFull(port, head, bodyBytes) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    sock.on('connect', () => {
      sock.write(head);
      if (bodyBytes) sock.write(Buffer.alloc(bodyBytes, 'x'), () => {});
    });
    sock.on('data', (d) => { got += d; });
    sock.on('error', () => {});
    sock.on('close', () => resolve(got));
    setTimeout(() => sock.destroy(), 10000);
  });
}

const srv = await startServer(['--max-runs', '2', '--queue-wait', '120']);
const get = async (q) => {
  const res = await fetch(`${srv.url}${q}`);
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
};

try {
  await check('malformed and out-of-range parameters get 400 with a message', async () => {
    const cases = [
      ['/api/run?light_share=abc', 'light_share: expected a number, found "abc"'],
      ['/api/run?light_share=0.9', 'light_share: expected a value from 0.02 to 0.6, found 0.9'],
      ['/api/run?light_share=NaN', 'light_share: expected a number, found "NaN"'],
      ['/api/run?light_share=1e999', 'light_share: expected a number, found "1e999"'],
      ['/api/run?reform_start=2013-13', 'reform_start: expected a month YYYY-MM, found "2013-13"'],
      ['/api/run?closure_months=2.5', 'closure_months: expected a whole number, found "2.5"'],
      ['/api/run?profit_levy=0.2&profit_levy=0.3', 'profit_levy: given more than once'],
      ['/api/run.csv?sanction_severity=-1', 'sanction_severity: expected a value from 0 to 2, found -1'],
      ['/api/run?seed=0', 'seed: expected a value from 1 to 4294967295, found 0'],
    ];
    for (const [q, msg] of cases) {
      const r = await get(q);
      assert.equal(r.status, 400, q);
      assert.equal(r.json().error, msg, q);
    }
    const unknown = await get('/api/run?levy=1');
    assert.equal(unknown.status, 400);
    assert.match(unknown.json().error, /^unknown parameter "levy" \(known: light_share, /);
  });
  await check('unknown paths get 404 and other methods 405, with a message', async () => {
    const r = await get('/nope');
    assert.equal(r.status, 404);
    assert.match(r.json().error, /no such page/);
    const p = await fetch(`${srv.url}/api/run`, { method: 'POST', body: 'light_share=0.3' });
    assert.equal(p.status, 405);
  });
  await check('an oversize request line gets 414 and an oversize body 413', async () => {
    const long = await get('/api/run?light_share=0.3&x=' + 'a'.repeat(100000));
    assert.equal(long.status, 414);
    const status = await raw(srv.port, 'POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n' +
                             'Content-Length: 1000000\r\n\r\n', 1000000);
    assert.match(status, /^HTTP\/1\.1 413 /);
  });
  await check('50 concurrent requests are all answered; equal settings give equal runs', async () => {
    const t0 = Date.now();
    const qs = Array.from({ length: 50 }, (_, i) => `/api/run?profit_levy=${(0.1 + 0.05 * (i % 10)).toFixed(2)}`);
    const rs = await Promise.all(qs.map(async (q) => ({ q, ...(await get(q)) })));
    const statuses = rs.map((r) => r.status);
    assert.deepEqual(statuses, Array(50).fill(200), statuses.join(' '));
    const byQuery = new Map();
    for (const r of rs) {
      const v = JSON.stringify(r.json().values);
      if (byQuery.has(r.q)) assert.equal(v, byQuery.get(r.q), r.q);
      else byQuery.set(r.q, v);
    }
    assert.equal(new Set(byQuery.values()).size, 10);  // ten settings, ten different runs
    console.log(`     50 requests (10 settings) answered in ${Date.now() - t0} ms`);
  });
  await check('answers of runs that dropped older checkpoints are whole, and the same again from the cache', async () => {
    // The server keeps the checkpoints of 2 recent runs: after the 10 settings above, each new
    // run drops the oldest, which is freed after its answer has been sent (a content provider).
    const fresh = [];
    for (const v of ['0.41', '0.42', '0.43']) {
      const r = await fetch(`${srv.url}/api/run?light_share=${v}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-lightind-cached'), '0');
      const text = await r.text();
      assert.equal(Number(r.headers.get('content-length')), Buffer.byteLength(text));
      assert.equal(JSON.parse(text).settings.light_share, v);
      fresh.push([v, text]);
    }
    for (const [v, text] of fresh) {
      const again = await fetch(`${srv.url}/api/run?light_share=${v}`);
      assert.equal(again.headers.get('x-lightind-cached'), '1');
      assert.equal(await again.text(), text);
    }
  });
  await check('a prefetch runs the settings into the cache (204); a later request finds them', async () => {
    const p = await fetch(`${srv.url}/api/prefetch?light_share=0.44`);
    assert.equal(p.status, 204);
    const r = await fetch(`${srv.url}/api/run?light_share=0.44`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-lightind-cached'), '1');
    const bad = await get('/api/prefetch?light_share=7');
    assert.equal(bad.status, 400);
  });
  // Runs nobody waits for stop between two months (src/serve/server.cpp, Running). The runs
  // below use a seed of their own, so that none resumes from a checkpoint: each is a whole run
  // (about 0.1-0.2 s here), long enough to be seen in progress in GET /api/runs.
  const runs = async () => (await get('/api/runs')).json();
  const until = async (what, pred) => {
    for (const t0 = Date.now(); Date.now() - t0 < 30000;) {
      const r = await runs();
      if (pred(r)) return r;
      await new Promise((done) => setTimeout(done, 2));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await runs())}`);
  };
  /** A GET on a connection of its own, held open: `close()` drops it; `answer` its first line. */
  const hold = (q) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let got = '';
    const answer = new Promise((resolve) => {
      sock.on('connect', () => sock.write(`GET ${q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
      sock.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) resolve(got.split('\r\n')[0]); });
      sock.on('error', () => {});
      sock.on('close', () => resolve(got.split('\r\n')[0]));
    });
    return { answer, close: () => sock.destroy() };
  };
  const running = (r, q) => r.running.find((x) => x.query === q);
  await check('a run whose only request closed its connection stops, and is not cached', async () => {
    // A run can end before the client's close reaches it: then it is tried with another seed.
    let stopped = false;
    for (let seed = 101; seed < 104 && !stopped; seed++) {
      const q = `light_share=0.45&seed=${seed}`;
      const before = (await runs()).stopped;
      const c = hold('/api/run?' + q);
      await until('the run in progress', (r) => running(r, q) && running(r, q).waiting === 1);
      c.close();
      const r = await until('the run gone', (x) => !running(x, q));
      if (r.stopped === before) continue;  // it ended first
      assert.equal(r.stopped, before + 1);
      stopped = true;
      const again = await fetch(`${srv.url}/api/run?${q}`);
      assert.equal(again.status, 200);
      assert.equal(again.headers.get('x-lightind-cached'), '0');  // run anew: a stopped run is not kept
      assert.equal((await again.json()).settings.light_share, '0.45');
    }
    assert.ok(stopped, 'three runs ended before their connection closed');
  });
  await check('a run shared by two requests goes on when one of them leaves', async () => {
    const q = 'light_share=0.46&seed=111';
    const before = (await runs()).stopped;
    const a = hold('/api/run?' + q), b = hold('/api/run?' + q);
    await until('both requests waiting', (r) => running(r, q) && running(r, q).waiting === 2);
    a.close();
    assert.match(await b.answer, /^HTTP\/1\.1 200 /);
    b.close();
    assert.equal((await runs()).stopped, before);
    const again = await fetch(`${srv.url}/api/run?${q}`);
    assert.equal(again.headers.get('x-lightind-cached'), '1');
  });
  await check('a prefetch stops when a slider\'s run for other settings starts, and goes on when one joins it', async () => {
    // A prefetch can end before the slider's request reaches the server: then it is tried again.
    let before = (await runs()).stopped, stopped = false;
    for (let seed = 121; seed < 127 && !stopped; seed += 2) {
      const p = fetch(`${srv.url}/api/prefetch?light_share=0.47&seed=${seed}`);
      await until('the prefetch in progress', (r) => running(r, `light_share=0.47&seed=${seed}`));
      const other = await fetch(`${srv.url}/api/run?light_share=0.48&seed=${seed + 1}`);
      assert.equal(other.status, 200);
      assert.equal((await p).status, 204);
      const later = await fetch(`${srv.url}/api/run?light_share=0.47&seed=${seed}`);
      if (later.headers.get('x-lightind-cached') === '1') continue;  // it ended first
      assert.equal((await runs()).stopped, before + 1);
      before += 1;
      stopped = true;
    }
    assert.ok(stopped, 'three prefetches ended before the slider\'s request came');
    // Joined by a slider's request for its own settings, a prefetch is that request's run.
    const q = fetch(`${srv.url}/api/prefetch?light_share=0.49&seed=131`);
    await until('the second prefetch in progress', (r) => running(r, 'light_share=0.49&seed=131'));
    const joined = await fetch(`${srv.url}/api/run?light_share=0.49&seed=131`);
    assert.equal(joined.status, 200);
    assert.equal(joined.headers.get('x-lightind-cached'), '0');
    assert.equal((await q).status, 204);
    assert.equal((await runs()).stopped, before);  // not stopped
  });
  await check('an explain request whose connection closes stops its run and starts no more', async () => {
    // Two knobs differ (with a seed of its own: whole runs): three coalition runs besides the
    // baseline, one after the other. Closed during the first, at most that one is finished.
    const c = hold('/api/explain?light_share=0.5&seed=141&indicator=living_standard_index&year=2019');
    await until('an explain run in progress', (r) => r.running.some((x) => x.explain && x.waiting === 1));
    c.close();
    await until('the explain run gone', (x) => x.running.length === 0);
    await new Promise((done) => setTimeout(done, 1500));  // time for the other two, were they run
    assert.deepEqual((await runs()).running, []);
    let cached = 0;
    for (const q of ['light_share=0.5', 'seed=141', 'light_share=0.5&seed=141']) {
      const r = await fetch(`${srv.url}/api/run?${q}`);
      assert.equal(r.status, 200, q);
      if (r.headers.get('x-lightind-cached') === '1') cached++;
    }
    assert.ok(cached <= 1, `${cached} of the 3 coalition runs were finished`);
  });
  await check('answers are not compressed even when the client accepts Brotli (it cost seconds)', async () => {
    const t0 = Date.now();
    const got = await rawFull(srv.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\n' +
                              'Connection: close\r\n\r\n');
    const head = got.slice(0, got.indexOf('\r\n\r\n'));
    assert.match(head, /^HTTP\/1\.1 200 /);
    assert.doesNotMatch(head, /Content-Encoding/i);
    assert.ok(got.length > 1000000, `page of ${got.length} bytes`);
    console.log(`     page (${(got.length / 1e6).toFixed(1)} MB) in ${Date.now() - t0} ms`);
  });
  await check('a second server on the same port is refused (exit 1, a message)', () => {
    const r = spawnSync(cli, ['serve', 'scenarios/dprk-2013.toml', '--port', String(srv.port)], { cwd: root, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`cannot bind to 127\\.0\\.0\\.1:${srv.port}`));
  });
  await check('explain: a bad indicator or year gets 400 with a message; the baseline has nothing to explain', async () => {
    const ind = await get('/api/explain?profit_levy=0.4&indicator=nope');
    assert.equal(ind.status, 400);
    assert.match(ind.json().error, /^indicator: expected one of the page's indicators \(.*living_standard_index.*\), found "nope"$/);
    const year = await get('/api/explain?profit_levy=0.4&year=1990');
    assert.equal(year.status, 400);
    assert.equal(year.json().error, 'year: expected a year from 2012 to 2025, found "1990"');
    const knob = await get('/api/explain?levy=0.4');
    assert.equal(knob.status, 400);
    const none = await get('/api/explain?year=2019');
    assert.equal(none.status, 200);
    assert.deepEqual(none.json().contributions, []);
    assert.equal(none.json().total, 0);
  });
  await check('a page run resumed from a checkpoint is the command line\'s run, byte for byte (series.csv)', async () => {
    // The profit levy acts from the reform's start: the server resumes the baseline's economy
    // of 2013-04 (src/serve/server.cpp run_settings); `lightind run` steps every month.
    const run = await get('/api/run?profit_levy=0.42&closure_months=10');
    assert.equal(run.status, 200);
    assert.match(run.json().resumed_from, /^\d{4}-\d{2}$/);
    const csv = await get('/api/run.csv?profit_levy=0.42&closure_months=10');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lightind-page-'));
    try {
      const r = spawnSync(cli, ['run', 'scenarios/dprk-2013.toml', '--out', path.join(out, 'r'), '--set',
                                'reform.profit_levy=0.42', '--set', 'shocks.border_closure_2020.end=2020-11'],
                          { cwd: root, encoding: 'utf8', timeout: 120000 });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const want = fs.readFileSync(path.join(out, 'r', 'series.csv'), 'utf8');
      assert.ok(csv.text === want, `the page's CSV (${csv.text.length} bytes) differs from series.csv (${want.length} bytes)`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
  await check('the server is still up and the page still works', async () => {
    assert.ok(srv.alive());
    const page = await get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<script>\/\*! For license information|echarts/);
    assert.equal((await get('/api/health')).text, 'ok\n');
    const r = await get('/api/run?state_order_share=0.4');
    assert.equal(r.status, 200);
    assert.equal(r.json().settings.state_order_share, '0.4');
  });
} finally {
  const code = await srv.stop();
  await check('SIGTERM stops the server cleanly', () => assert.equal(code, 0));
}

// A server with one run slot and no waiting: concurrent new runs beyond the slot get 503.
const busy = await startServer(['--max-runs', '1', '--queue-wait', '0']);
try {
  await check('runs beyond the limit get 503 with Retry-After and a message; the server stays up', async () => {
    const qs = Array.from({ length: 12 }, (_, i) => `/api/run?state_order_share=${(0.3 + 0.01 * i).toFixed(2)}`);
    const rs = await Promise.all(qs.map(async (q) => {
      const res = await fetch(busy.url + q);
      return { status: res.status, retry: res.headers.get('retry-after'), body: await res.json() };
    }));
    const ok = rs.filter((r) => r.status === 200).length, refused = rs.filter((r) => r.status === 503);
    assert.equal(ok + refused.length, 12);
    assert.ok(ok >= 1 && refused.length >= 1, `ok ${ok}, refused ${refused.length}`);
    assert.equal(refused[0].retry, '1');
    assert.match(refused[0].body.error, /^busy: 1 runs in progress/);
    assert.ok(busy.alive());
    const after = await fetch(busy.url + '/api/run?state_order_share=0.55');
    assert.equal(after.status, 200);
  });
} finally {
  await busy.stop();
}
finish();
