// Draws a fork tree as a standalone SVG: one box per model, columns by
// depth, rows in depth-first order, an elbow line from parent to child.
export interface LineageNode {
  label: string;
  detail: string;
  mint: string;
  highlight: boolean;
  children: LineageNode[];
}

const BOX_WIDTH = 360;
const BOX_HEIGHT = 54;
const COLUMN = 400;
const ROW = 72;
const MARGIN = 20;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function lineageSvg(root: LineageNode): string {
  const boxes: string[] = [];
  const lines: string[] = [];
  let row = 0;
  let maxDepth = 0;
  const place = (node: LineageNode, depth: number): { x: number; y: number } => {
    const position = { x: MARGIN + depth * COLUMN, y: MARGIN + row * ROW };
    row += 1;
    maxDepth = Math.max(maxDepth, depth);
    const stroke = node.highlight ? "#d9480f" : "#495057";
    boxes.push(
      `<g><rect x="${position.x}" y="${position.y}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6" fill="#f8f9fa" stroke="${stroke}" stroke-width="${node.highlight ? 2.5 : 1}"/>` +
        `<text x="${position.x + 10}" y="${position.y + 21}" font-family="sans-serif" font-size="14" font-weight="bold">${escape(node.label)}</text>` +
        `<text x="${position.x + 10}" y="${position.y + 41}" font-family="sans-serif" font-size="11" fill="#495057">${escape(node.detail)}</text></g>`
    );
    for (const child of node.children) {
      const at = place(child, depth + 1);
      const fromX = position.x + 16;
      lines.push(`<path d="M${fromX} ${position.y + BOX_HEIGHT} V${at.y + BOX_HEIGHT / 2} H${at.x}" fill="none" stroke="#adb5bd"/>`);
    }
    return position;
  };
  place(root, 0);
  const width = 2 * MARGIN + maxDepth * COLUMN + BOX_WIDTH;
  const height = 2 * MARGIN + row * ROW - (ROW - BOX_HEIGHT);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...lines,
    ...boxes,
    `</svg>`,
    "",
  ].join("\n");
}
