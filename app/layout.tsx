import type { Metadata, Viewport } from "next";
import "./globals.css";
import { NavBar } from "@/components/nav-bar";

export const metadata: Metadata = {
  title: "Joust",
  description: "Browser-first LLM chat, arena and evaluation platform",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-full flex-col bg-white text-zinc-900 antialiased">
        <NavBar />
        <main className="min-h-0 flex-1">{children}</main>
      </body>
    </html>
  );
}
