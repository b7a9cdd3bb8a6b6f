/* Demonstrations: a simulated body doing an exercise, drawn on a canvas.
 *
 * The landmarks come from /api/demos/ID (whole pixels at about 15 frames a second, see
 * upright.sim.demo); the body is drawn with volume (limbs as thick rounded strokes, a
 * filled trunk, a head), on a floor, with the equipment that matters (bench, ball, cable
 * line, dumbbells). A fault demonstration draws the line or angle its rule measures.
 *
 *   upright.demo.play(canvas, exerciseId, {holdSeconds, rule}) -> Promise of a player
 *   upright.demo.pair(cleanCanvas, faultCanvas, exerciseId, rule)  one scale for both
 *   upright.demo.stop(canvas)
 *
 * holdSeconds stretches every peak hold of the loop to that many seconds, so the figure
 * holds as long as the set's timer asks. Canvases with data-demo="ID" (and data-rule,
 * data-hold) play by themselves unless marked data-manual.
 */
(function () {
  "use strict";

  const COLOURS = {
    wall: "#eef1f3", floor: "#cfd6db", floorLine: "#9aa6ae",
    skin: "#dba782", shirt: "#2f6f9f", trousers: "#3c4650", shoes: "#23272b", hair: "#4a3a2c",
    ball: "#3d8fd1", bench: "#6b4f3a", metal: "#59636b", cable: "#30383e",
    rule: "#e8590c", reference: "#6b7780", label: "#1d2327",
  };
  const FAR = 0.72; // brightness of the far-side limbs
  const cache = new Map();
  const players = new WeakMap();

  function load(exerciseId, rule) {
    const key = exerciseId + "|" + (rule || "");
    if (!cache.has(key)) {
      const url = "/api/demos/" + encodeURIComponent(exerciseId) +
        (rule ? "?rule=" + encodeURIComponent(rule) : "");
      cache.set(key, fetch(url).then(function (r) {
        if (!r.ok) return r.json().then(function (e) { throw new Error(e.error || r.statusText); });
        return r.json();
      }));
    }
    return cache.get(key);
  }

  function shade(hex, f) {
    const n = parseInt(hex.slice(1), 16);
    const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (v) { return Math.round(v * f); });
    return "rgb(" + c.join(",") + ")";
  }

  /* The box (pixels of the clip) that holds every frame and every piece of equipment. */
  function boxOf(data) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    function add(x, y) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    for (const f of data.frames) for (let i = 0; i < f.length; i += 2) add(f[i], f[i + 1]);
    const eq = data.equipment || {};
    if (eq.ball) { add(eq.ball.x - eq.ball.r, eq.ball.y - eq.ball.r); add(eq.ball.x + eq.ball.r, eq.ball.y + eq.ball.r); }
    for (const k of ["bench", "seat"]) if (eq[k]) for (const p of eq[k]) add(p[0], p[1]);
    if (eq.cable) add(eq.cable.anchor[0], eq.cable.anchor[1]);
    if (eq.floor_y !== undefined) add(x0, eq.floor_y);
    return { x0: x0, y0: y0, x1: x1, y1: y1 };
  }

  function unionBox(a, b) {
    return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
  }

  /* Playback seconds -> clip seconds, holds ("hold" phases) stretched to holdSeconds. */
  function timeMap(data, holdSeconds) {
    const segs = [];
    let play = 0;
    for (const p of data.phases) {
      const clip = p.end - p.start;
      const len = p.kind === "hold" && holdSeconds > 0 ? holdSeconds : clip;
      segs.push({ p0: play, p1: play + len, c0: p.start, c1: p.end, phase: p });
      play += len;
    }
    return { segs: segs, total: Math.max(play, 0.1) };
  }

  function Player(canvas, data, opts) {
    this.canvas = canvas;
    this.data = data;
    this.opts = opts || {};
    this.index = {};
    data.points.forEach(function (n, i) { this.index[n] = i; }, this);
    this.box = this.opts.box || boxOf(data);
    this.map = timeMap(data, this.opts.holdSeconds || 0);
    this.start = performance.now();
    this.running = true;
    this.visible = true;
    this.drawn = 0;
    canvas.dataset.playing = "1";
    const self = this;
    if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver(function (entries) {
        self.visible = entries[entries.length - 1].isIntersecting;
      });
      this.observer.observe(canvas);
    }
    this.tick = function () {
      if (!self.running) return;
      if (self.visible) self.draw((performance.now() - self.start) / 1000);
      requestAnimationFrame(self.tick);
    };
    requestAnimationFrame(this.tick);
  }

  Player.prototype.stop = function () {
    this.running = false;
    if (this.observer) this.observer.disconnect();
    this.canvas.dataset.playing = "";
  };

  /* Where the loop is at playback second t: clip time and the phase. */
  Player.prototype.at = function (t) {
    const m = this.map;
    const p = ((t % m.total) + m.total) % m.total;
    for (const s of m.segs) {
      if (p < s.p1) {
        const f = s.p1 > s.p0 ? (p - s.p0) / (s.p1 - s.p0) : 0;
        return { clip: s.c0 + f * (s.c1 - s.c0), phase: s.phase };
      }
    }
    const last = m.segs[m.segs.length - 1];
    return { clip: last ? last.c1 : 0, phase: last ? last.phase : null };
  };

  Player.prototype.resize = function () {
    const c = this.canvas;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(c.clientWidth * dpr)), h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    // the figure in the middle, a band at the top for the phase's name
    // a fault seen end-on also gets an inset at the top right: the band makes room for it
    const inset = (this.data.rule && this.data.rule.inset) || this.opts.reserveInset;
    this.insetSize = inset ? Math.min(0.34 * h, 0.4 * w) : 0;
    const b = this.box, pad = 0.05;
    const band = inset ? this.insetSize + 0.04 * h : Math.min(0.12 * h, 40 * dpr);
    const bw = (b.x1 - b.x0) * (1 + 2 * pad), bh = (b.y1 - b.y0) * (1 + 2 * pad);
    const s = Math.min(w / bw, (h - band) / bh);
    this.scale = s;
    this.ox = w / 2 - ((b.x0 + b.x1) / 2) * s;
    this.oy = band + (h - band) / 2 - ((b.y0 + b.y1) / 2) * s;
    this.dpr = dpr;
  };

  Player.prototype.draw = function (t) {
    this.resize();
    const ctx = this.canvas.getContext("2d");
    const at = this.at(t);
    const fps = this.data.fps, frames = this.data.frames;
    const fi = Math.min(at.clip * fps, frames.length - 1);
    const i0 = Math.floor(fi), i1 = Math.min(i0 + 1, frames.length - 1), a = fi - i0;
    const A = frames[i0], B = frames[i1];
    const self = this;
    function pt(name, frame) {
      if (name.indexOf("mid_") === 0) {
        const l = pt("left_" + name.slice(4), frame), r = pt("right_" + name.slice(4), frame);
        return [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2];
      }
      const k = 2 * self.index[name];
      const x = frame ? frame[k] : A[k] + a * (B[k] - A[k]);
      const y = frame ? frame[k + 1] : A[k + 1] + a * (B[k + 1] - A[k + 1]);
      return [x * self.scale + self.ox, y * self.scale + self.oy];
    }
    const w = this.canvas.width, h = this.canvas.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.fillStyle = COLOURS.wall;
    ctx.fillRect(0, 0, w, h);
    const torso = Math.max(dist(pt("mid_shoulder", frames[0]), pt("mid_hip", frames[0])), 12);
    this.drawFloor(ctx, w, h);
    this.drawEquipmentBehind(ctx, torso);
    this.drawBody(ctx, pt, torso);
    this.drawEquipmentFront(ctx, pt, torso, at.phase);
    if (this.data.rule) this.drawRule(ctx, pt, torso, at.clip);
    if (this.data.rule && this.data.rule.inset) this.drawInset(ctx, fi, w, h);
    this.drawLabel(ctx, at.phase, torso);
    this.drawn += 1;
    this.canvas.dataset.frame = String(i0);
    this.canvas.dataset.phase = at.phase ? at.phase.label : "";
    this.canvas.dataset.drawn = String(this.drawn);
  };

  function dist(p, q) { return Math.hypot(p[0] - q[0], p[1] - q[1]); }

  function stroke(ctx, pts, width, colour) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
    ctx.stroke();
  }

  Player.prototype.px = function (p) { return [p[0] * this.scale + this.ox, p[1] * this.scale + this.oy]; };

  Player.prototype.drawFloor = function (ctx, w, h) {
    const eq = this.data.equipment || {};
    if (eq.floor_y === undefined) return;
    const y = this.px([0, eq.floor_y])[1];
    ctx.fillStyle = COLOURS.floor;
    ctx.fillRect(0, y, w, h - y);
    ctx.fillStyle = COLOURS.floorLine;
    ctx.fillRect(0, y - 1, w, 2 * this.dpr);
  };

  Player.prototype.drawEquipmentBehind = function (ctx, torso) {
    const eq = this.data.equipment || {};
    const floor = eq.floor_y !== undefined ? this.px([0, eq.floor_y])[1] : null;
    if (eq.ball) {
      const c = this.px([eq.ball.x, eq.ball.y]), r = eq.ball.r * this.scale;
      const g = ctx.createRadialGradient(c[0] - r * 0.35, c[1] - r * 0.35, r * 0.1, c[0], c[1], r);
      g.addColorStop(0, "#8cc4ee");
      g.addColorStop(1, COLOURS.ball);
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.arc(c[0], c[1], r, 0, 2 * Math.PI);
      ctx.fill();
    }
    for (const k of ["bench", "seat"]) {
      if (!eq[k]) continue;
      const p = this.px(eq[k][0]), q = this.px(eq[k][1]);
      if (floor !== null) {
        // legs from the pad down to the floor
        for (const f of [0.15, 0.85]) {
          const x = p[0] + f * (q[0] - p[0]), y = p[1] + f * (q[1] - p[1]);
          stroke(ctx, [[x, y], [x, floor]], 0.1 * torso, COLOURS.metal);
        }
      }
      stroke(ctx, [p, q], 0.24 * torso, COLOURS.bench);
    }
    if (eq.cable) {
      const c = this.px(eq.cable.anchor);
      const top = Math.min(c[1] - 0.8 * torso, floor !== null ? floor - 2.2 * torso : c[1] - torso);
      ctx.fillStyle = COLOURS.metal;
      ctx.fillRect(c[0] - 0.18 * torso, top, 0.36 * torso, (floor !== null ? floor : c[1] + torso) - top);
      ctx.fillStyle = "#d5dbdf";
      ctx.beginPath();
      ctx.arc(c[0], c[1], 0.12 * torso, 0, 2 * Math.PI);
      ctx.fill();
    }
  };

  Player.prototype.drawBody = function (ctx, pt, torso) {
    const near = this.data.near_side === "right" ? "right" : "left";
    const far = near === "left" ? "right" : "left";
    const leg = function (s, f) {
      stroke(ctx, [pt(s + "_hip"), pt(s + "_knee")], 0.3 * torso, shade(COLOURS.trousers, f));
      stroke(ctx, [pt(s + "_knee"), pt(s + "_ankle")], 0.24 * torso, shade(COLOURS.trousers, f));
      stroke(ctx, [pt(s + "_heel"), pt(s + "_foot_index")], 0.14 * torso, shade(COLOURS.shoes, f));
    };
    const arm = function (s, f) {
      stroke(ctx, [pt(s + "_shoulder"), pt(s + "_elbow")], 0.2 * torso, shade(COLOURS.shirt, f));
      stroke(ctx, [pt(s + "_elbow"), pt(s + "_wrist")], 0.16 * torso, shade(COLOURS.skin, f));
      const hand = [(pt(s + "_index")[0] + pt(s + "_pinky")[0]) / 2, (pt(s + "_index")[1] + pt(s + "_pinky")[1]) / 2];
      stroke(ctx, [pt(s + "_wrist"), hand], 0.15 * torso, shade(COLOURS.skin, 0.95 * f));
    };
    leg(far, FAR);
    arm(far, FAR);
    // the trunk: a filled quadrilateral with rounded edges
    const quad = [pt("left_shoulder"), pt("right_shoulder"), pt("right_hip"), pt("left_hip")];
    ctx.fillStyle = COLOURS.shirt;
    ctx.beginPath();
    ctx.moveTo(quad[0][0], quad[0][1]);
    for (const q of quad.slice(1)) ctx.lineTo(q[0], q[1]);
    ctx.closePath();
    ctx.fill();
    stroke(ctx, [pt("mid_shoulder"), pt("mid_hip")], 0.42 * torso, COLOURS.shirt);
    stroke(ctx, quad.concat([quad[0]]), 0.2 * torso, COLOURS.shirt);
    stroke(ctx, [pt("left_hip"), pt("right_hip")], 0.34 * torso, COLOURS.trousers);
    leg(near, 1);
    // neck and head: centred between the ears and the nose
    const ear = pt("mid_ear"), nose = pt("nose");
    const head = [(ear[0] + nose[0]) / 2, (ear[1] + nose[1]) / 2];
    stroke(ctx, [pt("mid_shoulder"), head], 0.18 * torso, shade(COLOURS.skin, 0.88));
    ctx.fillStyle = COLOURS.skin;
    ctx.beginPath();
    ctx.arc(head[0], head[1], 0.23 * torso, 0, 2 * Math.PI);
    ctx.fill();
    const back = [ear[0] + (ear[0] - nose[0]) * 0.35, ear[1] + (ear[1] - nose[1]) * 0.35];
    ctx.fillStyle = COLOURS.hair;
    ctx.beginPath();
    ctx.arc((back[0] + head[0]) / 2, (back[1] + head[1]) / 2, 0.17 * torso, 0, 2 * Math.PI);
    ctx.fill();
    arm(near, 1);
  };

  /* Which side is working in this phase (the last side named, for the cable hand). */
  Player.prototype.side = function (phase) {
    if (phase && phase.side) this.lastSide = phase.side;
    return this.lastSide || (this.data.phases.find(function (p) { return p.side; }) || {}).side || "both";
  };

  Player.prototype.drawEquipmentFront = function (ctx, pt, torso, phase) {
    const eq = this.data.equipment || {};
    const side = this.side(phase);
    const hands = side === "both" || !side ? ["left", "right"] : [side];
    const hand = function (s) {
      const w = pt(s + "_wrist"), i = pt(s + "_index");
      return [(w[0] + i[0]) / 2, (w[1] + i[1]) / 2];
    };
    if (eq.dumbbells) {
      for (const s of eq.dumbbells === "both" ? ["left", "right"] : hands) {
        const c = hand(s);
        ctx.fillStyle = COLOURS.metal;
        ctx.beginPath();
        ctx.arc(c[0], c[1], 0.15 * torso, 0, 2 * Math.PI);
        ctx.fill();
        ctx.fillStyle = "#8a949b";
        ctx.beginPath();
        ctx.arc(c[0], c[1], 0.07 * torso, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    if (eq.cable) {
      const c = this.px(eq.cable.anchor);
      for (const s of hands) stroke(ctx, [hand(s), c], Math.max(1.5, 0.035 * torso), COLOURS.cable);
    }
  };

  Player.prototype.drawRule = function (ctx, pt, torso, clip) {
    const r = this.data.rule;
    const now = clip >= r.start - 0.2 && clip <= r.end + 0.2;
    const first = this.data.frames[0];
    const width = (now ? 0.09 : 0.05) * torso;
    ctx.globalAlpha = now ? 1 : 0.55;
    for (const line of r.lines) {
      const pts = line.map(function (n) { return pt(n); });
      this.drawReference(ctx, r.reference, line, pts, pt, first, torso);
      stroke(ctx, pts, width, COLOURS.rule);
      ctx.fillStyle = COLOURS.rule;
      for (const p of pts) { ctx.beginPath(); ctx.arc(p[0], p[1], width * 1.1, 0, 2 * Math.PI); ctx.fill(); }
      if (pts.length === 3) arc(ctx, pts[1], pts[0], pts[2], 0.35 * torso, width * 0.6);
    }
    ctx.globalAlpha = 1;
  };

  function arc(ctx, c, p, q, radius, width) {
    const a0 = Math.atan2(p[1] - c[1], p[0] - c[0]), a1 = Math.atan2(q[1] - c[1], q[0] - c[0]);
    let d = a1 - a0;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d < -Math.PI) d += 2 * Math.PI;
    ctx.strokeStyle = COLOURS.rule;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.arc(c[0], c[1], radius, a0, a0 + d, d < 0);
    ctx.stroke();
  }

  Player.prototype.drawReference = function (ctx, kind, line, pts, pt, first, torso) {
    let ref = null;
    const p = pts[0], q = pts[pts.length - 1];
    const len = Math.max(dist(p, q), 0.6 * torso);
    if (kind === "set-up") {
      ref = line.map(function (n) { return pt(n, first); });
      if (dist(ref[0], ref[ref.length - 1]) < 0.3 * torso) {
        // a hip line seen end-on: show its direction over a readable length
        const m = [(ref[0][0] + ref[1][0]) / 2, (ref[0][1] + ref[1][1]) / 2];
        ref = [[m[0], m[1] - 0.4 * torso], [m[0], m[1] + 0.4 * torso]];
      }
    } else if (kind === "horizontal") {
      const dir = q[0] >= p[0] ? 1 : -1;
      ref = [p, [p[0] + dir * len, p[1]]];
    } else if (kind === "vertical") {
      ref = [p, [p[0], p[1] - len]];
    } else if (kind === "straight") {
      ref = [p, q];
    } else if (kind === "trunk") {
      const h = pt("mid_hip"), s = pt("mid_shoulder"), d = dist(h, s) || 1;
      ref = [h, [s[0] + (s[0] - h[0]) / d * torso, s[1] + (s[1] - h[1]) / d * torso]];
    }
    if (!ref) return;
    ctx.save();
    ctx.setLineDash([0.12 * torso, 0.1 * torso]);
    stroke(ctx, ref, Math.max(1.5, 0.04 * torso), COLOURS.reference);
    ctx.restore();
  };

  /* The hip line as the side view cannot show it: from behind or from above, in a box
     at the top right, against its set-up direction (dashed). */
  Player.prototype.drawInset = function (ctx, fi, w, h) {
    const ins = this.data.rule.inset, fr = ins.frames;
    const i0 = Math.floor(fi), i1 = Math.min(i0 + 1, fr.length - 1), a = fi - i0;
    const cur = fr[i0].map(function (v, k) { return v + a * (fr[i1][k] - v); });
    const size = this.insetSize, wide = Math.min(1.6 * size, 0.5 * w), pad = 0.02 * h;
    const x0 = w - wide - pad, y0 = pad;
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.strokeStyle = COLOURS.floorLine;
    ctx.lineWidth = this.dpr;
    ctx.fillRect(x0, y0, wide, size);
    ctx.strokeRect(x0, y0, wide, size);
    const su = ins.setup, cx = (su[0] + su[2]) / 2, cy = (su[1] + su[3]) / 2;
    const k = (0.9 * wide) / 500; // half a metre across most of the box
    const map = function (x, y) { return [x0 + wide / 2 + (x - cx) * k, y0 + size * 0.42 - (y - cy) * k]; };
    const line = function (p, len) {
      const m = [(p[0] + p[2]) / 2, (p[1] + p[3]) / 2], d = Math.hypot(p[2] - p[0], p[3] - p[1]) || 1;
      const ux = (p[2] - p[0]) / d * len / 2, uy = (p[3] - p[1]) / d * len / 2;
      return [map(m[0] - ux, m[1] - uy), map(m[0] + ux, m[1] + uy)];
    };
    ctx.save();
    ctx.setLineDash([0.03 * size, 0.025 * size]);
    stroke(ctx, line(su, 420), Math.max(1.5, 0.012 * size), COLOURS.reference);
    ctx.restore();
    stroke(ctx, line(cur, 420), 0.025 * size, COLOURS.rule);
    ctx.fillStyle = COLOURS.trousers;
    for (const p of [map(cur[0], cur[1]), map(cur[2], cur[3])]) {
      ctx.beginPath();
      ctx.arc(p[0], p[1], 0.035 * size, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = COLOURS.label;
    ctx.font = Math.max(10 * this.dpr, 0.1 * size) + "px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    ctx.fillText("hips, " + ins.view, x0 + 0.05 * wide, y0 + size - 0.05 * size, 0.9 * wide);
  };

  Player.prototype.drawLabel = function (ctx, phase, torso) {
    if (!phase) return;
    const size = Math.max(12 * this.dpr, Math.min(0.28 * torso, 22 * this.dpr));
    ctx.font = "600 " + size + "px system-ui, sans-serif";
    ctx.fillStyle = COLOURS.label;
    ctx.textBaseline = "top";
    let text = phase.label;
    if (phase.side === "left" || phase.side === "right") text += " · " + phase.side + " side";
    ctx.fillText(text, 0.6 * size, 0.5 * size);
  };

  function stop(canvas) {
    const p = players.get(canvas);
    if (p) p.stop();
    players.delete(canvas);
  }

  function start(canvas, data, opts) {
    stop(canvas);
    const p = new Player(canvas, data, opts);
    players.set(canvas, p);
    return p;
  }

  function play(canvas, exerciseId, opts) {
    opts = opts || {};
    return load(exerciseId, opts.rule).then(function (data) { return start(canvas, data, opts); });
  }

  /* The clean form and a fault at one scale, started together. */
  function pair(cleanCanvas, faultCanvas, exerciseId, rule, opts) {
    opts = opts || {};
    return Promise.all([load(exerciseId), load(exerciseId, rule)]).then(function (both) {
      const box = unionBox(boxOf(both[0]), boxOf(both[1]));
      const inset = Boolean(both[1].rule && both[1].rule.inset);
      const o = Object.assign({}, opts, { box: box, reserveInset: inset });
      return [start(cleanCanvas, both[0], o), start(faultCanvas, both[1], o)];
    });
  }

  function fail(canvas, err) {
    canvas.dataset.error = String(err && err.message || err);
  }

  function openRule(details) {
    if (details.dataset.started || details.hasAttribute("data-nodemo")) return;
    details.dataset.started = "1";
    const clean = details.querySelector("canvas.clean"), fault = details.querySelector("canvas.fault");
    if (!clean || !fault) return;
    pair(clean, fault, fault.dataset.demo, fault.dataset.rule).then(function (ps) {
      const r = ps[1].data.rule, text = details.querySelector("[data-rule-text]");
      const inset = r && r.inset ? " (the box: the " + r.inset.view.replace("seen ", "hips seen ") + ")" : "";
      if (text && r) text.textContent = "Drawn: " + r.text + inset + ". In the fault's rep it measures " + r.says + ".";
    }).catch(function (e) { fail(fault, e); });
  }

  function init() {
    for (const c of document.querySelectorAll("canvas[data-demo]:not([data-manual])")) {
      play(c, c.dataset.demo, { rule: c.dataset.rule, holdSeconds: parseFloat(c.dataset.hold) || 0 })
        .catch(function (e) { fail(c, e); });
    }
    for (const d of document.querySelectorAll("details.rule-demo")) {
      d.addEventListener("toggle", function () { if (d.open) openRule(d); });
    }
    const openHash = function () {
      const id = decodeURIComponent(location.hash.slice(1));
      const d = id && document.getElementById(id);
      if (d && d.matches("details.rule-demo")) {
        d.open = true;
        openRule(d);
        d.scrollIntoView({ block: "start" });
      }
    };
    window.addEventListener("hashchange", openHash);
    openHash();
  }

  window.upright = window.upright || {};
  window.upright.demo = { play: play, pair: pair, stop: stop, load: load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
