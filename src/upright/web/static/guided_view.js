// Drawing a guided-session snapshot (the server's `SessionEngine.snapshot()`): shared by
// the Session page and the Live page, which differ only in where the numbers go.
(function () {
  "use strict";
  const PHASES = {
    setup: "Set up", get_ready: "Get ready", moving: "Move", hold: "Hold", "return": "Return",
    tuck: "Tuck and hold", confirm: "Done that rep?", switch_side: "Switch sides", rate: "Rate the set", rest: "Rest",
    done: "Done",
  };

  // `ids` names the page's elements: phase, title, side, timer, counts, cue, next.
  function drawSnapshot(s, ids) {
    const $ = (key) => document.getElementById(ids[key]);
    $("phase").textContent = (PHASES[s.phase] || s.phase) + (s.paused ? " (paused)" : "");
    $("title").textContent = s.title || "";
    $("side").textContent = s.side && s.side !== "none" ? "Side: " + s.side : "";
    const timer = $("timer");
    timer.className = "timer" + (s.phase === "hold" || s.phase === "tuck" ? " hold" : "") +
      (s.phase === "rest" ? " rest" : "");
    // Every number says what it is: seconds left, or the reps done on this side.
    if (s.timer_s !== null && s.timer_s !== undefined) {
      timer.textContent = String(Math.ceil(s.timer_s));
      timer.dataset.unit = s.phase === "hold" || s.phase === "tuck" ? "s to hold" : "s left";
    } else if (s.phase === "done") {
      timer.textContent = "✓";
      timer.dataset.unit = "";
    } else if (s.phase === "rate") {
      timer.textContent = "";  // the counts below say how many were done
      timer.dataset.unit = "";
    } else {
      const n = s.reps[s.side] || 0;
      timer.textContent = String(n);
      const side = s.side && s.side !== "none" && s.side !== "both" ? " " + s.side : "";
      timer.dataset.unit = (n === 1 ? "rep" : "reps") + side;
    }
    const counts = $("counts");
    counts.replaceChildren();
    for (const side of s.sides) {
      const span = document.createElement("span");
      const label = side === "none" || side === "both" ? "reps" : side;
      span.textContent = label + " " + (s.reps[side] || 0) + "/" + s.reps_target;
      span.dataset.side = side;
      if (side === s.side) span.className = "current";
      counts.appendChild(span);
    }
    const cue = $("cue");
    cue.textContent = s.cue ? s.cue.text : "";
    if (s.cue && s.cue.rule && s.exercise) {
      // a fault's cue links to its demonstration beside the right form (a new tab: the
      // session goes on here)
      const link = document.createElement("a");
      link.href = "/exercises/" + encodeURIComponent(s.exercise.id) + "#rule-" +
        encodeURIComponent(s.cue.rule);
      link.target = "_blank";
      link.rel = "noopener";
      link.className = "cue-demo";
      link.textContent = "See it done right";
      cue.append(" ", link);
    }
    cue.className = "cue" + (s.cue && (s.cue.kind === "fault" || s.cue.kind === "safety") ? " fault" : "");
    $("next").textContent = s.next_up || "–";
  }

  // The coming set's demonstration (static/demo.js), played in `box` while the snapshot's
  // phase is one of `phases` (the runner getting into place), its holds as long as the
  // set's; put away once the set starts. Returns the function to call with each snapshot.
  function demoFollower(box, phases) {
    let shown = "";
    return function (s) {
      const canvas = box ? (box.tagName === "CANVAS" ? box : box.querySelector("canvas")) : null;
      const demo = window.upright && window.upright.demo;
      const id = phases.has(s.phase) && s.exercise ? s.exercise.id : "";
      const key = id ? id + ":" + (s.exercise.hold_s || "") : "";
      if (!canvas || !demo || key === shown) return;
      shown = key;
      box.hidden = !id;
      if (!id) { demo.stop(canvas); return; }
      const options = s.exercise.hold_s ? {holdSeconds: s.exercise.hold_s} : {};
      demo.play(canvas, id, options).catch(() => { box.hidden = true; });
    };
  }

  window.UprightGuided = { PHASES: PHASES, drawSnapshot: drawSnapshot, demoFollower: demoFollower };
})();
