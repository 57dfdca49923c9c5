/** Where each resource of a synthesized `cdk.tf.json` is written, for findings that point at a line. */

/**
 * Line of each `resource.<type>.<name>` key, read from the pretty-printed JSON cdktf writes (two-space
 * indentation). Any other layout simply yields no lines, and findings point at line 1.
 */
export function resourceLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let inResource = false;
  let type: string | undefined;
  text.split("\n").forEach((line, i) => {
    const m = /^( *)"((?:[^"\\]|\\.)*)": \{/.exec(line);
    if (!m) {
      if (/^ {2}\S/.test(line)) inResource = false;
      return;
    }
    const indent = m[1]!.length;
    if (indent === 2) {
      inResource = m[2] === "resource";
      type = undefined;
    } else if (inResource && indent === 4) type = m[2];
    else if (inResource && indent === 6 && type !== undefined) lines.set(`${type}.${m[2]}`, i + 1);
  });
  return lines;
}
