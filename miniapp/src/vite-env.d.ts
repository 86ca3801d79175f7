/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** API base URL, e.g. "https://api.example.gov.vn/api/v1". Default: same-origin "/api/v1". */
  readonly VITE_API_BASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
