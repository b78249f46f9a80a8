import uPlot from "../vendor/uplot/uPlot.esm.js";
import { get } from "../api.js";
import { clear, el, message, table } from "../dom.js";

// A definition's counts (docs/campaigns.md), its redemptions over time (GET .../stats?series=redemptions), the uses
// left under its cap, its refused validations by reason, and the tenant's definitions with the most redemptions.
// Every number comes from the counts the service keeps: nothing here makes the service count coupons.

const BUCKETS = ["minute", "hour", "day"];
/** Top definitions are ranked among this many definitions (one stats call each). */
const RANKED = 25;
const CHART_WIDTH = 1000;
const CHART_HEIGHT = 260;

function counts(s) {
  const rows = [
    ["Codes issued", s.issued], ["Redemptions", s.redemptions], ["Rolled back", s.rollbacks], ["Redeemed", s.redeemed],
    ["Players", s.unique_players], ["Revoked", s.revoked], ["Validations accepted", s.validations.ok],
    ["Lockouts (tenant)", s.lockouts],
  ].map(([name, value], i) => ({ id: String(i), name, value }));
  return table([{ title: "Count", cell: (r) => r.name }, { title: "", cell: (r) => r.value }], rows);
}

function cap(s) {
  if (s.remaining === null || s.remaining === undefined) {
    return el("p", { id: "stats-cap", text: "No cap on total uses" });
  }
  const used = s.max_total_uses - s.remaining;
  return el("p", { id: "stats-cap" }, el("meter", { min: 0, max: s.max_total_uses, value: used, low: s.max_total_uses * 0.8,
    high: s.max_total_uses * 0.95, optimum: 0 }), ` ${s.remaining} of ${s.max_total_uses} uses left under the cap (${used} used)`);
}

function refusals(s) {
  const refused = Object.entries(s.validations.refused || {}).sort((a, b) => b[1] - a[1]);
  if (refused.length === 0) return el("p", { id: "stats-refused", text: "No validation refused" });
  return el("div", { id: "stats-refused" }, table([{ title: "Refused because", cell: (r) => r.reason }, { title: "Validations", cell: (r) => r.n }],
    refused.map(([reason, n]) => ({ id: reason, reason, n }))));
}

/** The series as uPlot takes it: [times in seconds, redemptions, rollbacks]. */
function columns(points) {
  return [points.map((p) => Date.parse(p.starts_at) / 1000), points.map((p) => p.redemptions), points.map((p) => p.rollbacks)];
}

function chart(series, target) {
  const data = columns(series.points);
  const total = data[1].reduce((a, b) => a + b, 0);
  const plot = new uPlot({
    width: CHART_WIDTH, height: CHART_HEIGHT,
    scales: { x: { time: true } },
    series: [{}, { label: "Redemptions", stroke: "#ff7a3d", fill: "#ff7a3d22", width: 2 },
      { label: "Rolled back", stroke: "#2b5a9a", width: 1 }],
  }, data, target);
  // The chart's data, for whoever reads the page's DOM (the browser test does).
  target.dataset.points = String(series.points.length);
  target.dataset.redemptions = String(total);
  return plot;
}

async function topDefinitions(definitions) {
  const ranked = await Promise.all(definitions.slice(-RANKED).map(async (d) => {
    const s = await get(`/definitions/${d.id}/stats`);
    return { id: d.id, name: d.name, status: d.status, redemptions: s.redemptions, redeemed: s.redeemed, remaining: d.remaining_uses };
  }));
  ranked.sort((a, b) => b.redemptions - a.redemptions);
  return el("div", { id: "stats-top" }, table([
    { title: "Definition", cell: (r) => r.name }, { title: "Status", cell: (r) => r.status },
    { title: "Redemptions", cell: (r) => r.redemptions }, { title: "Net of rollbacks", cell: (r) => r.redeemed },
    { title: "Uses left under the cap", cell: (r) => (r.remaining === null ? "no cap" : r.remaining) },
  ], ranked.slice(0, 10)));
}

export async function render() {
  const definitions = (await get("/definition-overview?limit=1000")).definitions;
  const choice = el("select", { id: "stats-definition" }, definitions.map((d) => el("option", { value: d.id, text: d.name })));
  const bucket = el("select", { id: "stats-bucket" }, BUCKETS.map((b) => el("option", { value: b, text: b, selected: b === "minute" })));
  const refresh = el("button", { type: "button", id: "stats-refresh", text: "Refresh" });
  const body = el("div", { id: "stats" });
  const chartBox = el("div", { id: "stats-chart", class: "chart" });
  const chartNote = el("p", { id: "stats-chart-note", class: "placeholder" });
  const capBox = el("div");
  const refusedBox = el("div");
  let plot = null;
  const show = async () => {
    try {
      const [s, series] = await Promise.all([get(`/definitions/${choice.value}/stats`),
        get(`/definitions/${choice.value}/stats?series=redemptions&bucket=${bucket.value}`)]);
      clear(body, counts(s));
      clear(capBox, cap(s));
      clear(refusedBox, refusals(s));
      if (plot) plot.destroy();
      clear(chartBox);
      plot = chart(series, chartBox);
      chartNote.textContent = `${chartBox.dataset.redemptions} redemptions in the last ${series.points.length} ${bucket.value}s`
        + ` (UTC buckets, ${series.from} to ${series.to})`;
    } catch (err) {
      clear(body, message(err.message, "error"));
    }
  };
  choice.addEventListener("change", show);
  bucket.addEventListener("change", show);
  refresh.addEventListener("click", show);
  const top = el("div", {}, definitions.length ? await topDefinitions(definitions) : message("No definitions yet"));
  if (choice.value) await show();
  return el("section", { class: "card" }, el("h2", { text: "Stats" }),
    el("p", {}, el("label", { for: "stats-definition", text: "Definition " }), choice, " ",
      el("label", { for: "stats-bucket", text: "Buckets of a " }), bucket, " ", refresh),
    el("h3", { text: "Redemptions over time" }), chartBox, chartNote,
    el("h3", { text: "Uses left under the cap" }), capBox,
    el("h3", { text: "Counts" }), body,
    el("h3", { text: "Validations refused, by reason" }), refusedBox,
    el("h3", { text: "Top definitions by redemptions" }), top);
}
