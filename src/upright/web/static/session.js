// The guided session in the browser: the server runs the session engine; this page polls
// its state, draws it, plays the cue audio the server rendered, and posts the buttons.
(function () {
  "use strict";
  const root = document.getElementById("guided");
  if (!root) return;
  const speed = parseFloat(root.dataset.speed || "1");
  const $ = (id) => document.getElementById(id);
  let sessionId = null;
  let seq = 0;
  let snap = null;
  let stopped = false;
  let playing = null;
  const mute = $("mute");
  mute.checked = localStorage.getItem("upright-mute") === "1";
  mute.addEventListener("change", () => {
    localStorage.setItem("upright-mute", mute.checked ? "1" : "0");
    if (mute.checked && playing) playing.pause();
  });

  function play(url, interrupt) {
    if (!url || mute.checked) return;
    if (interrupt && playing) playing.pause();
    const audio = new Audio(url);
    audio.play().catch(() => {});  // no audio device or autoplay refused: cues still show
    if (interrupt) playing = audio;
  }

  function carryOut(effects) {
    for (const e of effects) {
      if (e.seq <= seq) continue;
      seq = e.seq;
      if (e.type === "say") play(e.audio, true);
      else if (e.type === "sound") play(e.audio, false);
    }
  }

  function mainAction(s) {
    switch (s.phase) {
      case "setup": return ["I'm ready", "start"];
      case "get_ready": case "switch_side": return ["Go now", "start"];
      case "rest": return ["Skip the rest", "start"];
      case "moving": case "hold": case "return": case "tuck": return ["Rep done", "rep_done"];
      default: return [null, null];
    }
  }

  function draw(s) {
    snap = s;
    window.UprightGuided.drawSnapshot(s, {
      phase: "phase", title: "title", side: "side", timer: "timer", counts: "counts",
      cue: "cue", next: "next-up",
    });
    $("progress-sets").textContent = "Sets done: " + s.sets_done + " of " + s.sets_total;
    const [label, action] = mainAction(s);
    const btn = $("main-action");
    btn.hidden = !label;
    if (label) { btn.textContent = label; btn.dataset.action = action; }
    $("rating").hidden = !s.rating_pending;
    const last = $("last-set");
    if (s.last_set) { last.textContent = s.last_set.lines.join(" · "); last.hidden = false; }
    else last.hidden = true;
    $("pause").textContent = s.paused ? "Resume" : "Pause";
    if (s.phase === "done") finish();
  }

  function finish() {
    stopped = true;
    $("screen").hidden = true;
    $("finished").hidden = false;
  }

  async function call(method, url, body) {
    const r = await fetch(url, {
      method, headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(url + ": " + r.status);
    return r.json();
  }

  function apply(state) {
    carryOut(state.effects);
    draw(state.snapshot);
  }

  async function poll() {
    if (stopped) return;
    try {
      apply(await call("GET", "/api/sessions/" + sessionId + "?since=" + seq));
    } catch (e) {
      $("cue").textContent = "Lost contact with the server; retrying…";
    }
    setTimeout(poll, speed > 1 ? 100 : 200);
  }

  async function send(action, rating) {
    try {
      apply(await call("POST", "/api/sessions/" + sessionId + "/events?since=" + seq,
        {action, rating}));
    } catch (e) {
      $("cue").textContent = "That did not reach the server; try again.";
    }
  }

  $("start").addEventListener("click", async () => {
    $("start").disabled = true;
    const state = await call("POST", "/api/sessions", {speed});
    sessionId = state.id;
    root.dataset.session = sessionId;
    $("intro").hidden = true;
    $("screen").hidden = false;
    apply(state);
    poll();
  });
  $("main-action").addEventListener("click", (ev) => send(ev.target.dataset.action));
  $("pause").addEventListener("click", () => send("toggle_pause"));
  $("skip").addEventListener("click", () => send("skip_set"));
  for (const b of document.querySelectorAll("#rating button")) {
    b.addEventListener("click", () => send("rate", b.dataset.rating));
  }
  $("end").addEventListener("click", async () => {
    await call("POST", "/api/sessions/" + sessionId + "/abandon");
    finish();
  });
})();
