/**
 * How a signature names its signer (21 CFR 11.50: the printed name of the signer), issue 11 item 12.
 * Display names are not unique, so the printed name stored at signing is the display name with the
 * account's e-mail, which is unique: "Anna Nowak (anna.nowak@centre.example)". It is stored as it
 * was shown, so a later rename of the account does not rewrite what was signed.
 */

export function signerPrintedName(displayName: string, email: string): string {
  return `${displayName} (${email})`;
}

/**
 * The signer as shown on screen: the stored printed name; a signature stored before the e-mail was
 * part of it gets the signer's user id, so two accounts with one name still read differently.
 */
export function shownSigner(storedName: string, userId: number | null): string {
  if (/\([^()\s]+@[^()\s]+\)$/.test(storedName) || userId === null) return storedName;
  return `${storedName} (user #${userId})`;
}
