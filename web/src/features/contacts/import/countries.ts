/** Countries offered for numbers written without "+" (ISO 3166 codes, as libphonenumber reads them on the server). */
export const COUNTRIES = [
  "US", "CA", "GB", "AU", "NZ", "IE", "MX", "BR", "AR", "CO", "CL", "PE",
  "ES", "PT", "FR", "BE", "NL", "DE", "AT", "CH", "IT", "SE", "NO", "DK",
  "FI", "PL", "IN", "PH", "SG", "MY", "ZA", "NG", "KE", "AE", "IL", "JP",
];

let names: Intl.DisplayNames | null | undefined;

/** "United States (US)"; the code alone where the browser has no names. */
export function countryName(code: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(["en"], { type: "region" });
    } catch {
      names = null;
    }
  }
  const name = names?.of(code);
  return name && name !== code ? `${name} (${code})` : code;
}
