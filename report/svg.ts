/**
 * The annual report's pictures as inline SVG, generated from its data: the tenant–site map, the per-site
 * isolation heat map and the phase funnel. Every text is escaped; no picture loads anything.
 */
import { html } from "../lib/html.js";
import type { AnnualReport, SiteVerdict } from "./build.js";

const FONT = `font-family="system-ui, sans-serif" font-size="12"`;
const svg = (id: string, width: number, height: number, title: string, body: string[]): string =>
  `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title" ${FONT}><title id="${id}-title">${html(title)}</title>${body.join("")}</svg>`;
const text = (x: number, y: number, s: string | number, extra = ""): string => `<text x="${x}" y="${y}" ${extra}>${html(s)}</text>`;

/** Tenants (rows) on sites (columns, grouped by supplier and zone); a mirrored tenant's sites joined by a line. */
export function tenantSiteMap(r: AnnualReport): string {
  const left = 170;
  const top = 60;
  const col = 120;
  const row = 26;
  const x = (i: number) => left + col * i + col / 2;
  const y = (i: number) => top + row * i + row / 2;
  const width = left + col * r.sites.length + 20;
  const height = top + row * r.tenants.length + 20;
  const body: string[] = [];
  r.sites.forEach((s, i) => {
    body.push(text(x(i), 20, s.supplier, `text-anchor="middle" fill="#555" font-size="10"`), text(x(i), 36, s.id, `text-anchor="middle" font-weight="bold"`), text(x(i), 50, `zone ${s.zone}`, `text-anchor="middle" fill="#555" font-size="10"`));
    body.push(`<line x1="${x(i)}" y1="${top}" x2="${x(i)}" y2="${height - 20}" stroke="#ddd"/>`);
  });
  r.tenants.forEach((t, j) => {
    const on = r.sites.map((s, i) => ({ s, i })).filter(({ s }) => r.isolation.find((v) => v.site === s.id)?.tenants.includes(t.tenant));
    body.push(text(8, y(j) + 4, `${t.tenant} (${t.securityLevel})`));
    if (on.length >= 2 && t.mirrored) body.push(`<line class="mirror" x1="${x(on[0]!.i)}" y1="${y(j)}" x2="${x(on[on.length - 1]!.i)}" y2="${y(j)}" stroke="#2b6cb0" stroke-width="3"/>`);
    for (const { s, i } of on) body.push(`<circle class="placement" cx="${x(i)}" cy="${y(j)}" r="7" fill="${t.mirrored ? "#2b6cb0" : "#888"}"><title>${html(`${t.tenant} on ${s.id}`)}</title></circle>`);
  });
  return svg("tenant-site-map", width, height, "Tenants on sites; a blue line joins the sites of a mirrored tenant", body);
}

/** One site's flows between tenants (from → to) as a heat map; the diagonal is a tenant's own traffic. */
export function isolationHeatMap(v: SiteVerdict): string {
  const n = v.tenants.length;
  const left = 110;
  const top = 120;
  const cell = 30;
  const max = Math.max(1, ...v.flows.map((f) => f.count));
  const body: string[] = [text(4, 16, `${v.site}: ${v.verdict}${v.findings > 0 ? ` (${v.findings} undeclared)` : ""}`, `font-weight="bold" fill="${v.findings === 0 ? "#276749" : "#c53030"}"`)];
  v.tenants.forEach((t, i) => {
    body.push(text(left - 6, top + cell * i + cell / 2 + 4, t, `text-anchor="end"`));
    body.push(text(left + cell * i + cell / 2, top - 6, t, `transform="rotate(-50 ${left + cell * i + cell / 2} ${top - 6})"`));
  });
  v.tenants.forEach((from, i) =>
    v.tenants.forEach((to, j) => {
      const count = v.flows.find((f) => f.from === from && f.to === to)?.count ?? 0;
      const shade = count === 0 ? "#f7fafc" : `rgba(43,108,176,${(0.25 + (0.75 * count) / max).toFixed(2)})`;
      body.push(`<rect class="cell" x="${left + cell * j}" y="${top + cell * i}" width="${cell - 2}" height="${cell - 2}" fill="${shade}" stroke="${i === j ? "#999" : "#e2e8f0"}"><title>${html(`${from} → ${to}: ${count} flow${count === 1 ? "" : "s"}`)}</title></rect>`);
      if (count > 0) body.push(text(left + cell * j + cell / 2 - 1, top + cell * i + cell / 2 + 3, count, `text-anchor="middle" font-size="10"`));
    }),
  );
  return svg(`heat-${v.site}`, left + cell * Math.max(n, 1) + 80, top + cell * Math.max(n, 1) + 10, `Flows between tenants' namespaces on ${v.site}`, body);
}

/** The year's funnel: onboardings started, completed and tenants that left, as bars. */
export function phaseFunnel(r: AnnualReport): string {
  const stages = [["started", "#2b6cb0"], ["completed", "#276749"], ["abandoned", "#c05621"]] as const;
  const max = Math.max(1, ...stages.map(([s]) => r.funnel[s].length));
  const body = stages.flatMap(([s, colour], i) => {
    const n = r.funnel[s].length;
    const w = Math.max(2, (360 * n) / max);
    return [text(4, 30 + 40 * i, s), `<rect class="bar" x="${100 + (360 - w) / 2}" y="${14 + 40 * i}" width="${w}" height="26" fill="${colour}"/>`, text(480, 32 + 40 * i, n, `font-weight="bold"`)];
  });
  return svg("phase-funnel", 520, 136, `Onboardings in ${r.year}: started, completed, left`, body);
}
