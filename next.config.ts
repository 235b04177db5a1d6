import withSerwistInit from "@serwist/next";
import type { NextConfig } from "next";

/** The offline app shell's service worker (workers/sw.ts → public/sw.js, built by `next build --webpack`). */
const withSerwist = withSerwistInit({
  swSrc: "workers/sw.ts",
  swDest: "public/sw.js",
  // Precache the icons and manifest only: never model weights (public/models) or the 80 MB engine runtime (public/ort).
  globPublicPatterns: ["*.{png,svg,ico,webmanifest}"],
  // Build output, minus the engines' WASM (cached at first use instead) and source maps.
  exclude: [/\.map$/, /^manifest.*\.js$/, /\.wasm$/],
  // A reload when the browser comes back online would drop what the page holds; the vote outbox syncs by itself.
  reloadOnOnline: false,
  disable: process.env.NODE_ENV === "development",
});

const nextConfig: NextConfig = {
  // Server-side packages with native or wasm payloads stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-copy-streams", "onnxruntime-node", "sharp"],
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

export default withSerwist(nextConfig);
