import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-side packages with native or wasm payloads stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "onnxruntime-node", "sharp"],
  poweredByHeader: false,
  webpack: (config, { isServer }) => {
    // Server worker threads (lib/leaderboard/off-thread.ts) load their chunk beside the other server chunks,
    // not from the browser's /_next/ path.
    if (isServer) config.output = { ...config.output, workerPublicPath: "./" };
    if (!isServer) {
      // transformers.js's node-only dependencies never reach the browser.
      config.resolve.alias = { ...config.resolve.alias, sharp$: false, "onnxruntime-node$": false };
    }
    return config;
  },
};

export default nextConfig;
