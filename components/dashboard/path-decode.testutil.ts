/** Test helper: reads back the paths step-paths.ts writes. */
/** Absolute vertices of the subpaths of a path written with M, h, v, l and Z. */
export function decodePath(d: string): [number, number][][] {
  const subpaths: [number, number][][] = [];
  let x = 0;
  let y = 0;
  for (const m of d.matchAll(/([MhvlZ])([-\d.]*)(?:,([-\d.]+))?/g)) {
    const [, c, a, b] = m;
    if (c === 'M') { x = Number(a); y = Number(b); subpaths.push([[x, y]]); continue; }
    if (c === 'Z') continue;
    if (c === 'h') x += Number(a);
    else if (c === 'v') y += Number(a);
    else { x += Number(a); y += Number(b); }
    subpaths[subpaths.length - 1]?.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  }
  return subpaths;
}

