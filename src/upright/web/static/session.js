// The guided session in the browser: the server runs the session engine; this page polls
// its state, draws it, plays the cue audio the server rendered, and posts the buttons.
(function () {
  "use strict";
  const root = document.getElementById("guided");
  if (!root) return;
  const speed = parseFloat(root.dataset.speed || "1");
  // The unfinished stored session the page offers to continue (none: no prompt).
  const unfinished = root.dataset.unfinished ? parseInt(root.dataset.unfinished, 10) : null;
  const $ = (id) => document.getElementById(id);
  let sessionId = null;
  let seq = 0;
  let snap = null;
  let stopped = false;
  let playing = null;
  let setsBefore = 0;  // sets of a continued session saved before this page took it up
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
      // "Rep done" shows only once the rep's hold has run (the engine says when a press
      // counts); while the timer runs the lift and the hold there is nothing to press.
      default: return s.rep_done ? ["Rep done", "rep_done"] : [null, null];
    }
  }

  // The coming set's demonstration plays while the runner sets up and gets ready.
  const drawDemo = window.UprightGuided.demoFollower(
    $("session-demo-box"), new Set(["setup", "get_ready", "switch_side"]));

  function draw(s) {
    snap = s;
    drawDemo(s);
    window.UprightGuided.drawSnapshot(s, {
      phase: "phase", title: "title", side: "side", timer: "timer", counts: "counts",
      cue: "cue", next: "next-up",
    });
    $("progress-sets").textContent = "Sets done: " + (setsBefore + s.sets_done) + " of " +
      (setsBefore + s.sets_total);
    const [label, action] = mainAction(s);
    const btn = $("main-action");
    btn.hidden = !label;
    if (label) { btn.textContent = label; btn.dataset.action = action; }
    $("rating").hidden = !s.rating_pending;
    // A set short of its reps cannot be rated clean (the engine refuses it too).
    const clean = document.querySelector('#rating button[data-rating="clean"]');
    clean.disabled = Boolean(s.rating_pending && s.last_set && !s.last_set.full);
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
    if (!r.ok) {
      let message = url + ": " + r.status;
      try { message = (await r.json()).error || message; } catch (e) { /* not JSON */ }
      const err = new Error(message);
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  function gone() {
    // The server no longer runs this session: ended, or continued in another tab.
    stopped = true;
    $("cue").textContent = "This session is no longer running in this tab (it was ended, " +
      "or continued somewhere else). Reload the page to see where it stands.";
    $("main-action").hidden = true;
  }

  function apply(state) {
    if (state.stopped) { gone(); return; }
    carryOut(state.effects);
    draw(state.snapshot);
  }

  async function poll() {
    if (stopped) return;
    try {
      apply(await call("GET", "/api/sessions/" + sessionId + "?since=" + seq));
    } catch (e) {
      if (e.status === 404) { gone(); return; }
      $("cue").textContent = "Lost contact with the server; retrying…";
    }
    if (!stopped) setTimeout(poll, speed > 1 ? 100 : 200);
  }

  async function send(action, rating) {
    try {
      apply(await call("POST", "/api/sessions/" + sessionId + "/events?since=" + seq,
        {action, rating}));
    } catch (e) {
      if (e.status === 404) { gone(); return; }
      $("cue").textContent = "That did not reach the server; try again.";
    }
  }

  const choices = ["start", "continue", "start-over"].map($).filter((b) => b);

  async function begin(url, body) {
    for (const b of choices) b.disabled = true;
    let state;
    try {
      state = await call("POST", url, body);
    } catch (e) {
      // Another tab or the terminal opened a session since this page was drawn: the
      // reloaded page offers to continue it.
      if (e.status === 409) { window.location.reload(); return; }
      for (const b of choices) b.disabled = false;
      $("begin-error").textContent = "The session did not start: " + e.message;
      $("begin-error").hidden = false;
      return;
    }
    $("begin-error").hidden = true;
    sessionId = state.id;
    setsBefore = state.sets_before || 0;
    root.dataset.session = sessionId;
    for (const id of ["intro", "resume"]) if ($(id)) $(id).hidden = true;
    $("screen").hidden = false;
    apply(state);
    $("main-action").focus();  // the pressed button is gone: keep the keyboard in the session
    poll();
  }

  if ($("start")) $("start").addEventListener("click", () => begin("/api/sessions", {speed}));
  if ($("continue")) {
    $("continue").addEventListener("click",
      () => begin("/api/sessions/resume", {speed, session: unfinished}));
  }
  if ($("start-over")) {
    $("start-over").addEventListener("click",
      () => begin("/api/sessions", {speed, start_over: unfinished}));
  }
  $("main-action").addEventListener("click", (ev) => send(ev.target.dataset.action));
  $("pause").addEventListener("click", () => send("toggle_pause"));
  $("skip").addEventListener("click", () => send("skip_set"));
  for (const b of document.querySelectorAll("#rating button")) {
    b.addEventListener("click", () => send("rate", b.dataset.rating));
  }
  $("end").addEventListener("click", async () => {
    try {
      await call("POST", "/api/sessions/" + sessionId + "/abandon");
    } catch (e) {
      if (e.status !== 404) { $("cue").textContent = "That did not reach the server; try again."; return; }
    }
    finish();
  });
})();
