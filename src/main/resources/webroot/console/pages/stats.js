import { get } from "../api.js";
import { clear, el, message, table } from "../dom.js";

// The counts the service keeps per definition (docs/campaigns.md). A chart of the time series
// (GET .../stats?series=...) is still to come.
export async function render() {
  const definitions = (await get("/definition-overview?limit=1000")).definitions;
  const choice = el("select", { id: "stats-definition" }, definitions.map((d) => el("option", { value: d.id, text: d.name })));
  const body = el("div", { id: "stats" });
  const show = async () => {
    try {
      const s = await get(`/definitions/${choice.value}/stats`);
      const rows = [
        ["Codes issued", s.issued], ["Redemptions", s.redemptions], ["Rolled back", s.rollbacks], ["Redeemed", s.redeemed],
        ["Players", s.unique_players], ["Revoked", s.revoked],
        ["Remaining under the cap", s.remaining === null ? "no cap" : `${s.remaining} of ${s.max_total_uses}`],
        ["Validations accepted", s.validations.ok], ["Lockouts", s.lockouts],
        ...Object.entries(s.validations.refused || {}).map(([reason, n]) => [`Refused: ${reason}`, n]),
      ].map(([name, value], i) => ({ id: String(i), name, value }));
      clear(body, table([{ title: "", cell: (r) => r.name }, { title: "", cell: (r) => r.value }], rows));
    } catch (err) {
      clear(body, message(err.message, "error"));
    }
  };
  choice.addEventListener("change", show);
  if (choice.value) await show();
  return el("section", { class: "card" }, el("h2", { text: "Stats" }),
    el("p", {}, el("label", { for: "stats-definition", text: "Definition " }), choice), body);
}
