'use client';
/** Client-side figure downloads: the SVG serialised as it is on the page, and a PNG drawn from it on a canvas. */

function svgText(id: string): { text: string; width: number; height: number } | null {
  const el = document.getElementById(id);
  if (!(el instanceof SVGSVGElement)) return null;
  const clone = el.cloneNode(true) as SVGSVGElement;
  const vb = el.viewBox.baseVal;
  clone.setAttribute('width', String(vb.width));
  clone.setAttribute('height', String(vb.height));
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return { text: new XMLSerializer().serializeToString(clone), width: vb.width, height: vb.height };
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FigureDownload({ svgId, filename }: { svgId: string; filename: string }) {
  const downloadSvg = () => {
    const s = svgText(svgId);
    if (s) save(new Blob([s.text], { type: 'image/svg+xml;charset=utf-8' }), `${filename}.svg`);
  };
  const downloadPng = () => {
    const s = svgText(svgId);
    if (!s) return;
    const img = new Image();
    const url = URL.createObjectURL(new Blob([s.text], { type: 'image/svg+xml;charset=utf-8' }));
    img.onload = () => {
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = s.width * scale;
      canvas.height = s.height * scale;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => { if (b) save(b, `${filename}.png`); }, 'image/png');
    };
    img.src = url;
  };
  return (
    <span style={{ display: 'inline-flex', gap: '.5rem' }}>
      <button type="button" className="secondary" onClick={downloadSvg}>Download SVG</button>
      <button type="button" className="secondary" onClick={downloadPng}>Download PNG</button>
    </span>
  );
}
