/* RTCC Desktop camera map: draws cameras on one canvas from column arrays.
 *
 * Why a canvas and not markers: 100,000 Leaflet markers (or per-marker HTML) take
 * seconds to create and make panning crawl. Here each redraw projects the visible
 * points with two multiply-adds and either clusters them into screen cells or
 * draws dots; a status change rewrites one array slot and schedules one redraw.
 *
 * Owner-supplied text (labels) only ever goes into textContent: it is never
 * parsed as HTML. The Python bridge lives in this closure, not on window.
 */
(function () {
  "use strict";

  var PALETTE = ["#2ee07a", "#ffb020", "#4aa3ff", "#b59cf0"]; // live, alarm, on request, registry
  var CATEGORY_TEXT = ["Live-shared now", "Alarm-only", "Footage on request", "Registry only"];
  var OFFLINE_BIT = 8, OFFLINE_FILL = "#596070";
  var CELL_PX = 60; // cluster cell size on screen
  var DOTS_FROM_ZOOM = 14, DOTS_MAX = 6000; // draw single cameras only when it stays readable
  var KIND_TEXT = { 1: "residence", 2: "business", 4: "public" };

  var S = {
    map: null, canvas: null, ctx: null, n: 0,
    ids: new Int32Array(0), mx: new Float64Array(0), my: new Float64Array(0),
    code: new Uint8Array(0), kind: new Uint8Array(0), hd: new Float32Array(0), fov: new Float32Array(0),
    labels: [], labelFresh: new Uint8Array(0), labelCount: 0, lat: new Float64Array(0), byId: new Map(),
    catMask: 0x1f, kindMask: 7, selected: -1, alarms: [], pendingSeq: [], scheduled: false,
    hits: { kind: "none", x: new Float32Array(0), y: new Float32Array(0), r: new Float32Array(0), ref: [], n: 0 },
    lastVisible: 0, lastMode: "none", drawCount: 0, drawMs: [],
    tiles: { layer: null, loaded: 0, errors: 0, state: "loading" },
    incident: null, fallbackCanvas: null, fallbackCtx: null, fallback: null, tip: null, banner: null,
    press: null,
  };
  var bridge = null;

  // Spherical Mercator normalised to [0, 1]: pixel = value * 256 * 2^zoom, as in Leaflet.
  function mercX(lon) { return (lon + 180) / 360; }
  function mercY(lat) {
    var clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
    var s = Math.sin(clamped * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  function view() {
    var map = S.map, z = map.getZoom(), size = map.getSize();
    var origin = map.project(map.containerPointToLatLng([0, 0]), z);
    return { z: z, scale: 256 * Math.pow(2, z), ox: origin.x, oy: origin.y, w: size.x, h: size.y };
  }

  function sizeCanvas(canvas, ctx, v) {
    var ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(v.w * ratio) || canvas.height !== Math.round(v.h * ratio)) {
      canvas.width = Math.round(v.w * ratio);
      canvas.height = Math.round(v.h * ratio);
      canvas.style.width = v.w + "px";
      canvas.style.height = v.h + "px";
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, v.w, v.h);
  }

  function visibleIndices(v) {
    var out = new Int32Array(S.n), k = 0, pad = 40;
    for (var i = 0; i < S.n; i++) {
      var c = S.code[i];
      var bit = (c & OFFLINE_BIT) ? 16 : (1 << (c & 7));
      if (!(S.catMask & bit) || !(S.kindMask & S.kind[i])) continue;
      var px = S.mx[i] * v.scale - v.ox, py = S.my[i] * v.scale - v.oy;
      if (px < -pad || py < -pad || px > v.w + pad || py > v.h + pad) continue;
      out[k++] = i;
    }
    return out.subarray(0, k);
  }

  function resetHits(kind, size) {
    S.hits = { kind: kind, x: new Float32Array(size), y: new Float32Array(size), r: new Float32Array(size),
      ref: new Array(size), n: 0 };
  }

  function addHit(x, y, r, ref) {
    var h = S.hits;
    h.x[h.n] = x; h.y[h.n] = y; h.r[h.n] = r; h.ref[h.n] = ref; h.n++;
  }

  function drawDots(ctx, v, vis) {
    resetHits("dots", vis.length);
    var metresPerPx = 40075016.686 / v.scale;
    for (var j = 0; j < vis.length; j++) {
      var i = vis[j], px = S.mx[i] * v.scale - v.ox, py = S.my[i] * v.scale - v.oy;
      var c = S.code[i], colour = PALETTE[c & 7], offline = (c & OFFLINE_BIT) !== 0;
      if (v.z >= 16 && S.hd[i] >= 0) { // field of view: ~35 m deep
        var reach = Math.max(18, Math.min(70, 35 * Math.cos(S.lat[i] * Math.PI / 180) / metresPerPx));
        var a = (S.hd[i] - 90) * Math.PI / 180, half = S.fov[i] * Math.PI / 360;
        ctx.beginPath();
        ctx.moveTo(px, py);
        ctx.arc(px, py, reach, a - half, a + half);
        ctx.closePath();
        ctx.fillStyle = offline ? "rgba(120,128,140,0.18)" : colour + "40";
        ctx.fill();
      }
      var r = (c & 7) === 0 ? 6 : 5;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = offline ? OFFLINE_FILL : colour;
      ctx.fill();
      ctx.lineWidth = offline ? 2 : 1.2;
      ctx.strokeStyle = offline ? colour : "#0b0f14";
      ctx.stroke();
      addHit(px, py, Math.max(r + 3, 8), i);
    }
  }

  function drawClusters(ctx, v, vis) {
    var cols = Math.ceil(v.w / CELL_PX) + 2, rows = Math.ceil(v.h / CELL_PX) + 2, cells = cols * rows;
    var count = new Int32Array(cells), sx = new Float64Array(cells), sy = new Float64Array(cells);
    var cats = new Int32Array(cells * 5), first = new Int32Array(cells).fill(-1);
    for (var j = 0; j < vis.length; j++) {
      var i = vis[j], px = S.mx[i] * v.scale - v.ox, py = S.my[i] * v.scale - v.oy;
      var cell = (Math.floor(py / CELL_PX) + 1) * cols + Math.floor(px / CELL_PX) + 1;
      if (cell < 0 || cell >= cells) continue;
      if (first[cell] < 0) first[cell] = i;
      count[cell]++; sx[cell] += px; sy[cell] += py;
      cats[cell * 5 + ((S.code[i] & OFFLINE_BIT) ? 4 : (S.code[i] & 7))]++;
    }
    resetHits("clusters", cells);
    ctx.font = "bold 11px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (var c = 0; c < cells; c++) {
      var n = count[c];
      if (!n) continue;
      var cx = sx[c] / n, cy = sy[c] / n;
      if (n === 1) { // a lone camera is drawn as itself
        var only = first[c], oc = S.code[only], off = (oc & OFFLINE_BIT) !== 0;
        ctx.beginPath();
        ctx.arc(cx, cy, 5, 0, 2 * Math.PI);
        ctx.fillStyle = off ? OFFLINE_FILL : PALETTE[oc & 7];
        ctx.fill();
        ctx.strokeStyle = off ? PALETTE[oc & 7] : "#0b0f14";
        ctx.lineWidth = 1.2;
        ctx.stroke();
        addHit(cx, cy, 8, only);
        continue;
      }
      var r = Math.min(26, 11 + 4 * Math.log10(n) * 1.6);
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(16,22,30,0.86)";
      ctx.fill();
      // The ring shows the share of each state; live first, at twelve o'clock.
      var start = -Math.PI / 2;
      ctx.lineWidth = 4;
      for (var k = 0; k < 5; k++) {
        var part = cats[c * 5 + k];
        if (!part) continue;
        var sweep = 2 * Math.PI * part / n;
        ctx.beginPath();
        ctx.arc(cx, cy, r - 2, start, start + sweep);
        ctx.strokeStyle = k === 4 ? OFFLINE_FILL : PALETTE[k];
        ctx.stroke();
        start += sweep;
      }
      ctx.fillStyle = "#f1f4f8";
      ctx.fillText(n >= 10000 ? Math.round(n / 1000) + "k" : String(n), cx, cy);
      addHit(cx, cy, r, { cell: c, n: n, live: cats[c * 5] });
    }
  }

  function ring(ctx, x, y, radius, width, colour) {
    ctx.lineWidth = width;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.stroke();
  }

  function drawSelection(ctx, v) {
    if (S.selected < 0) return;
    var i = S.selected, px = S.mx[i] * v.scale - v.ox, py = S.my[i] * v.scale - v.oy;
    ring(ctx, px, py, 11, 3, "#ffffff");
    ring(ctx, px, py, 13.5, 1.5, "#000000");
  }

  // Cameras with an active alarm: a red ring and a tag on top of everything, at every zoom
  // (clusters included), so an alarm is never hidden in a bubble.
  function drawAlarms(ctx, v) {
    ctx.font = "bold 10px sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    for (var k = 0; k < S.alarms.length; k++) {
      var i = S.byId.get(S.alarms[k]);
      if (i === undefined) continue;
      var px = S.mx[i] * v.scale - v.ox, py = S.my[i] * v.scale - v.oy;
      if (px < -20 || py < -20 || px > v.w + 20 || py > v.h + 20) continue;
      ring(ctx, px, py, 9, 3, "#ff3030");
      ring(ctx, px, py, 15, 1.5, "#ff3030");
      ctx.fillStyle = "#ff3030";
      ctx.fillRect(px + 12, py - 17, 40, 13);
      ctx.fillStyle = "#ffffff";
      ctx.fillText("ALARM", px + 14, py - 10);
    }
  }

  function draw() {
    var started = performance.now();
    S.scheduled = false;
    if (!S.map) return;
    var v = view();
    sizeCanvas(S.canvas, S.ctx, v);
    var vis = visibleIndices(v);
    if (v.z >= DOTS_FROM_ZOOM && vis.length <= DOTS_MAX) {
      drawDots(S.ctx, v, vis);
      S.lastMode = "dots";
    } else {
      drawClusters(S.ctx, v, vis);
      S.lastMode = "clusters";
    }
    drawSelection(S.ctx, v);
    drawAlarms(S.ctx, v);
    drawFallback(v);
    S.lastVisible = vis.length;
    S.drawCount++;
    S.drawMs.push(performance.now() - started); // the last 200 frames' cost, for stats() and the bench
    if (S.drawMs.length > 200) S.drawMs.shift();
    var done = S.pendingSeq;
    S.pendingSeq = [];
    if (bridge) {
      for (var d = 0; d < done.length; d++) bridge.drawn(done[d], vis.length, S.n);
    }
  }

  function schedule(seq) {
    if (seq !== undefined && seq !== null) S.pendingSeq.push(seq);
    if (S.scheduled) return;
    S.scheduled = true;
    // A hidden page gets no animation frames; a timer still draws it (tests, a tabbed dock).
    if (document.visibilityState === "hidden") setTimeout(draw, 0);
    else window.requestAnimationFrame(draw);
  }

  // --- hit testing, tooltip, click, drag --------------------------------------------------------
  function hitAt(x, y) {
    var h = S.hits, best = -1, bestD = 1e9;
    for (var j = 0; j < h.n; j++) {
      var dx = h.x[j] - x, dy = h.y[j] - y, d = dx * dx + dy * dy;
      if (d <= h.r[j] * h.r[j] && d < bestD) { best = j; bestD = d; }
    }
    if (best < 0) return null;
    var ref = h.ref[best];
    return typeof ref === "number" ? { camera: ref } : { cluster: ref, x: h.x[best], y: h.y[best] };
  }

  function cameraText(i) {
    var c = S.code[i];
    var text = CATEGORY_TEXT[c & 7] + ((c & OFFLINE_BIT) ? " · offline" : "") + " · " + (KIND_TEXT[S.kind[i]] || "");
    return [S.labels[i] || ("Camera " + S.ids[i]), text];
  }

  function showTip(point, lines) {
    var tip = S.tip;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    for (var k = 0; k < lines.length; k++) {
      var line = document.createElement("div");
      line.textContent = lines[k]; // untrusted owner text: never innerHTML
      if (k === 0) line.className = "rtcc-tip-title";
      tip.appendChild(line);
    }
    tip.style.left = (point.x + 14) + "px";
    tip.style.top = (point.y + 14) + "px";
    tip.style.display = "block";
  }

  function onMouseMove(e) {
    if (S.press && !S.press.dragged) {
      var dx = e.containerPoint.x - S.press.x, dy = e.containerPoint.y - S.press.y;
      if (dx * dx + dy * dy > 36) { // dragging a camera off the map, e.g. onto a wall tile
        S.press.dragged = true;
        S.tip.style.display = "none";
        if (bridge) bridge.dragCamera(S.ids[S.press.camera]);
        endPress();
        return;
      }
    }
    var hit = hitAt(e.containerPoint.x, e.containerPoint.y);
    S.map.getContainer().style.cursor = hit ? "pointer" : "";
    if (!hit) { S.tip.style.display = "none"; return; }
    if (hit.camera !== undefined) showTip(e.containerPoint, cameraText(hit.camera));
    else showTip(e.containerPoint, [hit.cluster.n + " cameras", hit.cluster.live + " live-shared now · click to zoom in"]);
  }

  function endPress() {
    S.press = null;
    S.map.dragging.enable();
  }

  function onMouseDown(e) {
    if (e.originalEvent.button !== 0) return;
    var hit = hitAt(e.containerPoint.x, e.containerPoint.y);
    if (hit && hit.camera !== undefined) { // a press on a camera drags the camera, not the map
      S.press = { camera: hit.camera, x: e.containerPoint.x, y: e.containerPoint.y, dragged: false };
      S.map.dragging.disable();
    }
  }

  function clusterBounds(x, y) {
    var half = CELL_PX;
    return L.latLngBounds(S.map.containerPointToLatLng([x - half, y - half]),
      S.map.containerPointToLatLng([x + half, y + half]));
  }

  function onClick(e) {
    var hit = hitAt(e.containerPoint.x, e.containerPoint.y);
    if (!hit) return;
    if (hit.camera !== undefined) {
      S.selected = hit.camera;
      schedule();
      if (bridge) bridge.cameraClicked(S.ids[hit.camera]);
    } else {
      S.map.flyToBounds(clusterBounds(hit.x, hit.y), { duration: 0.4, maxZoom: DOTS_FROM_ZOOM + 1 });
    }
  }

  // --- the offline fallback: land/lake, outline, streets, place names and a labelled grid --------
  function drawFallback(v) {
    if (!S.fallbackCanvas) return;
    var ctx = S.fallbackCtx;
    sizeCanvas(S.fallbackCanvas, ctx, v);
    if (S.tiles.state === "ok") return; // real tiles cover it
    ctx.fillStyle = "#1c232c";
    ctx.fillRect(0, 0, v.w, v.h);
    function pt(lon, lat) { return [mercX(lon) * v.scale - v.ox, mercY(lat) * v.scale - v.oy]; }
    function path(coords) {
      ctx.beginPath();
      for (var k = 0; k < coords.length; k++) {
        var p = pt(coords[k][0], coords[k][1]);
        if (k === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]);
      }
    }
    var feats = (S.fallback && S.fallback.features) || [];
    var labels = [];
    for (var f = 0; f < feats.length; f++) {
      var g = feats[f].geometry, kind = feats[f].properties.kind, name = String(feats[f].properties.name || "");
      if (kind === "water") {
        path(g.coordinates[0]); ctx.closePath(); ctx.fillStyle = "#0f2d4a"; ctx.fill();
      } else if (kind === "shore") {
        path(g.coordinates); ctx.strokeStyle = "#4f86b8"; ctx.lineWidth = 2; ctx.stroke();
      } else if (kind === "city") {
        path(g.coordinates); ctx.setLineDash([8, 5]); ctx.strokeStyle = "#c9a449"; ctx.lineWidth = 2; ctx.stroke();
        ctx.setLineDash([]);
      } else if (kind === "street" || kind === "highway") {
        if (kind === "street" && v.z < 12) continue;
        path(g.coordinates);
        ctx.strokeStyle = kind === "highway" ? "#8a6f3c" : "#3d4856";
        ctx.lineWidth = kind === "highway" ? 3.5 : (v.z >= 14 ? 3 : 1.6);
        ctx.stroke();
        if (v.z >= 13 || kind === "highway") {
          var mid = g.coordinates[Math.floor(g.coordinates.length / 2)];
          var a = g.coordinates[0], b = g.coordinates[g.coordinates.length - 1];
          var p0 = pt(a[0], a[1]), p1 = pt(b[0], b[1]);
          // Label where the street crosses the screen centre, so it stays in view while panning.
          var at = Math.abs(p1[0] - p0[0]) > Math.abs(p1[1] - p0[1])
            ? [Math.min(Math.max(v.w / 2, Math.min(p0[0], p1[0]) + 40), Math.max(p0[0], p1[0]) - 40), p0[1]]
            : [p0[0], Math.min(Math.max(v.h / 3, Math.min(p0[1], p1[1]) + 20), Math.max(p0[1], p1[1]) - 20)];
          if (kind === "highway") at = pt(mid[0], mid[1]);
          labels.push([name, at[0], at[1] - 6, kind === "highway" ? "#e0c27a" : "#9fb0c2", "11px sans-serif"]);
        }
      } else if (kind === "place" && v.z >= 11) {
        var pp = pt(g.coordinates[0], g.coordinates[1]);
        labels.push([name, pp[0], pp[1], name === "Lake Michigan" ? "#6f9cc8" : "#d6dde6", "bold 13px sans-serif"]);
      }
    }
    drawGrid(ctx, v);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (var l = 0; l < labels.length; l++) {
      ctx.font = labels[l][4];
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#11161c";
      ctx.strokeText(labels[l][0], labels[l][1], labels[l][2]);
      ctx.fillStyle = labels[l][3];
      ctx.fillText(labels[l][0], labels[l][1], labels[l][2]);
    }
  }

  function drawGrid(ctx, v) {
    // A lat/lon grid labelled at the edges keeps positions readable with no tiles at all.
    var nw = S.map.containerPointToLatLng([0, 0]), se = S.map.containerPointToLatLng([v.w, v.h]);
    var span = se.lng - nw.lng, steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
    var step = steps[steps.length - 1];
    for (var s = 0; s < steps.length; s++) { if (span / steps[s] <= 10) { step = steps[s]; break; } }
    var decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    ctx.strokeStyle = "rgba(150,170,190,0.16)";
    ctx.lineWidth = 1;
    ctx.font = "10px monospace";
    ctx.fillStyle = "rgba(170,185,200,0.8)";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    for (var lon = Math.ceil(nw.lng / step) * step; lon <= se.lng; lon += step) {
      var x = mercX(lon) * v.scale - v.ox;
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, v.h); ctx.stroke();
      ctx.fillText(lon.toFixed(decimals) + "°", x + 3, 3);
    }
    for (var lat = Math.ceil(se.lat / step) * step; lat <= nw.lat; lat += step) {
      var y = mercY(lat) * v.scale - v.oy;
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(v.w, y); ctx.stroke();
      ctx.fillText(lat.toFixed(decimals) + "°", 3, y + 3);
    }
  }

  // --- tiles: say when they are not there ----------------------------------------------------------
  function setTilesState(state) {
    if (S.tiles.state === state) return;
    S.tiles.state = state;
    S.banner.style.display = state === "unavailable" ? "block" : "none";
    if (bridge) bridge.tilesState(state);
    schedule();
  }

  function watchTiles(layer) {
    S.tiles.layer = layer;
    if (!layer) { setTilesState("unavailable"); return; }
    layer.on("tileload", function () { S.tiles.loaded++; setTilesState("ok"); });
    layer.on("tileerror", function () { S.tiles.errors++; });
    layer.on("load", function () { if (S.tiles.loaded === 0 && S.tiles.errors > 0) setTilesState("unavailable"); });
    // A tile server that never answers is as good as none.
    setTimeout(function () { if (S.tiles.loaded === 0) setTilesState("unavailable"); }, 6000);
  }

  // --- controls ---------------------------------------------------------------------------------
  function legendControl() {
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "rtcc-legend");
        var title = L.DomUtil.create("div", "rtcc-legend-title", box);
        title.textContent = "Cameras";
        var rows = CATEGORY_TEXT.map(function (t, k) { return [PALETTE[k], t, false]; });
        rows.push([OFFLINE_FILL, "Offline (ring: its sharing)", true]);
        rows.forEach(function (row) {
          var line = L.DomUtil.create("div", "rtcc-legend-row", box);
          var dot = L.DomUtil.create("span", "rtcc-dot", line);
          dot.style.background = row[0];
          if (row[2]) dot.style.border = "2px solid " + PALETTE[2];
          L.DomUtil.create("span", "", line).textContent = row[1];
        });
        L.DomUtil.create("div", "rtcc-legend-note", box).textContent =
          "Rings: share of each state in a cluster. Cones: field of view.";
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    return new Legend();
  }

  function bannerControl() {
    var Banner = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "rtcc-banner");
        box.textContent = "Map tiles unavailable — showing the offline outline map (grid, shore, city limits, main streets)";
        box.style.display = "none";
        return box;
      },
    });
    var control = new Banner();
    control.addTo(S.map);
    return control.getContainer();
  }

  // --- the API Python calls through runJavaScript ---------------------------------------------------
  // Typed columns arrive as base64 of little-endian arrays (camera_marks.EncodedCameras).
  function fromBase64(text, Type) {
    var bin = atob(String(text)), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }

  function toColumns(data) {
    var n = data.n | 0;
    var lat = fromBase64(data.lat, Int32Array), lon = fromBase64(data.lon, Int32Array);
    var hd = fromBase64(data.hd, Int16Array), fov = fromBase64(data.fov, Int16Array);
    S.n = n;
    S.ids = fromBase64(data.id, Int32Array);
    S.mx = new Float64Array(n); S.my = new Float64Array(n); S.lat = new Float64Array(n);
    S.hd = new Float32Array(n); S.fov = new Float32Array(n);
    for (var i = 0; i < n; i++) {
      S.lat[i] = lat[i] / 1e6;
      S.mx[i] = mercX(lon[i] / 1e6); S.my[i] = mercY(S.lat[i]);
      S.hd[i] = hd[i] / 10; S.fov[i] = fov[i] / 10;
    }
    S.code = fromBase64(data.code, Uint8Array);
    S.kind = fromBase64(data.kind, Uint8Array);
    // Labels follow in setLabels, after the first frame; until then a tooltip names the camera by id.
    S.labels = new Array(n);
    S.labelFresh = new Uint8Array(n);
    S.labelCount = 0;
    S.byId = new Map();
    for (var j = 0; j < n; j++) S.byId.set(S.ids[j], j);
  }

  var api = {
    setCameras: function (data, seq, fit) {
      var selectedId = S.selected >= 0 ? S.ids[S.selected] : -1;
      toColumns(data);
      S.selected = S.byId.has(selectedId) ? S.byId.get(selectedId) : -1;
      if (fit) api.fitAll();
      schedule(seq);
      return S.n;
    },
    fitAll: function () {
      if (!S.n) return;
      var lat0 = 90, lat1 = -90, x0 = 1, x1 = 0;
      for (var i = 0; i < S.n; i++) {
        lat0 = Math.min(lat0, S.lat[i]); lat1 = Math.max(lat1, S.lat[i]);
        x0 = Math.min(x0, S.mx[i]); x1 = Math.max(x1, S.mx[i]);
      }
      S.map.fitBounds([[lat0, x0 * 360 - 180], [lat1, x1 * 360 - 180]], { animate: false, padding: [20, 20] });
    },
    updateCameras: function (rows, seq) {
      for (var k = 0; k < rows.length; k++) {
        var r = rows[k], i = S.byId.get(r[0]);
        if (i === undefined) continue; // a camera new to this session comes with the next full load
        S.lat[i] = r[1]; S.mx[i] = mercX(r[2]); S.my[i] = mercY(r[1]);
        S.code[i] = r[3]; S.kind[i] = r[4]; S.hd[i] = r[5]; S.fov[i] = r[6]; S.labels[i] = String(r[7]);
        S.labelFresh[i] = 1; // newer than the bulk labels, which may still be on their way
      }
      schedule(seq);
    },
    setLabels: function (labels) {
      var n = Math.min(labels.length, S.n);
      for (var i = 0; i < n; i++) if (!S.labelFresh[i]) S.labels[i] = String(labels[i]);
      S.labelCount = n;
      return n;
    },
    setFilter: function (catMask, kindMask) {
      S.catMask = catMask | 0; S.kindMask = kindMask | 0;
      schedule();
    },
    select: function (id, pan) {
      var i = S.byId.get(id);
      S.selected = i === undefined ? -1 : i;
      if (i !== undefined && pan) {
        S.map.setView([S.lat[i], (S.mx[i] * 360) - 180], Math.max(S.map.getZoom(), 16), { animate: false });
      }
      schedule();
      return i !== undefined;
    },
    panTo: function (lat, lon, zoom) {
      S.map.setView([lat, lon], zoom || S.map.getZoom(), { animate: false });
    },
    setIncident: function (lat, lon, radius, fit) {
      if (S.incident) S.incident.remove();
      var circle = L.circle([lat, lon], { radius: radius, color: "#ff5252", weight: 2, dashArray: "6 4",
        fillColor: "#ff5252", fillOpacity: 0.07, interactive: false });
      var centre = L.circleMarker([lat, lon], { radius: 4, color: "#ff5252", fillOpacity: 1, interactive: false });
      S.incident = L.layerGroup([circle, centre]).addTo(S.map);
      if (fit) S.map.fitBounds(circle.getBounds(), { animate: false, padding: [30, 30] });
    },
    setAlarms: function (ids) {
      S.alarms = ids.slice(); // ids, not indices: a reload of the cameras reorders them
      schedule();
      return ids.filter(function (id) { return S.byId.has(id); }).length;
    },
    clearIncident: function () {
      if (S.incident) S.incident.remove();
      S.incident = null;
    },
    stats: function () {
      return { leaflet: L.version, cameras: S.n, visible: S.lastVisible, mode: S.lastMode, draws: S.drawCount,
        tiles: S.tiles.state, tilesLoaded: S.tiles.loaded, tileErrors: S.tiles.errors, zoom: S.map.getZoom(),
        labels: S.labelCount, alarms: S.alarms.length, drawMs: S.drawMs.slice(), bridge: bridge !== null };
    },
    // Where a camera is on screen (tests click it like an operator would).
    screenPoint: function (id) {
      var i = S.byId.get(id);
      if (i === undefined) return null;
      var p = S.map.latLngToContainerPoint([S.lat[i], (S.mx[i] * 360) - 180]);
      return [p.x, p.y];
    },
  };

  function attach(map, options) {
    S.map = map;
    S.fallback = options.fallback || null;
    var container = map.getContainer();
    // The fallback canvas sits under Leaflet's map pane (z-index 400, tiles inside it):
    // loaded tiles hide it, failed ones leave it showing.
    S.fallbackCanvas = document.createElement("canvas");
    S.fallbackCanvas.className = "rtcc-canvas";
    container.appendChild(S.fallbackCanvas);
    S.fallbackCanvas.style.zIndex = 1;
    S.fallbackCtx = S.fallbackCanvas.getContext("2d");
    S.canvas = document.createElement("canvas");
    S.canvas.className = "rtcc-canvas";
    S.canvas.style.zIndex = 450; // above vector overlays (the incident circle), below controls
    container.appendChild(S.canvas);
    S.ctx = S.canvas.getContext("2d");
    S.tip = L.DomUtil.create("div", "rtcc-tip", container);
    S.banner = bannerControl();
    legendControl().addTo(map);
    map.on("move zoom resize viewreset", function () { schedule(); });
    map.on("zoomanim", function () { S.ctx.clearRect(0, 0, S.canvas.width, S.canvas.height); });
    map.on("mousemove", onMouseMove);
    map.on("mousedown", onMouseDown);
    map.on("mouseout", function () { S.tip.style.display = "none"; });
    document.addEventListener("mouseup", function () { if (S.press) endPress(); });
    map.on("click", onClick);
    map.on("contextmenu", function (e) {
      if (bridge) bridge.contextMenu(e.latlng.lat, e.latlng.lng);
    });
    var tiles = null;
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles = layer; });
    watchTiles(tiles);
    schedule();
    connectBridge();
  }

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || typeof qt === "undefined" || !qt.webChannelTransport) return;
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.rtccBridge || null;
      if (bridge) bridge.pageReady(L.version);
    });
  }

  window.RTCC = Object.freeze({ attach: attach, api: Object.freeze(api) });
})();
