import { del, get, patch, post } from "../api.js";
import { clear, el, message, table } from "../dom.js";

const ROLES = ["viewer", "editor", "owner"];

export async function render(context) {
  if (!context.may("owner")) {
    return el("section", { class: "card" }, el("h2", { text: "Users" }), message("Only owners manage users."));
  }
  const status = el("div", { id: "status" });
  const list = el("div", { id: "users" });
  const act = (work, done) => async () => {
    try {
      await work();
      clear(status, message(done));
      await refresh();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  };
  const refresh = async () => {
    const page = await get("/users");
    clear(list, table([
      { title: "E-mail", cell: (u) => u.email },
      { title: "Status", cell: (u) => u.status },
      { title: "Role", cell: (u) => {
        const select = el("select", { class: "edit-control" }, ROLES.map((r) => el("option", { value: r, text: r, selected: r === u.role })));
        select.addEventListener("change", act(() => patch(`/users/${u.id}`, { role: select.value }), "Role changed"));
        return select;
      } },
      { title: "", cell: (u) => el("button", { class: "edit-control", text: "Remove",
        onclick: act(async () => { if (confirm(`Remove ${u.email}?`)) await del(`/users/${u.id}`); }, "Removed") }) },
    ], page.users));
  };
  await refresh();
  const email = el("input", { id: "invite-email", type: "email", required: true });
  const role = el("select", { id: "invite-role" }, ROLES.map((r) => el("option", { value: r, text: r })));
  const form = el("form", { id: "invite" }, el("label", { for: "invite-email", text: "E-mail " }), email, " ", role, " ",
    el("button", { type: "submit", class: "edit-control", text: "Invite" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const invited = await post("/users", { email: email.value, role: role.value });
      clear(status, message("Send this one-time link to the new user (valid until " + invited.invitation_expires_at + "):"),
        el("code", { id: "invitation-url", text: invited.invitation_url }));
      await refresh();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });
  return el("section", { class: "card" }, el("h2", { text: "Users" }), status, list, el("h3", { text: "Invite" }), form);
}
