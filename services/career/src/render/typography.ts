// French typography for what we print: « » for straight double quotes, a narrow no-break space
// before ; ! ? and inside « », a no-break space before : (Imprimerie nationale's rules), and the
// typographic apostrophe. English text keeps its own rules: straight quotes become “ ”.
const NNBSP = "\u202F";
const NBSP = "\u00A0";

export function frenchTypography(text: string): string {
  let open = true;
  return text
    .replace(/"/g, () => {
      const mark = open ? `«${NNBSP}` : `${NNBSP}»`;
      open = !open;
      return mark;
    })
    .replace(/«\s+/g, `«${NNBSP}`)
    .replace(/\s+»/g, `${NNBSP}»`)
    .replace(/\s*([;!?])(?=\s|$)/g, `${NNBSP}$1`)
    .replace(/(\S)\s*:(?=\s|$)/g, `$1${NBSP}:`)
    .replace(/'/g, "’");
}

export function englishTypography(text: string): string {
  let open = true;
  return text
    .replace(/"/g, () => {
      const mark = open ? "“" : "”";
      open = !open;
      return mark;
    })
    .replace(/'/g, "’");
}

/** What a reader of the PDF's text gets back to compare: plain spaces, straight quotes. */
export function plainText(text: string): string {
  return text
    .replace(/[\u00A0\u202F\u2009]/g, " ")
    .replace(/[’‘]/g, "'")
    .replace(/[«»“”]/g, '"')
    .replace(/" +/g, '"')
    .replace(/ +"/g, '"');
}
