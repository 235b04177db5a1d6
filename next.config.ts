import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-side packages with native or wasm payloads stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "onnxruntime-node", "sharp"],
  poweredByHeader: false,
  webpack: (config, { isServer }) => {
    if (!isServer) {
      // transformers.js's node-only dependencies never reach the browser.
      config.resolve.alias = { ...config.resolve.alias, sharp$: false, "onnxruntime-node$": false };
    }
    return config;
  },
};

export default nextConfig;
