/**
 * The forms a secret can take in a log line or a message: as is, JSON-escaped, URL-encoded (percent-encoding
 * in upper or lower case hex, `+` for a space as forms do) and base64 (standard and url-safe). A base64 form is
 * searched as the characters that depend on the secret alone, at each of the three alignments, so it is found
 * inside a longer encoded string too (`user:secret` in a Basic authorization).
 */
export function secretForms(secret: string): { name: string; text: string }[] {
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const forms = [
    { name: 'as is', text: secret },
    { name: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { name: 'URL-encoded', text: percent },
    { name: 'URL-encoded, lower-case hex', text: percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) },
    { name: 'form-encoded', text: form },
    { name: 'form-encoded, lower-case hex', text: form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) },
  ];
  const bytes = Buffer.from(secret, 'utf8');
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive: the characters made of the secret's bits only
    const fragment = encoded.slice(first, last);
    forms.push(
      { name: `base64 at offset ${offset}`, text: fragment },
      { name: `url-safe base64 at offset ${offset}`, text: fragment.replace(/\+/g, '-').replace(/\//g, '_') },
    );
  }
  return forms.filter((f, i) => f.text.length >= 6 && forms.findIndex((g) => g.text === f.text) === i);
}
