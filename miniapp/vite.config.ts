import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import zaloMiniApp from "zmp-vite-plugin";

const APP_TITLE = "Cổng hành chính công Lào Cai";

/**
 * zmp-ui's stylesheet declares its icon font on h5.zadn.vn. Nothing may load from the internet
 * (air-gapped servers, weak mountain networks), so the remote @font-face is removed and the app
 * draws its own inline SVG icons instead of zmp-ui's <Icon>.
 */
function noRemoteAssets(): Plugin {
  const remoteFontFace = /@font-face\s*\{[^}]*https?:\/\/[^}]*\}/g;
  const remoteUrl = /url\(\s*["']?(?:https?:)?\/\//i;
  return {
    name: "laocai:no-remote-assets",
    enforce: "pre",
    transform(code, id) {
      if (!/\.css(?:$|\?)/.test(id) || !remoteFontFace.test(code)) return null;
      return { code: code.replace(remoteFontFace, ""), map: null };
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== "asset" || !/\.(css|html)$/.test(file.fileName)) continue;
        const text = typeof file.source === "string" ? file.source : "";
        if (remoteUrl.test(text) || /<(?:script|link)[^>]+(?:src|href)="https?:/i.test(text)) {
          this.error(`${file.fileName} references a remote URL; bundle the asset instead.`);
        }
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Relative asset paths: the build is served by the API server under /miniapp/ and by Zalo
  // under /zapps/<APP_ID>/.
  base: "./",
  // `npm run dev -w miniapp`: forward API calls to a locally running server.
  server: { proxy: { "/api": process.env.DEV_API_ORIGIN ?? "http://localhost:3000" } },
  plugins: [
    noRemoteAssets(),
    react(),
    zaloMiniApp({
      app: {
        title: APP_TITLE,
        headerTitle: APP_TITLE,
        textColor: "white",
        headerColor: "#0b4ea2",
        leftButton: "none",
        // The app draws its own header and back button (the memory router does not drive
        // Zalo's native back button).
        actionBarHidden: true,
        statusBar: "normal",
      },
    }),
  ],
});
