// Drives Debian's Chromium for deskdup serve's JUnit tests and benchmark. Reads one JSON command per line on stdin,
// answers each with one JSON line on stdout ({"ok":true,...} or {"ok":false,"error":...}). Commands:
//   open {name,url,width?,height?}        navigate a new page; answers the HTTP status
//   waitDrawn {name,updates,timeoutMs}    until the page has drawn at least that many updates
//   waitQuiet {name,quietMs,timeoutMs}    until an update was drawn and none came for quietMs
//   waitConnects {name,connects,timeoutMs}
//   state {name}                          window.deskdup's counters
//   pixels {name,path}                    the canvas (getImageData) as raw RGBA into path
//   screenshot {name,path}
//   arm {name,x,y,rgb}                    watch pixel (x,y) for 0xRRGGBB, checked right after each drawn update
//   awaitArmed {name,timeoutMs}           epoch ms at which the armed pixel matched
//   wsProbe {name,url,protocols}          open a WebSocket from the page; its close code and reason
//   foreign {name}                        a page on another origin (a tiny server of this driver)
//   proxy {target,bytesPerSecond}         a TCP proxy to target (host:port) that passes at most that many bytes/s
//   close {name} / quit
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'deskdup-chromium-'));
// A fresh, empty profile every run (launchPersistentContext passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.DESKDUP_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows'],
});
const pages = new Map();
const servers = [];

function page(name) {
  const p = pages.get(name);
  if (!p) throw new Error('no page named ' + name);
  return p;
}

async function poll(p, fn, arg, timeoutMs) {
  return p.waitForFunction(fn, arg, { timeout: timeoutMs ?? 15000, polling: 20 }).then((h) => h.jsonValue());
}

const commands = {
  async open({ name, url, width, height }) {
    const p = await context.newPage();
    if (width && height) await p.setViewportSize({ width, height });
    p.on('console', (m) => process.stderr.write('[' + name + '] ' + m.text() + '\n'));
    pages.set(name, p);
    const response = await p.goto(url);
    return { status: response ? response.status() : 0 };
  },
  async waitDrawn({ name, updates, timeoutMs }) {
    return poll(page(name), (n) => window.deskdup && window.deskdup.updates >= n
      && { updates: window.deskdup.updates }, updates, timeoutMs);
  },
  async waitConnects({ name, connects, timeoutMs }) {
    return poll(page(name), (n) => window.deskdup && window.deskdup.connects >= n && window.deskdup.connected
      && { connects: window.deskdup.connects }, connects, timeoutMs);
  },
  async waitQuiet({ name, quietMs, timeoutMs }) {
    return poll(page(name), (q) => window.deskdup && window.deskdup.updates > 0
      && performance.timeOrigin + performance.now() - window.deskdup.lastDrawnEpochMs > q
      && { updates: window.deskdup.updates }, quietMs, timeoutMs);
  },
  async state({ name }) {
    return page(name).evaluate(() => {
      const { onDrawn, ...rest } = window.deskdup;
      return rest;
    });
  },
  async pixels({ name, path: out }) {
    const { width, height, data } = await page(name).evaluate(() => {
      const c = document.getElementById('screen');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let s = '';
      for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
      return { width: c.width, height: c.height, data: btoa(s) };
    });
    fs.writeFileSync(out, Buffer.from(data, 'base64'));
    return { width, height };
  },
  async screenshot({ name, path: out }) {
    await page(name).screenshot({ path: out });
    return {};
  },
  async arm({ name, x, y, rgb }) {
    await page(name).evaluate(({ x, y, rgb }) => {
      const c = document.getElementById('screen');
      const g = c.getContext('2d');
      const want = [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
      window.__armed = null;
      window.deskdup.onDrawn = (info) => {
        const d = g.getImageData(x, y, 1, 1).data;
        if (d[0] === want[0] && d[1] === want[1] && d[2] === want[2]) {
          window.__armed = info.drawn;
          window.deskdup.onDrawn = null;
        }
      };
    }, { x, y, rgb });
    return {};
  },
  async awaitArmed({ name, timeoutMs }) {
    const epochMs = await poll(page(name), () => window.__armed, undefined, timeoutMs);
    return { epochMs };
  },
  async wsProbe({ name, url, protocols }) {
    return page(name).evaluate(({ url, protocols }) => new Promise((resolve) => {
      const ws = new WebSocket(url, protocols);
      ws.binaryType = 'arraybuffer';
      let messages = 0;
      ws.onmessage = () => { messages++; };
      ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, messages });
      setTimeout(() => { ws.close(); resolve({ code: -1, reason: 'still open after 5 s', messages }); }, 5000);
    }), { url, protocols });
  },
  async foreign({ name }) {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><title>another site</title>');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return commands.open({ name, url: 'http://127.0.0.1:' + server.address().port + '/' });
  },
  async proxy({ target, bytesPerSecond }) {
    const [host, port] = target.split(':');
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(port), host);
      client.pipe(upstream);   // requests and acks pass freely; the screen's bytes trickle
      throttle(upstream, client, bytesPerSecond);
      const end = () => { client.destroy(); upstream.destroy(); };
      client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return { port: server.address().port };
  },
  async close({ name }) {
    await page(name).close();
    pages.delete(name);
    return {};
  },
};

// Passes src's bytes to dst at most bytesPerSecond, in 50 ms slices; src is paused when we are behind, so TCP's
// own flow control pushes back to the sender exactly as a slow network would.
function throttle(src, dst, bytesPerSecond) {
  const slice = Math.max(1, Math.floor(bytesPerSecond / 20));
  const pending = [];
  let budget = slice;
  const timer = setInterval(() => { budget = slice; flush(); }, 50);
  function flush() {
    while (pending.length && budget > 0) {
      const chunk = pending[0];
      const n = Math.min(budget, chunk.length);
      dst.write(chunk.subarray(0, n));
      budget -= n;
      if (n === chunk.length) pending.shift(); else pending[0] = chunk.subarray(n);
    }
    if (pending.length) src.pause(); else src.resume();
  }
  src.on('data', (chunk) => { pending.push(chunk); flush(); });
  src.on('close', () => clearInterval(timer));
  dst.on('close', () => clearInterval(timer));
}

async function quit() {
  for (const s of servers) s.close();
  await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(0);
}

const lines = readline.createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ok: true, ready: true }) + '\n');
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      const command = JSON.parse(line);
      if (command.cmd === 'quit') return quit();
      const fn = commands[command.cmd];
      if (!fn) throw new Error('unknown command ' + command.cmd);
      answer = { ok: true, ...(await fn(command)) };
    } catch (e) {
      answer = { ok: false, error: String(e && e.message || e) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
lines.on('close', () => { queue.then(quit); });
