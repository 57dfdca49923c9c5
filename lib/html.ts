/** The one HTML escaper: text and attribute values, so that nothing from a file becomes markup. */
export function html(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
