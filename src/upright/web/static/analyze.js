// Follow one analysis: poll its status until it is done or failed, then show the results.
(function () {
  "use strict";
  const box = document.getElementById("analysis");
  if (!box) return;
  const id = box.dataset.id;
  const line = document.getElementById("status-line");
  const bar = document.getElementById("progress");
  const summary = document.getElementById("summary");

  function describe(s) {
    if (s.status === "queued") return "Waiting in the queue: number " + s.position + ".";
    if (s.status === "running") {
      const p = s.progress || {};
      const stage = p.stage ? " (" + p.stage + ")" : "";
      return "Analysing" + stage + "…";
    }
    if (s.status === "done") return "Done.";
    return "The analysis failed: " + (s.error || "unknown error");
  }

  function showDone(s) {
    bar.hidden = true;
    if (s.summary) {
      const sm = s.summary;
      summary.textContent = "";
      if (sm.reps === 0) {
        // not a success: say so, and the likely reason
        const head = document.createElement("strong");
        head.textContent = "No rep seen.";
        summary.append(head, " Likely why: " + sm.no_rep_why);
        summary.className = "warning";
      } else {
        const sides = Object.entries(sm.reps_per_side)
          .filter(([side]) => side === "left" || side === "right").map(([side, n]) => ", " + n + " " + side).join("");
        const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
        summary.append(plural(sm.reps, "rep") + sides + "; " + plural(sm.faults, "fault") + ". ");
        if (sm.from_video_set) {
          const link = document.createElement("a");
          link.href = "/history";
          link.textContent = "your progress page";
          summary.append("Added to ", link, " as a set from a video.");
        }
        summary.className = "ok";
      }
      summary.hidden = false;
    }
    showVideo(s.source_url, s.overlay_url, s.playback);
    if (s.report_url) report.src = s.report_url;
    document.getElementById("results").hidden = false;
  }

  // The uploaded video with the analysis drawn over it (overlay.js); while the server
  // makes a copy the browser can play, wait for it and then play the copy.
  function showVideo(source, overlay, playback) {
    const view = document.getElementById("overlay-view");
    const video = document.getElementById("annotated");
    const note = document.getElementById("playback-note");
    view.hidden = !source;
    document.getElementById("video-heading").hidden = !source;
    if (!source) return;
    note.hidden = playback !== "converting";
    if (playback === "converting") { setTimeout(waitForCopy, 1500); return; }
    if (video.getAttribute("src") !== source) video.src = source;
    window.UprightOverlay.attach(video, document.getElementById("overlay"), overlay);
  }

  async function waitForCopy() {
    try {
      const r = await fetch("/api/analyses/" + id, {headers: {"Accept": "application/json"}});
      if (r.ok) {
        const s = await r.json();
        showVideo(s.source_url, s.overlay_url, s.playback);
        return;
      }
    } catch (e) { /* the server is busy or restarting: ask again */ }
    setTimeout(waitForCopy, 3000);
  }

  // The report frame takes the height of its content, so the page scrolls once, not a
  // frame inside it; re-measured when the report's layout changes (width, images).
  const report = document.getElementById("report");
  let watched = null;
  function fitReport() {
    const doc = report.contentDocument;
    if (!doc || !doc.documentElement || !doc.body) return;
    const content = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    const border = report.offsetHeight - report.clientHeight;
    report.style.height = (content + border) + "px";
  }
  function watchReport() {
    const doc = report.contentDocument;
    if (!doc || !doc.body || doc === watched) return;
    watched = doc;
    fitReport();
    if (window.ResizeObserver) {
      const observer = new ResizeObserver(fitReport);
      observer.observe(doc.documentElement);
      observer.observe(doc.body);
    }
  }
  report.addEventListener("load", watchReport);
  if (report.getAttribute("src") && report.contentDocument && report.contentDocument.readyState === "complete") {
    watchReport();
  }

  const video = document.getElementById("annotated");
  video.addEventListener("error", () => {
    const note = document.getElementById("playback-note");
    note.textContent = "This browser cannot play this video; the report below shows its key moments.";
    note.hidden = false;
  });

  async function poll() {
    let s;
    try {
      const r = await fetch("/api/analyses/" + id, {headers: {"Accept": "application/json"}});
      if (!r.ok) { line.textContent = "Lost track of this analysis (" + r.status + ")."; return; }
      s = await r.json();
    } catch (e) {
      setTimeout(poll, 2000);
      return;
    }
    line.textContent = describe(s);
    box.dataset.status = s.status;
    const p = s.progress || {};
    if (p.total) { bar.max = p.total; bar.value = p.done; } else { bar.removeAttribute("value"); }
    if (s.status === "done") { showDone(s); return; }
    if (s.status === "failed") { bar.hidden = true; return; }
    setTimeout(poll, 400);
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") poll();
  else if (box.dataset.status === "done") {
    showVideo(video.dataset.source || null, video.dataset.overlay, video.dataset.playback);
  }
})();
