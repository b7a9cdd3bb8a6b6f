// Draw an analysis over the video it was made from: the skeleton, the rep counts, the hold
// timer and the fault labels, in time with playback. The data comes from
// /api/analyses/{id}/overlay (upright.workflows.overlay): frame times and keypoints in the
// analysed frame's pixels, and the reps, holds and fault labels with their times.
// The state shown at a time is the one the annotated video of `upright analyze` shows.
(function () {
  "use strict";
  const COLOUR = {left: "rgb(255,140,0)", right: "rgb(40,170,255)", centre: "rgb(235,235,235)"};
  const FAULT = "rgb(230,40,40)";
  const HOLD = "rgb(120,230,120)";
  const MAX_LABELS = 3;

  // Index of the frame shown at time t (seconds): the last frame that started by t, if
  // t is within a frame and a half of it (mediaTime is the frame's own time; currentTime
  // may be anywhere within the frame). -1 when there is none.
  function frameAt(data, t) {
    const times = data.t;
    let lo = 0, hi = times.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= t + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found < 0 || t - times[found] > 1.5 / data.fps) return -1;
    return found;
  }

  // What to show at time t: reps done per side, the hold under way, the faults on screen.
  function stateAt(data, t) {
    const reps = data.sides.map((side) => [side, data.reps.filter((r) => r.side === side && r.end <= t).length]);
    const hold = data.holds.find((h) => h.start <= t && t < h.end);
    const faults = data.faults.filter((f) => f.start <= t && t < f.end).reverse();
    return {reps, hold: hold ? [hold.kind, t - hold.start] : null, faults};
  }

  function countsText(reps) {
    if (reps.length === 1 && ["both", "none", ""].includes(reps[0][0])) return "Reps " + reps[0][1];
    return "Reps  " + reps.map(([side, n]) => side + " " + n).join("  ");
  }

  function holdText(hold) {
    const names = {peak: "Hold", tuck: "Tuck hold"};
    const name = names[hold[0]] || hold[0].charAt(0).toUpperCase() + hold[0].slice(1);
    return name + " " + hold[1].toFixed(1) + " s";
  }

  // The text cut to fit maxWidth pixels, with an ellipsis when cut.
  function fit(ctx, text, maxWidth) {
    if (ctx.measureText(text).width <= maxWidth) return text;
    let cut = text;
    while (cut.length > 1 && ctx.measureText(cut + "…").width > maxWidth) cut = cut.slice(0, -1);
    return cut + "…";
  }

  function drawSkeleton(ctx, data, xy, box, hot) {
    const sx = box.w / data.width, sy = box.h / data.height;
    const at = (k) => (xy[2 * k] === null ? null : [box.x + xy[2 * k] * sx, box.y + xy[2 * k + 1] * sy]);
    const unit = Math.max(1, box.w / 640);
    ctx.lineCap = "round";
    ctx.lineWidth = Math.max(2, 3 * unit);
    for (const [a, b, side] of data.bones) {
      const pa = at(a), pb = at(b);
      if (!pa || !pb) continue;
      ctx.strokeStyle = hot.has(a) && hot.has(b) ? FAULT : COLOUR[side];
      ctx.beginPath();
      ctx.moveTo(pa[0], pa[1]);
      ctx.lineTo(pb[0], pb[1]);
      ctx.stroke();
    }
    data.points.forEach((name, k) => {
      const p = at(k);
      if (!p) return;
      const side = name.startsWith("left") ? "left" : name.startsWith("right") ? "right" : "centre";
      ctx.fillStyle = hot.has(k) ? FAULT : COLOUR[side];
      ctx.beginPath();
      ctx.arc(p[0], p[1], (hot.has(k) ? 6 : 4) * unit, 0, 2 * Math.PI);
      ctx.fill();
    });
  }

  // The counts, the hold timer and the fault labels in a panel at the picture's top left.
  function drawPanel(ctx, state, box, dpr) {
    const size = Math.round(Math.max(12 * dpr, Math.min(22 * dpr, box.w / 28)));
    const pad = Math.round(size * 0.45);
    ctx.font = "600 " + size + "px system-ui, sans-serif";
    ctx.textBaseline = "top";
    const maxWidth = box.w - 4 * pad;
    const lines = [[countsText(state.reps), "white", null]];
    if (state.hold) lines.push([holdText(state.hold), HOLD, null]);
    let labels = state.faults.map((f) => f.label);
    if (labels.length > MAX_LABELS) labels = [...labels.slice(0, MAX_LABELS - 1), "+" + (labels.length - MAX_LABELS + 1) + " more"];
    for (const label of labels) lines.push([label, "white", "rgba(150,30,40,0.85)"]);
    const texts = lines.map(([text]) => fit(ctx, text, maxWidth));
    const width = Math.max(...texts.map((t) => ctx.measureText(t).width)) + 2 * pad;
    const step = Math.round(size * 1.3);
    let y = box.y + pad;
    lines.forEach(([, colour, bg], i) => {
      ctx.fillStyle = bg || "rgba(20,20,24,0.7)";
      ctx.fillRect(box.x + pad, y, width, step);
      ctx.fillStyle = colour;
      ctx.fillText(texts[i], box.x + 2 * pad, y + (step - size) / 2);
      y += step;
    });
  }

  // The picture's rectangle inside the element (object-fit: contain), canvas pixels.
  function pictureBox(video, data, cw, ch) {
    const vw = video.videoWidth || data.width, vh = video.videoHeight || data.height;
    const scale = Math.min(cw / vw, ch / vh);
    const w = vw * scale, h = vh * scale;
    return {x: (cw - w) / 2, y: (ch - h) / 2, w, h};
  }

  function draw(view, t) {
    const {video, canvas, data} = view;
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.round(canvas.clientWidth * dpr), ch = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, cw, ch);
    if (!cw || !ch) return;
    const i = frameAt(data, t);
    const time = i >= 0 ? data.t[i] : t;
    const state = stateAt(data, time);
    const hot = new Set(state.faults.flatMap((f) => f.points));
    const box = pictureBox(video, data, cw, ch);
    if (i >= 0 && data.xy[i]) drawSkeleton(ctx, data, data.xy[i], box, hot);
    drawPanel(ctx, state, box, dpr);
    // what is on the canvas, in words, for tests and for anyone reading the page's source
    canvas.dataset.frame = i >= 0 ? String(i) : "";
    canvas.dataset.time = time.toFixed(3);
    canvas.dataset.reps = countsText(state.reps);
    canvas.dataset.hold = state.hold ? holdText(state.hold) : "";
    canvas.dataset.faults = state.faults.map((f) => f.label).join(" | ");
  }

  function follow(view) {
    const {video, canvas} = view;
    const now = () => draw(view, video.currentTime);
    if ("requestVideoFrameCallback" in HTMLVideoElement.prototype) {
      // drawn for each frame the video presents, at that frame's own time
      const onFrame = (_when, meta) => { draw(view, meta.mediaTime); video.requestVideoFrameCallback(onFrame); };
      video.requestVideoFrameCallback(onFrame);
    } else {
      let pending = 0;
      const loop = () => { now(); pending = video.paused || video.ended ? 0 : requestAnimationFrame(loop); };
      video.addEventListener("play", () => { if (!pending) pending = requestAnimationFrame(loop); });
      video.addEventListener("timeupdate", now);
    }
    for (const name of ["loadeddata", "seeked", "pause", "ended"]) video.addEventListener(name, now);
    if (window.ResizeObserver) new ResizeObserver(now).observe(canvas);
    else window.addEventListener("resize", now);
    now();
  }

  // Fetch the overlay data of url and draw it over video on canvas from now on.
  async function attach(video, canvas, url) {
    if (!url || canvas.dataset.attached) return;
    canvas.dataset.attached = "1";
    const r = await fetch(url, {headers: {"Accept": "application/json"}});
    if (!r.ok) { canvas.dataset.attached = ""; return; }
    const data = await r.json();
    follow({video, canvas, data});
    canvas.dataset.ready = "1";
  }

  window.UprightOverlay = {attach, frameAt, stateAt};
})();
