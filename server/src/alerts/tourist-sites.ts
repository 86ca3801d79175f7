// Tourist sites and hotels with a printed QR code ("Nhận cảnh báo thiên tai khi ở đây").
// Scanning subscribes the visitor to the site's commune, in the language they choose, for
// a typical stay; reference data kept with the code that reads it (codes are printed).

export interface TouristSite {
  code: string;
  name: { vi: string; en: string; zh: string };
  unitCode: string;
  days: number;
}

export const TOURIST_SITES: readonly TouristSite[] = [
  {
    code: "SAPA-CENTRE",
    name: { vi: "Trung tâm phường Sa Pa", en: "Sa Pa town centre", zh: "沙坝镇中心" },
    unitCode: "03006",
    days: 3,
  },
  {
    code: "SAPA-TAVAN",
    name: { vi: "Bản Tả Van", en: "Ta Van village", zh: "达万村" },
    unitCode: "03037",
    days: 3,
  },
  {
    code: "FANSIPAN",
    name: { vi: "Khu du lịch Fansipan (Sa Pa)", en: "Fansipan area (Sa Pa)", zh: "番西邦峰景区（沙坝）" },
    unitCode: "03006",
    days: 2,
  },
  {
    code: "YTY-HOMESTAY",
    name: { vi: "Homestay Y Tý", en: "Y Ty homestays", zh: "依提民宿" },
    unitCode: "02701",
    days: 3,
  },
  {
    code: "BACHA-MARKET",
    name: { vi: "Chợ phiên Bắc Hà", en: "Bac Ha market", zh: "北河集市" },
    unitCode: "02839",
    days: 2,
  },
  {
    code: "MCC-TERRACES",
    name: { vi: "Ruộng bậc thang Mù Cang Chải", en: "Mu Cang Chai rice terraces", zh: "木江界梯田" },
    unitCode: "04456",
    days: 3,
  },
  {
    code: "TULE-HOTSPRING",
    name: { vi: "Suối khoáng Tú Lệ", en: "Tu Le hot springs", zh: "秀丽温泉" },
    unitCode: "04630",
    days: 2,
  },
  {
    code: "LAOCAI-BORDER",
    name: { vi: "Khách sạn khu cửa khẩu Lào Cai", en: "Lao Cai border gate hotels", zh: "老街口岸酒店" },
    unitCode: "02647",
    days: 2,
  },
];

export const touristSite = (code: string): TouristSite | undefined =>
  TOURIST_SITES.find((s) => s.code === code.toUpperCase());
