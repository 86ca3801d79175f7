import { getAccessToken, getUserInfo } from "zmp-sdk/apis";
import { ApiError } from "../api/client";

export interface ZaloIdentity {
  /** Zalo user access token; "" in a desktop browser on localhost (development stand-in). */
  accessToken: string;
  displayName?: string;
}

const SDK_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`zmp-sdk call timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

// Ask for the name/avatar permission at most once per app run: a citizen who refused
// should not see the prompt again on every retry.
let profilePermissionAsked = false;

async function readDisplayName(): Promise<string | undefined> {
  const askPermission = !profilePermissionAsked;
  profilePermissionAsked = true;
  try {
    const { userInfo } = await getUserInfo({
      avatarType: "small",
      autoRequestPermission: askPermission,
    });
    const name = userInfo.name?.trim();
    return name ? name : undefined;
  } catch {
    return undefined; // refused (-1401/-201) or unavailable: sign in without a name
  }
}

/**
 * Who the citizen is, according to Zalo. The name is optional; the token is not.
 * Rejects with ApiError code "ZALO_UNAVAILABLE" outside Zalo (zmp-sdk error -1404).
 */
export async function getZaloIdentity(options: { withName: boolean }): Promise<ZaloIdentity> {
  const [token, name] = await Promise.allSettled([
    withTimeout(getAccessToken(), SDK_TIMEOUT_MS),
    options.withName ? readDisplayName() : Promise.resolve(undefined),
  ]);
  if (token.status === "rejected") {
    const reason: unknown = token.reason;
    throw new ApiError({
      status: 0,
      code: "ZALO_UNAVAILABLE",
      message: reason instanceof Error ? reason.message : JSON.stringify(reason),
      userMessage: "Không lấy được tài khoản Zalo. Hãy mở ứng dụng này từ trong Zalo rồi thử lại.",
    });
  }
  const displayName = name.status === "fulfilled" ? name.value : undefined;
  return displayName ? { accessToken: token.value, displayName } : { accessToken: token.value };
}
