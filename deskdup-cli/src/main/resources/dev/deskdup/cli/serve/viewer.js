// deskdup serve's page: draws the screen on a canvas from binary WebSocket updates (layout: UpdateDescriptor.java),
// acknowledges each one once it is drawn (the server sends the next only then), shows frames/s, latency and
// bytes/s, fits the window, and reconnects by itself. window.deskdup exposes counters and an onDrawn hook for tests.
(() => {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  const canvas = document.getElementById('screen');
  const ctx = canvas.getContext('2d', { alpha: false });
  const hud = document.getElementById('hud');
  const statusBox = document.getElementById('status');
  const HEADER = 40, RECT_HEADER = 16;
  const FILL = 0, RAW = 1, DEFLATE = 2, JPEG = 3;
  const state = window.deskdup = {
    connected: false, connects: 0, updates: 0, bytes: 0, rects: 0, closeCode: 0, closeReason: '',
    width: 0, height: 0, latencyMs: NaN, lagMs: NaN, lastDrawnEpochMs: 0, refused: false,
    onDrawn: null,          // function(info) called right after an update is on the canvas
  };
  const recent = [];        // [drawnMs, bytes] of the last second, for the HUD
  let socket = null, backoff = 250, clockOffset = -Infinity, chain = Promise.resolve();

  function now() { return performance.timeOrigin + performance.now(); }

  function show(text) {
    statusBox.textContent = text;
    statusBox.style.display = text ? 'block' : 'none';
  }

  function fit() {
    const w = canvas.width, h = canvas.height;
    const scale = Math.min(innerWidth / w, innerHeight / h);
    const cw = Math.floor(w * scale), ch = Math.floor(h * scale);
    canvas.style.width = cw + 'px';
    canvas.style.height = ch + 'px';
    canvas.style.left = Math.floor((innerWidth - cw) / 2) + 'px';
    canvas.style.top = Math.floor((innerHeight - ch) / 2) + 'px';
  }
  addEventListener('resize', fit);

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    const ws = socket = new WebSocket(url, ['deskdup.v1', 'deskdup.token.' + token]);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => { state.connected = true; state.connects++; backoff = 250; show(''); };
    ws.onmessage = (e) => { chain = chain.then(() => update(ws, e.data)).catch(fail); };
    ws.onclose = (e) => {
      state.connected = false;
      state.closeCode = e.code;
      state.closeReason = e.reason;
      if (socket !== ws) return;
      if (e.code === 1008) {   // policy: bad token or foreign origin; retrying would not help
        state.refused = true;
        show('Refused: ' + e.reason + '. Open the URL that deskdup serve printed.');
        return;
      }
      show('Disconnected; reconnecting…');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 4000);
    };
  }

  function fail(err) {
    console.error('deskdup: update failed', err);
    if (socket) socket.close(4000, 'bad update');
  }

  function toImageData(bytes, w, h) {
    // BGRA (little-endian 0xAARRGGBB) → RGBA with alpha 255.
    const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
    const image = new ImageData(w, h);
    const dst = new Uint32Array(image.data.buffer);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      dst[i] = 0xff000000 | ((v & 0xff) << 16) | (v & 0xff00) | ((v >>> 16) & 0xff);
    }
    return image;
  }

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function decode(buf, dv, offset) {
    const x = dv.getUint16(offset, true), y = dv.getUint16(offset + 2, true);
    const w = dv.getUint16(offset + 4, true), h = dv.getUint16(offset + 6, true);
    const encoding = dv.getUint8(offset + 8), length = dv.getUint32(offset + 12, true);
    const payload = new Uint8Array(buf, offset + RECT_HEADER, length);
    const rect = { x, y, w, h, encoding, next: offset + RECT_HEADER + length };
    switch (encoding) {
      case FILL:
        rect.style = 'rgb(' + payload[2] + ',' + payload[1] + ',' + payload[0] + ')';
        rect.ready = Promise.resolve();
        break;
      case RAW:
        rect.ready = Promise.resolve(toImageData(payload.slice(), w, h)).then((d) => { rect.image = d; });
        break;
      case DEFLATE:
        rect.ready = inflate(payload).then((d) => { rect.image = toImageData(d, w, h); });
        break;
      case JPEG:
        rect.ready = createImageBitmap(new Blob([payload], { type: 'image/jpeg' }),
          { colorSpaceConversion: 'none', premultiplyAlpha: 'none' }).then((b) => { rect.bitmap = b; });
        break;
      default:
        throw new Error('unknown encoding ' + encoding);
    }
    return rect;
  }

  async function update(ws, buf) {
    const started = performance.now();
    const received = performance.timeOrigin + started;
    const dv = new DataView(buf);
    if (dv.getUint8(0) !== 1) return;
    const count = dv.getUint16(2, true), number = dv.getUint32(4, true);
    const w = dv.getUint16(8, true), h = dv.getUint16(10, true);
    const captured = dv.getFloat64(16, true), sent = dv.getFloat64(24, true);
    state.lagMs = dv.getFloat32(32, true);
    // server clock − page clock, from below: sent − received = offset − one-way delay.
    clockOffset = Math.max(clockOffset, sent - received);
    const rects = [];
    for (let i = 0, at = HEADER; i < count; i++) {
      const r = decode(buf, dv, at);
      rects.push(r);
      at = r.next;
    }
    await Promise.all(rects.map((r) => r.ready));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      state.width = w;
      state.height = h;
      fit();
    }
    for (const r of rects) {   // all rectangles of an update land together: no half-drawn screens
      if (r.style) { ctx.fillStyle = r.style; ctx.fillRect(r.x, r.y, r.w, r.h); }
      else if (r.image) ctx.putImageData(r.image, r.x, r.y);
      else { ctx.drawImage(r.bitmap, r.x, r.y); r.bitmap.close(); }
    }
    const drawn = now();
    if (ws.readyState === WebSocket.OPEN) {
      const ack = new DataView(new ArrayBuffer(12));
      ack.setUint8(0, 1);
      ack.setUint32(4, number, true);
      ack.setFloat32(8, performance.now() - started, true);
      ws.send(ack.buffer);
    }
    state.updates++;
    state.rects += count;
    state.bytes += buf.byteLength;
    state.latencyMs = drawn - (captured - clockOffset);
    state.lastDrawnEpochMs = drawn;
    recent.push([drawn, buf.byteLength]);
    if (state.onDrawn) state.onDrawn({ number, drawn, count, bytes: buf.byteLength });
  }

  function refreshHud() {
    const t = now();
    while (recent.length && t - recent[0][0] > 1000) recent.shift();
    const bytes = recent.reduce((s, e) => s + e[1], 0);
    const rate = bytes >= 1e6 ? (bytes / 1e6).toFixed(2) + ' MB/s' : (bytes / 1e3).toFixed(1) + ' kB/s';
    const latency = Number.isFinite(state.latencyMs) ? state.latencyMs.toFixed(1) + ' ms' : '–';
    hud.textContent = state.connected
      ? recent.length + ' fps  ' + latency + '  ' + rate + '  ' + canvas.width + '×' + canvas.height
      : 'disconnected';
  }
  setInterval(refreshHud, 500);
  setInterval(() => {   // keep-alive: an idle screen sends nothing, and the server drops silent sockets
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(new Uint8Array([2, 0, 0, 0]));
  }, 15000);
  fit();
  connect();
})();
