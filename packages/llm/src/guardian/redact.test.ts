import { describe, expect, it } from "vitest";
import { createRedactionSession, findPersonalData } from "./redact.ts";

const values = (text: string) => findPersonalData(text).map((item) => [item.kind, item.value]);

describe("finding personal data", () => {
  it("finds French phone numbers in their usual formats", () => {
    for (const phone of [
      "06 12 34 56 78",
      "06.12.34.56.78",
      "0612345678",
      "+33 6 12 34 56 78",
      "+33612345678",
      "0033 6 12 34 56 78",
      "01-45-67-89-10",
      "+33 (0)1 45 67 89 10",
    ]) {
      expect(values(`Appelle-moi au ${phone} demain.`)).toEqual([["PHONE", phone]]);
    }
  });

  it("finds international and North American numbers and e-mails", () => {
    expect(values("Call +1 415 555 0100 or (415) 555-0100, mail lea.martin+jobs@exemple.fr")).toEqual([
      ["PHONE", "+1 415 555 0100"],
      ["PHONE", "(415) 555-0100"],
      ["EMAIL", "lea.martin+jobs@exemple.fr"],
    ]);
  });

  it("finds French and English street addresses, stopping where the address ends", () => {
    expect(values("J'habite 12 rue de la Paix, 75002 Paris et je cherche près de chez moi.")).toEqual([
      ["ADDRESS", "12 rue de la Paix, 75002 Paris"],
    ]);
    expect(values("Mon adresse : 3 bis allée des Tilleuls, 44000 Nantes.")).toEqual([
      ["ADDRESS", "3 bis allée des Tilleuls, 44000 Nantes"],
    ]);
    expect(values("j'habite au 45 bd haussmann et je bosse à Lyon")).toEqual([
      ["ADDRESS", "45 bd haussmann"],
    ]);
    expect(values("I live at 221 Baker Street, London and work remotely")).toEqual([
      ["ADDRESS", "221 Baker Street, London"],
    ]);
  });

  it("finds IBANs and French social security numbers, before any phone pattern bites into them", () => {
    expect(values("IBAN FR76 3000 6000 0112 3456 7890 189 et sécu 1 85 05 78 006 084 36")).toEqual([
      ["IBAN", "FR76 3000 6000 0112 3456 7890 189"],
      ["SSN", "1 85 05 78 006 084 36"],
    ]);
    expect(values("FR7630006000011234567890189 / 185057800608436 / 2 91 12 2A 004 123")).toEqual([
      ["IBAN", "FR7630006000011234567890189"],
      ["SSN", "185057800608436"],
      ["SSN", "2 91 12 2A 004 123"],
    ]);
  });

  it("leaves dates, times, salaries, counts and postal codes alone", () => {
    expect(
      values("Entretien le 12/05/2026 à 14h30, salaire 35 000 €, 75002 Paris, 5 000 membres, code 123456"),
    ).toEqual([]);
  });
});

describe("a redaction session", () => {
  it("replaces each value by a stable placeholder across messages and restores the answer", () => {
    const session = createRedactionSession();
    expect(session.redact("Mon 06 12 34 56 78 et lea@exemple.fr")).toBe("Mon [PHONE_1] et [EMAIL_1]");
    expect(session.redact("Rappel : 06.12.34.56.78, pas 07 00 00 00 01")).toBe(
      "Rappel : [PHONE_1], pas [PHONE_2]",
    );
    expect(session.restore("J'écris à [EMAIL_1] et j'appelle le [ phone_2 ]; [EMAIL_9] inconnu.")).toBe(
      "J'écris à lea@exemple.fr et j'appelle le 07 00 00 00 01; [EMAIL_9] inconnu.",
    );
  });

  it("never hands out a placeholder the user typed", () => {
    const session = createRedactionSession();
    expect(session.redact("Le modèle a écrit [EMAIL_1], mon mail est a@b.fr")).toBe(
      "Le modèle a écrit [EMAIL_1], mon mail est [EMAIL_2]",
    );
    expect(session.restore("[EMAIL_1] [EMAIL_2]")).toBe("[EMAIL_1] a@b.fr");
  });

  it("restores placeholders split across streamed pieces", () => {
    const session = createRedactionSession();
    session.redact("tel 0612345678");
    const restorer = session.restorer();
    const pieces = ["Je t'appelle au [PH", "ONE", "_1", "] demain [", "sans placeholder]", " ["];
    const out = pieces.map((piece) => restorer.push(piece)).join("") + restorer.flush();
    expect(out).toBe("Je t'appelle au 0612345678 demain [sans placeholder] [");
    expect(restorer.push("Bonjour")).toBe("Bonjour");
  });
});
