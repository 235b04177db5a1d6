import type { NextConfig } from "next";
import { contentSecurityPolicy } from "./lib/csp";

const nextConfig: NextConfig = {
  // Server-side packages with native or wasm payloads stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "onnxruntime-node", "sharp"],
  poweredByHeader: false,
  async headers() {
    const csp = contentSecurityPolicy({ dev: process.env.NODE_ENV !== "production", extraConnect: process.env.JOUST_CSP_CONNECT_SRC });
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
  webpack: (config, { isServer }) => {
    if (!isServer) {
      // transformers.js's node-only dependencies never reach the browser.
      config.resolve.alias = { ...config.resolve.alias, sharp$: false, "onnxruntime-node$": false };
    }
    return config;
  },
};

export default nextConfig;
