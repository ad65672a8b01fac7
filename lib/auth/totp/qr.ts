/**
 * The enrolment QR code, drawn on the server as SVG (the qrcode library) and handed to the page as a
 * data: URL, which the CSP's img-src allows; no script draws it in the browser.
 */
import QRCode from 'qrcode';

export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
