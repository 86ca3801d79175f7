// Everything the OA bot says, in Vietnamese (the reference), English and Simplified Chinese
// (for visitors from China; place names stay in Vietnamese, as on the signs). Pure: the server
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
/** "Status: …" — Chinese writes the full-width colon, with no space after it. */
const colon = (l: Lang) => (l === "zh" ? "：" : ": ");
const skipButton = (l: Lang) => ({
  title: t(l, { vi: "Bỏ qua", en: "Skip", zh: "跳过" }),
  payload: t(l, { vi: "bỏ qua", en: "skip", zh: "跳过" }),
});

export const MENU_ITEMS: { n: string; vi: string; en: string; zh: string }[] = [
  { n: "1", vi: "Tra cứu hồ sơ", en: "Look up a dossier", zh: "查询申请进度" },
  { n: "2", vi: "Tìm thủ tục", en: "Find a procedure", zh: "查找行政手续" },
  { n: "3", vi: "Phản ánh sự cố", en: "Report an incident", zh: "报告事故或问题" },
  { n: "4", vi: "Nhận cảnh báo thiên tai", en: "Disaster alerts", zh: "接收灾害预警" },
  // Each language names the others' word, so whoever reads the menu finds the way out.
  {
    n: "5",
    vi: "Đổi ngôn ngữ / Language / 语言",
    en: "Language / Đổi ngôn ngữ / 语言",
    zh: "语言 / Language",
  },
  { n: "6", vi: "Gặp cán bộ", en: "Talk to a clerk", zh: "联系工作人员" },
  { n: "7", vi: "Cài đặt tin nhắn", en: "Message settings", zh: "消息设置" },
];

export function menu(l: Lang, greeting = true): BotReply {
  const head = greeting
    ? t(l, {
        vi: "Xin chào! Đây là Cổng hành chính công Lào Cai. Bạn cần gì? Gõ số:",
        en: "Hello! This is the Lào Cai Public Administration Portal. What do you need? Type a number:",
        zh: "您好！这里是 Lào Cai 省政务服务平台。请问您需要什么服务？请输入数字：",
      })
    : t(l, {
        vi: "Bạn cần gì? Gõ số:",
        en: "What do you need? Type a number:",
        zh: "请问您需要什么服务？请输入数字：",
      });
  return {
    text: `${head}\n${MENU_ITEMS.map((m) => `${m.n}. ${m[l]}`).join("\n")}`,
    buttons: ["1", "2", "3", "4", "6"].map((n) => ({
      title: MENU_ITEMS.find((m) => m.n === n)![l],
      payload: `#menu:${n}`,
    })),
  };
}

export const R = {
  /** After "Tôi cần giúp đỡ": where it went, 112/114, and a plain request for the location. */
  safetyRecorded: (l: Lang, safe: boolean, reportId: string | null, locationMinutes = 30): BotReply => ({
    text: safe
      ? t(l, {
          vi: "Đã ghi nhận: bạn an toàn. Cảm ơn bạn. Hãy tiếp tục theo dõi cảnh báo và làm theo hướng dẫn của chính quyền.",
          en: "Recorded: you are safe. Thank you. Keep following the alert and the authorities' instructions.",
          zh: "已记录：您平安。谢谢您。请继续关注预警，并听从当地政府的指示。",
        })
      : t(l, {
          vi: `Đã chuyển yêu cầu giúp đỡ của bạn tới Trung tâm điều hành (mã ${reportId ?? "—"}). Nếu nguy hiểm đến tính mạng, gọi ngay 112 hoặc 114.\nHãy gửi vị trí hiện tại của bạn vào cuộc trò chuyện này (chọn "Vị trí" trong khung chat) trong ${locationMinutes} phút tới: vị trí sẽ được gắn vào yêu cầu để lực lượng cứu hộ tìm bạn nhanh hơn.`,
          en: `Your request for help has gone to the operations centre (ref. ${reportId ?? "—"}). If life is in danger, call 112 or 114 now.\nPlease send your current location in this chat ("Location" in the chat menu) within ${locationMinutes} minutes: it will be added to your request so rescuers can find you faster.`,
          zh: `您的求助已转给指挥中心（编号 ${reportId ?? "—"}）。如有生命危险，请立即拨打 112 或 114。\n请在 ${locationMinutes} 分钟内在本对话中发送您当前的位置（聊天菜单中的“位置”）：位置会加到您的求助中，方便救援人员更快找到您。`,
        }),
  }),
  helpLocationReceived: (l: Lang, reportId: string | null): BotReply => ({
    text: t(l, {
      vi: `Đã nhận vị trí của bạn và gắn vào yêu cầu giúp đỡ (mã ${reportId ?? "—"}). Hãy giữ điện thoại bên mình. Nếu nguy hiểm đến tính mạng, gọi ngay 112 hoặc 114.`,
      en: `Your location has been added to your request for help (ref. ${reportId ?? "—"}). Keep your phone with you. If life is in danger, call 112 or 114 now.`,
      zh: `已收到您的位置并加到您的求助中（编号 ${reportId ?? "—"}）。请随身携带手机。如有生命危险，请立即拨打 112 或 114。`,
    }),
  }),
  helpLocationOutside: (l: Lang, reportId: string | null): BotReply => ({
    text: t(l, {
      vi: `Vị trí bạn gửi nằm ngoài tỉnh Lào Cai nên chưa gắn được vào yêu cầu giúp đỡ (mã ${reportId ?? "—"}). Hãy gọi 112 hoặc 114 và nói rõ nơi bạn đang ở.`,
      en: `The location you sent is outside Lào Cai province, so it was not added to your request for help (ref. ${reportId ?? "—"}). Call 112 or 114 and say where you are.`,
      zh: `您发送的位置不在 Lào Cai 省内，未能加到您的求助中（编号 ${reportId ?? "—"}）。请拨打 112 或 114 并说明您所在的位置。`,
    }),
  }),
  safetyUnknown: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Cảnh báo này không còn hoặc không dành cho bạn. Nếu cần giúp đỡ khẩn cấp, gọi 112.",
      en: "This alert no longer exists or was not for you. For urgent help, call 112.",
      zh: "这条预警已失效，或不是发给您的。如需紧急救助，请拨打 112。",
    }),
  }),
  unknown: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, {
      vi: "Xin lỗi, tôi chưa hiểu ý bạn.",
      en: "Sorry, I did not understand that.",
      zh: "抱歉，我没明白您的意思。",
    })} ${menu(l, false).text}`,
  }),
  /** A voice message, video, file, sticker or a submitted form: the bot reads text only. */
  sendTextOrMenu: (l: Lang, what: "media" | "info"): BotReply => ({
    ...menu(l, false),
    text: `${
      what === "info"
        ? t(l, {
            vi: "Cảm ơn bạn đã gửi thông tin. Để được hỗ trợ, bạn vui lòng gửi chữ hoặc chọn trong menu.",
            en: "Thank you for sending your details. To get help, please write to us or choose from the menu.",
            zh: "感谢您提交信息。如需帮助，请发送文字，或在菜单中选择。",
          })
        : t(l, {
            vi: "Tôi chỉ đọc được tin nhắn chữ, chưa nghe hay xem được tin thoại, video, tệp hay nhãn dán. Bạn vui lòng gửi chữ hoặc chọn trong menu.",
            en: "I can only read text: not voice messages, videos, files or stickers. Please write to us or choose from the menu.",
            zh: "我只能读取文字，暂时无法收听或查看语音、视频、文件或贴纸。请发送文字，或在菜单中选择。",
          })
    } ${menu(l, false).text}`,
  }),
  didYouMean: (l: Lang, links: BotReply["links"]): BotReply => ({
    text: t(l, {
      vi: 'Tôi chưa hiểu ý bạn. Có phải bạn tìm một trong các thủ tục này? Gõ "menu" để xem các việc tôi làm được.',
      en: 'I did not quite understand. Is it one of these procedures? Type "menu" to see what I can do.',
      zh: "我没完全明白。您要找的是下面的手续吗？输入“菜单”可查看我能做的事。",
    }),
    links: links ?? [],
  }),
  askDossierCode: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Vui lòng gõ mã hồ sơ (in trên giấy tiếp nhận), ví dụ: H38.03006-261120-0012",
      en: "Please type the dossier code (printed on your receipt), e.g. H38.03006-261120-0012",
      zh: "请输入申请编号（印在受理回执上），例如：H38.03006-261120-0012",
    }),
  }),
  badDossierCode: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Mã hồ sơ chưa đúng dạng. Ví dụ: H38.03006-261120-0012. Gõ "menu" để quay lại.',
      en: 'That is not a dossier code. Example: H38.03006-261120-0012. Type "menu" to go back.',
      zh: "申请编号格式不对。例如：H38.03006-261120-0012。输入“菜单”返回。",
    }),
  }),
  dossierNotFound: (l: Lang, code: string): BotReply => ({
    // The same answer whether the code does not exist or belongs to someone else.
    text: t(l, {
      vi: `Không tìm thấy hồ sơ ${code} trong các hồ sơ của bạn. Hãy kiểm tra lại mã, hoặc gõ 6 để gặp cán bộ.`,
      en: `No dossier ${code} among yours. Please check the code, or type 6 to talk to a clerk.`,
      zh: `在您的申请中找不到 ${code}。请核对编号，或输入 6 联系工作人员。`,
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
      `${t(l, { vi: "Hồ sơ", en: "Dossier", zh: "申请" })} ${d.code} — ${d.procedure}`,
      `${t(l, { vi: "Trạng thái", en: "Status", zh: "状态" })}${colon(l)}${d.statusText}`,
      ...(d.appointment
        ? [`${t(l, { vi: "Ngày hẹn trả", en: "Result due", zh: "预约取件日期" })}${colon(l)}${d.appointment}`]
        : []),
      `${t(l, { vi: "Bước tiếp theo", en: "Next step", zh: "下一步" })}${colon(l)}${d.nextStep}`,
    ].join("\n"),
    links: [
      {
        title: t(l, { vi: "Xem hồ sơ trong ứng dụng", en: "Open in the mini app", zh: "在小程序中查看" }),
        url: d.link,
      },
    ],
  }),
  askProcedureQuery: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Bạn cần làm thủ tục gì? Gõ vài từ, ví dụ: khai sinh, cấp đổi căn cước, đăng ký kết hôn.",
      en: "Which procedure? Type a few words, e.g. birth registration, marriage registration.",
      // The catalog is in Vietnamese only: Chinese words would find nothing.
      zh: "您要办理什么手续？手续目录目前只有越南语版本，请输入越南语关键词，例如：khai sinh（出生登记）、kết hôn（结婚登记）。",
    }),
  }),
  /** A procedure query with no Latin letters (e.g. written in Chinese): the catalog cannot match it. */
  procedureNeedsVietnamese: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Danh mục thủ tục chỉ có tiếng Việt. Hãy gõ vài từ tiếng Việt, ví dụ: khai sinh, kết hôn. Hoặc gõ 6 để hỏi cán bộ.",
      en: "The procedure catalog is in Vietnamese only. Type a few Vietnamese words, e.g. khai sinh (birth), kết hôn (marriage). Or type 6 to ask a clerk.",
      zh: "手续目录目前只有越南语版本。请输入越南语关键词，例如：khai sinh（出生登记）、kết hôn（结婚登记）。也可以输入 6 咨询工作人员。",
    }),
  }),
  procedureResults: (l: Lang, query: string, links: NonNullable<BotReply["links"]>): BotReply => ({
    text: t(l, {
      vi: `Các thủ tục phù hợp với "${query}" (bấm để xem và nộp hồ sơ):`,
      en: `Procedures matching "${query}" (tap to view and apply):`,
      zh: `与“${query}”相关的手续（点击查看并申请）：`,
    }),
    links,
  }),
  noProcedure: (l: Lang, query: string): BotReply => ({
    text: t(l, {
      vi: `Không tìm thấy thủ tục nào cho "${query}". Hãy thử từ khác, hoặc gõ 6 để hỏi cán bộ.`,
      en: `No procedure found for "${query}". Try other words, or type 6 to ask a clerk.`,
      zh: `没有找到与“${query}”相关的手续。请换个词试试，或输入 6 咨询工作人员。`,
    }),
  }),
  askCategory: (l: Lang, categories: { n: number; name: string }[]): BotReply => ({
    text: `${t(l, { vi: "Phản ánh về việc gì? Gõ số:", en: "What is it about? Type a number:", zh: "您要报告哪类问题？请输入数字：" })}\n${categories
      .map((c) => `${c.n}. ${c.name}`)
      .join("\n")}`,
  }),
  badCategory: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Vui lòng gõ số của loại sự cố trong danh sách, hoặc "huỷ" để dừng.',
      en: 'Please type the number of a category from the list, or "cancel" to stop.',
      zh: "请输入列表中的类别数字，或输入“取消”退出。",
    }),
  }),
  askDescription: (l: Lang, category: string): BotReply => ({
    text: t(l, {
      vi: `${category}. Hãy mô tả ngắn gọn sự cố (ở đâu, thế nào).`,
      en: `${category}. Briefly describe the problem (where, what).`,
      zh: `${category}。请简单描述情况（在哪里、发生了什么）。`,
    }),
  }),
  askPhoto: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Gửi một ảnh chụp sự cố (nếu có), hoặc bấm "Bỏ qua".',
      en: 'Send a photo of the problem (if you have one), or tap "Skip".',
      zh: "如有现场照片，请发送一张；没有请点“跳过”。",
    }),
    buttons: [skipButton(l)],
  }),
  photoFailed: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Không nhận được ảnh này (chỉ nhận ảnh JPG, PNG). Gửi ảnh khác hoặc bấm "Bỏ qua".',
      en: 'Could not take this photo (JPG or PNG only). Send another or tap "Skip".',
      zh: "无法接收这张照片（只支持 JPG、PNG）。请换一张，或点“跳过”。",
    }),
    buttons: [skipButton(l)],
  }),
  askLocation: (l: Lang, hasPhoto: boolean): BotReply => ({
    text: `${hasPhoto ? t(l, { vi: "Đã nhận ảnh. ", en: "Photo received. ", zh: "已收到照片。" }) : ""}${t(
      l,
      {
        vi: "Gửi vị trí sự cố: bấm dấu + trong khung chat Zalo, chọn Vị trí.",
        en: "Send the location: tap + in the Zalo chat box and choose Location.",
        // Zalo itself may be in Vietnamese or English: name the menu entry both ways.
        zh: "请发送事发位置：点 Zalo 聊天框里的 +，选择“位置”（Location / Vị trí）。",
      },
    )}`,
  }),
  confirmIncident: (
    l: Lang,
    r: { category: string; description: string; hasPhoto: boolean; commune?: string },
  ): BotReply => ({
    text: [
      t(l, { vi: "Kiểm tra lại phản ánh:", en: "Please check your report:", zh: "请核对您的报告：" }),
      `• ${r.category}`,
      `• ${r.description}`,
      `• ${
        r.hasPhoto
          ? t(l, { vi: "Có ảnh", en: "With photo", zh: "有照片" })
          : t(l, { vi: "Không có ảnh", en: "No photo", zh: "没有照片" })
      }`,
      `• ${t(l, { vi: "Vị trí", en: "Location", zh: "位置" })}${colon(l)}${
        r.commune ?? t(l, { vi: "đã nhận", en: "received", zh: "已收到" })
      }`,
      t(l, {
        vi: 'Gõ "gửi" để gửi, "huỷ" để bỏ.',
        en: 'Type "send" to submit, "cancel" to drop it.',
        zh: "输入“发送”提交，输入“取消”放弃。",
      }),
    ].join("\n"),
    buttons: [
      {
        title: t(l, { vi: "Gửi phản ánh", en: "Send report", zh: "发送报告" }),
        payload: t(l, { vi: "gửi", en: "send", zh: "发送" }),
      },
      {
        title: t(l, { vi: "Huỷ", en: "Cancel", zh: "取消" }),
        payload: t(l, { vi: "huỷ", en: "cancel", zh: "取消" }),
      },
    ],
  }),
  incidentCreated: (l: Lang, publicId: string, link: string): BotReply => ({
    text: t(l, {
      vi: `Đã gửi phản ánh ${publicId}. Cảm ơn bạn! Chúng tôi sẽ nhắn khi có kết quả xử lý.`,
      en: `Report ${publicId} sent. Thank you! We will message you when it is handled.`,
      zh: `报告 ${publicId} 已提交。谢谢您！处理后我们会通知您。`,
    }),
    links: [
      { title: t(l, { vi: "Theo dõi phản ánh", en: "Follow the report", zh: "查看处理进度" }), url: link },
    ],
  }),
  incidentFailed: (l: Lang, why: string): BotReply => ({
    text: `${t(l, { vi: "Chưa gửi được phản ánh:", en: "The report was not sent:", zh: "报告未能提交：" })} ${why}`,
  }),
  cancelled: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, { vi: "Đã huỷ.", en: "Cancelled.", zh: "已取消。" })} ${menu(l, false).text}`,
  }),
  askAlertPlace: (l: Lang, current: string[]): BotReply => ({
    text: [
      ...(current.length
        ? [
            t(l, {
              vi: `Bạn đang nhận cảnh báo cho: ${current.join(", ")}.`,
              en: `You get alerts for: ${current.join(", ")}.`,
              zh: `您正在接收这些地点的预警：${current.join("、")}。`,
            }),
          ]
        : []),
      t(l, {
        vi: "Để nhận cảnh báo thiên tai cho một nơi: gửi vị trí (dấu + trong khung chat, chọn Vị trí) hoặc gõ tên xã/phường.",
        en: "To get disaster alerts for a place: send a location (+ in the chat box, Location) or type the commune's name.",
        zh: "如需接收某地的灾害预警：请发送位置（点聊天框里的 +，选择“位置”），或用越南语输入地名，例如 Sa Pa。",
      }),
    ].join("\n"),
  }),
  communeChoices: (l: Lang, names: string[]): BotReply => ({
    text: `${t(l, {
      vi: "Có nhiều nơi trùng tên, gõ số:",
      en: "Several places match, type a number:",
      zh: "有多个地点符合，请输入数字：",
    })}\n${names.map((n, i) => `${i + 1}. ${n}`).join("\n")}`,
  }),
  noCommune: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Không tìm thấy xã/phường này ở Lào Cai. Gõ lại tên, hoặc gửi vị trí.",
      en: "No such commune in Lào Cai. Type the name again, or send a location.",
      zh: "在 Lào Cai 省找不到这个地点。请重新输入地名，或发送位置。",
    }),
  }),
  outsideProvince: (l: Lang): BotReply => ({
    text: t(l, {
      vi: "Vị trí này nằm ngoài tỉnh Lào Cai. Gửi vị trí khác hoặc gõ tên xã/phường.",
      en: "That location is outside Lào Cai province. Send another or type a commune's name.",
      zh: "这个位置不在 Lào Cai 省内。请发送其他位置，或输入地名。",
    }),
  }),
  subscribed: (l: Lang, commune: string): BotReply => ({
    text: t(l, {
      vi: `Đã đăng ký nhận cảnh báo thiên tai cho ${commune}. Gõ "huỷ cảnh báo" nếu muốn dừng.`,
      en: `You will get disaster alerts for ${commune}. Type "stop alerts" to stop.`,
      zh: `已为您订阅 ${commune} 的灾害预警。如需停止，请输入“取消预警”。`,
    }),
  }),
  unsubscribeChoices: (l: Lang, places: string[]): BotReply => ({
    text: `${t(l, {
      vi: "Dừng nhận cảnh báo cho nơi nào? Gõ số:",
      en: "Stop alerts for which place? Type a number:",
      zh: "停止哪个地点的预警？请输入数字：",
    })}\n${[...places, t(l, { vi: "Tất cả các nơi trên", en: "All of these places", zh: "以上全部地点" })]
      .map((n, i) => `${i + 1}. ${n}`)
      .join("\n")}`,
  }),
  unsubscribed: (l: Lang, places: string[]): BotReply => ({
    text: places.length
      ? t(l, {
          vi: `Đã dừng nhận cảnh báo cho: ${places.join(", ")}.`,
          en: `Alerts stopped for: ${places.join(", ")}.`,
          zh: `已停止以下地点的预警：${places.join("、")}。`,
        })
      : t(l, {
          vi: "Bạn chưa đăng ký nhận cảnh báo nơi nào.",
          en: "You were not following any place.",
          zh: "您还没有订阅任何地点的预警。",
        }),
  }),
  askLanguage: (): BotReply => ({
    text: "Chọn ngôn ngữ / Choose a language / 选择语言:\n1. Tiếng Việt\n2. English\n3. 中文",
    buttons: [
      { title: "Tiếng Việt", payload: "tiếng việt" },
      { title: "English", payload: "english" },
      { title: "中文", payload: "中文" },
    ],
  }),
  languageSet: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, { vi: "Đã chuyển sang tiếng Việt.", en: "Switched to English.", zh: "已切换为中文。" })} ${menu(l, false).text}`,
  }),
  handoffStarted: (l: Lang): BotReply => ({
    text: t(l, {
      vi: 'Đã chuyển cuộc trò chuyện tới cán bộ. Bạn cứ nhắn câu hỏi, gửi ảnh hoặc vị trí; cán bộ sẽ trả lời trong giờ hành chính. Muốn quay lại trợ lý tự động, gõ "menu".',
      en: 'A clerk will take over this conversation. Write your question, or send a photo or your location; a clerk answers during office hours. To go back to the automatic assistant, type "menu".',
      zh: "已为您转接工作人员。请直接留言提问，也可发送照片或位置，工作人员会在办公时间内回复。如需返回自动助手，请输入“菜单”。",
    }),
  }),
  handedBack: (l: Lang): BotReply => ({
    ...menu(l, false),
    text: `${t(l, {
      vi: "Cán bộ đã kết thúc hỗ trợ. Cảm ơn bạn!",
      en: "The clerk has finished. Thank you!",
      zh: "工作人员已结束服务。谢谢您！",
    })} ${menu(l, false).text}`,
  }),
  prefs: (
    l: Lang,
    p: { kinds: { key: string; label: string; on: boolean }[]; quiet: string | null },
  ): BotReply => ({
    text: [
      t(l, { vi: "Tin nhắn bạn nhận:", en: "Messages you receive:", zh: "您接收的消息：" }),
      ...p.kinds.map(
        (k) =>
          `• ${k.label}${colon(l)}${k.on ? t(l, { vi: "bật", en: "on", zh: "开启" }) : t(l, { vi: "tắt", en: "off", zh: "关闭" })}`,
      ),
      `• ${t(l, { vi: "Cảnh báo thiên tai: luôn bật", en: "Disaster alerts: always on", zh: "灾害预警：始终开启" })}`,
      `${t(l, { vi: "Giờ yên tĩnh", en: "Quiet hours", zh: "免打扰时段" })}${colon(l)}${
        p.quiet ?? t(l, { vi: "không", en: "none", zh: "无" })
      }`,
      t(l, {
        vi: 'Gõ ví dụ "tắt thanh toán", "bật hồ sơ", "yên tĩnh 22-6" hoặc "tắt yên tĩnh". Gõ "menu" để quay lại.',
        en: 'Type e.g. "off payment", "on dossier", "quiet 22-6" or "quiet off". Type "menu" to go back.',
        zh: "可输入例如“关闭缴费”“开启申请进度”“免打扰 22-6”或“关闭免打扰”。输入“菜单”返回。",
      }),
    ].join("\n"),
  }),
};

/** What the citizen should do next for each dossier status (shown with the status). */
export const NEXT_STEP: Record<string, Texts> = {
  new_registered: {
    vi: "Chờ cán bộ tiếp nhận hồ sơ.",
    en: "Wait for a clerk to receive it.",
    zh: "请等待工作人员受理。",
  },
  received: {
    vi: "Hồ sơ đang chờ xử lý, bạn chưa cần làm gì.",
    en: "Nothing to do yet; it is queued.",
    zh: "申请正在排队办理，您暂时无需操作。",
  },
  not_received: {
    vi: "Xem lý do trong ứng dụng và nộp lại nếu cần.",
    en: "See the reason in the mini app and apply again if needed.",
    zh: "请在小程序中查看原因，需要时重新申请。",
  },
  processing: {
    vi: "Chờ kết quả theo ngày hẹn.",
    en: "Wait for the result by the due date.",
    zh: "请按预约取件日期等候结果。",
  },
  supplement_requested: {
    vi: "Bổ sung giấy tờ theo yêu cầu trong ứng dụng.",
    en: "Add the requested documents in the mini app.",
    zh: "请在小程序中按要求补充材料。",
  },
  financial_obligation: {
    vi: "Nộp phí, lệ phí trong ứng dụng.",
    en: "Pay the fees in the mini app.",
    zh: "请在小程序中缴纳费用。",
  },
  withdrawn: {
    vi: "Hồ sơ đã rút, không cần làm gì.",
    en: "Withdrawn; nothing to do.",
    zh: "申请已撤回，无需操作。",
  },
  stopped: {
    vi: "Xem lý do dừng xử lý trong ứng dụng.",
    en: "See why it was stopped in the mini app.",
    zh: "请在小程序中查看停止办理的原因。",
  },
  processed: {
    vi: "Nhận kết quả tại bộ phận một cửa hoặc theo cách bạn đã chọn.",
    en: "Collect the result at the one-stop desk or as you chose.",
    zh: "请到一站式窗口领取结果，或按您选择的方式领取。",
  },
  result_returned: { vi: "Đã hoàn tất.", en: "Completed.", zh: "已办结。" },
};
