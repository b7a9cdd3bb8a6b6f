// Live camera coaching. The browser only films and draws: frames go to the server over a
// WebSocket (JPEG, downscaled, at most a set rate, at most two in flight); the server runs
// pose, the live analysis and the same session engine as the guided session, and answers
// with landmarks, the session's state and its cues (with audio files to play).
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const MAX_INFLIGHT = parseInt(root.dataset.maxInflight || "2", 10);
  const MAX_SIDE = parseInt(root.dataset.maxSide || "480", 10);
  const QUALITY = parseFloat(root.dataset.quality || "0.7");
  const SETUP_PHASES = new Set(["setup", "get_ready", "switch_side", "rest"]);
  // BlazePose's 33 keypoints: the bones drawn between them.
  const BONES = [[0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
    [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19], [12, 14], [14, 16],
    [16, 18], [16, 20], [16, 22], [18, 20], [11, 23], [12, 24], [23, 24], [23, 25], [24, 26],
    [25, 27], [26, 28], [27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32]];
  const LEFT = new Set([1, 2, 3, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]);

  const video = $("live-video");
  const overlay = $("live-overlay");
  const ctx = overlay.getContext("2d");
  const grab = document.createElement("canvas");
  const grabCtx = grab.getContext("2d");
  const mute = $("live-mute");
  mute.checked = localStorage.getItem("upright-mute") === "1";
  mute.addEventListener("change", () => localStorage.setItem("upright-mute", mute.checked ? "1" : "0"));

  let ws = null;
  let stream = null;
  let facing = "user";
  let fps = 15;
  let nextId = 1;
  let lastSent = 0;
  let acked = 0;
  let encoding = false;
  let running = false;
  let refusal = null;  // why the server started no session
  let timer = null;
  const counters = {results: 0, landmarks: 0, drawn: 0, dropped: 0};
  const arrivals = [];  // times (ms) of frame results in the last 2 s
  const latencies = [];  // the last 30 frame latencies, ms
  let playing = null;

  function play(url, interrupt) {
    if (!url || mute.checked) return;
    if (interrupt && playing) playing.pause();
    const audio = new Audio(url);
    audio.play().catch(() => {});  // autoplay refused or no device: the cue still shows
    if (interrupt) playing = audio;
  }

  function showError(text) {
    const box = $("live-error");
    box.textContent = text;
    box.hidden = false;
  }

  async function openCamera() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = await navigator.mediaDevices.getUserMedia({
      video: {facingMode: facing, width: {ideal: 640}, height: {ideal: 480}}, audio: false,
    });
    video.srcObject = stream;
    await video.play().catch(() => {});
    $("stage").classList.toggle("mirror", facing === "user");
  }

  function socketUrl() {
    const form = new FormData($("live-form"));
    const q = new URLSearchParams();
    for (const key of ["exercise", "sets", "reps", "fps"]) q.set(key, form.get(key));
    if (form.get("record")) q.set("record", "1");
    if (form.get("start_over")) q.set("start_over", form.get("start_over"));
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + "/ws/live?" + q.toString();
  }

  function sendFrame() {
    if (!running || encoding || !ws || ws.readyState !== WebSocket.OPEN) return;
    if (lastSent - acked >= MAX_INFLIGHT || video.readyState < 2 || !video.videoWidth) return;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    grab.width = Math.round(video.videoWidth * scale);
    grab.height = Math.round(video.videoHeight * scale);
    grabCtx.drawImage(video, 0, 0, grab.width, grab.height);
    const id = nextId++;
    const t = performance.now();
    encoding = true;
    const socket = ws;
    grab.toBlob(async (blob) => {
      encoding = false;
      if (!blob) return;
      const jpeg = new Uint8Array(await blob.arrayBuffer());
      // Stop may have closed the socket while the frame was encoded or read.
      if (socket !== ws || socket.readyState !== WebSocket.OPEN) return;
      const msg = new Uint8Array(12 + jpeg.length);
      const view = new DataView(msg.buffer);
      view.setUint32(0, id, true);
      view.setFloat64(4, t, true);
      msg.set(jpeg, 12);
      socket.send(msg);
      lastSent = id;
    }, "image/jpeg", QUALITY);
  }

  function tick() {
    sendFrame();
    timer = setTimeout(tick, 1000 / fps);
  }

  function drawSkeleton(points) {
    const w = video.videoWidth || overlay.width;
    const h = video.videoHeight || overlay.height;
    if (overlay.width !== w || overlay.height !== h) { overlay.width = w; overlay.height = h; }
    ctx.clearRect(0, 0, w, h);
    if (!points) return;
    ctx.lineWidth = Math.max(2, w / 160);
    ctx.lineCap = "round";
    for (const [a, b] of BONES) {
      const p = points[a], q = points[b];
      if (p[2] < 0.3 || q[2] < 0.3) continue;
      ctx.strokeStyle = LEFT.has(a) && LEFT.has(b) ? "#33c3ff" : (!LEFT.has(a) && !LEFT.has(b) && a > 10 ? "#ffb020" : "#ffffff");
      ctx.beginPath();
      ctx.moveTo(p[0] * w, p[1] * h);
      ctx.lineTo(q[0] * w, q[1] * h);
      ctx.stroke();
    }
    ctx.fillStyle = "#ffffff";
    for (const p of points) {
      if (p[2] < 0.3) continue;
      ctx.beginPath();
      ctx.arc(p[0] * w, p[1] * h, ctx.lineWidth * 1.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    counters.drawn += 1;
    root.dataset.drawn = counters.drawn;
  }

  // The demonstration of the coming set, played while the runner gets into place.
  const drawDemo = window.UprightGuided.demoFollower($("live-demo"), new Set(["setup", "get_ready"]));

  function drawState(s) {
    drawDemo(s);
    window.UprightGuided.drawSnapshot(s, {
      phase: "live-phase", title: "live-title", side: "live-side", timer: "live-timer",
      counts: "live-counts", cue: "live-cue", next: "live-next",
    });
    $("live-pause").textContent = s.paused ? "Resume" : "Pause";
    $("live-go").hidden = !(s.phase === "setup" || s.phase === "get_ready" || s.phase === "switch_side" || s.phase === "rest");
    const last = $("live-last");
    if (s.last_set) { last.textContent = s.last_set.lines.join(" · "); last.hidden = false; }
    else last.hidden = true;
    root.dataset.phase = s.phase;
    root.dataset.reps = JSON.stringify(s.reps);
  }

  function drawFraming(f, phase) {
    if (!f) return;
    const box = $("framing");
    const amber = f.status === "steady" || f.status === "turn";
    box.className = "framing " + (f.green ? "green" : (amber ? "amber" : "red")) +
      (SETUP_PHASES.has(phase) || !f.green ? "" : " quiet");
    $("framing-text").textContent = f.message;
    root.dataset.framing = f.status;
  }

  function drawStats() {
    const now = performance.now();
    while (arrivals.length && arrivals[0] < now - 2000) arrivals.shift();
    const rate = arrivals.length / 2;
    $("live-fps").textContent = rate.toFixed(1);
    root.dataset.fps = rate.toFixed(1);
    if (latencies.length) {
      const sorted = [...latencies].sort((a, b) => a - b);
      $("live-latency").textContent = Math.round(sorted[Math.floor(sorted.length / 2)]);
    }
    $("live-dropped").textContent = counters.dropped;
    $("live-frames").textContent = counters.landmarks;
  }

  function carryOut(effects) {
    for (const e of effects || []) {
      if (e.type === "say") play(e.audio, e.kind === "fault" || e.kind === "safety");
      else if (e.type === "sound") play(e.audio, false);
      else if (e.type === "session_done") finish("Every set is in your log.");
    }
  }

  function onMessage(ev) {
    const msg = JSON.parse(ev.data);
    if (typeof msg.id === "number") acked = Math.max(acked, msg.id);
    if (msg.type === "error") {
      if (msg.unfinished !== undefined) refusal = msg.message;  // no session was started
      $("framing-text").textContent = msg.message;
      if (!running) showError(msg.message);
      return;
    }
    if (typeof msg.sent_ms === "number") {
      const now = performance.now();
      arrivals.push(now);
      latencies.push(now - msg.sent_ms);
      if (latencies.length > 30) latencies.shift();
    }
    counters.results += 1;
    counters.dropped = msg.dropped || 0;
    root.dataset.results = counters.results;
    if (msg.landmarks) { counters.landmarks += 1; root.dataset.landmarks = counters.landmarks; }
    if (msg.type === "result") drawSkeleton(msg.landmarks);
    if (msg.state) drawState(msg.state);
    drawFraming(msg.framing, msg.state && msg.state.phase);
    carryOut(msg.effects);
    if (msg.stopped) finish("This session was continued on another page, so the camera stopped here. The sets finished here are in your log.");
    drawStats();
  }

  function stop() {
    running = false;
    clearTimeout(timer);
    if (ws) ws.close();
    ws = null;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function finish(text) {
    if (!running) return;
    setTimeout(() => {
      stop();
      $("live-done-text").textContent = text;
      $("live-screen").hidden = true;
      $("live-done").hidden = false;
    }, 2500);  // let the last cue play
    running = false;
    clearTimeout(timer);
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  $("live-start").addEventListener("click", async () => {
    $("live-start").disabled = true;
    $("live-error").hidden = true;
    facing = $("facing").value;
    fps = parseFloat($("fps").value) || 15;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showError("This browser offers the camera only to pages on this machine (localhost) " +
        "or served over https. Open Upright at http://localhost on this computer, or start it " +
        "with `upright serve --lan` and pair the phone on its Pair page.");
      $("live-start").disabled = false;
      return;
    }
    try {
      await openCamera();
    } catch (e) {
      showError("The camera did not open (" + e.name + "). Allow camera access for this page and try again.");
      $("live-start").disabled = false;
      return;
    }
    ws = new WebSocket(socketUrl());
    ws.binaryType = "arraybuffer";
    ws.onmessage = onMessage;
    ws.onclose = (ev) => {
      if (running && refusal) showError(refusal);
      else if (running) showError("The connection closed (" + ev.code + "); start again.");
      refusal = null;
      if (running) { stop(); $("live-screen").hidden = true; $("live-setup").hidden = false; $("live-start").disabled = false; }
    };
    ws.onopen = () => {
      running = true;
      $("live-setup").hidden = true;
      $("live-screen").hidden = false;
      root.dataset.running = "1";
      tick();
    };
  });
  $("live-go").addEventListener("click", () => send({type: "action", action: "start"}));
  $("live-pause").addEventListener("click", () => send({type: "action", action: "toggle_pause"}));
  $("live-skip").addEventListener("click", () => send({type: "action", action: "skip_set"}));
  $("live-switch").addEventListener("click", async () => {
    facing = facing === "user" ? "environment" : "user";
    try { await openCamera(); } catch (e) { $("framing-text").textContent = "No other camera."; }
  });
  $("live-stop").addEventListener("click", () => {
    stop();
    $("live-done-text").textContent = "Stopped. The sets finished before you stopped are in your log.";
    $("live-screen").hidden = true;
    $("live-done").hidden = false;
  });
})();
