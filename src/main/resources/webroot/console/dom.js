// Builds elements from data. Text goes in through textContent only: nothing a tenant stored is ever parsed as HTML.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "text") node.textContent = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

export function table(columns, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { text: c.title })))),
    el("tbody", {}, rows.map((row) => el("tr", { "data-id": row.id }, columns.map((c) => el("td", {}, c.cell(row)))))));
}

export function message(text, kind = "info") {
  return el("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status", text });
}
