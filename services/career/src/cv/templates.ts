// The CV templates (rendering: ../render). Two free, two premium; "ats" is the single-column,
// ATS-first one: no columns, no tables, standard headings, text in reading order.
export const cvTemplates = [
  { id: "ats", premium: false, columns: 1 },
  { id: "classic", premium: false, columns: 1 },
  { id: "modern", premium: true, columns: 2 },
  { id: "elegant", premium: true, columns: 1 },
] as const;
export type CvTemplateId = (typeof cvTemplates)[number]["id"];
export const cvTemplateIds = cvTemplates.map((template) => template.id);

export const isPremiumTemplate = (id: string): boolean =>
  cvTemplates.some((template) => template.id === id && template.premium);
