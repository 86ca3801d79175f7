// Everything the OA bot says, in Vietnamese (the reference) and English. Pure: the server
// glue (server/src/bot/converse.ts) fills in the facts. Short sentences, plain words, one
// question per message: many citizens read on small phones, some in their second language.
import type { Lang } from "./intents.js";

export type { Lang };

/** What the bot sends for one inbound message: text, with buttons or a list when useful. */
export interface BotReply {
  text: string;
  /** Quick answers: tapping one sends `payload` back as the user's text (at most 5). */
  buttons?: { title: string; payload: string }[];
  /** Rows that open a link (procedures in the mini app). */
  links?: { title: string; subtitle?: string; url: string }[];
}

type Texts = Record<Lang, string>;
const t = (l: Lang, texts: Texts) => texts[l];

export const MENU_ITEMS: { n: string; vi: string; en: string }[] = [
  { n: "1", vi: "Tra cứu hồ sơ", en: "Look up a dossier" },
  { n: "2", vi: "Tìm thủ tục", en: "Find a procedure" },
  { n: "3", vi: "Phản ánh sự cố", en: "Report an incident" },
  { n: "4", vi: "Nhận cảnh báo thiên tai", en: "Disaster alerts" },
  { n: "5", vi: "Đổi ngôn ngữ / Language", en: "Language / Đổi ngôn ngữ" },
  { n: "6", vi: "Gặp cán bộ", en: "Talk to a clerk" },
  { n: "7", vi: "Cài đặt tin nhắn", en: "Message settings" },
];

export function menu(l: Lang, greeting = true): BotReply {
  const head = greeting
    ? t(l, {
        vi: "Xin chào! Đây là Cổng hành chính công Lào Cai. Bạn cần gì? Gõ số:",
        en: "Hello! This is the Lào Cai Public Administration Portal. What do you need? Type a number:",
      })
    : t(l, { vi: "Bạn cần gì? Gõ số:", en: "What do you need? Type a number:" });
  return {
    text: `${head}\n${MENU_ITEMS.map((m) => `${m.n}. ${m[l]}`).join("\n")}`,
    buttons: ["1", "2", "3", "4", "6"].map((n) => ({
      title: MENU_ITEMS.find((m) => m.n === n)![l],
      payload: `#menu:${n}`,
    })),
  };
}

export const R = {
  safetyRecorded: (l: Lang, safe: boolean, reportId: string | null): BotReply => ({
    text: safe
      ? t(l, {
          vi: "Đã ghi nhận: bạn an toàn. Cảm ơn bạn. Hãy tiếp tục theo dõi cảnh báo và làm theo hướng dẫn của chính quyền.",
          en: "Recorded: you are safe. Thank you. Keep following the alert and the authorities' instructions.",
        })
      : t(l, {
          vi: `Đã chuyển yêu cầu giúp đỡ của bạn tới Trung tâm điều hành (mã ${reportId ?? "—"}). Nếu nguy hiểm đến tính mạng, gọi ngay 112 hoặc 114. Gửi vị trí của bạn để lực lượng cứu hộ tìm bạn nhanh hơn.`,
          en: `Your request for help has gone to the operations centre (ref. ${reportId ?? "—"}). If life is in danger, call 112 or 114 now. Send your location so rescuers can find you faster.`,
        }),
  }),
  safetyUnknown: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Cảnh báo này không còn hoặc không dành cho bạn. Nếu cần giúp đỡ khẩn cấp, gọi 112.",
      en: "This alert no longer exists or was not for you. For urgent help, call 112.",
    }),
  }),
  unknown: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, {
      vi: "Xin lỗi, tôi chưa hiểu ý bạn.",
      en: "Sorry, I did not understand that.",
    })} ${menu(l, false).text}`,
  }),
  didYouMean: (l: Lang, links: BotReply["links"]): BotReply => ({
    text: t(l, {
      vi: 'Tôi chưa hiểu ý bạn. Có phải bạn tìm một trong các thủ tục này? Gõ "menu" để xem các việc tôi làm được.',
      en: 'I did not quite understand. Is it one of these procedures? Type "menu" to see what I can do.',
    }),
    links: links ?? [],
  }),
  askDossierCode: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Vui lòng gõ mã hồ sơ (in trên giấy tiếp nhận), ví dụ: H38.03006-261120-0012",
      en: "Please type the dossier code (printed on your receipt), e.g. H38.03006-261120-0012",
    }),
  }),
  badDossierCode: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Mã hồ sơ chưa đúng dạng. Ví dụ: H38.03006-261120-0012. Gõ "menu" để quay lại.',
      en: 'That is not a dossier code. Example: H38.03006-261120-0012. Type "menu" to go back.',
    }),
  }),
  dossierNotFound: (l: Lang, code: string): BotReply => ({
    // The same answer whether the code does not exist or belongs to someone else.
    text: t(l, {
      vi: `Không tìm thấy hồ sơ ${code} trong các hồ sơ của bạn. Hãy kiểm tra lại mã, hoặc gõ 6 để gặp cán bộ.`,
      en: `No dossier ${code} among yours. Please check the code, or type 6 to talk to a clerk.`,
    }),
  }),
  dossierStatus: (
    l: Lang,
    d: {
      code: string;
      procedure: string;
      statusText: string;
      nextStep: string;
      appointment?: string;
      link: string;
    },
  ): BotReply => ({
    text: [
      `${t(l, { vi: "Hồ sơ", en: "Dossier" })} ${d.code} — ${d.procedure}`,
      `${t(l, { vi: "Trạng thái", en: "Status" })}: ${d.statusText}`,
      ...(d.appointment ? [`${t(l, { vi: "Ngày hẹn trả", en: "Result due" })}: ${d.appointment}`] : []),
      `${t(l, { vi: "Bước tiếp theo", en: "Next step" })}: ${d.nextStep}`,
    ].join("\n"),
    links: [{ title: t(l, { vi: "Xem hồ sơ trong ứng dụng", en: "Open in the mini app" }), url: d.link }],
  }),
  askProcedureQuery: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Bạn cần làm thủ tục gì? Gõ vài từ, ví dụ: khai sinh, cấp đổi căn cước, đăng ký kết hôn.",
      en: "Which procedure? Type a few words, e.g. birth registration, marriage registration.",
    }),
  }),
  procedureResults: (l: Lang, query: string, links: NonNullable<BotReply["links"]>): BotReply => ({
    text: t(l, {
      vi: `Các thủ tục phù hợp với "${query}" (bấm để xem và nộp hồ sơ):`,
      en: `Procedures matching "${query}" (tap to view and apply):`,
    }),
    links,
  }),
  noProcedure: (l: Lang, query: string): BotReply => ({
    text: t(l, {
      vi: `Không tìm thấy thủ tục nào cho "${query}". Hãy thử từ khác, hoặc gõ 6 để hỏi cán bộ.`,
      en: `No procedure found for "${query}". Try other words, or type 6 to ask a clerk.`,
    }),
  }),
  askCategory: (l: Lang, categories: { n: number; name: string }[]): BotReply => ({
    text: `${t(l, { vi: "Phản ánh về việc gì? Gõ số:", en: "What is it about? Type a number:" })}\n${categories
      .map((c) => `${c.n}. ${c.name}`)
      .join("\n")}`,
  }),
  badCategory: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Vui lòng gõ số của loại sự cố trong danh sách, hoặc "huỷ" để dừng.',
      en: 'Please type the number of a category from the list, or "cancel" to stop.',
    }),
  }),
  askDescription: (l: Lang, category: string): BotReply => ({
    text: t(l, {
      vi: `${category}. Hãy mô tả ngắn gọn sự cố (ở đâu, thế nào).`,
      en: `${category}. Briefly describe the problem (where, what).`,
    }),
  }),
  askPhoto: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Gửi một ảnh chụp sự cố (nếu có), hoặc bấm "Bỏ qua".',
      en: 'Send a photo of the problem (if you have one), or tap "Skip".',
    }),
    buttons: [{ title: t(l, { vi: "Bỏ qua", en: "Skip" }), payload: t(l, { vi: "bỏ qua", en: "skip" }) }],
  }),
  photoFailed: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Không nhận được ảnh này (chỉ nhận ảnh JPG, PNG). Gửi ảnh khác hoặc bấm "Bỏ qua".',
      en: 'Could not take this photo (JPG or PNG only). Send another or tap "Skip".',
    }),
    buttons: [{ title: t(l, { vi: "Bỏ qua", en: "Skip" }), payload: t(l, { vi: "bỏ qua", en: "skip" }) }],
  }),
  askLocation: (l: Lang, hasPhoto: boolean): BotReply => ({
    text: `${hasPhoto ? t(l, { vi: "Đã nhận ảnh. ", en: "Photo received. " }) : ""}${t(l, {
      vi: "Gửi vị trí sự cố: bấm dấu + trong khung chat Zalo, chọn Vị trí.",
      en: "Send the location: tap + in the Zalo chat box and choose Location.",
    })}`,
  }),
  confirmIncident: (
    l: Lang,
    r: { category: string; description: string; hasPhoto: boolean; commune?: string },
  ): BotReply => ({
    text: [
      t(l, { vi: "Kiểm tra lại phản ánh:", en: "Please check your report:" }),
      `• ${r.category}`,
      `• ${r.description}`,
      `• ${r.hasPhoto ? t(l, { vi: "Có ảnh", en: "With photo" }) : t(l, { vi: "Không có ảnh", en: "No photo" })}`,
      `• ${t(l, { vi: "Vị trí", en: "Location" })}: ${r.commune ?? t(l, { vi: "đã nhận", en: "received" })}`,
      t(l, { vi: 'Gõ "gửi" để gửi, "huỷ" để bỏ.', en: 'Type "send" to submit, "cancel" to drop it.' }),
    ].join("\n"),
    buttons: [
      { title: t(l, { vi: "Gửi phản ánh", en: "Send report" }), payload: t(l, { vi: "gửi", en: "send" }) },
      { title: t(l, { vi: "Huỷ", en: "Cancel" }), payload: t(l, { vi: "huỷ", en: "cancel" }) },
    ],
  }),
  incidentCreated: (l: Lang, publicId: string, link: string): BotReply => ({
    text: t(l, {
      vi: `Đã gửi phản ánh ${publicId}. Cảm ơn bạn! Chúng tôi sẽ nhắn khi có kết quả xử lý.`,
      en: `Report ${publicId} sent. Thank you! We will message you when it is handled.`,
    }),
    links: [{ title: t(l, { vi: "Theo dõi phản ánh", en: "Follow the report" }), url: link }],
  }),
  incidentFailed: (l: Lang, why: string): BotReply => ({
    text: `${t(l, { vi: "Chưa gửi được phản ánh:", en: "The report was not sent:" })} ${why}`,
  }),
  cancelled: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, { vi: "Đã huỷ.", en: "Cancelled." })} ${menu(l, false).text}`,
  }),
  askAlertPlace: (l: Lang, current: string[]): BotReply => ({
    text: [
      ...(current.length
        ? [`${t(l, { vi: "Bạn đang nhận cảnh báo cho", en: "You get alerts for" })}: ${current.join(", ")}.`]
        : []),
      t(l, {
        vi: "Để nhận cảnh báo thiên tai cho một nơi: gửi vị trí (dấu + trong khung chat, chọn Vị trí) hoặc gõ tên xã/phường.",
        en: "To get disaster alerts for a place: send a location (+ in the chat box, Location) or type the commune's name.",
      }),
    ].join("\n"),
  }),
  communeChoices: (l: Lang, names: string[]): BotReply => ({
    text: `${t(l, { vi: "Có nhiều nơi trùng tên, gõ số:", en: "Several places match, type a number:" })}\n${names
      .map((n, i) => `${i + 1}. ${n}`)
      .join("\n")}`,
  }),
  noCommune: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Không tìm thấy xã/phường này ở Lào Cai. Gõ lại tên, hoặc gửi vị trí.",
      en: "No such commune in Lào Cai. Type the name again, or send a location.",
    }),
  }),
  outsideProvince: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Vị trí này nằm ngoài tỉnh Lào Cai. Gửi vị trí khác hoặc gõ tên xã/phường.",
      en: "That location is outside Lào Cai province. Send another or type a commune's name.",
    }),
  }),
  subscribed: (l: Lang, commune: string): BotReply => ({
    text: t(l, {
      vi: `Đã đăng ký nhận cảnh báo thiên tai cho ${commune}. Gõ "huỷ cảnh báo" nếu muốn dừng.`,
      en: `You will get disaster alerts for ${commune}. Type "stop alerts" to stop.`,
    }),
  }),
  unsubscribed: (l: Lang, count: number): BotReply => ({
    text: t(l, {
      vi: count ? `Đã dừng nhận cảnh báo cho ${count} nơi.` : "Bạn chưa đăng ký nhận cảnh báo nơi nào.",
      en: count ? `Alerts stopped for ${count} place(s).` : "You were not following any place.",
    }),
  }),
  askLanguage: (): BotReply => ({
    text: "Chọn ngôn ngữ / Choose a language:\n1. Tiếng Việt\n2. English",
    buttons: [
      { title: "Tiếng Việt", payload: "tiếng việt" },
      { title: "English", payload: "english" },
    ],
  }),
  languageSet: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, { vi: "Đã chuyển sang tiếng Việt.", en: "Switched to English." })} ${menu(l, false).text}`,
  }),
  handoffStarted: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Đã chuyển cuộc trò chuyện tới cán bộ. Bạn cứ nhắn câu hỏi, cán bộ sẽ trả lời trong giờ hành chính.",
      en: "A clerk will take over this conversation. Write your question; a clerk answers during office hours.",
    }),
  }),
  handedBack: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, {
      vi: "Cán bộ đã kết thúc hỗ trợ. Cảm ơn bạn!",
      en: "The clerk has finished. Thank you!",
    })} ${menu(l, false).text}`,
  }),
  prefs: (
    l: Lang,
    p: { kinds: { key: string; label: string; on: boolean }[]; quiet: string | null },
  ): BotReply => ({
    text: [
      t(l, { vi: "Tin nhắn bạn nhận:", en: "Messages you receive:" }),
      ...p.kinds.map(
        (k) => `• ${k.label}: ${k.on ? t(l, { vi: "bật", en: "on" }) : t(l, { vi: "tắt", en: "off" })}`,
      ),
      `• ${t(l, { vi: "Cảnh báo thiên tai: luôn bật", en: "Disaster alerts: always on" })}`,
      `${t(l, { vi: "Giờ yên tĩnh", en: "Quiet hours" })}: ${p.quiet ?? t(l, { vi: "không", en: "none" })}`,
      t(l, {
        vi: 'Gõ ví dụ "tắt thanh toán", "bật hồ sơ", "yên tĩnh 22-6" hoặc "tắt yên tĩnh". Gõ "menu" để quay lại.',
        en: 'Type e.g. "off payment", "on dossier", "quiet 22-6" or "quiet off". Type "menu" to go back.',
      }),
    ].join("\n"),
  }),
};

/** What the citizen should do next for each dossier status (shown with the status). */
export const NEXT_STEP: Record<string, Texts> = {
  new_registered: { vi: "Chờ cán bộ tiếp nhận hồ sơ.", en: "Wait for a clerk to receive it." },
  received: { vi: "Hồ sơ đang chờ xử lý, bạn chưa cần làm gì.", en: "Nothing to do yet; it is queued." },
  not_received: {
    vi: "Xem lý do trong ứng dụng và nộp lại nếu cần.",
    en: "See the reason in the mini app and apply again if needed.",
  },
  processing: { vi: "Chờ kết quả theo ngày hẹn.", en: "Wait for the result by the due date." },
  supplement_requested: {
    vi: "Bổ sung giấy tờ theo yêu cầu trong ứng dụng.",
    en: "Add the requested documents in the mini app.",
  },
  financial_obligation: { vi: "Nộp phí, lệ phí trong ứng dụng.", en: "Pay the fees in the mini app." },
  withdrawn: { vi: "Hồ sơ đã rút, không cần làm gì.", en: "Withdrawn; nothing to do." },
  stopped: { vi: "Xem lý do dừng xử lý trong ứng dụng.", en: "See why it was stopped in the mini app." },
  processed: {
    vi: "Nhận kết quả tại bộ phận một cửa hoặc theo cách bạn đã chọn.",
    en: "Collect the result at the one-stop desk or as you chose.",
  },
  result_returned: { vi: "Đã hoàn tất.", en: "Completed." },
};
