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
          link.textContent = "In Progress";
          summary.append(link, ", marked as from a video.");
        }
        summary.className = "ok";
      }
      summary.hidden = false;
    }
    const video = document.getElementById("annotated");
    video.hidden = !s.video_url;
    document.getElementById("video-heading").hidden = !s.video_url;
    if (s.video_url) video.src = s.video_url;
    if (s.report_url) document.getElementById("report").src = s.report_url;
    document.getElementById("results").hidden = false;
  }

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
    setTimeout(poll, 700);
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") poll();
})();
