import { describe, expect, it } from "vitest";
import { maskPersonalNumbers, redactForLog, redactUrl } from "./http.js";

describe("[INTEGRATIONS] the call log keeps no secrets or personal data", () => {
  it("redacts secrets, phones, ID numbers, locations and file contents in bodies, keeps dossier codes", () => {
    const out = redactForLog({
      code: "H38.03006-261123-0001",
      access_token: "abc",
      formData: { applicantIdNumber: "010203004455", applicantPhone: "0912345678", childName: "Khôi" },
      location: { latitude: 22.3, longitude: 103.8 },
      files: [{ name: "a.jpg", contentBase64: "AAAA" }],
      note: "gọi 0912345678",
    }) as Record<string, unknown>;
    const text = JSON.stringify(out);
    expect(out.code).toBe("H38.03006-261123-0001");
    for (const secret of ["abc", "010203004455", "0912345678", "22.3", "AAAA"])
      expect(text).not.toContain(secret);
    expect(text).toContain("Khôi");
  });

  it("redacts one-time codes and tokens in URLs", () => {
    const u = redactUrl("https://graph.example/v2.0/me/info?code=one-time&access_token=t&fields=id");
    expect(u).not.toContain("one-time");
    expect(u).not.toContain("=t&");
    expect(u).toContain("fields=id");
  });

  it("masks 9–12 digit numbers in free text", () => {
    expect(maskPersonalNumbers("CCCD 010203004455")).not.toContain("010203004455");
  });
});
