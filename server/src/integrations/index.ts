import type { AppContext } from "../platform/context.js";
import { IntegrationHttp } from "./http.js";
import { ZaloGraphClient } from "./zalo/graph-client.js";
import { ZaloOaClient } from "./zalo/oa-client.js";
import { VnpayClient } from "./vnpay/vnpay-client.js";
import { OnestopClient } from "./onestop/onestop-client.js";
import { IocClient } from "./ioc/ioc-client.js";

/**
 * The clients of every system we do not own. Each speaks the real protocol; which server
 * answers (the real one, or our simulator on its own port) is a matter of configuration
 * only, so domain code never knows which it talks to.
 */
export interface Integrations {
  zaloGraph: ZaloGraphClient;
  zaloOa: ZaloOaClient;
  vnpay: VnpayClient;
  onestop: OnestopClient;
  ioc: IocClient;
}

export function createIntegrations(ctx: Pick<AppContext, "config" | "db" | "logger">): Integrations {
  const { config, db, logger } = ctx;
  return {
    zaloGraph: new ZaloGraphClient(
      new IntegrationHttp("zalo_graph", db, logger),
      config.ZALO_GRAPH_URL,
      config.ZALO_APP_SECRET,
    ),
    onestop: new OnestopClient(
      new IntegrationHttp("onestop", db, logger),
      config.ONESTOP_API_URL,
      config.ONESTOP_API_KEY,
    ),
    ioc: new IocClient(new IntegrationHttp("ioc", db, logger), config.IOC_API_URL, config.IOC_API_KEY),
    vnpay: new VnpayClient(new IntegrationHttp("vnpay", db, logger), {
      payUrl: config.VNPAY_PAY_URL,
      apiUrl: config.VNPAY_API_URL,
      tmnCode: config.VNPAY_TMN_CODE,
      hashSecret: config.VNPAY_HASH_SECRET,
      timeoutMs: config.VNPAY_API_TIMEOUT_MS,
    }),
    zaloOa: new ZaloOaClient(new IntegrationHttp("zalo_oa", db, logger), db, {
      apiUrl: config.ZALO_OA_API_URL,
      oauthUrl: config.ZALO_OAUTH_URL,
      appId: config.ZALO_APP_ID,
      appSecret: config.ZALO_APP_SECRET,
      businessUrl: config.ZALO_BUSINESS_API_URL,
      timeoutMs: config.ZALO_OA_TIMEOUT_MS,
    }),
  };
}
